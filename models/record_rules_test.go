package models_test

import (
	"errors"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

// TestRecordStaysWhole: once something is part of the record, the everyday edits cannot
// quietly remove it. An agenda item with a decision or an action is not deleted; a hidden or
// merged idea is not linked to an action (but a link made before it was hidden can be undone).
func TestRecordStaysWhole(t *testing.T) {
	db := newDB(t)
	staff := mustRole(t, db, "clerk", models.RoleStaff)
	author := mustUser(t, db, "author")
	mustConsultation(t, db, "digital", "open")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	// The meeting has begun by the models' clock, fixed (a Thursday noon in June, long past)
	// so that "this morning" is a morning whatever the time the test runs.
	now := time.Date(2026, time.June, 11, 12, 0, 0, 0, models.London)
	ctx := models.WithClock(ctx, func() time.Time { return now })
	m := mustMeetingAt(t, db, staff, dp.ID, "This morning", earlierToday(now, 2*time.Hour))
	decided, plain, withAction := mustItem(t, db, staff, m.ID, "Decided"), mustItem(t, db, staff, m.ID, "Plain"), mustItem(t, db, staff, m.ID, "Action")
	if errs, err := models.SetMeetingStatus(ctx, db, staff, m.ID, models.MeetingHeld, ""); err != nil || errs.Any() {
		t.Fatalf("holding the meeting: %v %v", errs, err)
	}
	if errs, err := models.UpdateAgendaItem(ctx, db, staff, decided.ID, models.AgendaItemInput{Title: "Decided", Outcome: "Agreed."}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	mustAction(t, db, staff, models.ActionInput{AgendaItemID: withAction.ID, Description: "Do it", OwnerName: "Ann"}, now)

	for _, item := range []*models.AgendaItem{decided, withAction} {
		if err := models.DeleteAgendaItem(ctx, db, staff, item.ID); !errors.Is(err, models.ErrConflict) {
			t.Errorf("deleting %q: %v, want a conflict", item.Title, err)
		}
	}
	if err := models.DeleteAgendaItem(ctx, db, staff, plain.ID); err != nil {
		t.Errorf("deleting an item with nothing recorded: %v", err)
	}
	if n := countRows(t, db, "agenda_items"); n != 2 {
		t.Errorf("%d items left, want 2", n)
	}

	hidden, merged, fine := mustIdea(t, db, author, "digital", "Hidden"), mustIdea(t, db, author, "digital", "Merged"), mustIdea(t, db, author, "digital", "Fine")
	a := mustAction(t, db, staff, models.ActionInput{BoardID: dp.ID, Description: "Follow up", OwnerName: "Ann", IdeaIDs: []int64{fine.ID, hidden.ID}}, now)
	db.Exec("UPDATE ideas SET hidden_at = now() WHERE id = ?", hidden.ID)
	db.Exec("UPDATE ideas SET merged_into_id = ?, status = 'duplicate' WHERE id = ?", fine.ID, merged.ID)
	for _, id := range []int64{hidden.ID, merged.ID} {
		errs, err := models.LinkActionIdea(ctx, db, staff, a.ID, id, true)
		if err != nil || errs["idea"] != "error.action_idea.not_eligible" {
			t.Errorf("linking idea %d: %v %v", id, errs, err)
		}
		_, errs, err = models.CreateAction(ctx, db, staff, models.ActionInput{BoardID: dp.ID, Description: "New", OwnerName: "Ann", IdeaIDs: []int64{id}}, now)
		if err != nil || errs["idea"] != "error.action_idea.not_eligible" {
			t.Errorf("raising an action for idea %d: %v %v", id, errs, err)
		}
	}
	if errs, err := models.LinkActionIdea(ctx, db, staff, a.ID, hidden.ID, false); err != nil || errs.Any() {
		t.Errorf("unlinking an idea hidden after it was linked: %v %v", errs, err)
	}
	d, err := models.ActionByID(ctx, db, a.ID, 0)
	if err != nil || len(d.Ideas) != 1 || d.Ideas[0].ID != fine.ID {
		t.Errorf("the action's ideas: %+v %v", d, err)
	}
}
