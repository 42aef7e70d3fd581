package models_test

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// runEventsAsData runs the Up part of migration 00013 again, statement by statement: it fills
// data only where it is still empty, so it carries over the rows a test inserted old-style.
func runEventsAsData(t *testing.T, db *gorm.DB) {
	t.Helper()
	b, err := fs.ReadFile(models.Migrations, "migrations/00013_events_as_data.sql")
	if err != nil {
		t.Fatal(err)
	}
	up := strings.SplitN(strings.SplitN(string(b), "-- +goose Up", 2)[1], "-- +goose Down", 2)[0]
	for _, stmt := range strings.Split(up, ";\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if err := db.Exec(stmt).Error; err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
}

// TestEventsAsDataMigration: events stored as English text before migration 00013 are carried
// over to data by finding what they named (a theme by its name, a meeting by its title and
// day, an agenda item by its title), and keep their text where nothing can be found.
func TestEventsAsDataMigration(t *testing.T) {
	db := newDB(t)
	author := mustUser(t, db, "author")
	mustConsultation(t, db, "digital", "open")
	idea := mustIdea(t, db, author, "digital", "Free wifi in libraries")
	theme := &models.Theme{Slug: "inclusion", Name: "Digital inclusion", NameCy: "Cynhwysiant digidol"}
	board := &models.Board{Slug: "panel", Name: "Digital Panel", RefPrefix: "DP"}
	for _, row := range []any{theme, board} {
		if err := db.Create(row).Error; err != nil {
			t.Fatal(err)
		}
	}
	starts := time.Date(2026, time.December, 28, 10, 0, 0, 0, models.London)
	m := &models.Meeting{BoardID: board.ID, Title: "December meeting", StartsAt: starts, EndsAt: starts.Add(2 * time.Hour)}
	if err := db.Omit("Board").Create(m).Error; err != nil {
		t.Fatal(err)
	}
	item := &models.AgendaItem{MeetingID: m.ID, Position: 1, Title: "Open data",
		Outcome: "Agreed to publish", OutcomeCy: "Cytunwyd i gyhoeddi"}
	if err := db.Create(item).Error; err != nil {
		t.Fatal(err)
	}
	action := &models.Action{BoardID: board.ID, Reference: "DP-2026-001", Description: "Publish the data",
		DescriptionCy: "Cyhoeddi'r data", OwnerName: "Digital team"}
	if err := db.Create(action).Error; err != nil {
		t.Fatal(err)
	}
	oldWithReason := func(verb, subjectType string, subjectID int64, from, to, reason string) int64 {
		t.Helper()
		var id int64
		err := db.Raw(`INSERT INTO events (actor_id, verb, subject_type, subject_id, idea_id, from_value, to_value, reason)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, author.ID, verb, subjectType, subjectID, idea.ID, from, to, reason).Scan(&id).Error
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	old := func(verb, subjectType string, subjectID int64, from, to string) int64 {
		t.Helper()
		return oldWithReason(verb, subjectType, subjectID, from, to, "")
	}
	cases := []struct {
		name string
		id   int64
		want models.EventData
	}{
		{"a theme by its name", old(models.VerbIdeaThemed, "idea", idea.ID, "", "Digital inclusion"),
			models.EventData{ThemeID: theme.ID}},
		{"a theme no longer there", old(models.VerbIdeaUnthemed, "idea", idea.ID, "", "Retired theme"),
			models.EventData{}},
		{"an agenda item", old(models.VerbIdeaAgendaLinked, "agenda_item", item.ID, "", "December meeting, 2026-12-28: 1. Open data"),
			models.EventData{AgendaItemID: item.ID, MeetingID: m.ID, Position: 1}},
		{"an agenda item taken off", old(models.VerbIdeaAgendaUnlinked, "agenda_item", item.ID+1000, "", "December meeting, 2026-12-28: 2. Broadband, rural areas"),
			models.EventData{MeetingID: m.ID, Position: 2, ItemTitle: "Broadband, rural areas"}},
		{"a meeting of another day", old(models.VerbIdeaAgendaUnlinked, "agenda_item", item.ID+1000, "", "December meeting, 2026-12-29: 2. Open data"),
			models.EventData{}},
		{"an item added", old(models.VerbAgendaItemAdded, "meeting", m.ID, "", "Open data"),
			models.EventData{MeetingID: m.ID, AgendaItemID: item.ID}},
		{"an item removed", old(models.VerbAgendaItemRemoved, "meeting", m.ID, "", "Gone"),
			models.EventData{MeetingID: m.ID, ItemTitle: "Gone"}},
		{"a meeting", old(models.VerbMeetingCreated, "meeting", m.ID, "", "December meeting"),
			models.EventData{MeetingID: m.ID}},
		{"a board", old(models.VerbBoardCreated, "board", board.ID, "", "Digital Panel"),
			models.EventData{BoardID: board.ID}},
		{"a theme itself", old(models.VerbThemeUpdated, "theme", theme.ID, "", "Digital inclusion"),
			models.EventData{ThemeID: theme.ID}},
		{"a consultation's dates", old(models.VerbConsultationClosed, "consultation", 1, "2026-01-01 – 2026-02-28", "2026-01-01 – 2026-02-10"),
			models.EventData{FromOpens: "2026-01-01", FromCloses: "2026-02-28", Opens: "2026-01-01", Closes: "2026-02-10"}},
		{"dates with none", old(models.VerbConsultationReopened, "consultation", 1, "… – 2026-02-10", "… – 2026-03-10"),
			models.EventData{FromCloses: "2026-02-10", Closes: "2026-03-10"}},
		{"an action's Welsh description", oldWithReason(models.VerbIdeaActionLinked, "action", action.ID, "", "DP-2026-001", "Publish the data"),
			models.EventData{ReasonCy: "Cyhoeddi'r data"}},
		{"an action described otherwise since", oldWithReason(models.VerbActionCreated, "action", action.ID, "", "DP-2026-001", "Publish it"),
			models.EventData{}},
		{"a meeting's decision", old(models.VerbIdeaDecision, "agenda_item", item.ID, "", "Agreed to publish"),
			models.EventData{AgendaItemID: item.ID, MeetingID: m.ID, OutcomeCy: "Cytunwyd i gyhoeddi"}},
	}
	runEventsAsData(t, db)
	runEventsAsData(t, db) // and again: it changes nothing it already carried over
	for _, tc := range cases {
		var e models.Event
		if err := db.First(&e, tc.id).Error; err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(e.Data, tc.want) {
			t.Errorf("%s: data %+v, want %+v", tc.name, e.Data, tc.want)
		}
		if e.ToValue == "" {
			t.Errorf("%s: its text was lost", tc.name)
		}
	}
}
