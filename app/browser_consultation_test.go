package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// TestBrowserConsultationJourney is issue 15's "done means", on an empty database with the
// service's clock fixed and moved on by hand: staff create a consultation as a draft, preview
// it and publish it for a future day; it opens on its day; a citizen shares an idea and
// supports it; it closes on its day and refuses a late idea while keeping its text; the panel
// shortlists and publishes; the board takes the idea up at a meeting (planned through the model
// functions, which the meetings tests drive through their pages) and staff record its decision;
// staff publish the outcome; a visitor reads it in Welsh.
func TestBrowserConsultationJourney(t *testing.T) {
	browserCtx := startBrowser(t)
	clock := newMovableClock(london(2031, 1, 5, 12, 0))
	ta := startTestServer(t, func(c *app.Config) { c.Clock = clock.now })
	ctx := t.Context()

	// Staff create the first consultation of a fresh site, as a draft.
	staff := newPageWithin(t, browserCtx, ta, 3*browserTimeout)
	staff.signIn("clerc")
	if _, err := models.GrantRole(ctx, ta.DB, nil, "clerc", models.RoleStaff); err != nil {
		t.Fatal(err)
	}
	staff.navigate("/")
	staff.submit(`a[href="/consultations/new"]`)
	for field, value := range map[string]string{"title": "Buses in Wales", "title_cy": "Bysiau yng Nghymru", "slug": "buses",
		"description": "Tell us how **buses** could work better.", "description_cy": "Dywedwch wrthym sut gallai **bysiau** weithio'n well.",
		"opens_on": "10", "opens_on-month": "1", "opens_on-year": "2031",
		"closes_on": "31", "closes_on-month": "1", "closes_on-year": "2031"} {
		staff.do("type "+field, chromedp.SendKeys(chromedp.ID("field-"+field), value))
	}
	if status := staff.submit(`form[action="/consultations"] button[type="submit"]`); status != 200 {
		t.Fatalf("saving the draft: status %d", status)
	}
	if loc := staff.location(); !strings.HasSuffix(loc, "/consultations/buses") {
		t.Fatalf("after saving: at %s", loc)
	}
	if preview := staff.text("#preview"); !strings.Contains(preview, "Preview") {
		t.Errorf("the draft is not marked as a preview: %q", preview)
	}
	staff.screenshot("consultation-draft-preview")
	if status := httpStatus(t, ta.URL+"/consultations/buses"); status != http.StatusNotFound {
		t.Errorf("a visitor reads the draft: %d", status)
	}

	// Published for a future day: public, and opening on that day.
	staff.submit(`form[action="/consultations/buses/status"] button[type="submit"]`)
	if stage := staff.text("#stage"); !strings.Contains(stage, "Opens 10 January 2031") {
		t.Errorf("after publishing the page reads %q", stage)
	}

	// It opens on its day; a citizen shares an idea and supports it.
	clock.set(london(2031, 1, 10, 8, 0))
	citizen := newPageWithin(t, browserCtx, ta, 3*browserTimeout)
	citizen.signIn("dinesydd")
	citizen.navigate("/consultations/buses")
	citizen.submit(`a.govuk-button[href="/ideas/new?consultation=buses"]`)
	citizen.do("type the title", chromedp.SendKeys(chromedp.ID("field-title"), "Buses after the last train"))
	citizen.do("type the body", chromedp.SendKeys(chromedp.ID("field-body"), "Run one bus an hour after the last train home."))
	citizen.submit(`form[action="/ideas"] button[type="submit"]`)
	var idea models.Idea
	if err := ta.DB.Where("title = ?", "Buses after the last train").First(&idea).Error; err != nil {
		t.Fatalf("the idea was not stored: %v", err)
	}
	count := chromedp.CSS(fmt.Sprintf(`[data-vote-count="%d"]`, idea.ID))
	citizen.do("support the idea", chromedp.Click(chromedp.CSS("form[data-vote-form] button")))
	citizen.waitText(count, "1")

	// The last minute of its closing day: the form opens; a minute later it is sent, and refused
	// with its text kept.
	clock.set(london(2031, 1, 31, 23, 59))
	citizen.navigate("/ideas/new")
	const late = "Typed in the last minute of the consultation"
	citizen.do("type a late title", chromedp.SendKeys(chromedp.ID("field-title"), "A late idea"))
	citizen.do("type a late body", chromedp.SendKeys(chromedp.ID("field-body"), late))
	clock.set(london(2031, 2, 1, 0, 0).Add(time.Minute))
	if status := citizen.submit(`form[action="/ideas"] button[type="submit"]`); status != http.StatusConflict {
		t.Errorf("a late idea: status %d, want 409", status)
	}
	if got := citizen.value(chromedp.ID("field-body")); got != late {
		t.Errorf("the late idea's text came back as %q", got)
	}
	if warning := citizen.text(".govuk-warning-text"); !strings.Contains(warning, "has not been sent") {
		t.Errorf("the late idea's page says %q", warning)
	}
	citizen.screenshot("consultation-late-idea")

	// The panel shortlists and publishes.
	panel := newPageWithin(t, browserCtx, ta, 3*browserTimeout)
	panel.signIn("panelydd")
	if _, err := models.GrantRole(ctx, ta.DB, nil, "panelydd", models.RolePanel); err != nil {
		t.Fatal(err)
	}
	panel.navigate(fmt.Sprintf("/ideas/%d", idea.ID))
	panel.do("write the rationale", chromedp.SendKeys(chromedp.ID("field-rationale"), "Late trains leave people stranded."))
	panel.submit(chromedp.CSS(fmt.Sprintf(`form[action="/ideas/%d/shortlist"] button[type="submit"]`, idea.ID)))
	panel.navigate("/consultations/buses/shortlist")
	panel.submit(`form[action="/consultations/buses/shortlist/publish"] button[type="submit"]`)
	if published, err := models.ConsultationBySlug(ctx, ta.DB, "buses"); err != nil || published.ShortlistPublishedAt == nil {
		t.Fatalf("the shortlist was not published: %v", err)
	}

	// The board takes the idea up at a meeting, and staff record its decision.
	if err := ta.DB.Create(&models.Board{Slug: "transport", Name: "Transport Board", NameCy: "Bwrdd Trafnidiaeth", RefPrefix: "TB"}).Error; err != nil {
		t.Fatal(err)
	}
	meeting := ta.seedMeeting(t, "transport")
	item := ta.seedAgendaItem(t, meeting.ID, "Night buses")
	ta.linkIdea(t, item.ID, idea.ID)
	if errs, err := models.SetMeetingStatus(ta.ctx(), ta.DB, ta.staffActor(t), meeting.ID, models.MeetingHeld, ""); err != nil || errs.Any() {
		t.Fatalf("the meeting held: %v %v", errs, err)
	}
	staff.navigate(fmt.Sprintf("/agenda-items/%d/edit", item.ID))
	staff.do("write the decision", chromedp.SendKeys(chromedp.ID("field-outcome"), "Agreed to trial night buses on two routes."))
	staff.do("write the Welsh decision", chromedp.SendKeys(chromedp.ID("field-outcome_cy"), "Cytunwyd i dreialu bysiau nos ar ddau lwybr."))
	staff.submit(chromedp.CSS(fmt.Sprintf(`form[action="/agenda-items/%d"] button[type="submit"]`, item.ID)))

	// Staff publish the outcome.
	staff.navigate("/consultations/buses")
	if stages := staff.text("#stages + ol"); !strings.Contains(stages, "Shortlist published") || !strings.Contains(stages, "At the board's meetings") {
		t.Errorf("the stages read %q", stages)
	}
	staff.submit(`a[href="/consultations/buses/outcome"]`)
	staff.do("write the introduction", chromedp.SendKeys(chromedp.ID("field-outcome_intro"), "Thank you: here is what we did."))
	staff.do("write the Welsh introduction", chromedp.SendKeys(chromedp.ID("field-outcome_intro_cy"), "Diolch: dyma beth wnaethon ni."))
	if status := staff.submit(`form[action="/consultations/buses/outcome"] button[type="submit"]`); status != 200 {
		t.Fatalf("publishing the outcome: status %d", status)
	}

	// A visitor reads it in Welsh.
	visitor := newPage(t, browserCtx, ta)
	visitor.navigate("/consultations/buses/outcome?lang=cy")
	if h1 := visitor.text("h1"); !strings.Contains(h1, "Dywedoch chi, gwnaethon ni") {
		t.Errorf("the Welsh outcome's heading is %q", h1)
	}
	body := visitor.text("main")
	for _, want := range []string{"Diolch: dyma beth wnaethon ni.", "Wedi'u derbyn (1)", "Buses after the last train",
		"Cytunwyd i dreialu bysiau nos ar ddau lwybr."} {
		if !strings.Contains(body, want) {
			t.Errorf("the Welsh outcome lacks %q", want)
		}
	}
	visitor.screenshot("consultation-outcome-cy")
}

// httpStatus is the status of a plain GET, as a visitor with no cookies gets it.
func httpStatus(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
