package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
)

// The choice of language follows a signed-in person to another browser; the API answers its
// errors in the caller's language; ideas carry the language they are written in.
func TestLanguageChoiceAndAPIInWelsh(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")

	// Choosing Welsh on one device is remembered on the account…
	laptop := ta.client()
	laptop.signIn("gwen")
	if res, _ := laptop.get("/ideas/new?lang=cy"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ideas/new" {
		t.Fatalf("switching language: %d to %q, want 303 back to /ideas/new", res.StatusCode, res.Header.Get("Location"))
	}
	// …so a second browser, with no cookie and an English Accept-Language, gets Welsh once she signs in.
	phone := ta.client()
	phone.signIn("gwen")
	req, _ := http.NewRequest("GET", "http://localhost:3000/ideas/new", nil)
	req.Header.Set("Accept-Language", "en-GB")
	if _, body := phone.do(req); !strings.Contains(body, `<html lang="cy"`) {
		t.Errorf("a signed-in Welsh speaker's second browser shows English")
	}

	// API errors in the caller's language: signed out…
	visitor := ta.client()
	visitor.get("/?lang=cy")
	res, body := visitor.api("POST", "/api/v1/ideas", `{"consultation":"digital","title":"x","body":"y"}`, true)
	var answer struct {
		Error  string            `json:"error"`
		Errors map[string]string `json:"errors"`
	}
	json.Unmarshal([]byte(body), &answer)
	if res.StatusCode != http.StatusUnauthorized || answer.Error != "Mewngofnodwch yn gyntaf." {
		t.Errorf("signed-out API write in Welsh: %d %s", res.StatusCode, body)
	}
	// …and validation, field by field.
	res, body = phone.api("POST", "/api/v1/ideas", `{"consultation":"digital","title":"","body":"Corff"}`, true)
	answer.Errors = nil
	json.Unmarshal([]byte(body), &answer)
	if res.StatusCode != http.StatusUnprocessableEntity || answer.Errors["title"] != "Rhowch eich syniad mewn un llinell" {
		t.Errorf("API validation in Welsh: %d %s", res.StatusCode, body)
	}

	// An idea written in Welsh through the API says so, whatever the caller's language.
	res, body = laptop.api("POST", "/api/v1/ideas?lang=en",
		`{"consultation":"digital","title":"Dylai pob ffurflen fod ar gael yn Gymraeg","body":"Mae angen hyn ar bawb sy'n siarad Cymraeg."}`, true)
	var idea struct {
		Lang string `json:"lang"`
	}
	json.Unmarshal([]byte(body), &idea)
	if res.StatusCode != http.StatusCreated || idea.Lang != "cy" {
		t.Errorf("a Welsh idea through the API: %d, lang %q, want 201 and cy\n%s", res.StatusCode, idea.Lang, body)
	}
}

// A form shown again after a failed post offers the other language for the page the form was
// sent from: a link cannot ask for the post's own address again.
func TestLanguageSwitchAfterAFailedPost(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	c := ta.client()
	c.signIn("elin")
	c.get("/ideas/new")
	req, _ := http.NewRequest("POST", "http://localhost:3000/ideas",
		strings.NewReader("_csrf="+c.CSRF+"&consultation=digital&title=&body=Corff"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", "http://localhost:3000/ideas/new")
	res, body := c.do(req)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty title: %d, want 422", res.StatusCode)
	}
	if !strings.Contains(body, `href="/ideas/new?lang=cy"`) {
		t.Errorf("the language switch after a failed post does not lead back to /ideas/new")
	}
}

// A Welsh idea in the English feed of new ideas says it is in Welsh.
func TestFeedMarksTheLanguageOfIdeas(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	author := ta.client().signIn("nia")
	if _, errs, err := models.CreateIdea(t.Context(), ta.DB, author.ID, models.NewIdea{Consultation: "digital",
		Title: "Dylai pob ffurflen fod ar gael yn Gymraeg", Body: "Mae angen hyn ar bawb.", Lang: "en"}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	ta.seedIdea("digital", "Open data for every bus timetable")
	_, body := ta.client().get("/feeds/ideas.atom")
	if !strings.Contains(body, `<title type="text" xml:lang="cy">Dylai pob ffurflen`) {
		t.Errorf("the Welsh idea's title is not marked xml:lang=\"cy\":\n%s", body)
	}
	if strings.Count(body, `xml:lang="cy"`) != 2 { // its title and its content, nothing else
		t.Errorf("%d elements marked Welsh, want 2", strings.Count(body, `xml:lang="cy"`))
	}
}
