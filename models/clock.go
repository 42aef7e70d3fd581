package models

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the UK's clock rules travel with the binary: slim images have no zoneinfo
)

// London is the clock the service's meetings, due dates and pages are in.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err) // embedded by time/tzdata, so this cannot happen
	}
	return loc
}()

type clockKey struct{}

// WithClock returns a context in which Now reads clock instead of the wall clock. Tests use it
// to fix the day they run on, so that none of them passes today and fails next year; the
// service itself never sets it (Config.Clock, for tests, is applied per request).
func WithClock(ctx context.Context, clock func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, clock)
}

// Now is the time for every rule that depends on it: whether a consultation is open, whether a
// comment may still be edited, what is upcoming or overdue. It reads the context's clock if
// one was set (WithClock), and the wall clock otherwise.
func Now(ctx context.Context) time.Time {
	if clock, ok := ctx.Value(clockKey{}).(func() time.Time); ok && clock != nil {
		return clock()
	}
	return time.Now()
}

// DateParts is a date as a person types it into the three boxes of a date field.
type DateParts struct{ Day, Month, Year string }

// IsZero reports whether nothing was typed.
func (d DateParts) IsZero() bool {
	return strings.TrimSpace(d.Day+d.Month+d.Year) == ""
}

// PartsOf splits a date into the boxes of a date field.
func PartsOf(t time.Time) DateParts {
	t = t.In(London)
	return DateParts{Day: strconv.Itoa(t.Day()), Month: strconv.Itoa(int(t.Month())), Year: strconv.Itoa(t.Year())}
}

// parseDate checks a typed date and returns midnight of that day in London.
func parseDate(errs Errors, field string, d DateParts, required bool) (time.Time, bool) {
	if d.IsZero() {
		if required {
			errs.Add(field, "error."+field+".required")
		}
		return time.Time{}, false
	}
	day, e1 := strconv.Atoi(strings.TrimSpace(d.Day))
	month, e2 := strconv.Atoi(strings.TrimSpace(d.Month))
	year, e3 := strconv.Atoi(strings.TrimSpace(d.Year))
	if e1 != nil || e2 != nil || e3 != nil || year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1 {
		errs.Add(field, "error.date.invalid")
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, London)
	if t.Day() != day { // 31 June became 1 July
		errs.Add(field, "error.date.invalid")
		return time.Time{}, false
	}
	return t, true
}

var clockPattern = regexp.MustCompile(`^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$`)

// atClock puts a typed 24-hour time ("9:30", "09.30", "14:00") on a London day. A time the
// clocks skip (01:30 on the last Sunday of March) does not exist and is refused; a time they
// pass twice (01:30 on the last Sunday of October) means the first, British Summer Time.
func atClock(errs Errors, field string, day time.Time, clock string) (time.Time, bool) {
	clock = strings.TrimSpace(clock)
	if clock == "" {
		errs.Add(field, "error."+field+".required")
		return time.Time{}, false
	}
	m := clockPattern.FindStringSubmatch(clock)
	if m == nil {
		errs.Add(field, "error.time.invalid")
		return time.Time{}, false
	}
	hour, _ := strconv.Atoi(m[1])
	minute, _ := strconv.Atoi(m[2])
	t := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, London)
	if t.Hour() != hour || t.Minute() != minute {
		errs.Add(field, "error.time.clock_change")
		return time.Time{}, false
	}
	if earlier := t.Add(-time.Hour); earlier.Hour() == hour && earlier.Minute() == minute {
		t = earlier // Go picks the second of the two; people mean the first
	}
	return t, true
}

// ClockOf writes a time of day as staff type it: "09:30".
func ClockOf(t time.Time) string { return t.In(London).Format("15:04") }

// Today is the current London date at midnight.
func Today(now time.Time) time.Time {
	now = now.In(London)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, London)
}

var monthsCy = []string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
	"Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}

// FormatDate writes a date the way a UK reader expects, in UK time: "30 May 2026" or
// "30 Mai 2026". Pages use it, and messages written before they are sent.
func FormatDate(lang string, t time.Time) string {
	t = t.In(London)
	if lang == "cy" {
		return fmt.Sprintf("%d %s %d", t.Day(), monthsCy[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}
