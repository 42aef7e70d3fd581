package app_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"github.com/syniad/syniad/models"
)

// The feeds are read back with go-ical, a parser written without sight of ours, and compared
// with what the database holds.

// calendarFixture is an app with a staff member and two boards.
type calendarFixture struct {
	*testApp
	staff     *models.User
	panel     *models.Board
	standards *models.Board
}

// calendarNow is the fixed time the calendar tests' app runs at (a Wednesday in November 2026),
// so that which meetings the feeds' year of history holds, and each file's DTSTAMP, do not
// depend on when the tests run.
var calendarNow = time.Date(2026, time.November, 4, 12, 0, 0, 0, models.London)

func newCalendarFixture(t *testing.T) *calendarFixture {
	t.Helper()
	ta := newTestApp(t, fixedClock(calendarNow))
	ctx := t.Context()
	u, err := models.SignIn(ctx, ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "clerk", Handle: "clerk"})
	if err != nil {
		t.Fatal(err)
	}
	if u, err = models.GrantRole(ctx, ta.DB, nil, u.Handle, models.RoleStaff); err != nil {
		t.Fatal(err)
	}
	f := &calendarFixture{testApp: ta, staff: u}
	f.panel = f.board("digital-panel", "Digital Panel", "Panel Digidol", "DP")
	f.standards = f.board("standards", "Standards Board", "Bwrdd Safonau", "SB")
	return f
}

func (f *calendarFixture) board(slug, name, nameCy, prefix string) *models.Board {
	f.t.Helper()
	b, errs, err := models.SaveBoard(f.t.Context(), f.DB, f.staff, 0,
		models.BoardInput{Slug: slug, Name: name, NameCy: nameCy, RefPrefix: prefix})
	if err != nil || errs.Any() {
		f.t.Fatalf("save board %s: %v %v", slug, errs, err)
	}
	return b
}

// meeting saves a meeting and returns it as the database now holds it.
func (f *calendarFixture) meeting(in models.MeetingInput) *models.Meeting {
	f.t.Helper()
	if in.BoardID == 0 {
		in.BoardID = f.panel.ID
	}
	m, errs, err := models.SaveMeeting(f.t.Context(), f.DB, f.staff, 0, in)
	if err != nil || errs.Any() {
		f.t.Fatalf("save meeting %q: %v %v", in.Title, errs, err)
	}
	return f.reload(m.ID)
}

func (f *calendarFixture) reload(id int64) *models.Meeting {
	f.t.Helper()
	m, err := models.MeetingByID(f.t.Context(), f.DB, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

func on(day, month, year int) models.DateParts {
	return models.DateParts{Day: strconv.Itoa(day), Month: strconv.Itoa(month), Year: strconv.Itoa(year)}
}

// calendar fetches a feed, checks its headers and content lines, and parses it.
func (f *calendarFixture) calendar(path, filename string) (string, *ical.Calendar) {
	f.t.Helper()
	res, body := f.client().get(path)
	if res.StatusCode != http.StatusOK {
		f.t.Fatalf("GET %s: status %d\n%s", path, res.StatusCode, body)
	}
	for header, want := range map[string]string{
		"Content-Type":        "text/calendar; charset=utf-8",
		"Content-Disposition": `inline; filename="` + filename + `"`,
		"Cache-Control":       "public, max-age=300",
	} {
		if got := res.Header.Get(header); got != want {
			f.t.Errorf("GET %s: %s = %q, want %q", path, header, got, want)
		}
	}
	if ck := res.Header.Values("Set-Cookie"); len(ck) > 0 {
		f.t.Errorf("GET %s: a public, cacheable feed sets cookies: %q", path, ck)
	}
	checkContentLines(f.t, body)
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		f.t.Fatalf("GET %s: parse: %v\n%s", path, err, body)
	}
	for prop, want := range map[string]string{
		"VERSION": "2.0", "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH", "PRODID": "-//Syniad//Meetings//EN",
	} {
		if p := cal.Props.Get(prop); p == nil || p.Value != want {
			f.t.Errorf("GET %s: %s = %v, want %q", path, prop, p, want)
		}
	}
	return body, cal
}

// checkContentLines checks the framing of RFC 5545 3.1: every line ends in CRLF, no line is
// longer than 75 octets, and no fold splits a UTF-8 character.
func checkContentLines(t *testing.T, body string) {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Errorf("calendar does not end in CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a character: %q", i+1, line)
		}
	}
}

func eventsByUID(t *testing.T, cal *ical.Calendar) map[string]ical.Event {
	t.Helper()
	out := map[string]ical.Event{}
	for _, ev := range cal.Events() {
		uid := ev.Props.Get("UID")
		if uid == nil {
			t.Fatalf("event without UID: %v", ev.Props)
		}
		if _, dup := out[uid.Value]; dup {
			t.Errorf("UID %s appears twice", uid.Value)
		}
		out[uid.Value] = ev
	}
	return out
}

func uid(m *models.Meeting) string { return "meeting-" + strconv.FormatInt(m.ID, 10) + "@localhost" }

// eventTime reads DTSTART or DTEND. go-ical resolves TZID with time.LoadLocation, and Go takes
// the second of two instants that share a wall-clock time in October; RFC 5545 3.3.5 says
// such a time means the first, so that is how it is read here.
func eventTime(t *testing.T, ev ical.Event, name string) time.Time {
	t.Helper()
	p := ev.Props.Get(name)
	if p == nil {
		t.Fatalf("event has no %s", name)
	}
	at, err := p.DateTime(nil)
	if err != nil {
		t.Fatalf("%s %q: %v", name, p.Value, err)
	}
	if p.Params.Get("TZID") != "" {
		if first := at.Add(-time.Hour); first.Format("15:04:05") == at.Format("15:04:05") {
			at = first
		}
	}
	return at
}

func text(t *testing.T, ev ical.Event, name string) string {
	t.Helper()
	if ev.Props.Get(name) == nil {
		t.Fatalf("event has no %s", name)
	}
	s, err := ev.Props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// checkEvent compares an event with the meeting the database holds.
func checkEvent(t *testing.T, ev ical.Event, m *models.Meeting) {
	t.Helper()
	page := "http://localhost:3000/meetings/" + strconv.FormatInt(m.ID, 10)
	if got := eventTime(t, ev, "DTSTART"); !got.Equal(m.StartsAt) {
		t.Errorf("%s: DTSTART is %s, database has %s", m.Title, got.UTC(), m.StartsAt.UTC())
	}
	if got := eventTime(t, ev, "DTEND"); !got.Equal(m.EndsAt) {
		t.Errorf("%s: DTEND is %s, database has %s", m.Title, got.UTC(), m.EndsAt.UTC())
	}
	for _, name := range []string{"DTSTART", "DTEND"} {
		if tz := ev.Props.Get(name).Params.Get("TZID"); tz != "Europe/London" {
			t.Errorf("%s: %s TZID is %q", m.Title, name, tz)
		}
	}
	summary := m.Board.Name + ": " + m.Title
	if m.TitleCy != "" && m.TitleCy != m.Title {
		summary += " (" + m.TitleCy + ")"
	}
	status := "CONFIRMED"
	if m.Status == models.MeetingCancelled {
		summary, status = "Cancelled: "+summary, "CANCELLED"
	}
	if got := text(t, ev, "SUMMARY"); got != summary {
		t.Errorf("SUMMARY is %q, want %q", got, summary)
	}
	if got := ev.Props.Get("STATUS").Value; got != status {
		t.Errorf("%s: STATUS is %q, want %q", m.Title, got, status)
	}
	desc := text(t, ev, "DESCRIPTION")
	for _, part := range []string{m.Description, m.DescriptionCy, "Meeting page: " + page} {
		if !strings.Contains(desc, part) {
			t.Errorf("%s: DESCRIPTION %q lacks %q", m.Title, desc, part)
		}
	}
	if m.OnlineURL != "" && !strings.Contains(desc, "Join online: "+m.OnlineURL) {
		t.Errorf("%s: DESCRIPTION %q lacks the online link", m.Title, desc)
	}
	if got := ev.Props.Get("URL").Value; got != page {
		t.Errorf("%s: URL is %q, want %q", m.Title, got, page)
	}
	if got, err := ev.Props.Get("SEQUENCE").Int(); err != nil || got != m.Sequence {
		t.Errorf("%s: SEQUENCE is %d (%v), database has %d", m.Title, got, err, m.Sequence)
	}
	if got, err := ev.Props.DateTime("LAST-MODIFIED", nil); err != nil || !got.Equal(m.UpdatedAt.Truncate(time.Second)) {
		t.Errorf("%s: LAST-MODIFIED is %s (%v), database has %s", m.Title, got, err, m.UpdatedAt)
	}
	if p := ev.Props.Get("DTSTAMP"); p == nil || !strings.HasSuffix(p.Value, "Z") {
		t.Errorf("%s: DTSTAMP %v is not in UTC", m.Title, p)
	} else if at, _ := p.DateTime(nil); !at.Equal(calendarNow) {
		t.Errorf("%s: DTSTAMP %s is not the time of the request, %s", m.Title, at, calendarNow.UTC())
	}
}

func TestCalendarTimesAcrossClockChanges(t *testing.T) {
	t.Parallel()
	f := newCalendarFixture(t)
	utc := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, time.UTC)
	}
	cases := []struct {
		name                 string
		day, month           int
		start, end           string
		wantStart, wantEnd   time.Time
		localStart, localEnd string // DTSTART and DTEND as written
	}{
		{"day before summer time", 28, 3, "09:30", "11:00", utc(3, 28, 9, 30), utc(3, 28, 11, 0), "20260328T093000", "20260328T110000"},
		{"across the spring change", 29, 3, "00:30", "03:00", utc(3, 29, 0, 30), utc(3, 29, 2, 0), "20260329T003000", "20260329T030000"},
		{"day after summer time", 30, 3, "09:30", "11:00", utc(3, 30, 8, 30), utc(3, 30, 10, 0), "20260330T093000", "20260330T110000"},
		{"day before winter time", 24, 10, "09:30", "11:00", utc(10, 24, 8, 30), utc(10, 24, 10, 0), "20261024T093000", "20261024T110000"},
		{"winter time's first morning", 25, 10, "09:30", "11:00", utc(10, 25, 9, 30), utc(10, 25, 11, 0), "20261025T093000", "20261025T110000"},
		{"the hour passed twice", 25, 10, "01:30", "02:30", utc(10, 25, 0, 30), utc(10, 25, 2, 30), "20261025T013000", "20261025T023000"},
	}
	meetings := make([]*models.Meeting, len(cases))
	for i, tc := range cases {
		m := f.meeting(models.MeetingInput{Title: tc.name, Date: on(tc.day, tc.month, 2026), StartTime: tc.start, EndTime: tc.end})
		if !m.StartsAt.Equal(tc.wantStart) || !m.EndsAt.Equal(tc.wantEnd) {
			t.Fatalf("%s: the database holds %s–%s, want %s–%s (a models bug)", tc.name,
				m.StartsAt.UTC(), m.EndsAt.UTC(), tc.wantStart, tc.wantEnd)
		}
		meetings[i] = m
	}

	_, feed := f.calendar("/meetings.ics", "meetings.ics")
	inFeed := eventsByUID(t, feed)
	for i, tc := range cases {
		m := meetings[i]
		t.Run(tc.name, func(t *testing.T) {
			id := strconv.FormatInt(m.ID, 10)
			_, one := f.calendar("/meetings/"+id+".ics", "meeting-"+id+".ics")
			events := one.Events()
			if len(events) != 1 {
				t.Fatalf("one meeting's calendar has %d events", len(events))
			}
			checkEvent(t, events[0], m)
			if got := eventTime(t, events[0], "DTSTART"); !got.Equal(tc.wantStart) {
				t.Errorf("DTSTART is %s, want %s", got.UTC(), tc.wantStart)
			}
			if got := eventTime(t, events[0], "DTEND"); !got.Equal(tc.wantEnd) {
				t.Errorf("DTEND is %s, want %s", got.UTC(), tc.wantEnd)
			}
			if got := events[0].Props.Get("DTSTART").Value; got != tc.localStart {
				t.Errorf("DTSTART written as %s, want London time %s", got, tc.localStart)
			}
			if got := events[0].Props.Get("DTEND").Value; got != tc.localEnd {
				t.Errorf("DTEND written as %s, want London time %s", got, tc.localEnd)
			}
			// The feed keeps a year of history, which on the fixture's day holds all of 2026.
			ev, ok := inFeed[uid(m)]
			if !ok {
				t.Fatalf("%s is missing from /meetings.ics", uid(m))
			}
			checkEvent(t, ev, m)
		})
	}
}

// Staff cannot type a time in the second pass of October's repeated hour (it means the
// first), but the database can hold one; London time cannot say it, so it goes out in UTC.
func TestCalendarSecondPassOfTheRepeatedHour(t *testing.T) {
	t.Parallel()
	f := newCalendarFixture(t)
	m := f.meeting(models.MeetingInput{Title: "Night shift", Date: on(25, 10, 2026), StartTime: "00:30", EndTime: "03:00"})
	start := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC) // 01:30 GMT, after 01:30 BST
	if err := f.DB.Exec("UPDATE meetings SET starts_at = ? WHERE id = ?", start, m.ID).Error; err != nil {
		t.Fatal(err)
	}
	m = f.reload(m.ID)
	id := strconv.FormatInt(m.ID, 10)
	_, cal := f.calendar("/meetings/"+id+".ics", "meeting-"+id+".ics")
	ev := cal.Events()[0]
	p := ev.Props.Get("DTSTART")
	if p.Value != "20261025T013000Z" || p.Params.Get("TZID") != "" {
		t.Errorf("DTSTART written as %v %s, want 20261025T013000Z", p.Params, p.Value)
	}
	if got := eventTime(t, ev, "DTSTART"); !got.Equal(start) {
		t.Errorf("DTSTART is %s, want %s", got.UTC(), start)
	}
	if got := eventTime(t, ev, "DTEND"); !got.Equal(m.EndsAt) {
		t.Errorf("DTEND is %s, want %s", got.UTC(), m.EndsAt.UTC())
	}
}

// The VTIMEZONE must describe the same clock changes as the time zone database, or a client
// that trusts it over its own rules would put meetings an hour out.
func TestCalendarTimezoneMatchesLondon(t *testing.T) {
	t.Parallel()
	f := newCalendarFixture(t)
	_, cal := f.calendar("/meetings.ics", "meetings.ics")
	var zone *ical.Component
	for _, c := range cal.Children {
		if c.Name == "VTIMEZONE" {
			zone = c
		}
	}
	if zone == nil || zone.Props.Get("TZID").Value != "Europe/London" {
		t.Fatalf("no VTIMEZONE for Europe/London: %v", zone)
	}
	if len(zone.Children) != 2 {
		t.Fatalf("VTIMEZONE has %d rules, want DAYLIGHT and STANDARD", len(zone.Children))
	}
	from, to := time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2038, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, rule := range zone.Children {
		offset := func(name string) time.Duration {
			v := rule.Props.Get(name).Value // ±HHMM
			h, _ := strconv.Atoi(v[1:3])
			m, _ := strconv.Atoi(v[3:5])
			d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
			if v[0] == '-' {
				d = -d
			}
			return d
		}
		before, after := offset("TZOFFSETFROM"), offset("TZOFFSETTO")
		set, err := rule.RecurrenceSet(time.UTC) // wall-clock times, held as if UTC
		if err != nil || set == nil {
			t.Fatalf("%s: recurrence: %v", rule.Name, err)
		}
		onsets := set.Between(from, to, true)
		if len(onsets) != 41 {
			t.Errorf("%s: %d changes from 1997 to 2037, want 41", rule.Name, len(onsets))
		}
		for _, wall := range onsets {
			at := wall.Add(-before) // the wall-clock time is read before the change
			_, was := at.Add(-time.Second).In(models.London).Zone()
			_, is := at.In(models.London).Zone()
			if time.Duration(was)*time.Second != before || time.Duration(is)*time.Second != after {
				t.Errorf("%s: %s local: London goes from %ds to %ds, the rule says %s to %s",
					rule.Name, wall.Format("2006-01-02 15:04"), was, is, before, after)
			}
		}
	}
}

func TestCalendarTextRoundTrips(t *testing.T) {
	t.Parallel()
	f := newCalendarFixture(t)
	welsh := "ŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵ " + strings.Repeat(
		"Bydd y panel yn trafod ŵyr ac wyresau, ŷd y fferm; a’r llwybrau — 🏴\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F dŵr\\môr.\n", 20)
	cases := []struct {
		name string
		in   models.MeetingInput
	}{
		{"punctuation and Welsh", models.MeetingInput{
			Title: "Budget, priorities; and \\ next steps", TitleCy: "Cyllideb, blaenoriaethau; a’r camau nesaf ŵ ŷ",
			Description:   "Line one, with a comma;\nline two; with a semicolon\n\nA back\\slash.",
			DescriptionCy: "Llinell un, gyda choma;\nllinell dau — ŵ ŷ",
			Location:      "Council Chamber, County Hall; Room 2", Postcode: "CF10 4UW",
			OnlineURL: "https://meet.example.org/j/123?pwd=a,b;c",
		}},
		{"long Welsh description", models.MeetingInput{Title: "Cyfarfod hir", TitleCy: "Cyfarfod hir", DescriptionCy: welsh}},
		{"online only", models.MeetingInput{Title: "Online", OnlineURL: "https://meet.example.org/j/456"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Date, tc.in.StartTime, tc.in.EndTime = on(3, 12, 2026), "18:00", "19:30"
			m := f.meeting(tc.in)
			id := strconv.FormatInt(m.ID, 10)
			body, cal := f.calendar("/meetings/"+id+".ics", "meeting-"+id+".ics")
			ev := cal.Events()[0]
			checkEvent(t, ev, m)
			wantLocation := m.OnlineURL
			if m.Location != "" {
				wantLocation = m.Location + ", " + m.Postcode
			}
			if wantLocation == "" {
				if p := ev.Props.Get("LOCATION"); p != nil {
					t.Errorf("a meeting with no place has LOCATION %q", p.Value)
				}
			} else if got := text(t, ev, "LOCATION"); got != wantLocation {
				t.Errorf("LOCATION is %q, want %q", got, wantLocation)
			}
			if m.DescriptionCy == welsh && !strings.Contains(text(t, ev, "DESCRIPTION"), strings.TrimSpace(welsh)) {
				t.Errorf("the long Welsh description did not come back whole")
			}
			if m.DescriptionCy == welsh && strings.Count(body, "\r\n ") < 40 {
				t.Errorf("the long description was not folded")
			}
		})
	}
}

func TestCalendarStatusAndSequence(t *testing.T) {
	t.Parallel()
	f := newCalendarFixture(t)
	ctx := t.Context()
	next := calendarNow.AddDate(0, 0, 14)
	in := models.MeetingInput{BoardID: f.panel.ID, Title: "Quarterly review", Date: on(next.Day(), int(next.Month()), next.Year()), StartTime: "10:00", EndTime: "12:00"}
	planned := f.meeting(in)
	cancelled := f.meeting(in)
	if errs, err := models.SetMeetingStatus(ctx, f.DB, f.staff, cancelled.ID, models.MeetingCancelled, "no quorum"); err != nil || errs.Any() {
		t.Fatalf("cancel: %v %v", errs, err)
	}
	cancelled = f.reload(cancelled.ID)
	in.Title = "Quarterly review (moved)"
	in.StartTime = "11:00"
	if _, errs, err := models.SaveMeeting(ctx, f.DB, f.staff, planned.ID, in); err != nil || errs.Any() {
		t.Fatalf("update: %v %v", errs, err)
	}
	moved := f.reload(planned.ID)
	if cancelled.Sequence != 1 || moved.Sequence != 1 {
		t.Errorf("sequences after one change each: %d and %d, want 1 (a models bug)", cancelled.Sequence, moved.Sequence)
	}
	_, cal := f.calendar("/meetings.ics", "meetings.ics")
	events := eventsByUID(t, cal)
	for _, m := range []*models.Meeting{moved, cancelled} {
		ev, ok := events[uid(m)]
		if !ok {
			t.Fatalf("%s is missing from the feed", uid(m))
		}
		checkEvent(t, ev, m)
	}
	if got := events[uid(cancelled)].Props.Get("STATUS").Value; got != "CANCELLED" {
		t.Errorf("cancelled meeting has STATUS %q", got)
	}
}

func TestCalendarFeedsMatchTheDatabase(t *testing.T) {
	t.Parallel()
	f := newCalendarFixture(t)
	ctx := t.Context()
	next := calendarNow.AddDate(0, 0, 30)
	date := on(next.Day(), int(next.Month()), next.Year())
	f.meeting(models.MeetingInput{Title: "Panel meeting", Date: date, StartTime: "10:00", EndTime: "11:00"})
	f.meeting(models.MeetingInput{BoardID: f.standards.ID, Title: "Standards meeting", Date: date, StartTime: "14:00", EndTime: "15:00"})
	old := f.meeting(models.MeetingInput{Title: "Long ago", Date: on(1, 6, 2020), StartTime: "10:00", EndTime: "11:00"})

	feeds := []struct {
		path, filename, name string
		board                *models.Board
	}{
		{"/meetings.ics", "meetings.ics", "Syniad: meetings", nil},
		{"/meetings.ics?board=standards", "standards-meetings.ics", "Syniad: Standards Board meetings", f.standards},
		{"/boards/digital-panel/meetings.ics", "digital-panel-meetings.ics", "Syniad: Digital Panel meetings", f.panel},
	}
	for _, feed := range feeds {
		t.Run(feed.path, func(t *testing.T) {
			var boardID int64
			if feed.board != nil {
				boardID = feed.board.ID
			}
			want, err := models.MeetingsForCalendar(ctx, f.DB, boardID, calendarNow)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatal("the database offers no meetings for this feed")
			}
			_, cal := f.calendar(feed.path, feed.filename)
			if got := cal.Props.Get("X-WR-CALNAME").Value; got != feed.name {
				t.Errorf("X-WR-CALNAME is %q, want %q", got, feed.name)
			}
			events := eventsByUID(t, cal)
			if len(events) != len(want) {
				t.Errorf("feed has %d events, the database %d", len(events), len(want))
			}
			for i := range want {
				m := &want[i]
				if feed.board != nil && m.BoardID != feed.board.ID {
					t.Errorf("the model gave %s, of another board", m.Title)
				}
				if ev, ok := events[uid(m)]; !ok {
					t.Errorf("%s (%s) is missing", uid(m), m.Title)
				} else {
					checkEvent(t, ev, m)
				}
			}
			if _, ok := events[uid(old)]; ok {
				t.Errorf("a meeting from 2020 is in the feed")
			}
		})
	}
}

func TestCalendarNotFound(t *testing.T) {
	t.Parallel()
	f := newCalendarFixture(t)
	for _, path := range []string{
		"/meetings/999999.ics",
		"/meetings/0.ics",
		"/meetings/-3.ics",
		"/meetings/abc.ics",
		"/meetings.ics?board=no-such-board",
		"/boards/no-such-board/meetings.ics",
	} {
		if res, _ := f.client().get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
}
