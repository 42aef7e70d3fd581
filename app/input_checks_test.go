package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/app"
)

// Issue 14: a write marked Sec-Fetch-Site: same-site (another subdomain, perhaps someone
// else's) is refused unless the operator allows it; cross-site always is.
func TestCSRFSecFetchSite(t *testing.T) {
	t.Parallel()
	for _, allow := range []bool{false, true} {
		ta := newTestApp(t, func(c *app.Config) { c.CSRFAllowSameSite = allow })
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Bus times in one place")
		c := ta.client()
		c.signIn("elin")
		for site, want := range map[string]int{
			"":            http.StatusSeeOther,
			"same-origin": http.StatusSeeOther,
			"none":        http.StatusSeeOther,
			"same-site":   map[bool]int{false: http.StatusForbidden, true: http.StatusSeeOther}[allow],
			"cross-site":  http.StatusForbidden,
			"nonsense":    http.StatusForbidden,
		} {
			req, _ := http.NewRequest(http.MethodPost, "http://localhost:3000/ideas/"+strconv.FormatInt(idea.ID, 10)+"/vote",
				strings.NewReader(url.Values{"_csrf": {c.CSRF}, "vote": {"on"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if site != "" {
				req.Header.Set("Sec-Fetch-Site", site)
			}
			if res, _ := c.do(req); res.StatusCode != want {
				t.Errorf("allow same-site %v, Sec-Fetch-Site %q: %d, want %d", allow, site, res.StatusCode, want)
			}
		}
	}
}

// Issue 14: answers to a signed-in request, API and pages, errors included, are not kept by
// caches.
func TestSignedInAnswersArePrivate(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Bus times in one place")
	c := ta.client()
	c.signIn("elin")
	for _, path := range []string{"/api/v1/ideas", "/api/v1/ideas/" + strconv.FormatInt(idea.ID, 10),
		"/api/v1/consultations", "/api/v1/themes", "/api/v1/meetings", "/api/v1/actions", "/api/v1/ideas/999999",
		"/", "/ideas", "/ideas/" + strconv.FormatInt(idea.ID, 10)} {
		res, _ := c.api(http.MethodGet, path, "", false)
		if got := res.Header.Get("Cache-Control"); got != "private, no-store" {
			t.Errorf("signed in, GET %s: %d Cache-Control %q, want private, no-store", path, res.StatusCode, got)
		}
	}
	res, _ := c.api(http.MethodPut, "/api/v1/ideas/"+strconv.FormatInt(idea.ID, 10)+"/vote", "", true)
	if got := res.Header.Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("signed in, PUT vote: %d Cache-Control %q", res.StatusCode, got)
	}
}

// Issue 14: the API reads exactly one JSON value, and refuses what invalid UTF-8 is refused
// for however it is spelt.
func TestAPIRefusesTrailingJSONAndLoneSurrogates(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	c := ta.client()
	c.signIn("elin")
	good := `{"consultation":"digital","title":"Bus times","body":"In one place"}`
	for _, body := range []string{
		good + ` x`,
		good + `{}`,
		good + good,
		good + ` []`,
		good + ` 1`,
		good + ` "more"`,
		good + ` null`,
		`{"consultation":"digital","title":"Bus \ud800 times","body":"In one place"}`,
		`{"consultation":"digital","title":"Bus \udc00 times","body":"In one place"}`,
		`{"consultation":"digital","title":"Bus \uDBFF\u0041 times","body":"In one place"}`,
		`{"consultation":"digital","title":"Bus \udbff","body":"In one place"}`,
		`{"consultation":"digital","title":"Bus \ud800\ud800 times","body":"In one place"}`,
		`{"consultation":"digital","title":"Bus \ud800\n times","body":"In one place"}`,
		`{"consultation":"digital","title":"Bus times","body":"In one place \uDFFF"}`,
	} {
		res, out := c.api(http.MethodPost, "/api/v1/ideas", body, true)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("POST %s: %d, want 400\n%s", body, res.StatusCode, out)
		}
	}
	for _, body := range []string{
		good + " \n\t ",
		`{"consultation":"digital","title":"Bus times \ud83d\ude8c","body":"A \\ud800 is only text here"}`,
	} {
		if res, out := c.api(http.MethodPost, "/api/v1/ideas", body, true); res.StatusCode != http.StatusCreated {
			t.Errorf("POST %s: %d, want 201\n%s", body, res.StatusCode, out)
		}
	}
}

// Issue 14: a title of only invisible characters is blank, on pages and in the API.
func TestInvisibleTitleIsBlank(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	c := ta.client()
	c.signIn("elin")
	for _, title := range []string{"\u200b", "\u200c\u200d\u2060", "\ufeff", "\u00ad", "\u3164", "\u115f", "\u180e",
		"\u034f", "\u200e\u202e", "\u00a0\u3000", " \u200b "} {
		res, body := c.post("/ideas", url.Values{"consultation": {"digital"}, "title": {title}, "body": {"Something"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter your idea in one line") {
			t.Errorf("page, title %q: %d, want 422 with the message", title, res.StatusCode)
		}
		js, _ := json.Marshal(map[string]string{"consultation": "digital", "title": title, "body": "Something"})
		res, out := c.api(http.MethodPost, "/api/v1/ideas", string(js), true)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(out, `"title":"Enter your idea in one line"`) {
			t.Errorf("API, title %q: %d, want 422\n%s", title, res.StatusCode, out)
		}
	}
}
