package models

import (
	"strings"
	"testing"
	"time"
)

// The clock helpers are unexported: what they return is checked here, how meetings and
// actions use them in meeting_test.go and action_test.go.

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       DateParts
		required bool
		want     string // London date, or "" when refused or blank
		err      string // the message for field "due", or ""
	}{
		{"plain", DateParts{"4", "6", "2026"}, true, "2026-06-04", ""},
		{"padded with spaces and zeros", DateParts{" 04 ", "06", " 2026"}, true, "2026-06-04", ""},
		{"leap day", DateParts{"29", "2", "2028"}, true, "2028-02-29", ""},
		{"29 February in a common year", DateParts{"29", "2", "2027"}, true, "", "error.date.invalid"},
		{"31 June", DateParts{"31", "6", "2026"}, true, "", "error.date.invalid"},
		{"day 32", DateParts{"32", "1", "2026"}, true, "", "error.date.invalid"},
		{"day 0", DateParts{"0", "1", "2026"}, true, "", "error.date.invalid"},
		{"month 13", DateParts{"1", "13", "2026"}, true, "", "error.date.invalid"},
		{"month 0", DateParts{"1", "0", "2026"}, true, "", "error.date.invalid"},
		{"negative day", DateParts{"-1", "1", "2026"}, true, "", "error.date.invalid"},
		{"words", DateParts{"first", "June", "2026"}, true, "", "error.date.invalid"},
		{"two-digit year", DateParts{"1", "6", "26"}, true, "", "error.date.invalid"},
		{"year after 2100", DateParts{"1", "6", "2101"}, true, "", "error.date.invalid"},
		{"a box left empty", DateParts{"1", "", "2026"}, true, "", "error.date.invalid"},
		{"blank and required", DateParts{" ", "", " "}, true, "", "error.due.required"},
		{"blank and optional", DateParts{}, false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Errors{}
			got, ok := parseDate(errs, "due", tc.in, tc.required)
			if errs["due"] != tc.err || len(errs) > 1 {
				t.Errorf("errors %v, want due=%q", errs, tc.err)
			}
			if ok != (tc.want != "") {
				t.Fatalf("ok = %v, want %v", ok, tc.want != "")
			}
			if !ok {
				return
			}
			if got.Location() != London || got.Hour() != 0 || got.Minute() != 0 || got.Format("2006-01-02") != tc.want {
				t.Errorf("got %v, want midnight of %s in London", got, tc.want)
			}
		})
	}
}

func TestAtClock(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, London) }
	for _, tc := range []struct {
		name  string
		day   time.Time
		clock string
		want  string // UTC, or ""
		err   string
	}{
		{"summer morning", day(2026, 7, 14), "09:30", "2026-07-14T08:30:00Z", ""},
		{"winter morning", day(2026, 1, 14), "09:30", "2026-01-14T09:30:00Z", ""},
		{"one digit hour", day(2026, 1, 14), "9:05", "2026-01-14T09:05:00Z", ""},
		{"dot for colon", day(2026, 1, 14), "14.00", "2026-01-14T14:00:00Z", ""},
		{"spaces around", day(2026, 1, 14), " 14:00 ", "2026-01-14T14:00:00Z", ""},
		{"midnight", day(2026, 1, 14), "00:00", "2026-01-14T00:00:00Z", ""},
		{"last minute of the day", day(2026, 7, 14), "23:59", "2026-07-14T22:59:00Z", ""},
		// 29 March 2026: at 01:00 GMT the clocks go forward to 02:00 BST.
		{"just before the spring gap", day(2026, 3, 29), "00:59", "2026-03-29T00:59:00Z", ""},
		{"in the spring gap", day(2026, 3, 29), "01:30", "", "error.time.clock_change"},
		{"start of the spring gap", day(2026, 3, 29), "01:00", "", "error.time.clock_change"},
		{"after the spring gap", day(2026, 3, 29), "02:00", "2026-03-29T01:00:00Z", ""},
		// 25 October 2026: at 02:00 BST the clocks go back to 01:00 GMT; 01:xx happens twice.
		{"twice-passed time is the first (BST)", day(2026, 10, 25), "01:30", "2026-10-25T00:30:00Z", ""},
		{"start of the repeated hour", day(2026, 10, 25), "01:00", "2026-10-25T00:00:00Z", ""},
		{"before the repeated hour", day(2026, 10, 25), "00:30", "2026-10-24T23:30:00Z", ""},
		{"after the repeated hour", day(2026, 10, 25), "02:00", "2026-10-25T02:00:00Z", ""},
		{"blank", day(2026, 1, 14), "  ", "", "error.start_time.required"},
		{"hour 24", day(2026, 1, 14), "24:00", "", "error.time.invalid"},
		{"minute 60", day(2026, 1, 14), "10:60", "", "error.time.invalid"},
		{"no minutes", day(2026, 1, 14), "10", "", "error.time.invalid"},
		{"twelve-hour", day(2026, 1, 14), "9:30am", "", "error.time.invalid"},
		{"seconds", day(2026, 1, 14), "09:30:00", "", "error.time.invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Errors{}
			got, ok := atClock(errs, "start_time", tc.day, tc.clock)
			if errs["start_time"] != tc.err || len(errs) > 1 {
				t.Errorf("errors %v, want start_time=%q", errs, tc.err)
			}
			if ok != (tc.want != "") {
				t.Fatalf("ok = %v (%v), want %v", ok, got, tc.want != "")
			}
			if ok && got.UTC().Format(time.RFC3339) != tc.want {
				t.Errorf("got %s, want %s", got.UTC().Format(time.RFC3339), tc.want)
			}
			if ok && ClockOf(got) != normalClock(tc.clock) {
				t.Errorf("ClockOf = %q, want the typed time back", ClockOf(got))
			}
		})
	}
}

// normalClock writes a valid typed time as ClockOf does: " 9.05" is "09:05".
func normalClock(s string) string {
	t, err := time.Parse("15:04", strings.ReplaceAll(strings.TrimSpace(s), ".", ":"))
	if err != nil {
		return "?"
	}
	return t.Format("15:04")
}

func TestTodayAndPartsOf(t *testing.T) {
	for _, tc := range []struct {
		now   string
		today string
		parts DateParts
	}{
		{"2026-07-01T22:59:00Z", "2026-07-01", DateParts{"1", "7", "2026"}},
		{"2026-07-01T23:30:00Z", "2026-07-02", DateParts{"2", "7", "2026"}}, // 00:30 BST
		{"2026-12-31T23:30:00Z", "2026-12-31", DateParts{"31", "12", "2026"}},
		{"2027-01-01T00:00:00Z", "2027-01-01", DateParts{"1", "1", "2027"}},
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		got := Today(now)
		if got.Format("2006-01-02") != tc.today || got.Location() != London || got.Hour() != 0 {
			t.Errorf("Today(%s) = %v, want midnight of %s in London", tc.now, got, tc.today)
		}
		if p := PartsOf(now); p != tc.parts {
			t.Errorf("PartsOf(%s) = %v, want %v", tc.now, p, tc.parts)
		}
	}
}
