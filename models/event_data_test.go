package models_test

import (
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

// TestAgendaNoticeDates: the message that an idea is on an agenda names the meeting's day as
// people write it, in each language, not as 2030-06-04.
func TestAgendaNoticeDates(t *testing.T) {
	f := newNotifFixture(t)
	board := mustBoard(t, f.db, f.panel, "Digital Panel", "DP")
	m := mustMeetingAt(t, f.db, f.panel, board.ID, "June meeting", time.Date(2030, 6, 4, 10, 0, 0, 0, models.London))
	item := mustItem(t, f.db, f.panel, m.ID, "Open data")
	mustLink(t, f.db, f.panel, item.ID, f.idea.ID)
	var rows []struct{ Detail, DetailCy string }
	if err := f.db.Raw(`SELECT detail, detail_cy FROM notifications WHERE verb = 'agenda'`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no one was told")
	}
	for _, r := range rows {
		if r.Detail != "June meeting, 4 June 2030: 1. Open data" || r.DetailCy != "June meeting, 4 Mehefin 2030: 1. Open data" {
			t.Errorf("told %+v", r)
		}
	}
}

func TestFormatDate(t *testing.T) {
	day := time.Date(2026, time.December, 28, 23, 30, 0, 0, time.UTC) // still the 28th in London
	for lang, want := range map[string]string{"en": "28 December 2026", "cy": "28 Rhagfyr 2026"} {
		if got := models.FormatDate(lang, day); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
