package app

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// Meetings as iCalendar (RFC 5545) feeds, so people can subscribe to a board in their own
// calendar. A feed is one file for everyone, so its text is English; a Welsh title or
// description is added beside the English one.

// meetingsCalendar is /meetings.ics: every board's meetings, or one board's with ?board=slug.
func (s *Server) meetingsCalendar(c *fiber.Ctx) error {
	if slug := c.Query("board"); slug != "" {
		return s.sendBoardCalendar(c, slug)
	}
	meetings, err := models.MeetingsForCalendar(c.UserContext(), s.db, 0, s.now(c))
	if err != nil {
		return err
	}
	name := s.tr.T("en", "service.name") + ": meetings"
	return s.sendCalendar(c, "meetings.ics", name, meetings)
}

// boardCalendar is /boards/:slug/meetings.ics: one board's meetings.
func (s *Server) boardCalendar(c *fiber.Ctx) error {
	return s.sendBoardCalendar(c, c.Params("slug"))
}

func (s *Server) sendBoardCalendar(c *fiber.Ctx, slug string) error {
	ctx := c.UserContext()
	board, err := models.BoardBySlug(ctx, s.db, slug)
	if err != nil {
		return err
	}
	meetings, err := models.MeetingsForCalendar(ctx, s.db, board.ID, s.now(c))
	if err != nil {
		return err
	}
	name := s.tr.T("en", "service.name") + ": " + board.Name + " meetings"
	return s.sendCalendar(c, board.Slug+"-meetings.ics", name, meetings)
}

// meetingCalendar is /meetings/:id.ics: one meeting, to add to a calendar.
func (s *Server) meetingCalendar(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	m, err := models.MeetingByID(c.UserContext(), s.db, id)
	if err != nil {
		return err
	}
	name := s.tr.T("en", "service.name") + ": meetings"
	if m.Board != nil {
		name = s.tr.T("en", "service.name") + ": " + m.Board.Name + " meetings"
	}
	return s.sendCalendar(c, "meeting-"+strconv.FormatInt(id, 10)+".ics", name, []models.Meeting{*m})
}

func (s *Server) sendCalendar(c *fiber.Ctx, filename, name string, meetings []models.Meeting) error {
	base := strings.TrimRight(s.cfg.BaseURL, "/")
	host := "syniad"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	cal := calendar{Name: name, Stamp: s.now(c)}
	for i := range meetings {
		cal.Events = append(cal.Events, meetingEvent(&meetings[i], base, host))
	}
	var buf bytes.Buffer
	if err := writeCalendar(&buf, cal); err != nil {
		return err
	}
	// The feed is the same for everyone and marked public, so it must not carry the cookies the
	// page middleware hands out, nor vary on them: a shared cache would give one person's CSRF
	// cookie to everybody.
	c.Response().Header.DelAllCookies()
	c.Response().Header.Del(fiber.HeaderVary)
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(buf.Bytes())
}

// meetingEvent is a meeting as a calendar shows it. base is the site's address, host its
// name, which makes the meeting's UID unique across the world.
func meetingEvent(m *models.Meeting, base, host string) calendarEvent {
	page := base + "/meetings/" + strconv.FormatInt(m.ID, 10)
	summary := m.Title
	if m.TitleCy != "" && m.TitleCy != m.Title {
		summary += " (" + m.TitleCy + ")"
	}
	if m.Board != nil {
		summary = m.Board.Name + ": " + summary
	}
	cancelled := m.Status == models.MeetingCancelled
	if cancelled {
		// Some calendar apps ignore STATUS in subscribed feeds; the title says it for them.
		summary = "Cancelled: " + summary
	}

	var place []string
	where := m.Location
	if m.LocationCy != "" && m.LocationCy != m.Location {
		where += " (" + m.LocationCy + ")"
	}
	for _, p := range []string{where, m.Postcode} {
		if p = strings.TrimSpace(p); p != "" {
			place = append(place, p)
		}
	}
	location := strings.Join(place, ", ")
	if location == "" {
		location = m.OnlineURL
	}

	var about []string
	for _, p := range []string{m.Description, m.DescriptionCy} {
		if p = strings.TrimSpace(p); p != "" {
			about = append(about, p)
		}
	}
	if m.OnlineURL != "" {
		about = append(about, "Join online: "+m.OnlineURL)
	}
	about = append(about, "Meeting page: "+page)

	return calendarEvent{
		UID:         "meeting-" + strconv.FormatInt(m.ID, 10) + "@" + host,
		Start:       m.StartsAt,
		End:         m.EndsAt,
		Summary:     summary,
		Description: strings.Join(about, "\n\n"),
		Location:    location,
		URL:         page,
		Sequence:    m.Sequence,
		Created:     m.CreatedAt,
		Modified:    m.UpdatedAt,
		Cancelled:   cancelled,
	}
}

// calendar is one iCalendar file. Stamp is when it was made: with METHOD:PUBLISH each
// event's DTSTAMP is the time the file was created (RFC 5545 3.8.7.2).
type calendar struct {
	Name   string
	Stamp  time.Time
	Events []calendarEvent
}

// calendarEvent is one VEVENT.
type calendarEvent struct {
	UID                  string
	Start, End           time.Time
	Summary, Description string
	Location, URL        string
	Sequence             int
	Created, Modified    time.Time
	Cancelled            bool
}

// londonTimezone describes Europe/London since the EU's rules of 1996: summer time from 01:00
// UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. Each DTSTART is
// the wall-clock time of a change as read before it.
var londonTimezone = []string{
	"BEGIN:VTIMEZONE",
	"TZID:Europe/London",
	"BEGIN:DAYLIGHT",
	"TZNAME:BST",
	"TZOFFSETFROM:+0000",
	"TZOFFSETTO:+0100",
	"DTSTART:19810329T010000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZNAME:GMT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0000",
	"DTSTART:19961027T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
}

// writeCalendar writes cal as an iCalendar file.
func writeCalendar(w io.Writer, cal calendar) error {
	var out contentLines
	out.add("BEGIN:VCALENDAR")
	out.add("VERSION:2.0")
	out.add("PRODID:-//Syniad//Meetings//EN")
	out.add("CALSCALE:GREGORIAN")
	out.add("METHOD:PUBLISH")
	out.add("X-WR-CALNAME:" + escapeText(cal.Name))
	out.add("X-WR-TIMEZONE:Europe/London")
	for _, l := range londonTimezone {
		out.add(l)
	}
	stamp := utcTime(cal.Stamp)
	for _, e := range cal.Events {
		out.add("BEGIN:VEVENT")
		out.add("UID:" + e.UID)
		out.add("DTSTAMP:" + stamp)
		out.add("DTSTART" + londonTime(e.Start))
		out.add("DTEND" + londonTime(e.End))
		out.add("SUMMARY:" + escapeText(e.Summary))
		if e.Description != "" {
			out.add("DESCRIPTION:" + escapeText(e.Description))
		}
		if e.Location != "" {
			out.add("LOCATION:" + escapeText(e.Location))
		}
		if e.URL != "" {
			out.add("URL:" + e.URL)
		}
		out.add("SEQUENCE:" + strconv.Itoa(e.Sequence))
		if !e.Created.IsZero() {
			out.add("CREATED:" + utcTime(e.Created))
		}
		if !e.Modified.IsZero() {
			out.add("LAST-MODIFIED:" + utcTime(e.Modified))
		}
		if e.Cancelled {
			out.add("STATUS:CANCELLED")
		} else {
			out.add("STATUS:CONFIRMED")
		}
		out.add("END:VEVENT")
	}
	out.add("END:VCALENDAR")
	_, err := w.Write(out.Bytes())
	return err
}

// contentLines collects content lines, each ended by CRLF and folded so that no physical
// line passes 75 octets (RFC 5545 3.1). A continuation starts with a space, and a fold never
// splits a multi-byte character (ŵ and ŷ are two octets each).
type contentLines struct{ bytes.Buffer }

func (b *contentLines) add(line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

var textEscapes = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// escapeText writes a TEXT value (RFC 5545 3.3.11). Control characters other than tab and
// line breaks are not allowed in one, so they are dropped.
func escapeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return textEscapes.Replace(s)
}

const icalLocal = "20060102T150405"

func utcTime(t time.Time) string { return t.UTC().Format(icalLocal) + "Z" }

// londonTime is the parameters and value of a DTSTART or DTEND: London wall-clock time.
// A wall-clock time that October's change passes twice means its first pass (RFC 5545
// 3.3.5), so an instant at the second pass is written in UTC instead.
func londonTime(t time.Time) string {
	local := t.In(models.London)
	if local.Add(-time.Hour).Format(icalLocal) == local.Format(icalLocal) {
		return ":" + utcTime(t)
	}
	return fmt.Sprintf(";TZID=%s:%s", models.London.String(), local.Format(icalLocal))
}
