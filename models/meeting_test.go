package models_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

func mustBoard(t *testing.T, db *gorm.DB, actor *models.User, name, prefix string) *models.Board {
	t.Helper()
	b, errs, err := models.SaveBoard(ctx, db, actor, 0, models.BoardInput{Name: name, RefPrefix: prefix})
	if err != nil || errs.Any() {
		t.Fatalf("board %q: %v %v", name, errs, err)
	}
	return b
}

// dateParts is a London date as typed into the three boxes.
func dateParts(y int, m time.Month, d int) models.DateParts {
	return models.DateParts{Day: fmt.Sprint(d), Month: fmt.Sprint(int(m)), Year: fmt.Sprint(y)}
}

// meetingOn is a valid meeting of a board on a London day, from start to end.
func meetingOn(boardID int64, title string, day models.DateParts, start, end string) models.MeetingInput {
	return models.MeetingInput{BoardID: boardID, Title: title, Date: day, StartTime: start, EndTime: end}
}

func mustMeeting(t *testing.T, db *gorm.DB, actor *models.User, in models.MeetingInput) *models.Meeting {
	t.Helper()
	m, errs, err := models.SaveMeeting(ctx, db, actor, 0, in)
	if err != nil || errs.Any() {
		t.Fatalf("meeting %q: %v %v", in.Title, errs, err)
	}
	return m
}

// mustMeetingAt is a one-hour meeting starting at a moment (to the minute, as staff type it).
// A meeting is typed as a day and two clock times, so one that would run past midnight in London
// (or through the hour the clocks go back) ends at 23:59 instead, and one starting at 23:59
// starts a minute earlier: started meetings stay started, and meetings to come (days away in
// these tests) stay to come.
func mustMeetingAt(t *testing.T, db *gorm.DB, actor *models.User, boardID int64, title string, start time.Time) *models.Meeting {
	t.Helper()
	l := start.In(models.London)
	if models.ClockOf(l) == "23:59" {
		l = l.Add(-time.Minute)
	}
	begin, end := models.ClockOf(l), models.ClockOf(l.Add(time.Hour))
	if !models.Today(l.Add(time.Hour)).Equal(models.Today(l)) || end <= begin {
		end = "23:59"
	}
	return mustMeeting(t, db, actor, meetingOn(boardID, title, models.PartsOf(l), begin, end))
}

// earlierToday is d before now, or midnight if that was yesterday: a meeting "this morning".
func earlierToday(now time.Time, d time.Duration) time.Time {
	if start := now.Add(-d); !start.Before(models.Today(now)) {
		return start
	}
	return models.Today(now)
}

func loadMeeting(t *testing.T, db *gorm.DB, id int64) models.Meeting {
	t.Helper()
	var m models.Meeting
	if err := db.First(&m, id).Error; err != nil {
		t.Fatalf("load meeting %d: %v", id, err)
	}
	return m
}

func mustMeetingStatus(t *testing.T, db *gorm.DB, actor *models.User, id int64, status string) {
	t.Helper()
	errs, err := models.SetMeetingStatus(ctx, db, actor, id, status, "")
	if err != nil || errs.Any() {
		t.Fatalf("meeting %d to %s: %v %v", id, status, errs, err)
	}
}

// forceMeetingStatus puts a meeting straight into a status, minutes and all, so a test of one
// move does not depend on the moves that lead there.
func forceMeetingStatus(t *testing.T, db *gorm.DB, id int64, status string) {
	t.Helper()
	q := `UPDATE meetings SET status = ?, minutes_published_at = NULL WHERE id = ?`
	if status == models.MeetingMinutesPublished {
		q = `UPDATE meetings SET status = ?, minutes = 'Agreed.', minutes_html = '<p>Agreed.</p>',
			minutes_published_at = now() - interval '1 day' WHERE id = ?`
	}
	if err := db.Exec(q, status, id).Error; err != nil {
		t.Fatalf("force meeting %d to %s: %v", id, status, err)
	}
}

func countRows(t *testing.T, db *gorm.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveBoard(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	first := lastEventID(t, db)
	b, errs, err := models.SaveBoard(ctx, db, staff, 0, models.BoardInput{Name: " Digital Panel ", RefPrefix: " dp "})
	if err != nil || errs.Any() {
		t.Fatalf("save: %v %v", errs, err)
	}
	if b.Slug != "digital-panel" || b.RefPrefix != "DP" || b.Name != "Digital Panel" {
		t.Errorf("board = %+v, want slug digital-panel, prefix DP", b)
	}
	checkEvents(t, eventsAfter(t, db, first), []ev{{verb: models.VerbBoardCreated, actor: staff.ID, subject: "board", subjectID: b.ID, to: "Digital Panel"}})

	for _, tc := range []struct {
		name string
		in   models.BoardInput
		want models.Errors
	}{
		{"slug taken", models.BoardInput{Name: "Digital Panel", RefPrefix: "DX"}, models.Errors{"slug": "error.board_slug.taken"}},
		{"prefix taken", models.BoardInput{Name: "Data Panel", RefPrefix: "dp"}, models.Errors{"ref_prefix": "error.ref_prefix.taken"}},
		{"prefix missing", models.BoardInput{Name: "Data Panel"}, models.Errors{"ref_prefix": "error.ref_prefix.required"}},
		{"prefix with a dash", models.BoardInput{Name: "Data Panel", RefPrefix: "D-P"}, models.Errors{"ref_prefix": "error.ref_prefix.invalid"}},
		{"prefix starting with a digit", models.BoardInput{Name: "Data Panel", RefPrefix: "1DP"}, models.Errors{"ref_prefix": "error.ref_prefix.invalid"}},
		{"prefix too long", models.BoardInput{Name: "Data Panel", RefPrefix: "ABCDEFGHI"}, models.Errors{"ref_prefix": "error.ref_prefix.invalid"}},
		{"name missing", models.BoardInput{RefPrefix: "NN"}, models.Errors{"name": "error.board_name.required"}},
		{"bad slug", models.BoardInput{Name: "Data Panel", Slug: "Data Panel", RefPrefix: "DA"}, models.Errors{"slug": "error.slug.invalid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs, err := models.SaveBoard(ctx, db, staff, 0, tc.in)
			if err != nil || got != nil || !sameErrors(errs, tc.want) {
				t.Errorf("got %v, errors %v %v; want errors %v", got, errs, err, tc.want)
			}
		})
	}
	if n := countRows(t, db, "boards"); n != 1 {
		t.Errorf("%d boards stored, want 1", n)
	}

	_, errs, err = models.SaveBoard(ctx, db, staff, b.ID, models.BoardInput{Name: "Digital Panel", NameCy: "Panel Digidol", RefPrefix: "DP"})
	if err != nil || errs.Any() {
		t.Fatalf("update: %v %v", errs, err)
	}
	if got, err := models.BoardBySlug(ctx, db, "digital-panel"); err != nil || got.NameCy != "Panel Digidol" || got.ID != b.ID {
		t.Errorf("after update: %+v %v", got, err)
	}
	if _, _, err := models.SaveBoard(ctx, db, staff, b.ID+100, models.BoardInput{Name: "Ghost", RefPrefix: "GH"}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("update of a missing board: %v, want ErrNotFound", err)
	}
	if _, err := models.BoardBySlug(ctx, db, "nope"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("BoardBySlug(nope): %v", err)
	}

	// The prefix may change until the board raises its first action, and then it stays: its
	// references must never repeat.
	updated, errs, err := models.SaveBoard(ctx, db, staff, b.ID, models.BoardInput{Name: "Digital Panel", RefPrefix: "DIG"})
	if err != nil || errs.Any() || updated.RefPrefix != "DIG" || updated.CreatedAt.IsZero() {
		t.Fatalf("new prefix before any action: %+v %v %v", updated, errs, err)
	}
	a := mustAction(t, db, staff, models.ActionInput{BoardID: b.ID, Description: "First", OwnerName: "Ann"}, raisedAt)
	first = lastEventID(t, db)
	for _, prefix := range []string{"DP", "XY"} {
		_, errs, err = models.SaveBoard(ctx, db, staff, b.ID, models.BoardInput{Name: "Digital Panel", RefPrefix: prefix})
		if err != nil || !sameErrors(errs, models.Errors{"ref_prefix": "error.ref_prefix.in_use"}) {
			t.Errorf("prefix %s after %s: %v %v", prefix, a.Reference, errs, err)
		}
	}
	if got, _ := models.BoardByID(ctx, db, b.ID); got.RefPrefix != "DIG" || len(eventsAfter(t, db, first)) != 0 {
		t.Errorf("refused prefix change left %q", got.RefPrefix)
	}
	if _, errs, err := models.SaveBoard(ctx, db, staff, b.ID, models.BoardInput{Name: "The Digital Panel", Slug: "digital-panel", RefPrefix: "dig"}); err != nil || errs.Any() {
		t.Errorf("other changes keeping the prefix: %v %v", errs, err)
	}
}

func TestSaveMeetingValidation(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	board := mustBoard(t, db, staff, "Digital Panel", "DP")
	valid := func(change func(*models.MeetingInput)) models.MeetingInput {
		in := meetingOn(board.ID, "June meeting", dateParts(2026, 6, 4), "09:30", "11:00")
		change(&in)
		return in
	}
	for _, tc := range []struct {
		name   string
		in     models.MeetingInput
		want   models.Errors
		stored func(models.Meeting) string // what must hold of the stored meeting; "" if fine
	}{
		{"31 June", valid(func(in *models.MeetingInput) { in.Date = dateParts(2026, 6, 31) }), models.Errors{"date": "error.date.invalid"}, nil},
		{"no date", valid(func(in *models.MeetingInput) { in.Date = models.DateParts{} }), models.Errors{"date": "error.date.required"}, nil},
		{"half a date", valid(func(in *models.MeetingInput) { in.Date.Year = "" }), models.Errors{"date": "error.date.invalid"}, nil},
		{"no start", valid(func(in *models.MeetingInput) { in.StartTime = "" }), models.Errors{"start_time": "error.start_time.required"}, nil},
		{"no end", valid(func(in *models.MeetingInput) { in.EndTime = " " }), models.Errors{"end_time": "error.end_time.required"}, nil},
		{"no times", valid(func(in *models.MeetingInput) { in.StartTime, in.EndTime = "", "" }),
			models.Errors{"start_time": "error.start_time.required", "end_time": "error.end_time.required"}, nil},
		{"start not a time", valid(func(in *models.MeetingInput) { in.StartTime = "half nine" }), models.Errors{"start_time": "error.time.invalid"}, nil},
		{"end before start", valid(func(in *models.MeetingInput) { in.StartTime, in.EndTime = "14:00", "13:00" }), models.Errors{"end_time": "error.end_time.before_start"}, nil},
		{"end equal to start", valid(func(in *models.MeetingInput) { in.EndTime = "9.30" }), models.Errors{"end_time": "error.end_time.before_start"}, nil},
		{"start in the spring clock change", valid(func(in *models.MeetingInput) {
			in.Date, in.StartTime, in.EndTime = dateParts(2026, 3, 29), "01:30", "03:00"
		}), models.Errors{"start_time": "error.time.clock_change"}, nil},
		{"end in the spring clock change", valid(func(in *models.MeetingInput) {
			in.Date, in.StartTime, in.EndTime = dateParts(2026, 3, 29), "00:30", "01:15"
		}), models.Errors{"end_time": "error.time.clock_change"}, nil},
		{"no title", valid(func(in *models.MeetingInput) { in.Title = "  " }), models.Errors{"title": "error.meeting_title.required"}, nil},
		{"title too long", valid(func(in *models.MeetingInput) { in.Title = strings.Repeat("a", 201) }), models.Errors{"title": "error.meeting_title.too_long"}, nil},
		{"no board", valid(func(in *models.MeetingInput) { in.BoardID = 0 }), models.Errors{"board_id": "error.board_id.required"}, nil},
		{"unknown board", valid(func(in *models.MeetingInput) { in.BoardID = board.ID + 100 }), models.Errors{"board_id": "error.board_id.required"}, nil},
		{"postcode of digits", valid(func(in *models.MeetingInput) { in.Postcode = "12345" }), models.Errors{"postcode": "error.postcode.invalid"}, nil},
		{"postcode without inward part", valid(func(in *models.MeetingInput) { in.Postcode = "CF10" }), models.Errors{"postcode": "error.postcode.invalid"}, nil},
		{"postcode too long", valid(func(in *models.MeetingInput) { in.Postcode = "CF10  1AA 1" }), models.Errors{"postcode": "error.postcode.too_long"}, nil},
		{"URL without scheme", valid(func(in *models.MeetingInput) { in.OnlineURL = "meet.example.org/abc" }), models.Errors{"online_url": "error.online_url.invalid"}, nil},
		{"javascript URL", valid(func(in *models.MeetingInput) { in.OnlineURL = "javascript:alert(1)" }), models.Errors{"online_url": "error.online_url.invalid"}, nil},
		{"ftp URL", valid(func(in *models.MeetingInput) { in.OnlineURL = "ftp://files.example.org/" }), models.Errors{"online_url": "error.online_url.invalid"}, nil},
		{"URL without host", valid(func(in *models.MeetingInput) { in.OnlineURL = "https://" }), models.Errors{"online_url": "error.online_url.invalid"}, nil},
		{"control characters", valid(func(in *models.MeetingInput) { in.Location = "Room\x001" }), models.Errors{"location": "error.control_chars"}, nil},

		{"valid, lower-case postcode", valid(func(in *models.MeetingInput) { in.Postcode = " cf10 1aa " }), nil,
			func(m models.Meeting) string { return failUnless(m.Postcode == "CF10 1AA", "postcode %q", m.Postcode) }},
		{"valid, postcode without a space", valid(func(in *models.MeetingInput) { in.Postcode = "SW1A1AA" }), nil,
			func(m models.Meeting) string { return failUnless(m.Postcode == "SW1A1AA", "postcode %q", m.Postcode) }},
		{"valid, online", valid(func(in *models.MeetingInput) { in.OnlineURL = "https://meet.example.org/digital?pwd=1" }), nil,
			func(m models.Meeting) string {
				return failUnless(m.OnlineURL == "https://meet.example.org/digital?pwd=1", "url %q", m.OnlineURL)
			}},
		{"valid, minutes rendered", valid(func(in *models.MeetingInput) { in.Minutes = "**Agreed** <script>x</script>" }), nil,
			func(m models.Meeting) string {
				return failUnless(strings.Contains(m.MinutesHTML, "<strong>Agreed</strong>") && !strings.Contains(m.MinutesHTML, "<script"), "minutes %q", m.MinutesHTML)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := countRows(t, db, "meetings")
			m, errs, err := models.SaveMeeting(ctx, db, staff, 0, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !sameErrors(errs, tc.want) {
				t.Fatalf("errors %v, want %v", errs, tc.want)
			}
			after := countRows(t, db, "meetings")
			if tc.want != nil {
				if m != nil || after != before {
					t.Errorf("refused input returned %v and stored %d meetings", m, after-before)
				}
				return
			}
			if m == nil || m.ID == 0 || after != before+1 {
				t.Fatalf("valid input returned %v and stored %d meetings", m, after-before)
			}
			if msg := tc.stored(loadMeeting(t, db, m.ID)); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func failUnless(ok bool, format string, args ...any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

// TestSaveMeetingStoresLondonTime types times as staff in the UK would and checks the instant
// stored, across both clock changes.
func TestSaveMeetingStoresLondonTime(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	board := mustBoard(t, db, staff, "Digital Panel", "DP")
	for _, tc := range []struct {
		name               string
		day                models.DateParts
		start, end         string
		wantStart, wantEnd string // UTC
	}{
		{"July is BST", dateParts(2026, 7, 14), "09:30", "11:00", "2026-07-14T08:30:00Z", "2026-07-14T10:00:00Z"},
		{"January is GMT", dateParts(2026, 1, 14), "09:30", "11:00", "2026-01-14T09:30:00Z", "2026-01-14T11:00:00Z"},
		{"evening past midnight UTC", dateParts(2026, 6, 30), "18:00", "23:59", "2026-06-30T17:00:00Z", "2026-06-30T22:59:00Z"},
		{"spring forward, after the gap", dateParts(2026, 3, 29), "00:30", "03:00", "2026-03-29T00:30:00Z", "2026-03-29T02:00:00Z"},
		{"fall back, the repeated hour is BST", dateParts(2026, 10, 25), "01:30", "02:30", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z"},
		{"fall back, across the repeated hour", dateParts(2026, 10, 25), "00:30", "01:15", "2026-10-24T23:30:00Z", "2026-10-25T00:15:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mustMeeting(t, db, staff, meetingOn(board.ID, tc.name, tc.day, tc.start, tc.end))
			got := loadMeeting(t, db, m.ID)
			if s, e := got.StartsAt.UTC().Format(time.RFC3339), got.EndsAt.UTC().Format(time.RFC3339); s != tc.wantStart || e != tc.wantEnd {
				t.Errorf("stored %s to %s, want %s to %s", s, e, tc.wantStart, tc.wantEnd)
			}
			in := got.InputOf()
			if in.Date != tc.day || in.StartTime != tc.start || in.EndTime != tc.end {
				t.Errorf("edit form shows %v %s-%s, want %v %s-%s", in.Date, in.StartTime, in.EndTime, tc.day, tc.start, tc.end)
			}
			// Saving the form as shown must not move the meeting.
			if _, errs, err := models.SaveMeeting(ctx, db, staff, m.ID, in); err != nil || errs.Any() {
				t.Fatalf("resave: %v %v", errs, err)
			}
			again := loadMeeting(t, db, m.ID)
			if !again.StartsAt.Equal(got.StartsAt) || !again.EndsAt.Equal(got.EndsAt) {
				t.Errorf("resaving moved the meeting from %v to %v", got.StartsAt, again.StartsAt)
			}
		})
	}
}

func TestSaveMeetingUpdates(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	board := mustBoard(t, db, staff, "Digital Panel", "DP")
	other := mustBoard(t, db, staff, "Standards Board", "SB")
	first := lastEventID(t, db)
	m := mustMeeting(t, db, staff, meetingOn(board.ID, "June meeting", dateParts(2026, 6, 4), "09:30", "11:00"))
	created := loadMeeting(t, db, m.ID)
	if created.Status != models.MeetingPlanned || created.Sequence != 0 || created.MinutesPublishedAt != nil {
		t.Errorf("new meeting: status %q sequence %d published %v", created.Status, created.Sequence, created.MinutesPublishedAt)
	}
	if m.Status != models.MeetingPlanned {
		t.Errorf("SaveMeeting returned status %q, want planned", m.Status)
	}

	in := meetingOn(other.ID, "June meeting (moved)", dateParts(2026, 6, 5), "10:00", "12:00")
	in.Location, in.Attendees, in.Apologies = "Room 1", "Ann\n\n Bob \n", "Cai"
	updated, errs, err := models.SaveMeeting(ctx, db, staff, m.ID, in)
	if err != nil || errs.Any() {
		t.Fatalf("update: %v %v", errs, err)
	}
	got := loadMeeting(t, db, m.ID)
	if got.Title != "June meeting (moved)" || got.BoardID != other.ID || got.Sequence != 1 || got.Location != "Room 1" ||
		got.StartsAt.UTC().Format(time.RFC3339) != "2026-06-05T09:00:00Z" {
		t.Errorf("after update: %+v", got)
	}
	if !slices.Equal(got.AttendeeList(), []string{"Ann", "Bob"}) || !slices.Equal(got.ApologyList(), []string{"Cai"}) {
		t.Errorf("attendees %q apologies %q", got.AttendeeList(), got.ApologyList())
	}
	if updated.ID != m.ID || updated.Status != models.MeetingPlanned || updated.Sequence != 1 {
		t.Errorf("SaveMeeting returned %+v, want the meeting as stored", updated)
	}
	if _, errs, err := models.SaveMeeting(ctx, db, staff, m.ID, in); err != nil || errs.Any() {
		t.Fatalf("second update: %v %v", errs, err)
	}
	if got := loadMeeting(t, db, m.ID); got.Sequence != 2 {
		t.Errorf("sequence %d after two updates, want 2", got.Sequence)
	}
	checkEvents(t, eventsAfter(t, db, first), []ev{
		{verb: models.VerbMeetingCreated, actor: staff.ID, subject: "meeting", subjectID: m.ID, to: "June meeting"},
		{verb: models.VerbMeetingUpdated, actor: staff.ID, subject: "meeting", subjectID: m.ID, to: "June meeting (moved)"},
		{verb: models.VerbMeetingUpdated, actor: staff.ID, subject: "meeting", subjectID: m.ID, to: "June meeting (moved)"},
	})

	// Published minutes cannot be changed (here, emptied) by an edit.
	in.Minutes = "Agreed."
	if _, errs, err := models.SaveMeeting(ctx, db, staff, m.ID, in); err != nil || errs.Any() {
		t.Fatalf("add minutes: %v %v", errs, err)
	}
	mustMeetingStatus(t, db, staff, m.ID, models.MeetingHeld)
	mustMeetingStatus(t, db, staff, m.ID, models.MeetingMinutesPublished)
	in.Minutes = "  "
	before := lastEventID(t, db)
	if _, errs, err := models.SaveMeeting(ctx, db, staff, m.ID, in); err != nil || !sameErrors(errs, models.Errors{"minutes": "error.minutes.published_locked"}) {
		t.Errorf("emptying published minutes: %v %v", errs, err)
	}
	if got := loadMeeting(t, db, m.ID); got.Minutes != "Agreed." || len(eventsAfter(t, db, before)) != 0 {
		t.Errorf("refused edit changed the meeting: minutes %q", got.Minutes)
	}

	if _, _, err := models.SaveMeeting(ctx, db, staff, m.ID+100, in); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("update of a missing meeting: %v, want ErrNotFound", err)
	}
}

// TestMeetingStatusFlow tries every move from every status.
func TestMeetingStatusFlow(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	board := mustBoard(t, db, staff, "Digital Panel", "DP")
	allowed := map[[2]string]bool{
		{models.MeetingPlanned, models.MeetingHeld}:          true,
		{models.MeetingPlanned, models.MeetingCancelled}:     true,
		{models.MeetingHeld, models.MeetingMinutesPublished}: true,
		{models.MeetingHeld, models.MeetingPlanned}:          true,
		{models.MeetingMinutesPublished, models.MeetingHeld}: true,
		{models.MeetingCancelled, models.MeetingPlanned}:     true,
	}
	for _, from := range models.MeetingStatuses {
		for _, to := range append(slices.Clone(models.MeetingStatuses), "adjourned", "") {
			if from == to {
				continue
			}
			t.Run(from+" to "+to, func(t *testing.T) {
				m := mustMeeting(t, db, staff, meetingOn(board.ID, from+" to "+to, dateParts(2026, 6, 4), "09:30", "11:00"))
				if _, errs, err := models.SaveMeeting(ctx, db, staff, m.ID, func() models.MeetingInput {
					in := m.InputOf()
					in.Minutes = "Agreed."
					return in
				}()); err != nil || errs.Any() {
					t.Fatalf("minutes: %v %v", errs, err)
				}
				forceMeetingStatus(t, db, m.ID, from)
				before := loadMeeting(t, db, m.ID)
				first := lastEventID(t, db)

				errs, err := models.SetMeetingStatus(ctx, db, staff, m.ID, to, "Because.")
				if err != nil {
					t.Fatal(err)
				}
				after := loadMeeting(t, db, m.ID)
				events := eventsAfter(t, db, first)
				if !allowed[[2]string{from, to}] {
					if !sameErrors(errs, models.Errors{"status": "error.meeting_status.invalid"}) {
						t.Errorf("errors %v, want the move refused", errs)
					}
					if after.Status != from || after.Sequence != before.Sequence || len(events) != 0 {
						t.Errorf("refused move left status %q sequence %d and %d events", after.Status, after.Sequence, len(events))
					}
					return
				}
				if errs.Any() {
					t.Fatalf("errors %v", errs)
				}
				if after.Status != to || after.Sequence != before.Sequence+1 {
					t.Errorf("status %q sequence %d, want %q and %d", after.Status, after.Sequence, to, before.Sequence+1)
				}
				switch {
				case to == models.MeetingMinutesPublished:
					if after.MinutesPublishedAt == nil || time.Since(*after.MinutesPublishedAt) > time.Minute {
						t.Errorf("minutes_published_at %v, want now", after.MinutesPublishedAt)
					}
				case after.MinutesPublishedAt != nil:
					t.Errorf("minutes_published_at %v, want none", after.MinutesPublishedAt)
				}
				checkEvents(t, events, []ev{{verb: models.VerbMeetingStatusChanged, actor: staff.ID, subject: "meeting",
					subjectID: m.ID, from: from, to: to, reason: "Because."}})
			})
		}
	}

	t.Run("same status is no change", func(t *testing.T) {
		m := mustMeeting(t, db, staff, meetingOn(board.ID, "Same", dateParts(2026, 6, 4), "09:30", "11:00"))
		first := lastEventID(t, db)
		errs, err := models.SetMeetingStatus(ctx, db, staff, m.ID, models.MeetingPlanned, "")
		if err != nil || errs.Any() {
			t.Fatalf("%v %v", errs, err)
		}
		if got := loadMeeting(t, db, m.ID); got.Sequence != 0 || len(eventsAfter(t, db, first)) != 0 {
			t.Errorf("sequence %d, %d events; want nothing to change", got.Sequence, len(eventsAfter(t, db, first)))
		}
	})

	t.Run("minutes needed to publish them", func(t *testing.T) {
		m := mustMeeting(t, db, staff, meetingOn(board.ID, "No minutes", dateParts(2026, 6, 4), "09:30", "11:00"))
		mustMeetingStatus(t, db, staff, m.ID, models.MeetingHeld)
		first := lastEventID(t, db)
		errs, err := models.SetMeetingStatus(ctx, db, staff, m.ID, models.MeetingMinutesPublished, "")
		if err != nil || !sameErrors(errs, models.Errors{"status": "error.meeting_status.no_minutes"}) {
			t.Errorf("publish without minutes: %v %v", errs, err)
		}
		if got := loadMeeting(t, db, m.ID); got.Status != models.MeetingHeld || got.MinutesPublishedAt != nil || len(eventsAfter(t, db, first)) != 0 {
			t.Errorf("refused publication left status %q published %v", got.Status, got.MinutesPublishedAt)
		}
	})

	t.Run("published, withdrawn and published again", func(t *testing.T) {
		in := meetingOn(board.ID, "Round trip", dateParts(2026, 6, 4), "09:30", "11:00")
		in.Minutes = "Agreed."
		m := mustMeeting(t, db, staff, in)
		first := lastEventID(t, db)
		for _, s := range []string{models.MeetingHeld, models.MeetingMinutesPublished, models.MeetingHeld, models.MeetingMinutesPublished} {
			mustMeetingStatus(t, db, staff, m.ID, s)
			got := loadMeeting(t, db, m.ID)
			if (got.MinutesPublishedAt != nil) != (s == models.MeetingMinutesPublished) {
				t.Errorf("at %s minutes_published_at is %v", s, got.MinutesPublishedAt)
			}
		}
		if got := loadMeeting(t, db, m.ID); got.Sequence != 4 || len(eventsAfter(t, db, first)) != 4 {
			t.Errorf("sequence %d and %d events after four moves", got.Sequence, len(eventsAfter(t, db, first)))
		}
	})

	t.Run("reason too long", func(t *testing.T) {
		m := mustMeeting(t, db, staff, meetingOn(board.ID, "Long reason", dateParts(2026, 6, 4), "09:30", "11:00"))
		errs, err := models.SetMeetingStatus(ctx, db, staff, m.ID, models.MeetingCancelled, strings.Repeat("x", 501))
		if err != nil || !sameErrors(errs, models.Errors{"reason": "error.reason.too_long"}) {
			t.Errorf("%v %v", errs, err)
		}
		if got := loadMeeting(t, db, m.ID); got.Status != models.MeetingPlanned {
			t.Errorf("status %q", got.Status)
		}
	})

	t.Run("missing meeting", func(t *testing.T) {
		if _, err := models.SetMeetingStatus(ctx, db, staff, 999999, models.MeetingHeld, ""); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("%v, want ErrNotFound", err)
		}
	})

	for _, s := range models.MeetingStatuses {
		for _, next := range models.NextMeetingStatuses(s) {
			if !allowed[[2]string{s, next}] {
				t.Errorf("NextMeetingStatuses(%s) offers %s", s, next)
			}
		}
	}
}

func TestListMeetings(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	sb := mustBoard(t, db, staff, "Standards Board", "SB")
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, models.London)
	at := func(days, hours int) time.Time { return now.AddDate(0, 0, days).Add(time.Duration(hours) * time.Hour) }
	long := mustMeetingAt(t, db, staff, dp.ID, "long ago", at(-400, 0))
	lastMonth := mustMeetingAt(t, db, staff, dp.ID, "last month", at(-30, 0))
	yesterday := mustMeetingAt(t, db, staff, sb.ID, "yesterday", at(-1, 0))
	justEnded := mustMeetingAt(t, db, staff, dp.ID, "just ended", at(0, -1).Add(-time.Minute))
	ongoing := mustMeetingAt(t, db, staff, dp.ID, "ongoing", at(0, 0).Add(-30*time.Minute))
	tomorrow := mustMeetingAt(t, db, staff, sb.ID, "tomorrow", at(1, 0))
	nextWeek := mustMeetingAt(t, db, staff, dp.ID, "next week", at(7, 0))
	cancelled := mustMeetingAt(t, db, staff, dp.ID, "cancelled", at(3, 0))
	mustMeetingStatus(t, db, staff, cancelled.ID, models.MeetingCancelled)

	ids := func(ms []models.Meeting) []int64 {
		var out []int64
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		q     models.MeetingQuery
		want  []int64
		total int64
	}{
		{"upcoming, soonest first", models.MeetingQuery{}, []int64{ongoing.ID, tomorrow.ID, cancelled.ID, nextWeek.ID}, 4},
		{"past, latest first", models.MeetingQuery{Past: true}, []int64{justEnded.ID, yesterday.ID, lastMonth.ID, long.ID}, 4},
		{"upcoming of one board", models.MeetingQuery{Board: "standards-board"}, []int64{tomorrow.ID}, 1},
		{"past of one board", models.MeetingQuery{Board: "digital-panel", Past: true}, []int64{justEnded.ID, lastMonth.ID, long.ID}, 3},
		{"unknown board", models.MeetingQuery{Board: "nope"}, nil, 0},
		{"a board slug of rubbish", models.MeetingQuery{Board: "\x00\xff"}, nil, 0},
		{"first page", models.MeetingQuery{Past: true, Limit: 3}, []int64{justEnded.ID, yesterday.ID, lastMonth.ID}, 4},
		{"second page", models.MeetingQuery{Past: true, Limit: 3, Page: 2}, []int64{long.ID}, 4},
		{"past the last page", models.MeetingQuery{Past: true, Limit: 3, Page: 3}, nil, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := models.ListMeetings(ctx, db, tc.q, now)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(page.Meetings), tc.want) || page.Total != tc.total {
				t.Errorf("got %v total %d, want %v total %d", ids(page.Meetings), page.Total, tc.want, tc.total)
			}
			for _, m := range page.Meetings {
				if m.Board == nil || m.Board.ID != m.BoardID {
					t.Errorf("meeting %d without its board", m.ID)
				}
			}
		})
	}

	cal, err := models.MeetingsForCalendar(ctx, db, dp.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(cal), []int64{lastMonth.ID, justEnded.ID, ongoing.ID, cancelled.ID, nextWeek.ID}; !slices.Equal(got, want) {
		t.Errorf("calendar of the digital panel: %v, want %v", got, want)
	}
	cal, err = models.MeetingsForCalendar(ctx, db, 0, now)
	if err != nil || len(cal) != 7 {
		t.Errorf("calendar of every board: %d meetings %v, want 7", len(cal), err)
	}
}

// TestMeetingRulesOfRecord: a meeting is held only once it has begun, and a meeting whose
// actions are in its board's log cannot move to another board.
func TestMeetingRulesOfRecord(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	sb := mustBoard(t, db, staff, "Standards Board", "SB")

	// Whether a meeting has begun is read from the models' clock, fixed here (a Thursday noon in
	// June, long past) so the meetings are next week and this morning whatever day the test runs.
	now := time.Date(2026, time.June, 11, 12, 0, 0, 0, models.London)
	ctx := models.WithClock(ctx, func() time.Time { return now })
	soon := mustMeetingAt(t, db, staff, dp.ID, "Next week", now.AddDate(0, 0, 7))
	errs, err := models.SetMeetingStatus(ctx, db, staff, soon.ID, models.MeetingHeld, "")
	if err != nil || errs["status"] != "error.meeting_status.not_started" {
		t.Errorf("holding a meeting before it starts: %v %v", errs, err)
	}
	if got := loadMeeting(t, db, soon.ID).Status; got != models.MeetingPlanned {
		t.Errorf("after a refused move the meeting is %s", got)
	}
	mustMeetingStatus(t, db, staff, soon.ID, models.MeetingCancelled) // cancelling in advance is fine

	begun := mustMeetingAt(t, db, staff, dp.ID, "This morning", earlierToday(now, 30*time.Minute))
	if errs, err := models.SetMeetingStatus(ctx, db, staff, begun.ID, models.MeetingHeld, ""); err != nil || errs.Any() {
		t.Fatalf("holding a meeting that has begun: %v %v", errs, err)
	}

	// Before any action, a meeting can be moved to another board (a mistake corrected)…
	in := begun.InputOf()
	in.BoardID = sb.ID
	if _, errs, err := models.SaveMeeting(ctx, db, staff, begun.ID, in); err != nil || errs.Any() {
		t.Fatalf("moving a meeting with no actions: %v %v", errs, err)
	}
	in.BoardID = dp.ID
	if _, errs, err := models.SaveMeeting(ctx, db, staff, begun.ID, in); err != nil || errs.Any() {
		t.Fatalf("moving it back: %v %v", errs, err)
	}
	// …but not once an action has been raised at it.
	item, errs, err := models.AddAgendaItem(ctx, db, staff, begun.ID, models.AgendaItemInput{Title: "Roadmap"})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	mustAction(t, db, staff, models.ActionInput{AgendaItemID: item.ID, Description: "Publish it", OwnerName: "Ann"}, now)
	in.BoardID = sb.ID
	_, errs, err = models.SaveMeeting(ctx, db, staff, begun.ID, in)
	if err != nil || errs["board_id"] != "error.board_id.has_actions" {
		t.Errorf("moving a meeting with an action: %v %v", errs, err)
	}
	if got := loadMeeting(t, db, begun.ID).BoardID; got != dp.ID {
		t.Errorf("the meeting moved to board %d", got)
	}
}
