package models_test

import (
	"testing"

	"github.com/syniad/syniad/models"
)

func TestDetectLanguage(t *testing.T) {
	for _, tc := range []struct{ text, fallback, want string }{
		{"Dylai pob gwasanaeth digidol fod ar gael yn Gymraeg o'r diwrnod cyntaf", "en", "cy"},
		{"Cofio dewis iaith pobl ar draws pob gwasanaeth", "en", "cy"},
		{"Publish every council's spending and contracts as open data in one format", "cy", "en"},
		{"Train senior leaders in digital, not just the digital team", "cy", "en"},
		{"Mae’r syniad hwn yn dda iawn, diolch!", "en", "cy"}, // a typographic apostrophe
		{"@iaith_ar_lein on Mastodon", "cy", "en"},            // the handle is no evidence
		{"FHIR", "cy", "cy"}, // no evidence: the page's language
		{"FHIR", "en", "en"},
		{"FHIR", "fr", "en"}, // only languages the service speaks
	} {
		if got := models.DetectLanguage(tc.text, tc.fallback); got != tc.want {
			t.Errorf("DetectLanguage(%q, %q) = %q, want %q", tc.text, tc.fallback, got, tc.want)
		}
	}
}

// Ideas and comments keep the language they are written in: the one their words show, else the
// page's; an edit that changes language changes it.
func TestContentLanguageIsStored(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	u := mustUser(t, db, "siân")
	mustConsultation(t, db, "open", "open")

	welsh, errs, err := models.CreateIdea(ctx, db, u.ID, models.NewIdea{Consultation: "open",
		Title: "Dysgu sgiliau data i staff", Body: "Mae angen i bawb gael yr hyfforddiant hwn.", Lang: "en"})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	short, errs, err := models.CreateIdea(ctx, db, u.ID, models.NewIdea{Consultation: "open", Title: "FHIR", Body: "FHIR!", Lang: "cy"})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	for _, tc := range []struct {
		id   int64
		want string
	}{{welsh.ID, "cy"}, {short.ID, "cy"}} {
		var got string
		db.Raw(`SELECT lang FROM ideas WHERE id = ?`, tc.id).Scan(&got)
		if got != tc.want {
			t.Errorf("idea %d stored lang %q, want %q", tc.id, got, tc.want)
		}
	}

	c, errs, err := models.CreateComment(ctx, db, welsh.ID, u.ID, models.CommentInput{Body: "I agree with this, and the council should act.", Lang: "cy"})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if c.Lang != "en" {
		t.Errorf("English comment on a Welsh page: lang %q, want en", c.Lang)
	}
	edited, errs, err := models.UpdateComment(ctx, db, u, c.ID, "Rwy'n cytuno, a dylai'r cyngor weithredu ar hyn.")
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	var stored string
	db.Raw(`SELECT lang FROM comments WHERE id = ?`, c.ID).Scan(&stored)
	if edited.Lang != "cy" || stored != "cy" {
		t.Errorf("after rewriting in Welsh: lang %q, stored %q, want cy", edited.Lang, stored)
	}
}
