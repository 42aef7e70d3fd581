package app_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// Issue 17: the title field took 200 characters while its hint and the check said 120. One
// limit: the hint and the message say the model's, and a longer title is kept and explained,
// not cut short by the browser.
func TestIdeaTitleHasOneLimit(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	c := ta.client()
	c.signIn("elin")
	tr, err := app.NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	limit := strconv.Itoa(models.MaxTitle)
	for _, lang := range []string{"en", "cy"} {
		c.get("/ideas?lang=" + lang) // the switch sets the language and sends the browser back
		_, form := c.get("/ideas/new?consultation=digital")
		if strings.Contains(form, "maxlength") {
			t.Errorf("%s: the form still cuts text short with maxlength", lang)
		}
		if !strings.Contains(form, limit) {
			t.Errorf("%s: the title hint does not say %s", lang, limit)
		}
		// The author's edit form says the same.
		res, created := c.post("/ideas", url.Values{"consultation": {"digital"}, "title": {"Bus times in one place " + lang}, "body": {"Something"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: sharing an idea: %d\n%s", lang, res.StatusCode, created)
		}
		_, edit := c.get(res.Header.Get("Location") + "/edit")
		if strings.Contains(edit, "maxlength") || !strings.Contains(edit, limit) || strings.Contains(edit, "no value") {
			t.Errorf("%s: the edit form's title field does not have the one limit", lang)
		}
		long := strings.Repeat("ŵ", models.MaxTitle+30)
		res, body := c.post("/ideas", url.Values{"consultation": {"digital"}, "title": {long}, "body": {"Something"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), long) {
			t.Errorf("%s: a title over the limit: %d, want 422 with the text kept", lang, res.StatusCode)
		}
		if msg := tr.T(lang, "error.title.too_long"); !strings.Contains(msg, limit) || !strings.Contains(body, html.EscapeString(msg)) {
			t.Errorf("%s: the message %q does not say %s, or is not shown", lang, msg, limit)
		}
	}
}

// Issue 17: there was no favicon. Every page names one, served like any asset, and
// /favicon.ico leads to it.
func TestFavicon(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	c := ta.client()
	_, page := c.get("/")
	at := strings.Index(page, `<link rel="icon" href="`)
	if at < 0 {
		t.Fatal("the page names no icon")
	}
	href := page[at+len(`<link rel="icon" href="`):]
	href = href[:strings.IndexByte(href, '"')]
	res, icon := c.get(href)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(icon, "<svg") {
		t.Errorf("%s: %d %s", href, res.StatusCode, res.Header.Get("Content-Type"))
	}
	res, _ = c.get("/favicon.ico")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != href {
		t.Errorf("/favicon.ico: %d to %q, want 301 to %s", res.StatusCode, res.Header.Get("Location"), href)
	}
}
