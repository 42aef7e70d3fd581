package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/syniad/syniad/models"
)

// TestBrowserAccountJourney is an author's own account in a browser, without scripts' help:
// edit an idea just posted, withdraw it, find it on the account page, and delete the account.
func TestBrowserAccountJourney(t *testing.T) {
	browserCtx := startBrowser(t)
	ta := startTestServer(t)
	ta.seedOpenConsultation("digital")
	p := newPage(t, browserCtx, ta)
	p.signIn("efa")
	user, err := models.UserByHandle(t.Context(), ta.DB, "efa")
	if err != nil {
		t.Fatal(err)
	}
	idea, errs, err := models.CreateIdea(t.Context(), ta.DB, user.ID, models.NewIdea{Consultation: "digital",
		Title: "Bilingual bus stops", Body: "Every stop announces itself in both languages."})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	ideaPath := fmt.Sprintf("/ideas/%d", idea.ID)

	// Edit: the link beside the idea, the form, and the page marked as edited.
	p.navigate(ideaPath)
	p.submit(chromedp.CSS(`#author-actions a[href="` + ideaPath + `/edit"]`))
	p.do("clear the title", chromedp.Clear(chromedp.ID("field-title")))
	p.do("type the title", chromedp.SendKeys(chromedp.ID("field-title"), "Bilingual announcements at bus stops"))
	if status := p.submit(chromedp.CSS(`form[action="` + ideaPath + `/edit"] button[type="submit"]`)); status != 200 {
		t.Fatalf("after editing: status %d", status)
	}
	if h1 := p.text("h1"); h1 != "Bilingual announcements at bus stops" {
		t.Errorf("heading after the edit = %q", h1)
	}
	if edited := p.text("#idea-edited"); edited != "edited" {
		t.Errorf("edited mark = %q", edited)
	}

	// Withdraw, with a reason, confirmed on its own page.
	p.submit(chromedp.CSS(`#author-actions a[href="` + ideaPath + `/withdraw"]`))
	p.do("give a reason", chromedp.SendKeys(chromedp.ID("field-reason"), "The council already does this"))
	p.submit(chromedp.CSS(`form[action="` + ideaPath + `/withdraw"] button[type="submit"]`))
	if notice := p.text("#idea-withdrawn"); !strings.Contains(notice, "withdrawn") {
		t.Errorf("withdrawn notice = %q", notice)
	}
	if history := p.text("#history + ol"); !strings.Contains(history, "The council already does this") {
		t.Errorf("history = %q, want the reason", history)
	}
	p.screenshot("idea-withdrawn")

	// The account page, from the header, lists it; then delete the account.
	p.submit(chromedp.CSS("#nav-account"))
	if mine := p.text("#my-ideas + ul"); !strings.Contains(mine, "Bilingual announcements at bus stops") {
		t.Errorf("my ideas = %q", mine)
	}
	p.submit(chromedp.CSS(`a[href="/account/delete"].govuk-button`))
	// Not ticked: told what to do.
	if status := p.submit(chromedp.CSS(`form[action="/account/delete"] button[type="submit"]`)); status != 422 {
		t.Errorf("unconfirmed delete: status %d, want 422", status)
	}
	p.do("tick the box", chromedp.Click(chromedp.CSS(`label[for="field-confirm"]`)))
	if status := p.submit(chromedp.CSS(`form[action="/account/delete"] button[type="submit"]`)); status != 200 {
		t.Fatalf("after deleting: status %d", status)
	}
	if flash := p.text(".govuk-notification-banner"); !strings.Contains(flash, "Your account has been deleted") {
		t.Errorf("flash = %q", flash)
	}
	if header := p.text(".syniad-header"); !strings.Contains(header, "Sign in") {
		t.Errorf("header after deleting = %q, want Sign in", header)
	}
	p.navigate(ideaPath)
	if byline := p.text(".syniad-meta"); !strings.Contains(byline, "By a former member") {
		t.Errorf("byline after deleting = %q", byline)
	}
}
