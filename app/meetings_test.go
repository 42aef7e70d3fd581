package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

// staffActor is a staff member for fixtures made through the model functions.
func (ta *testApp) staffActor(t *testing.T) *models.User {
	t.Helper()
	u, err := models.SignIn(t.Context(), ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "fixture-staff", Handle: "fixture-staff"})
	if err != nil {
		t.Fatal(err)
	}
	u.Role = models.RoleStaff
	return u
}

// seedMeeting plans a meeting of a board that took place yesterday, so it can be marked held.
func (ta *testApp) seedMeeting(t *testing.T, boardSlug string) *models.Meeting {
	t.Helper()
	b, err := models.BoardBySlug(t.Context(), ta.DB, boardSlug)
	if err != nil {
		t.Fatal(err)
	}
	day := ta.now().In(models.London).AddDate(0, 0, -1)
	in := models.MeetingInput{BoardID: b.ID, Title: "Meeting " + strconv.FormatInt(ta.counter(), 10),
		Date: models.PartsOf(day), StartTime: "09:30", EndTime: "12:30", Location: "Cathays Park, Cardiff", Postcode: "CF10 3NQ"}
	m, errs, err := models.SaveMeeting(ta.ctx(), ta.DB, ta.staffActor(t), 0, in)
	if err != nil || errs.Any() {
		t.Fatalf("seed meeting: %v %v", errs, err)
	}
	return m
}

func (ta *testApp) seedAgendaItem(t *testing.T, meetingID int64, title string) *models.AgendaItem {
	t.Helper()
	item, errs, err := models.AddAgendaItem(t.Context(), ta.DB, ta.staffActor(t), meetingID, models.AgendaItemInput{Title: title, Presenters: "Mark Wardle", Duration: "20"})
	if err != nil || errs.Any() {
		t.Fatalf("seed agenda item: %v %v", errs, err)
	}
	return item
}

func (ta *testApp) linkIdea(t *testing.T, itemID, ideaID int64) {
	t.Helper()
	errs, err := models.LinkAgendaIdeas(t.Context(), ta.DB, ta.staffActor(t), itemID, []int64{ideaID})
	if err != nil || errs.Any() {
		t.Fatalf("link idea: %v %v", errs, err)
	}
}

func (ta *testApp) seedAction(t *testing.T, boardSlug, description string) *models.Action {
	t.Helper()
	b, err := models.BoardBySlug(t.Context(), ta.DB, boardSlug)
	if err != nil {
		t.Fatal(err)
	}
	a, errs, err := models.CreateAction(ta.ctx(), ta.DB, ta.staffActor(t), models.ActionInput{BoardID: b.ID,
		Description: description, OwnerName: "Catrin Rees"}, ta.now())
	if err != nil || errs.Any() {
		t.Fatalf("seed action: %v %v", errs, err)
	}
	return a
}

// staffClient is a client signed in as a staff member.
func (ta *testApp) staffClient(t *testing.T, handle string) *client {
	t.Helper()
	c := ta.client()
	u := c.signIn(handle)
	ta.DB.Exec("UPDATE users SET role = 'staff' WHERE id = ?", u.ID)
	c.get("/")
	return c
}

var locationID = regexp.MustCompile(`/(?:meetings|actions)/(\d+)`)

// idFromLocation reads the id from a redirect to /meetings/N or /actions/N.
func idFromLocation(t *testing.T, res *http.Response) int64 {
	t.Helper()
	m := locationID.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("no id in redirect %q (status %d)", res.Header.Get("Location"), res.StatusCode)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func mustStatus(t *testing.T, what string, res *http.Response, body string, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%.2000s", what, res.StatusCode, want, body)
	}
}

// TestMeetingJourneyThroughForms is issue 4's whole path through the HTML forms: staff make a
// board and a meeting, build the agenda, the panel's shortlisted ideas go on it, the meeting is
// held, a decision and an action are recorded, and a signed-out visitor sees all of it on the
// idea's page and through the API.
func TestMeetingJourneyThroughForms(t *testing.T) {
	t.Parallel()
	// The journey runs on one fixed day, so that last year's meeting, next year's due date and
	// this year's action reference agree with each other and with the app whenever it runs.
	now := time.Date(2027, time.March, 10, 12, 30, 0, 0, models.London)
	ta := newTestApp(t, fixedClock(now))
	ta.seedOpenConsultation("digital")
	first := ta.seedIdea("digital", "Focus on outcomes for users")
	second := ta.seedIdea("digital", "Make it open and replicable")
	staff := ta.staffClient(t, "secretariat")

	res, body := staff.post("/boards", url.Values{"name": {"Digital Panel"}, "name_cy": {"Panel Digidol"}, "ref_prefix": {"dp"}})
	mustStatus(t, "create board", res, body, http.StatusSeeOther)
	if res.Header.Get("Location") != "/boards/digital-panel" {
		t.Fatalf("board redirect %q", res.Header.Get("Location"))
	}
	board, err := models.BoardBySlug(t.Context(), ta.DB, "digital-panel")
	if err != nil || board.RefPrefix != "DP" {
		t.Fatalf("board %+v %v", board, err)
	}

	// A meeting on a day in British Summer Time (last year's, so that it has happened and can
	// be marked held): 09:30 there is 08:30 UTC.
	year := strconv.Itoa(now.Year() - 1)
	res, body = staff.post("/meetings", url.Values{"board_id": {strconv.FormatInt(board.ID, 10)},
		"title": {"Focusing on developers"}, "title_cy": {"Canolbwyntio ar ddatblygwyr"},
		"date-day": {"30"}, "date-month": {"5"}, "date-year": {year}, "start_time": {"9:30"}, "end_time": {"12.30"},
		"location": {"Welsh Government offices, Cathays Park, Cardiff"}, "postcode": {"cf10 3nq"}})
	mustStatus(t, "create meeting", res, body, http.StatusSeeOther)
	meetingID := idFromLocation(t, res)
	m, err := models.MeetingByID(t.Context(), ta.DB, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.StartsAt.UTC().Format("15:04"); got != "08:30" || m.Postcode != "CF10 3NQ" {
		t.Errorf("meeting starts %s UTC, postcode %q; want 08:30 and CF10 3NQ", got, m.Postcode)
	}
	mid := strconv.FormatInt(meetingID, 10)

	for _, title := range []string{"Review of minutes and the action log", "Ideas from the public", "Any other business"} {
		res, body = staff.post("/meetings/"+mid+"/items", url.Values{"title": {title}, "presenters": {"Mark Wardle"}, "duration": {"15"}})
		mustStatus(t, "add item "+title, res, body, http.StatusSeeOther)
	}
	items, err := models.Agenda(t.Context(), ta.DB, meetingID, 0)
	if err != nil || len(items) != 3 {
		t.Fatalf("agenda: %d items, %v", len(items), err)
	}
	// Reorder: "Any other business" up one, then back.
	res, _ = staff.post("/agenda-items/"+strconv.FormatInt(items[2].ID, 10)+"/move", url.Values{"position": {"2"}})
	mustStatus(t, "move", res, "", http.StatusSeeOther)
	items, _ = models.Agenda(t.Context(), ta.DB, meetingID, 0)
	if items[1].Title != "Any other business" || items[2].Title != "Ideas from the public" {
		t.Fatalf("after move: %q, %q", items[1].Title, items[2].Title)
	}
	ideasItem := items[2]
	itemPath := "/agenda-items/" + strconv.FormatInt(ideasItem.ID, 10)

	// The panel shortlists both ideas, then staff add them from the item's shortlist picker.
	actor := ta.staffActor(t)
	for rank, idea := range []*models.Idea{first, second} {
		if errs, err := models.SetShortlistEntry(t.Context(), ta.DB, actor, idea.ID, models.ShortlistInput{Rank: rank + 1, Rationale: "Strong support"}); err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
	}
	ta.DB.Exec("UPDATE consultations SET board_id = ? WHERE slug = 'digital'", board.ID)
	res, body = staff.get(itemPath + "/ideas")
	mustStatus(t, "picker", res, body, http.StatusOK)
	for _, idea := range []*models.Idea{first, second} {
		if !strings.Contains(body, `value="`+strconv.FormatInt(idea.ID, 10)+`"`) {
			t.Errorf("picker does not offer shortlisted idea %d", idea.ID)
		}
	}
	res, body = staff.post(itemPath+"/ideas", url.Values{"idea": {strconv.FormatInt(first.ID, 10), strconv.FormatInt(second.ID, 10)}})
	mustStatus(t, "link ideas", res, body, http.StatusSeeOther)
	for _, idea := range []*models.Idea{first, second} {
		got, _ := models.IdeaByID(t.Context(), ta.DB, idea.ID, 0)
		if got.Status != models.StatusOnAgenda {
			t.Errorf("idea %d is %s, want on_agenda", idea.ID, got.Status)
		}
	}

	// An outcome before the meeting is held is refused, with the reason beside the field.
	decision := "It was decided that every service starts from its users' outcomes; a pilot will report in the autumn."
	res, body = staff.post(itemPath, url.Values{"title": {"Ideas from the public"}, "outcome": {decision}})
	mustStatus(t, "early outcome", res, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "once the meeting has been marked as held") {
		t.Errorf("early outcome: no message\n%.1500s", body)
	}
	res, body = staff.post("/meetings/"+mid+"/status", url.Values{"status": {"held"}})
	mustStatus(t, "mark held", res, body, http.StatusSeeOther)
	res, body = staff.post(itemPath, url.Values{"title": {"Ideas from the public"}, "outcome": {decision}, "outcome_cy": {"Penderfynwyd y bydd pob gwasanaeth yn dechrau o ganlyniadau i'w ddefnyddwyr."}})
	mustStatus(t, "record outcome", res, body, http.StatusSeeOther)

	// An action raised at the item follows up the first idea only.
	res, body = staff.get("/actions/new?item=" + strconv.FormatInt(ideasItem.ID, 10))
	mustStatus(t, "action form", res, body, http.StatusOK)
	if strings.Count(body, `name="idea" type="checkbox"`) != 2 || !strings.Contains(body, "checked") {
		t.Errorf("action form should offer the item's two ideas, ticked\n%.3000s", body)
	}
	res, body = staff.post("/actions", url.Values{"agenda_item_id": {strconv.FormatInt(ideasItem.ID, 10)},
		"description": {"Write up the outcomes pilot"}, "owner_name": {"Catrin Rees"}, "owner_handle": {"secretariat"},
		"due-day": {"1"}, "due-month": {"9"}, "due-year": {strconv.Itoa(now.Year() + 1)}, "idea": {strconv.FormatInt(first.ID, 10)}})
	mustStatus(t, "raise action", res, body, http.StatusSeeOther)
	actionID := idFromLocation(t, res)
	aid := strconv.FormatInt(actionID, 10)
	a, err := models.ActionByID(t.Context(), ta.DB, actionID, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantRef := "DP-" + strconv.Itoa(now.Year()) + "-001"
	if a.Reference != wantRef || a.MeetingID == nil || *a.MeetingID != meetingID || len(a.Ideas) != 1 {
		t.Fatalf("action %s meeting %v ideas %d; want %s at meeting %d with 1 idea", a.Reference, a.MeetingID, len(a.Ideas), wantRef, meetingID)
	}
	res, body = staff.post("/actions/"+aid+"/updates", url.Values{"body": {"Pilot team chosen"}, "status": {"in_progress"}})
	mustStatus(t, "progress", res, body, http.StatusSeeOther)
	// done → dropped is not a move an action can make.
	res, body = staff.post("/actions/"+aid+"/updates", url.Values{"body": {"Finished"}, "status": {"done"}})
	mustStatus(t, "done", res, body, http.StatusSeeOther)
	res, body = staff.post("/actions/"+aid+"/updates", url.Values{"body": {"Changed our minds"}, "status": {"dropped"}})
	mustStatus(t, "done to dropped", res, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "reopen it first") {
		t.Errorf("refused move has no message\n%.1500s", body)
	}

	// A signed-out visitor sees where the idea went, in English and in Welsh.
	visitor := ta.client()
	res, body = visitor.get("/ideas/" + strconv.FormatInt(first.ID, 10))
	mustStatus(t, "idea page", res, body, http.StatusOK)
	for _, want := range []string{"Where this idea went", "Discussed at", "/meetings/" + mid + "#item-3", "Digital Panel",
		"item 3", "Ideas from the public", "every service starts from its users", wantRef, "Done",
		"put this idea on a meeting&#39;s agenda", "recorded the meeting&#39;s decision"} {
		if !strings.Contains(body, want) {
			t.Errorf("idea page lacks %q", want)
		}
	}
	res, body = visitor.getIn("cy", "/ideas/"+strconv.FormatInt(first.ID, 10))
	mustStatus(t, "idea page cy", res, body, http.StatusOK)
	for _, want := range []string{"I ble&#39;r aeth y syniad hwn", "Panel Digidol", "eitem 3", "Penderfynwyd y bydd pob gwasanaeth", "Wedi&#39;i wneud"} {
		if !strings.Contains(body, want) {
			t.Errorf("Welsh idea page lacks %q", want)
		}
	}

	// The meeting page: agenda, ideas with votes, outcome, actions raised, calendar link.
	res, body = visitor.getIn("en", "/meetings/"+mid)
	mustStatus(t, "meeting page", res, body, http.StatusOK)
	for _, want := range []string{"Focusing on developers", "09:30", "12:30", "CF10 3NQ", "3. Ideas from the public",
		"Focus on outcomes for users", "Make it open and replicable", "0 supporters", wantRef, "/meetings/" + mid + ".ics"} {
		if !strings.Contains(body, want) {
			t.Errorf("meeting page lacks %q", want)
		}
	}
	if strings.Contains(body, "Manage this meeting") || strings.Contains(body, "Add an item") {
		t.Error("a visitor sees staff tools on the meeting page")
	}

	// The API tells the same story.
	res, body = visitor.api(http.MethodGet, "/api/v1/ideas/"+strconv.FormatInt(first.ID, 10), "", false)
	mustStatus(t, "api idea", res, body, http.StatusOK)
	var detail struct {
		AgendaItems []struct {
			MeetingID int64  `json:"meeting_id"`
			Position  int    `json:"position"`
			Outcome   string `json:"outcome"`
		} `json:"agenda_items"`
		Actions []struct {
			Reference string `json:"reference"`
			Status    string `json:"status"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(body), &detail); err != nil {
		t.Fatal(err)
	}
	if len(detail.AgendaItems) != 1 || detail.AgendaItems[0].MeetingID != meetingID || detail.AgendaItems[0].Position != 3 ||
		detail.AgendaItems[0].Outcome != decision || len(detail.Actions) != 1 || detail.Actions[0].Reference != wantRef ||
		detail.Actions[0].Status != "done" {
		t.Errorf("api idea detail: %+v", detail)
	}
	res, body = visitor.api(http.MethodGet, "/api/v1/meetings/"+mid, "", false)
	mustStatus(t, "api meeting", res, body, http.StatusOK)
	var meeting struct {
		Status      string `json:"status"`
		StartsAt    string `json:"starts_at"`
		AgendaItems []struct {
			Position int `json:"position"`
			Ideas    []struct {
				ID int64 `json:"id"`
			} `json:"ideas"`
			Actions []struct {
				Reference string `json:"reference"`
			} `json:"actions"`
		} `json:"agenda_items"`
		Minutes *string `json:"minutes"`
	}
	if err := json.Unmarshal([]byte(body), &meeting); err != nil {
		t.Fatal(err)
	}
	if meeting.Status != "held" || !strings.HasSuffix(meeting.StartsAt, "T08:30:00Z") || len(meeting.AgendaItems) != 3 ||
		len(meeting.AgendaItems[2].Ideas) != 2 || len(meeting.AgendaItems[2].Actions) != 1 || meeting.Minutes != nil {
		t.Errorf("api meeting: %s", body)
	}
	res, body = visitor.api(http.MethodGet, "/api/v1/actions?board=digital-panel&status=done", "", false)
	mustStatus(t, "api actions", res, body, http.StatusOK)
	if !strings.Contains(body, `"reference":"`+wantRef+`"`) || !strings.Contains(body, `"total":1`) {
		t.Errorf("api actions: %s", body)
	}
}

// TestMeetingFormValidation: bad input gets a message beside each field and loses nothing.
func TestMeetingFormValidation(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	staff := ta.staffClient(t, "clerk")
	b, _, err := models.SaveBoard(t.Context(), ta.DB, ta.staffActor(t), 0, models.BoardInput{Name: "Digital Panel", RefPrefix: "DP"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		form  url.Values
		wants []string
	}{
		{"empty", url.Values{}, []string{"Choose a board", "Enter the meeting&#39;s title", "Enter the date of the meeting"}},
		{"impossible date", url.Values{"title": {"June meeting"}, "date-day": {"31"}, "date-month": {"6"}, "date-year": {"2027"}, "start_time": {"10:00"}, "end_time": {"11:00"}},
			[]string{"Enter a real date"}},
		{"clocks go forward", url.Values{"title": {"Early meeting"}, "date-day": {"28"}, "date-month": {"3"}, "date-year": {"2027"}, "start_time": {"01:30"}, "end_time": {"04:00"}},
			[]string{"clocks go forward"}},
		{"ends before it starts", url.Values{"title": {"Backwards"}, "date-day": {"1"}, "date-month": {"7"}, "date-year": {"2027"}, "start_time": {"14:00"}, "end_time": {"13:00"}, "postcode": {"not a postcode"}, "online_url": {"javascript:alert(1)"}},
			[]string{"must end after it starts", "Enter a real postcode", "Enter a web address beginning https://"}},
	}
	for _, tc := range cases {
		form := tc.form
		form.Set("board_id", strconv.FormatInt(b.ID, 10))
		if tc.name == "empty" {
			form.Del("board_id")
		}
		res, body := staff.post("/meetings", form)
		mustStatus(t, tc.name, res, body, http.StatusUnprocessableEntity)
		for _, want := range tc.wants {
			if !strings.Contains(body, want) {
				t.Errorf("%s: no %q", tc.name, want)
			}
		}
		if title := form.Get("title"); title != "" && !strings.Contains(body, `value="`+title+`"`) {
			t.Errorf("%s: the title typed was lost", tc.name)
		}
		if !strings.Contains(body, `href="#field-`) {
			t.Errorf("%s: the error summary does not link to the fields", tc.name)
		}
	}
	var n int64
	ta.DB.Model(&models.Meeting{}).Count(&n)
	if n != 0 {
		t.Errorf("%d meetings stored from invalid forms", n)
	}
}

// TestLockedAgenda: once the minutes are out, the agenda cannot change, and staff are told why.
func TestLockedAgenda(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	actor := ta.staffActor(t)
	if _, _, err := models.SaveBoard(t.Context(), ta.DB, actor, 0, models.BoardInput{Name: "Digital Panel", Slug: "digital", RefPrefix: "DP"}); err != nil {
		t.Fatal(err)
	}
	m := ta.seedMeeting(t, "digital")
	item := ta.seedAgendaItem(t, m.ID, "Only item")
	in := m.InputOf()
	in.Minutes = "Minutes of the meeting."
	if _, errs, err := models.SaveMeeting(t.Context(), ta.DB, actor, m.ID, in); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	for _, st := range []string{models.MeetingHeld, models.MeetingMinutesPublished} {
		if errs, err := models.SetMeetingStatus(t.Context(), ta.DB, actor, m.ID, st, ""); err != nil || errs.Any() {
			t.Fatal(st, errs, err)
		}
	}
	staff := ta.staffClient(t, "clerk")
	mid := strconv.FormatInt(m.ID, 10)
	res, body := staff.post("/meetings/"+mid+"/items", url.Values{"title": {"Late addition"}})
	mustStatus(t, "add to locked agenda", res, body, http.StatusConflict)
	if !strings.Contains(body, "can no longer change") {
		t.Errorf("no reason given\n%.1500s", body)
	}
	res, body = staff.post("/agenda-items/"+strconv.FormatInt(item.ID, 10)+"/delete", nil)
	mustStatus(t, "delete from locked agenda", res, body, http.StatusConflict)
	idea := ta.seedIdea("digital", "Too late")
	res, body = staff.post("/ideas/"+strconv.FormatInt(idea.ID, 10)+"/agenda", url.Values{"agenda_item_id": {strconv.FormatInt(item.ID, 10)}})
	mustStatus(t, "link to locked agenda", res, body, http.StatusUnprocessableEntity)

	// The published minutes are public; a visitor sees them rendered, not as Markdown source.
	res, body = ta.client().get("/meetings/" + mid)
	mustStatus(t, "meeting", res, body, http.StatusOK)
	if !strings.Contains(body, "<p>Minutes of the meeting.</p>") || !strings.Contains(body, "Signed off and published") {
		t.Errorf("published minutes not shown\n%.3000s", body)
	}
}

// TestActionLogPage: filters, and overdue actions stand out.
func TestActionLogPage(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, fixedClock(time.Date(2027, time.March, 10, 12, 30, 0, 0, models.London)))
	actor := ta.staffActor(t)
	for _, b := range []models.BoardInput{{Name: "Digital Panel", Slug: "digital", RefPrefix: "DP"}, {Name: "Standards Board", Slug: "standards", RefPrefix: "WTSB"}} {
		if _, errs, err := models.SaveBoard(t.Context(), ta.DB, actor, 0, b); err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
	}
	late := ta.seedAction(t, "digital", "Publish the roadmap")
	// Three days late by the app's clock (the database's current_date is the UTC day).
	ta.DB.Exec("UPDATE actions SET due_on = ? WHERE id = ?", models.Today(ta.now()).AddDate(0, 0, -3).Format(time.DateOnly), late.ID)
	ta.seedAction(t, "digital", "Draft the terms of reference")
	ta.seedAction(t, "standards", "Review the developer portal")

	c := ta.client()
	res, body := c.get("/actions")
	mustStatus(t, "log", res, body, http.StatusOK)
	if !strings.Contains(body, "3 actions") || strings.Count(body, "syniad-overdue") != 1 || !strings.Contains(body, "Overdue") {
		t.Errorf("action log: want 3 actions, one overdue\n%.4000s", body)
	}
	res, body = c.get("/actions?overdue=1")
	mustStatus(t, "overdue", res, body, http.StatusOK)
	if !strings.Contains(body, "1 action") || !strings.Contains(body, "Publish the roadmap") || strings.Contains(body, "Draft the terms") {
		t.Errorf("overdue filter\n%.3000s", body)
	}
	res, body = c.getIn("cy", "/actions?board=standards")
	mustStatus(t, "board filter", res, body, http.StatusOK)
	if !strings.Contains(body, "WTSB-") || strings.Contains(body, "DP-") || !strings.Contains(body, "1 cam gweithredu") {
		t.Errorf("board filter in Welsh\n%.3000s", body)
	}
	res, body = c.getIn("en", "/boards/digital")
	mustStatus(t, "board page", res, body, http.StatusOK)
	if !strings.Contains(body, "Publish the roadmap") || strings.Contains(body, "Review the developer portal") {
		t.Errorf("board page shows the wrong actions")
	}
}

// TestMeetingPagesRender opens every page of boards, meetings, agendas and actions, signed
// out and as staff, in both languages: each answers 200 and is in the language asked for.
func TestMeetingPagesRender(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	actor := ta.staffActor(t)
	if _, errs, err := models.SaveBoard(t.Context(), ta.DB, actor, 0, models.BoardInput{Name: "Digital Panel", NameCy: "Panel Digidol", Slug: "digital", RefPrefix: "DP"}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	m := ta.seedMeeting(t, "digital")
	item := ta.seedAgendaItem(t, m.ID, "Ideas from the public")
	ta.linkIdea(t, item.ID, ta.seedIdea("digital", "Open data first").ID)
	a := ta.seedAction(t, "digital", "Publish the roadmap")
	mid, iid, aid := strconv.FormatInt(m.ID, 10), strconv.FormatInt(item.ID, 10), strconv.FormatInt(a.ID, 10)

	public := []string{"/boards", "/boards/digital", "/meetings", "/meetings?board=digital&page=2", "/meetings/" + mid,
		"/actions", "/actions?status=open&owner=Catrin+Rees&overdue=1", "/actions/" + aid}
	staffOnly := []string{"/boards/digital/edit", "/meetings/new", "/meetings/new?board=digital", "/meetings/" + mid + "/edit",
		"/agenda-items/" + iid + "/edit", "/agenda-items/" + iid + "/ideas", "/agenda-items/" + iid + "/ideas?q=open",
		"/actions/new", "/actions/new?board=digital", "/actions/new?item=" + iid, "/actions/" + aid + "/edit"}
	visitor, staff := ta.client(), ta.staffClient(t, "clerk")
	for _, lang := range []string{"en", "cy"} {
		want := map[string]string{"en": `<html lang="en"`, "cy": `<html lang="cy"`}[lang]
		for _, c := range []struct {
			who   string
			cl    *client
			paths []string
		}{{"visitor", visitor, public}, {"staff", staff, append(append([]string{}, public...), staffOnly...)}} {
			for _, path := range c.paths {
				res, body := c.cl.getIn(lang, path)
				if res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
					t.Errorf("%s %s in %s: status %d\n%.500s", c.who, path, lang, res.StatusCode, body)
				}
			}
		}
	}
	res, _ := ta.client().get("/meetings/999999")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing meeting: %d, want 404", res.StatusCode)
	}
	res, _ = ta.client().get("/boards/no-such-board")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing board: %d, want 404", res.StatusCode)
	}
}
