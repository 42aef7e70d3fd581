package app_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/syniad/syniad/models"
)

// meetingJourney: staff put two shortlisted ideas on a meeting's agenda (one from the idea's
// page, one from the agenda item's picker), hold the meeting, record the decision and raise an
// action, and a signed-out visitor then sees all of it on the idea's page.
func meetingJourney(t *testing.T, browserCtx context.Context) {
	// One fixed day, so that yesterday's meeting, next year's due date and this year's action
	// reference agree with each other and with the app whenever the test runs.
	now := time.Date(2027, time.March, 10, 12, 30, 0, 0, models.London)
	ta := startTestServer(t, fixedClock(now))
	cs := ta.seedOpenConsultation("digital")
	outcomes := ta.seedIdea("digital", "Focus on outcomes for users")
	open := ta.seedIdea("digital", "Make it open and replicable")
	actor := ta.staffActor(t)
	board, errs, err := models.SaveBoard(t.Context(), ta.DB, actor, 0, models.BoardInput{Name: "Digital Panel", NameCy: "Panel Digidol", RefPrefix: "DP"})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	ta.DB.Exec("UPDATE consultations SET board_id = ? WHERE id = ?", board.ID, cs.ID)
	for rank, idea := range []*models.Idea{outcomes, open} {
		if errs, err := models.SetShortlistEntry(t.Context(), ta.DB, actor, idea.ID, models.ShortlistInput{Rank: rank + 1, Rationale: "Most supported in the thread"}); err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
	}

	p := newPage(t, browserCtx, ta)
	p.signIn("secretariat")
	ta.DB.Exec("UPDATE users SET role = 'staff' WHERE handle = 'secretariat'")

	// Record yesterday's meeting from the board's page (it has to have happened to be held).
	day := now.AddDate(0, 0, -1)
	p.navigate("/boards/digital-panel")
	p.submit(`a[href="/meetings/new?board=digital-panel"]`)
	p.do("fill in the meeting",
		chromedp.SendKeys(chromedp.ID("field-title"), "Digital Panel: June meeting"),
		chromedp.SendKeys(chromedp.ID("field-title_cy"), "Panel Digidol: cyfarfod mis Mehefin"),
		chromedp.SendKeys(chromedp.ID("field-date"), strconv.Itoa(day.Day())),
		chromedp.SendKeys(chromedp.ID("field-date-month"), strconv.Itoa(int(day.Month()))),
		chromedp.SendKeys(chromedp.ID("field-date-year"), strconv.Itoa(day.Year())),
		chromedp.SetValue(chromedp.ID("field-start_time"), "09:30"),
		chromedp.SetValue(chromedp.ID("field-end_time"), "12:30"),
		chromedp.SendKeys(chromedp.ID("field-location"), "Cathays Park, Cardiff"),
		chromedp.SendKeys(chromedp.ID("field-postcode"), "CF10 3NQ"))
	if status := p.submit(`form[action="/meetings"] button[type="submit"]`); status != 200 {
		t.Fatalf("planning the meeting landed on %d%s", status, p.where())
	}
	var meeting models.Meeting
	if err := ta.DB.Order("id DESC").First(&meeting).Error; err != nil {
		t.Fatal(err)
	}
	meetingPath := "/meetings/" + strconv.FormatInt(meeting.ID, 10)

	// Two agenda items, added from the meeting page.
	for _, title := range []string{"Review of the action log", "Ideas from the public"} {
		p.navigate(meetingPath)
		p.do("open the add-item form", chromedp.Click(`details.govuk-details summary`))
		p.do("describe the item",
			chromedp.SendKeys(chromedp.ID("field-title"), title),
			chromedp.SendKeys(chromedp.ID("field-presenters"), "Victoria Ford"),
			chromedp.SendKeys(chromedp.ID("field-duration"), "30"))
		p.submit(chromedp.CSS(fmt.Sprintf(`form[action="%s/items"] button[type="submit"]`, meetingPath)))
	}
	items, err := models.Agenda(t.Context(), ta.DB, meeting.ID, 0)
	if err != nil || len(items) != 2 {
		t.Fatalf("agenda has %d items: %v", len(items), err)
	}
	item := items[1]

	// One idea from its own page ("add to the agenda of meeting X")…
	p.navigate(fmt.Sprintf("/ideas/%d", outcomes.ID))
	p.do("choose the agenda item", chromedp.SetValue(chromedp.ID("field-agenda_item_id"), strconv.FormatInt(item.ID, 10)))
	p.submit(chromedp.CSS(fmt.Sprintf(`form[action="/ideas/%d/agenda"] button`, outcomes.ID)))
	if page := p.text("main"); !strings.Contains(page, "On a meeting agenda") || !strings.Contains(page, "To be discussed at") {
		t.Errorf("after adding it to the agenda the idea page reads:\n%s", page)
	}
	// …and one from the item's picker, which offers the board's shortlist.
	p.navigate(meetingPath)
	p.submit(chromedp.CSS(fmt.Sprintf(`a[href="/agenda-items/%d/ideas"]`, item.ID)))
	p.do("tick the shortlisted idea", chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="idea"][value="%d"]`, open.ID))))
	p.submit(chromedp.CSS(fmt.Sprintf(`form[method="post"][action="/agenda-items/%d/ideas"] button[type="submit"]`, item.ID)))
	if linked := p.text("ul.govuk-list"); !strings.Contains(linked, outcomes.Title) || !strings.Contains(linked, open.Title) {
		t.Fatalf("the item does not list both ideas:\n%s", linked)
	}

	// The meeting is held; the decision is recorded against the item.
	p.navigate(meetingPath)
	p.screenshot("meeting-agenda-planned")
	p.submit(chromedp.CSS(fmt.Sprintf(`form[action="%s/status"] input[value="held"] ~ button`, meetingPath)))
	p.submit(chromedp.CSS(fmt.Sprintf(`a[href="/agenda-items/%d/edit"]`, item.ID)))
	const decision = "It was decided that every new service starts from the outcomes its users need."
	p.do("write the decision",
		chromedp.SendKeys(chromedp.ID("field-outcome"), decision),
		chromedp.SendKeys(chromedp.ID("field-outcome_cy"), "Penderfynwyd y bydd pob gwasanaeth newydd yn dechrau o'r canlyniadau sydd eu hangen ar ei ddefnyddwyr."))
	p.submit(chromedp.CSS(fmt.Sprintf(`form[action="/agenda-items/%d"] button[type="submit"]`, item.ID)))

	// An action raised at the item, following up the first idea only.
	p.submit(chromedp.CSS(fmt.Sprintf(`a[href="/actions/new?item=%d"]`, item.ID)))
	p.do("describe the action",
		chromedp.SendKeys(chromedp.ID("field-description"), "Write an outcomes checklist for new services"),
		chromedp.SendKeys(chromedp.ID("field-owner_name"), "Paul Matthews"),
		chromedp.SendKeys(chromedp.ID("field-due"), "30"),
		chromedp.SendKeys(chromedp.ID("field-due-month"), "9"),
		chromedp.SendKeys(chromedp.ID("field-due-year"), strconv.Itoa(now.Year()+1)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="idea"][value="%d"]`, open.ID)))) // untick: this action follows up one idea
	p.submit(`form[action="/actions"] button[type="submit"]`)
	ref := fmt.Sprintf("DP-%d-001", now.Year())
	if h1 := p.text("h1"); h1 != "Action "+ref {
		t.Fatalf("the new action's page is headed %q, want %q", h1, "Action "+ref)
	}
	p.do("write progress", chromedp.SendKeys(chromedp.ID("field-body"), "First draft shared with the panel."),
		chromedp.SetValue(chromedp.ID("field-status"), "in_progress"))
	p.submit(`form[action$="/updates"] button[type="submit"]`)
	p.screenshot("action-in-progress")

	// Signed out, in a browser context of its own: the idea's page shows where it went.
	visitor := newPage(t, browserCtx, ta)
	visitor.navigate(fmt.Sprintf("/ideas/%d", outcomes.ID))
	where := visitor.text("#where-it-went")
	for _, want := range []string{"Discussed at", "Digital Panel", "item 2", "Ideas from the public", decision, ref,
		"Write an outcomes checklist", "Paul Matthews", "In progress"} {
		if !strings.Contains(where, want) {
			t.Errorf("signed out, 'where this idea went' lacks %q:\n%s", want, where)
		}
	}
	if history := visitor.text("ol.govuk-list"); !strings.Contains(history, "put this idea on a meeting's agenda") {
		t.Errorf("the idea's history does not record the agenda:\n%s", history)
	}
	visitor.screenshot("idea-where-it-went")
	visitor.navigate(fmt.Sprintf("/ideas/%d", open.ID))
	if where := visitor.text("#where-it-went"); !strings.Contains(where, decision) || strings.Contains(where, ref) {
		t.Errorf("the second idea shows the decision but not an action it is not linked to:\n%s", where)
	}
	visitor.navigate(meetingPath)
	agenda := visitor.text("#main-content")
	for _, want := range []string{"2. Ideas from the public", outcomes.Title, open.Title, decision, ref, "Held"} {
		if !strings.Contains(agenda, want) {
			t.Errorf("signed out, the meeting page lacks %q", want)
		}
	}
	visitor.screenshot("meeting-held")
}
