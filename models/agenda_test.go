package models_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

func mustItem(t *testing.T, db *gorm.DB, actor *models.User, meetingID int64, title string) *models.AgendaItem {
	t.Helper()
	item, errs, err := models.AddAgendaItem(ctx, db, actor, meetingID, models.AgendaItemInput{Title: title})
	if err != nil || errs.Any() {
		t.Fatalf("agenda item %q: %v %v", title, errs, err)
	}
	return item
}

func mustLink(t *testing.T, db *gorm.DB, actor *models.User, itemID int64, ideaIDs ...int64) {
	t.Helper()
	errs, err := models.LinkAgendaIdeas(ctx, db, actor, itemID, ideaIDs)
	if err != nil || errs.Any() {
		t.Fatalf("link %v to item %d: %v %v", ideaIDs, itemID, errs, err)
	}
}

func mustIdeaStatus(t *testing.T, db *gorm.DB, actor *models.User, ideaID int64, status string) {
	t.Helper()
	errs, err := models.SetIdeaStatus(ctx, db, actor, ideaID, models.StatusChange{Status: status})
	if err != nil || errs.Any() {
		t.Fatalf("idea %d to %s: %v %v", ideaID, status, errs, err)
	}
}

// agendaOrder lists a meeting's items as "position.title", straight from the table.
func agendaOrder(t *testing.T, db *gorm.DB, meetingID int64) []string {
	t.Helper()
	var items []models.AgendaItem
	if err := db.Where("meeting_id = ?", meetingID).Order("position, id").Find(&items).Error; err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, strconv.Itoa(it.Position)+"."+it.Title)
	}
	return out
}

func numbered(titles ...string) []string {
	var out []string
	for n, title := range titles {
		out = append(out, strconv.Itoa(n+1)+"."+title)
	}
	return out
}

// agendaFixture is a staff member, a board and a planned meeting in June 2026.
type agendaFixture struct {
	db      *gorm.DB
	staff   *models.User
	board   *models.Board
	meeting *models.Meeting
}

func newAgendaFixture(t *testing.T) agendaFixture {
	db := newDB(t)
	staff := mustRole(t, db, "staff", models.RoleStaff)
	board := mustBoard(t, db, staff, "Digital Panel", "DP")
	m := mustMeeting(t, db, staff, meetingOn(board.ID, "June meeting", dateParts(2026, 6, 4), "09:30", "11:00"))
	return agendaFixture{db, staff, board, m}
}

func (f agendaFixture) meetingWith(t *testing.T, title string, items ...string) (*models.Meeting, map[string]*models.AgendaItem) {
	t.Helper()
	m := mustMeeting(t, f.db, f.staff, meetingOn(f.board.ID, title, dateParts(2026, 6, 4), "09:30", "11:00"))
	byTitle := map[string]*models.AgendaItem{}
	for _, title := range items {
		byTitle[title] = mustItem(t, f.db, f.staff, m.ID, title)
	}
	return m, byTitle
}

func TestAddAgendaItem(t *testing.T) {
	f := newAgendaFixture(t)
	first := lastEventID(t, f.db)
	for n, title := range []string{"Welcome", "Open data", "Any other business"} {
		item := mustItem(t, f.db, f.staff, f.meeting.ID, title)
		if item.Position != n+1 || item.ID == 0 {
			t.Errorf("item %q at position %d, want %d", title, item.Position, n+1)
		}
	}
	if got, want := agendaOrder(t, f.db, f.meeting.ID), numbered("Welcome", "Open data", "Any other business"); !slices.Equal(got, want) {
		t.Errorf("agenda %v, want %v", got, want)
	}
	if n := len(eventsAfter(t, f.db, first)); n != 3 {
		t.Errorf("%d events, want one per item", n)
	}

	for _, tc := range []struct {
		name string
		in   models.AgendaItemInput
		want models.Errors
	}{
		{"no title", models.AgendaItemInput{Title: " "}, models.Errors{"title": "error.item_title.required"}},
		{"duration not a number", models.AgendaItemInput{Title: "x", Duration: "ten"}, models.Errors{"duration": "error.duration.invalid"}},
		{"duration zero", models.AgendaItemInput{Title: "x", Duration: "0"}, models.Errors{"duration": "error.duration.invalid"}},
		{"duration too long", models.AgendaItemInput{Title: "x", Duration: "601"}, models.Errors{"duration": "error.duration.invalid"}},
		{"outcome before the meeting", models.AgendaItemInput{Title: "x", Outcome: "Agreed."}, models.Errors{"outcome": "error.outcome.not_yet"}},
		{"Welsh outcome alone", models.AgendaItemInput{Title: "x", OutcomeCy: "Cytunwyd."}, models.Errors{"outcome": "error.outcome.english_first"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			item, errs, err := models.AddAgendaItem(ctx, f.db, f.staff, f.meeting.ID, tc.in)
			if err != nil || item != nil || !sameErrors(errs, tc.want) {
				t.Errorf("got %v %v %v, want errors %v", item, errs, err, tc.want)
			}
		})
	}
	if got := agendaOrder(t, f.db, f.meeting.ID); len(got) != 3 {
		t.Errorf("refused items were stored: %v", got)
	}

	item, errs, err := models.AddAgendaItem(ctx, f.db, f.staff, f.meeting.ID, models.AgendaItemInput{Title: "Timed", Duration: " 15 "})
	if err != nil || errs.Any() || item.DurationMinutes == nil || *item.DurationMinutes != 15 || item.InputOf().Duration != "15" {
		t.Errorf("item with a duration: %+v %v %v", item, errs, err)
	}
	if _, _, err := models.AddAgendaItem(ctx, f.db, f.staff, 999999, models.AgendaItemInput{Title: "x"}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("item for a missing meeting: %v", err)
	}
}

// TestAddAgendaItemConcurrently adds items to one meeting at once: each gets its own position.
func TestAddAgendaItemConcurrently(t *testing.T) {
	f := newAgendaFixture(t)
	limitPool(t, f.db, 10)
	const n = 20
	errc := make(chan error, n)
	for i := range n {
		go func() {
			_, errs, err := models.AddAgendaItem(ctx, f.db, f.staff, f.meeting.ID, models.AgendaItemInput{Title: "Item " + strconv.Itoa(i)})
			if err == nil && errs.Any() {
				err = errors.New("validation failed")
			}
			errc <- err
		}()
	}
	for range n {
		if err := <-errc; err != nil {
			t.Error(err)
		}
	}
	got := agendaOrder(t, f.db, f.meeting.ID)
	for i, s := range got {
		if p, _, _ := strings.Cut(s, "."); p != strconv.Itoa(i+1) {
			t.Fatalf("agenda %v is not numbered 1..%d", got, n)
		}
	}
	if len(got) != n {
		t.Errorf("%d items, want %d", len(got), n)
	}
}

func TestMoveAgendaItem(t *testing.T) {
	f := newAgendaFixture(t)
	for _, tc := range []struct {
		name    string
		move    string
		to      int
		want    []string
		unmoved bool
	}{
		{"middle to first", "C", 1, []string{"C", "A", "B", "D", "E"}, false},
		{"first to last", "A", 5, []string{"B", "C", "D", "E", "A"}, false},
		{"last to first", "E", 1, []string{"E", "A", "B", "C", "D"}, false},
		{"first to middle", "A", 3, []string{"B", "C", "A", "D", "E"}, false},
		{"last to middle", "E", 2, []string{"A", "E", "B", "C", "D"}, false},
		{"middle down one", "B", 3, []string{"A", "C", "B", "D", "E"}, false},
		{"middle up one", "D", 3, []string{"A", "B", "D", "C", "E"}, false},
		{"before the first", "C", 0, []string{"C", "A", "B", "D", "E"}, false},
		{"past the end", "B", 99, []string{"A", "C", "D", "E", "B"}, false},
		{"where it is", "C", 3, []string{"A", "B", "C", "D", "E"}, true},
		{"last past the end", "E", 6, []string{"A", "B", "C", "D", "E"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, items := f.meetingWith(t, tc.name, "A", "B", "C", "D", "E")
			from := items[tc.move].Position
			first := lastEventID(t, f.db)
			if err := models.MoveAgendaItem(ctx, f.db, f.staff, items[tc.move].ID, tc.to); err != nil {
				t.Fatal(err)
			}
			if got := agendaOrder(t, f.db, m.ID); !slices.Equal(got, numbered(tc.want...)) {
				t.Errorf("agenda %v, want %v", got, numbered(tc.want...))
			}
			var want []ev
			if !tc.unmoved {
				want = []ev{{verb: models.VerbAgendaItemMoved, actor: f.staff.ID, subject: "agenda_item", subjectID: items[tc.move].ID,
					from: strconv.Itoa(from), to: strconv.Itoa(slices.Index(tc.want, tc.move) + 1)}}
			}
			checkEvents(t, eventsAfter(t, f.db, first), want)
		})
	}

	t.Run("moves in a row", func(t *testing.T) {
		m, items := f.meetingWith(t, "in a row", "A", "B", "C", "D")
		for _, mv := range []struct {
			title string
			to    int
		}{{"D", 1}, {"A", 4}, {"B", 2}, {"D", 3}} { // DABC, DBCA, DBCA, BCDA
			if err := models.MoveAgendaItem(ctx, f.db, f.staff, items[mv.title].ID, mv.to); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := agendaOrder(t, f.db, m.ID), numbered("B", "C", "D", "A"); !slices.Equal(got, want) {
			t.Errorf("agenda %v, want %v", got, want)
		}
	})

	if err := models.MoveAgendaItem(ctx, f.db, f.staff, 999999, 1); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("moving a missing item: %v", err)
	}
}

func TestDeleteAgendaItem(t *testing.T) {
	f := newAgendaFixture(t)
	mustConsultation(t, f.db, "open", "open")
	idea := mustIdea(t, f.db, f.staff, "open", "Open data portal")
	for _, tc := range []struct {
		name   string
		delete string
		want   []string
	}{
		{"first", "A", []string{"B", "C", "D"}},
		{"middle", "B", []string{"A", "C", "D"}},
		{"last", "D", []string{"A", "B", "C"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, items := f.meetingWith(t, tc.name, "A", "B", "C", "D")
			mustLink(t, f.db, f.staff, items[tc.delete].ID, idea.ID)
			first := lastEventID(t, f.db)
			if err := models.DeleteAgendaItem(ctx, f.db, f.staff, items[tc.delete].ID); err != nil {
				t.Fatal(err)
			}
			if got := agendaOrder(t, f.db, m.ID); !slices.Equal(got, numbered(tc.want...)) {
				t.Errorf("agenda %v, want %v", got, numbered(tc.want...))
			}
			label := tc.name + ", 2026-06-04: " + strconv.Itoa(items[tc.delete].Position) + ". " + tc.delete
			checkEvents(t, eventsAfter(t, f.db, first), []ev{
				{verb: models.VerbIdeaAgendaUnlinked, actor: f.staff.ID, subject: "agenda_item", subjectID: items[tc.delete].ID, idea: idea.ID, to: label},
				{verb: models.VerbAgendaItemRemoved, actor: f.staff.ID, subject: "meeting", subjectID: m.ID, to: tc.delete},
			})
			// A later item still goes at the end.
			if next := mustItem(t, f.db, f.staff, m.ID, "E"); next.Position != 4 {
				t.Errorf("item added after the deletion at %d, want 4", next.Position)
			}
		})
	}
	if got := loadIdea(t, f.db, idea.ID); got.Status != models.StatusOnAgenda {
		t.Errorf("idea status %q after its items went; it keeps on_agenda for the panel to decide", got.Status)
	}
	if err := models.DeleteAgendaItem(ctx, f.db, f.staff, 999999); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("deleting a missing item: %v", err)
	}
}

// TestAgendaLocked checks that nothing about an agenda changes once its minutes are published
// or the meeting is cancelled, and that it opens again when the meeting moves back.
func TestAgendaLocked(t *testing.T) {
	f := newAgendaFixture(t)
	mustConsultation(t, f.db, "open", "open")
	linked := mustIdea(t, f.db, f.staff, "open", "Linked idea")
	spare := mustIdea(t, f.db, f.staff, "open", "Spare idea")
	for _, status := range []string{models.MeetingMinutesPublished, models.MeetingCancelled} {
		t.Run(status, func(t *testing.T) {
			m, items := f.meetingWith(t, status, "A", "B")
			mustLink(t, f.db, f.staff, items["A"].ID, linked.ID)
			forceMeetingStatus(t, f.db, m.ID, status)
			first := lastEventID(t, f.db)
			for name, change := range map[string]func() error{
				"add": func() error {
					_, _, err := models.AddAgendaItem(ctx, f.db, f.staff, m.ID, models.AgendaItemInput{Title: "C"})
					return err
				},
				"move":   func() error { return models.MoveAgendaItem(ctx, f.db, f.staff, items["B"].ID, 1) },
				"delete": func() error { return models.DeleteAgendaItem(ctx, f.db, f.staff, items["B"].ID) },
				"link": func() error {
					_, err := models.LinkAgendaIdeas(ctx, f.db, f.staff, items["B"].ID, []int64{spare.ID})
					return err
				},
				"unlink": func() error { return models.UnlinkAgendaIdea(ctx, f.db, f.staff, items["A"].ID, linked.ID) },
			} {
				err := change()
				var conflict *models.ConflictError
				if !errors.Is(err, models.ErrConflict) || !errors.As(err, &conflict) || conflict.Key != "error.meeting.agenda_locked" {
					t.Errorf("%s: %v, want the agenda locked", name, err)
				}
			}
			if got := agendaOrder(t, f.db, m.ID); !slices.Equal(got, numbered("A", "B")) {
				t.Errorf("locked agenda changed to %v", got)
			}
			if links, _ := models.IdeaAgendaLinks(ctx, f.db, spare.ID); len(links) != 0 {
				t.Errorf("spare idea linked: %v", links)
			}
			if n := len(eventsAfter(t, f.db, first)); n != 0 {
				t.Errorf("%d events from refused changes", n)
			}
			if got := loadIdea(t, f.db, spare.ID); got.Status != models.StatusNew {
				t.Errorf("spare idea moved to %q", got.Status)
			}

			// Moving the meeting back opens the agenda again.
			back := models.MeetingHeld
			if status == models.MeetingCancelled {
				back = models.MeetingPlanned
			}
			mustMeetingStatus(t, f.db, f.staff, m.ID, back)
			if err := models.MoveAgendaItem(ctx, f.db, f.staff, items["B"].ID, 1); err != nil {
				t.Errorf("move after reopening: %v", err)
			}
		})
	}
}

// TestAgendaOutcome records outcomes: refused before the meeting is held, then a decision in
// the history of every idea the item takes up.
func TestAgendaOutcome(t *testing.T) {
	f := newAgendaFixture(t)
	mustConsultation(t, f.db, "open", "open")
	one := mustIdea(t, f.db, f.staff, "open", "Idea one")
	two := mustIdea(t, f.db, f.staff, "open", "Idea two")
	item := mustItem(t, f.db, f.staff, f.meeting.ID, "Open data")
	mustLink(t, f.db, f.staff, item.ID, one.ID, two.ID)
	update := func(in models.AgendaItemInput) models.Errors {
		t.Helper()
		errs, err := models.UpdateAgendaItem(ctx, f.db, f.staff, item.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		return errs
	}
	stored := func() models.AgendaItem {
		var it models.AgendaItem
		if err := f.db.First(&it, item.ID).Error; err != nil {
			t.Fatal(err)
		}
		return it
	}
	decisions := func(ideaID int64) []string {
		events, err := models.IdeaHistory(ctx, f.db, ideaID, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range events {
			if e.Verb == models.VerbIdeaDecision {
				if e.SubjectType != "agenda_item" || e.SubjectID != item.ID || e.Actor == nil || e.Actor.ID != f.staff.ID {
					t.Errorf("decision event %+v", e)
				}
				out = append(out, e.FromValue+"→"+e.ToValue)
			}
		}
		return out
	}

	// Planned: the rest of the item may change, the outcome may not.
	first := lastEventID(t, f.db)
	if errs := update(models.AgendaItemInput{Title: "Open data", Outcome: "Agreed."}); !sameErrors(errs, models.Errors{"outcome": "error.outcome.not_yet"}) {
		t.Errorf("outcome while planned: %v", errs)
	}
	if it := stored(); it.Outcome != "" || len(eventsAfter(t, f.db, first)) != 0 {
		t.Errorf("refused outcome stored: %q", it.Outcome)
	}
	if errs := update(models.AgendaItemInput{Title: "Open data portal", Presenters: "Ann", Duration: "20"}); errs.Any() {
		t.Errorf("edit while planned: %v", errs)
	}
	if it := stored(); it.Title != "Open data portal" || it.Presenters != "Ann" || it.DurationMinutes == nil || *it.DurationMinutes != 20 {
		t.Errorf("after edit: %+v", it)
	}
	if errs := update(models.AgendaItemInput{Title: "x", Duration: "-5"}); !sameErrors(errs, models.Errors{"duration": "error.duration.invalid"}) {
		t.Errorf("bad duration: %v", errs)
	}

	mustMeetingStatus(t, f.db, f.staff, f.meeting.ID, models.MeetingHeld)
	first = lastEventID(t, f.db)
	if errs := update(models.AgendaItemInput{Title: "Open data portal", Outcome: " Agreed to publish. "}); errs.Any() {
		t.Fatalf("outcome once held: %v", errs)
	}
	if it := stored(); it.Outcome != "Agreed to publish." || it.DurationMinutes != nil {
		t.Errorf("stored outcome %q duration %v", it.Outcome, it.DurationMinutes)
	}
	checkEvents(t, eventsAfter(t, f.db, first), []ev{
		{verb: models.VerbAgendaItemUpdated, actor: f.staff.ID, subject: "agenda_item", subjectID: item.ID, to: "Open data portal"},
		{verb: models.VerbIdeaDecision, actor: f.staff.ID, subject: "agenda_item", subjectID: item.ID, idea: one.ID, to: "Agreed to publish."},
		{verb: models.VerbIdeaDecision, actor: f.staff.ID, subject: "agenda_item", subjectID: item.ID, idea: two.ID, to: "Agreed to publish."},
	})

	// Saving the same outcome again, or only its translation, is no new decision.
	first = lastEventID(t, f.db)
	if errs := update(models.AgendaItemInput{Title: "Open data portal", Outcome: "Agreed to publish."}); errs.Any() {
		t.Fatal(errs)
	}
	if errs := update(models.AgendaItemInput{Title: "Open data portal", Outcome: "Agreed to publish.", OutcomeCy: "Cytunwyd i gyhoeddi."}); errs.Any() {
		t.Fatal(errs)
	}
	if it := stored(); it.OutcomeCy != "Cytunwyd i gyhoeddi." {
		t.Errorf("Welsh outcome %q", it.OutcomeCy)
	}
	for _, e := range eventsAfter(t, f.db, first) {
		if e.Verb != models.VerbAgendaItemUpdated {
			t.Errorf("unchanged decision recorded again: %v", asEv(e))
		}
	}

	// A changed outcome is a new decision; clearing it is not one.
	if errs := update(models.AgendaItemInput{Title: "Open data portal", Outcome: "Deferred to July."}); errs.Any() {
		t.Fatal(errs)
	}
	if errs := update(models.AgendaItemInput{Title: "Open data portal"}); errs.Any() {
		t.Fatal(errs)
	}
	for _, idea := range []*models.Idea{one, two} {
		if got, want := decisions(idea.ID), []string{"→Agreed to publish.", "Agreed to publish.→Deferred to July."}; !slices.Equal(got, want) {
			t.Errorf("idea %d decisions %q, want %q", idea.ID, got, want)
		}
	}

	// The outcome is open while the minutes are being written and closed once the meeting is
	// cancelled.
	if errs := update(models.AgendaItemInput{Title: "Open data portal", Outcome: "Agreed."}); errs.Any() {
		t.Fatal(errs)
	}
	if err := f.db.Exec(`UPDATE meetings SET minutes = 'Agreed.' WHERE id = ?`, f.meeting.ID).Error; err != nil {
		t.Fatal(err)
	}
	mustMeetingStatus(t, f.db, f.staff, f.meeting.ID, models.MeetingMinutesPublished)
	mustMeetingStatus(t, f.db, f.staff, f.meeting.ID, models.MeetingHeld)
	mustMeetingStatus(t, f.db, f.staff, f.meeting.ID, models.MeetingPlanned)
	if errs := update(models.AgendaItemInput{Title: "Open data portal", Outcome: "Agreed."}); errs.Any() {
		t.Errorf("unchanged outcome after moving back to planned: %v", errs)
	}
	mustMeetingStatus(t, f.db, f.staff, f.meeting.ID, models.MeetingCancelled)
	_, err := models.UpdateAgendaItem(ctx, f.db, f.staff, item.ID, models.AgendaItemInput{Title: "Renamed"})
	if !errors.Is(err, models.ErrConflict) {
		t.Errorf("edit of a cancelled meeting's item: %v", err)
	}
	if _, err := models.UpdateAgendaItem(ctx, f.db, f.staff, 999999, models.AgendaItemInput{Title: "x"}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("edit of a missing item: %v", err)
	}
}

// TestLinkAgendaIdeas links ideas in every status to an item.
func TestLinkAgendaIdeas(t *testing.T) {
	f := newAgendaFixture(t)
	mustConsultation(t, f.db, "open", "open")
	item := mustItem(t, f.db, f.staff, f.meeting.ID, "Open data")
	label := "June meeting, 2026-06-04: 1. Open data"
	for _, tc := range []struct {
		status string
		moves  bool
	}{
		{models.StatusNew, true},
		{models.StatusUnderReview, true},
		{models.StatusShortlisted, true},
		{models.StatusOnAgenda, false},
		{models.StatusInProgress, false},
		{models.StatusDone, false},
		{models.StatusDeclined, false},
	} {
		t.Run(tc.status, func(t *testing.T) {
			idea := mustIdea(t, f.db, f.staff, "open", "Idea "+tc.status)
			if tc.status != models.StatusNew {
				mustIdeaStatus(t, f.db, f.staff, idea.ID, tc.status)
			}
			first := lastEventID(t, f.db)
			mustLink(t, f.db, f.staff, item.ID, idea.ID)
			want := []ev{{verb: models.VerbIdeaAgendaLinked, actor: f.staff.ID, subject: "agenda_item", subjectID: item.ID, idea: idea.ID, to: label}}
			wantStatus := tc.status
			if tc.moves {
				wantStatus = models.StatusOnAgenda
				want = append(want, ev{verb: models.VerbIdeaStatusChanged, actor: f.staff.ID, subject: "idea", subjectID: idea.ID,
					idea: idea.ID, from: tc.status, to: models.StatusOnAgenda})
			}
			checkEvents(t, eventsAfter(t, f.db, first), want)
			if got := loadIdea(t, f.db, idea.ID); got.Status != wantStatus {
				t.Errorf("status %q, want %q", got.Status, wantStatus)
			}

			// Linking again changes nothing.
			first = lastEventID(t, f.db)
			mustLink(t, f.db, f.staff, item.ID, idea.ID, idea.ID)
			if events := eventsAfter(t, f.db, first); len(events) != 0 {
				t.Errorf("linking again recorded %v", asEv(events[0]))
			}
			links, err := models.IdeaAgendaLinks(ctx, f.db, idea.ID)
			if err != nil || len(links) != 1 {
				t.Errorf("links %v %v, want one", links, err)
			}
		})
	}
}

// TestLinkAgendaIdeasRefused tries ideas that cannot go on an agenda, alone and among good
// ones: nothing of a refused request is kept.
func TestLinkAgendaIdeasRefused(t *testing.T) {
	f := newAgendaFixture(t)
	mustConsultation(t, f.db, "open", "open")
	item := mustItem(t, f.db, f.staff, f.meeting.ID, "Open data")
	good := mustIdea(t, f.db, f.staff, "open", "Good idea")
	target := mustIdea(t, f.db, f.staff, "open", "Merge target")
	merged := mustIdea(t, f.db, f.staff, "open", "Merged idea")
	if errs, err := models.MergeIdea(ctx, f.db, f.staff, merged.ID, target.ID, "Same thing."); err != nil || errs.Any() {
		t.Fatalf("merge: %v %v", errs, err)
	}
	hidden := mustIdea(t, f.db, f.staff, "open", "Hidden idea")
	if errs, err := models.Moderate(ctx, f.db, f.staff, models.SubjectIdea, hidden.ID, true, "Abusive."); err != nil || errs.Any() {
		t.Fatalf("hide: %v %v", errs, err)
	}
	for _, tc := range []struct {
		name string
		ids  []int64
		want models.Errors
	}{
		{"none", nil, models.Errors{"idea": "error.idea.choose"}},
		{"merged", []int64{merged.ID}, models.Errors{"idea": "error.agenda.not_eligible"}},
		{"hidden", []int64{hidden.ID}, models.Errors{"idea": "error.agenda.not_eligible"}},
		{"missing", []int64{999999}, models.Errors{"idea": "error.idea.not_found"}},
		{"good with merged", []int64{good.ID, merged.ID}, models.Errors{"idea": "error.agenda.not_eligible"}},
		{"good with hidden", []int64{hidden.ID, good.ID}, models.Errors{"idea": "error.agenda.not_eligible"}},
		{"good with missing", []int64{good.ID, 999999}, models.Errors{"idea": "error.idea.not_found"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := lastEventID(t, f.db)
			errs, err := models.LinkAgendaIdeas(ctx, f.db, f.staff, item.ID, tc.ids)
			if err != nil || !sameErrors(errs, tc.want) {
				t.Errorf("errors %v %v, want %v", errs, err, tc.want)
			}
			if n := countRows(t, f.db, "agenda_item_ideas"); n != 0 {
				t.Errorf("%d ideas linked by a refused request", n)
			}
			if events := eventsAfter(t, f.db, first); len(events) != 0 {
				t.Errorf("refused request recorded %v", asEv(events[0]))
			}
			if got := loadIdea(t, f.db, good.ID); got.Status != models.StatusNew {
				t.Errorf("good idea moved to %q by a refused request", got.Status)
			}
		})
	}
	if _, err := models.LinkAgendaIdeas(ctx, f.db, f.staff, 999999, []int64{good.ID}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("link to a missing item: %v", err)
	}
}

func TestUnlinkAgendaIdea(t *testing.T) {
	f := newAgendaFixture(t)
	mustConsultation(t, f.db, "open", "open")
	item := mustItem(t, f.db, f.staff, f.meeting.ID, "Open data")
	other := mustItem(t, f.db, f.staff, f.meeting.ID, "Budget")
	idea := mustIdea(t, f.db, f.staff, "open", "Open data portal")
	mustLink(t, f.db, f.staff, item.ID, idea.ID)
	mustLink(t, f.db, f.staff, other.ID, idea.ID)

	first := lastEventID(t, f.db)
	if err := models.UnlinkAgendaIdea(ctx, f.db, f.staff, item.ID, idea.ID); err != nil {
		t.Fatal(err)
	}
	checkEvents(t, eventsAfter(t, f.db, first), []ev{{verb: models.VerbIdeaAgendaUnlinked, actor: f.staff.ID,
		subject: "agenda_item", subjectID: item.ID, idea: idea.ID, to: "June meeting, 2026-06-04: 1. Open data"}})
	links, err := models.IdeaAgendaLinks(ctx, f.db, idea.ID)
	if err != nil || len(links) != 1 || links[0].ItemID != other.ID {
		t.Errorf("links after unlinking %v %v, want only the budget item", links, err)
	}
	if got := loadIdea(t, f.db, idea.ID); got.Status != models.StatusOnAgenda {
		t.Errorf("status %q after unlinking, want it kept", got.Status)
	}

	first = lastEventID(t, f.db)
	if err := models.UnlinkAgendaIdea(ctx, f.db, f.staff, item.ID, idea.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(eventsAfter(t, f.db, first)); n != 0 {
		t.Errorf("unlinking again recorded %d events", n)
	}
	if err := models.UnlinkAgendaIdea(ctx, f.db, f.staff, item.ID, 999999); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unlink a missing idea: %v", err)
	}
	if err := models.UnlinkAgendaIdea(ctx, f.db, f.staff, 999999, idea.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unlink from a missing item: %v", err)
	}
}

// TestIdeaPageLinks checks what an idea's page shows of the meetings that took it up and the
// actions that follow it up, and what a meeting's page shows of its agenda.
func TestIdeaPageLinks(t *testing.T) {
	f := newAgendaFixture(t)
	mustConsultation(t, f.db, "open", "open")
	voter := mustUser(t, f.db, "voter")
	idea := mustIdea(t, f.db, f.staff, "open", "Open data portal")
	lonely := mustIdea(t, f.db, f.staff, "open", "Nobody's idea")
	popular := mustIdea(t, f.db, f.staff, "open", "Popular idea")
	mustVote(t, f.db, popular.ID, voter.ID, true)
	sb := mustBoard(t, f.db, f.staff, "Standards Board", "SB")

	july := mustMeeting(t, f.db, f.staff, meetingOn(sb.ID, "July meeting", dateParts(2026, 7, 2), "14:00", "15:00"))
	julyItem := mustItem(t, f.db, f.staff, july.ID, "Standards")
	mustItem(t, f.db, f.staff, f.meeting.ID, "Welcome")
	juneItem := mustItem(t, f.db, f.staff, f.meeting.ID, "Open data")
	mustLink(t, f.db, f.staff, julyItem.ID, idea.ID)
	mustLink(t, f.db, f.staff, juneItem.ID, idea.ID, popular.ID)
	mustMeetingStatus(t, f.db, f.staff, f.meeting.ID, models.MeetingHeld)
	if errs, err := models.UpdateAgendaItem(ctx, f.db, f.staff, juneItem.ID, models.AgendaItemInput{Title: "Open data", Outcome: "Agreed."}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}

	links, err := models.IdeaAgendaLinks(ctx, f.db, idea.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 2 {
		t.Fatalf("links %+v, want two", links)
	}
	june, jul := links[0], links[1]
	if june.ItemID != juneItem.ID || june.Position != 2 || june.Title != "Open data" || june.Outcome != "Agreed." ||
		june.MeetingID != f.meeting.ID || june.MeetingTitle != "June meeting" || june.MeetingStatus != models.MeetingHeld ||
		june.BoardSlug != "digital-panel" || june.BoardName != "Digital Panel" || !june.StartsAt.Equal(f.meeting.StartsAt) {
		t.Errorf("June link %+v", june)
	}
	if jul.ItemID != julyItem.ID || jul.BoardSlug != "standards-board" || jul.MeetingStatus != models.MeetingPlanned || jul.Outcome != "" {
		t.Errorf("July link %+v", jul)
	}
	if links, err := models.IdeaAgendaLinks(ctx, f.db, lonely.ID); err != nil || len(links) != 0 {
		t.Errorf("links of an idea on no agenda: %v %v", links, err)
	}

	// Actions raised at the June item and one raised on its own, both following the idea up.
	raised, errs, err := models.CreateAction(ctx, f.db, f.staff, models.ActionInput{AgendaItemID: juneItem.ID,
		Description: "Publish the data", OwnerName: "Ann", IdeaIDs: []int64{idea.ID}}, raisedAt)
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if raised.BoardID != f.board.ID || raised.MeetingID == nil || *raised.MeetingID != f.meeting.ID {
		t.Errorf("action raised at an item: board %d meeting %v", raised.BoardID, raised.MeetingID)
	}
	alone := mustAction(t, f.db, f.staff, models.ActionInput{BoardID: sb.ID, Description: "Write a standard", OwnerName: "Bob", IdeaIDs: []int64{idea.ID}}, raisedAt)
	mustAction(t, f.db, f.staff, models.ActionInput{BoardID: sb.ID, Description: "Unrelated", OwnerName: "Bob"}, raisedAt)
	actions, err := models.ActionsForIdea(ctx, f.db, idea.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(actions) != 2 || actions[0].ID != raised.ID || actions[1].ID != alone.ID {
		t.Fatalf("actions for the idea: %+v", actions)
	}
	if a := actions[0]; a.BoardSlug != "digital-panel" || a.MeetingTitle != "June meeting" || a.ItemPosition == nil ||
		*a.ItemPosition != 2 || a.ItemTitle != "Open data" || a.MeetingStartsAt == nil || a.Reference == "" {
		t.Errorf("raised action listing %+v", a)
	}
	if a := actions[1]; a.BoardSlug != "standards-board" || a.MeetingTitle != "" || a.ItemPosition != nil || a.MeetingStartsAt != nil {
		t.Errorf("lone action listing %+v", a)
	}

	// The meeting's page: items in order, each with its ideas (most supported first) and
	// actions.
	agenda, err := models.Agenda(ctx, f.db, f.meeting.ID, voter.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(agenda) != 2 || agenda[0].Title != "Welcome" || len(agenda[0].Ideas) != 0 || len(agenda[0].Actions) != 0 {
		t.Fatalf("agenda %+v", agenda)
	}
	second := agenda[1]
	if len(second.Ideas) != 2 || second.Ideas[0].ID != popular.ID || !second.Ideas[0].Voted || second.Ideas[1].ID != idea.ID || second.Ideas[1].Voted {
		t.Errorf("ideas of the open data item: %+v", second.Ideas)
	}
	if len(second.Actions) != 1 || second.Actions[0].ID != raised.ID {
		t.Errorf("actions of the open data item: %+v", second.Actions)
	}
	if got, err := models.ActionsRaisedAt(ctx, f.db, f.meeting.ID); err != nil || len(got) != 1 || got[0].ID != raised.ID {
		t.Errorf("actions raised at the meeting: %v %v", got, err)
	}
	if empty, err := models.Agenda(ctx, f.db, july.ID+100, 0); err != nil || len(empty) != 0 {
		t.Errorf("agenda of a missing meeting: %v %v", empty, err)
	}
}

func TestOpenAgendaItemsAndCandidates(t *testing.T) {
	f := newAgendaFixture(t)
	now := time.Date(2026, 6, 20, 12, 0, 0, 0, models.London)
	c := mustConsultation(t, f.db, "open", "open")
	if err := f.db.Exec(`UPDATE consultations SET board_id = ? WHERE id = ?`, f.board.ID, c.ID).Error; err != nil {
		t.Fatal(err)
	}
	mustConsultation(t, f.db, "elsewhere", "open")
	first := mustIdea(t, f.db, f.staff, "open", "First choice")
	second := mustIdea(t, f.db, f.staff, "open", "Second choice")
	mustIdea(t, f.db, f.staff, "open", "Not shortlisted")
	other := mustIdea(t, f.db, f.staff, "elsewhere", "Shortlisted elsewhere")
	for _, s := range []struct {
		id   int64
		rank int
	}{{second.ID, 1}, {first.ID, 1}, {other.ID, 1}} {
		if errs, err := models.SetShortlistEntry(ctx, f.db, f.staff, s.id, models.ShortlistInput{Rank: s.rank, Rationale: "Good."}); err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
	}

	june := mustItem(t, f.db, f.staff, f.meeting.ID, "June item")                     // 4 June: 16 days ago
	old := mustMeetingAt(t, f.db, f.staff, f.board.ID, "May", now.AddDate(0, 0, -40)) // too long ago
	mustItem(t, f.db, f.staff, old.ID, "May item")
	cancelled := mustMeetingAt(t, f.db, f.staff, f.board.ID, "Cancelled", now.AddDate(0, 0, 5))
	mustItem(t, f.db, f.staff, cancelled.ID, "Cancelled item")
	mustMeetingStatus(t, f.db, f.staff, cancelled.ID, models.MeetingCancelled)
	next := mustMeetingAt(t, f.db, f.staff, f.board.ID, "July", now.AddDate(0, 0, 10))
	july := mustItem(t, f.db, f.staff, next.ID, "July item")

	// Another board, first by name: offered first for an idea whose consultation reports to
	// no board, after the idea's own board otherwise.
	audit := mustBoard(t, f.db, f.staff, "Audit Committee", "AC")
	auditMeeting := mustMeetingAt(t, f.db, f.staff, audit.ID, "Audit", now.AddDate(0, 0, 3))
	auditItem := mustItem(t, f.db, f.staff, auditMeeting.ID, "Audit item")
	for _, tc := range []struct {
		idea  int64
		order []string
		items [][]int64
	}{
		{first.ID, []string{"Digital Panel", "Audit Committee"}, [][]int64{{june.ID, july.ID}, {auditItem.ID}}},
		{other.ID, []string{"Audit Committee", "Digital Panel"}, [][]int64{{auditItem.ID}, {june.ID, july.ID}}},
	} {
		open, err := models.OpenAgendaItems(ctx, f.db, now, tc.idea)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		var items [][]int64
		for _, b := range open {
			names = append(names, b.Name)
			var ids []int64
			for _, l := range b.Items {
				ids = append(ids, l.ItemID)
			}
			items = append(items, ids)
		}
		if !slices.Equal(names, tc.order) || len(items) != len(tc.items) || !slices.Equal(items[0], tc.items[0]) || !slices.Equal(items[1], tc.items[1]) {
			t.Errorf("idea %d: boards %v with items %v, want %v with %v", tc.idea, names, items, tc.order, tc.items)
		}
		if own := open[0].IdeasBoard; own != (tc.idea == first.ID) {
			t.Errorf("idea %d: first board marked as the idea's own: %v", tc.idea, own)
		}
	}

	mustLink(t, f.db, f.staff, july.ID, second.ID)
	cands, err := models.AgendaCandidates(ctx, f.db, july, next, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 1 || cands[0].ID != first.ID {
		t.Errorf("candidates %+v, want the first choice only (the second is on the item, the other is another board's)", cands)
	}
	cands, err = models.AgendaCandidates(ctx, f.db, july, next, "shortlisted elsewhere", 0)
	if err != nil || len(cands) != 1 || cands[0].ID != other.ID {
		t.Errorf("search candidates %+v %v", cands, err)
	}
}

// TestAgendaChangesSideBySide records outcomes on one item while the same idea is linked to
// and unlinked from another item of the meeting. Both lock the meeting and the idea; neither
// may fail, whichever order they arrive in.
func TestAgendaChangesSideBySide(t *testing.T) {
	f := newAgendaFixture(t)
	limitPool(t, f.db, 6)
	mustConsultation(t, f.db, "open", "open")
	idea := mustIdea(t, f.db, f.staff, "open", "Open data portal")
	decided := mustItem(t, f.db, f.staff, f.meeting.ID, "Decided")
	other := mustItem(t, f.db, f.staff, f.meeting.ID, "Other")
	spare := mustItem(t, f.db, f.staff, f.meeting.ID, "Spare")
	mustLink(t, f.db, f.staff, decided.ID, idea.ID)
	mustLink(t, f.db, f.staff, spare.ID, idea.ID)
	mustMeetingStatus(t, f.db, f.staff, f.meeting.ID, models.MeetingHeld)

	const rounds = 30
	errc := make(chan error, 3*rounds)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range rounds {
			errs, err := models.UpdateAgendaItem(ctx, f.db, f.staff, decided.ID, models.AgendaItemInput{Title: "Decided", Outcome: "Version " + strconv.Itoa(i)})
			if err == nil && errs.Any() {
				err = fmt.Errorf("%v", errs)
			}
			errc <- err
		}
	}()
	go func() {
		defer wg.Done()
		for range rounds {
			_, err := models.LinkAgendaIdeas(ctx, f.db, f.staff, other.ID, []int64{idea.ID})
			errc <- err
			errc <- models.UnlinkAgendaIdea(ctx, f.db, f.staff, other.ID, idea.ID)
		}
	}()
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Error(err)
		}
	}
	history, err := models.IdeaHistory(ctx, f.db, idea.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range history {
		counts[e.Verb]++
	}
	if counts[models.VerbIdeaDecision] != rounds || counts[models.VerbIdeaAgendaLinked] != rounds+2 || counts[models.VerbIdeaAgendaUnlinked] != rounds {
		t.Errorf("history counts %v", counts)
	}
}
