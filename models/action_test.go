package models_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// raisedAt is when the tests' actions are raised: only their reference's year depends on it,
// and a fixed moment keeps even that the same whenever the tests run.
var raisedAt = time.Date(2026, time.June, 11, 12, 0, 0, 0, models.London)

func mustAction(t *testing.T, db *gorm.DB, actor *models.User, in models.ActionInput, now time.Time) *models.Action {
	t.Helper()
	a, errs, err := models.CreateAction(ctx, db, actor, in, now)
	if err != nil || errs.Any() {
		t.Fatalf("action %q: %v %v", in.Description, errs, err)
	}
	return a
}

func mustActionUpdate(t *testing.T, db *gorm.DB, actor *models.User, id int64, status, body string) {
	t.Helper()
	errs, err := models.AddActionUpdate(ctx, db, actor, id, models.ActionUpdateInput{Body: body, Status: status})
	if err != nil || errs.Any() {
		t.Fatalf("update action %d to %q: %v %v", id, status, errs, err)
	}
}

func loadAction(t *testing.T, db *gorm.DB, id int64) models.Action {
	t.Helper()
	var a models.Action
	if err := db.First(&a, id).Error; err != nil {
		t.Fatalf("load action %d: %v", id, err)
	}
	return a
}

// forceActionStatus puts an action straight into a status, as the table's check allows.
func forceActionStatus(t *testing.T, db *gorm.DB, id int64, status string) {
	t.Helper()
	err := db.Exec(`UPDATE actions SET status = ?, closed_at = CASE WHEN ? IN ('done', 'dropped') THEN now() - interval '1 day' END
		WHERE id = ?`, status, status, id).Error
	if err != nil {
		t.Fatalf("force action %d to %s: %v", id, status, err)
	}
}

// backdate moves a row's created_at to a moment.
func backdate(t *testing.T, db *gorm.DB, table string, id int64, at time.Time) {
	t.Helper()
	if err := db.Exec("UPDATE "+table+" SET created_at = ? WHERE id = ?", at, id).Error; err != nil {
		t.Fatal(err)
	}
}

// TestActionReferencesConcurrently raises 40 actions on one board at once: each must get its
// own number, with no gaps and no failures.
func TestActionReferencesConcurrently(t *testing.T) {
	db := newDB(t)
	limitPool(t, db, 20)
	staff := mustUser(t, db, "staff")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	sb := mustBoard(t, db, staff, "Standards Board", "SB")
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, models.London)

	const n = 40
	var wg sync.WaitGroup
	refs := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			a, verrs, err := models.CreateAction(ctx, db, staff, models.ActionInput{BoardID: dp.ID,
				Description: fmt.Sprintf("Action %d", i), OwnerName: "Ann"}, now)
			if err == nil && verrs.Any() {
				err = fmt.Errorf("validation: %v", verrs)
			}
			if err == nil {
				refs[i] = a.Reference
			}
			errs[i] = err
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("action %d: %v", i, err)
		}
	}
	slices.Sort(refs)
	var want []string
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("DP-2026-%03d", i))
	}
	if !slices.Equal(refs, want) {
		t.Errorf("references %v, want DP-2026-001..%03d", refs, n)
	}
	var stored []string
	if err := db.Raw(`SELECT reference FROM actions ORDER BY reference`).Scan(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stored, want) {
		t.Errorf("stored references %v", stored)
	}

	for _, tc := range []struct {
		name  string
		board int64
		now   time.Time
		want  string
	}{
		{"another board has its own sequence", sb.ID, now, "SB-2026-001"},
		{"and carries on", sb.ID, now, "SB-2026-002"},
		{"the first board carries on", dp.ID, now, "DP-2026-041"},
		{"a new year starts again", dp.ID, time.Date(2027, 1, 1, 0, 0, 1, 0, models.London), "DP-2027-001"},
		{"the old year carries on", dp.ID, time.Date(2026, 12, 31, 23, 59, 0, 0, models.London), "DP-2026-042"},
		// The year is London's, whatever zone now is given in.
		{"New Year's Eve in New York is New Year's Day here", dp.ID, time.Date(2026, 12, 31, 20, 0, 0, 0, time.FixedZone("New York", -5*3600)), "DP-2027-002"},
		{"New Year's Day in Berlin is still New Year's Eve here", sb.ID, time.Date(2027, 1, 1, 0, 30, 0, 0, time.FixedZone("Berlin", 3600)), "SB-2026-003"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := mustAction(t, db, staff, models.ActionInput{BoardID: tc.board, Description: tc.name, OwnerName: "Ann"}, tc.now)
			if a.Reference != tc.want {
				t.Errorf("reference %s, want %s", a.Reference, tc.want)
			}
		})
	}
}

func TestCreateActionValidation(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	owner := mustUser(t, db, "Owen")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, staff, "open", "Open data")
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, models.London)
	valid := func(change func(*models.ActionInput)) models.ActionInput {
		in := models.ActionInput{BoardID: dp.ID, Description: "Publish the data", OwnerName: "Owen Jones"}
		change(&in)
		return in
	}
	for _, tc := range []struct {
		name  string
		in    models.ActionInput
		want  models.Errors
		check func(*models.Action) string
	}{
		{"no description", valid(func(in *models.ActionInput) { in.Description = " " }), models.Errors{"description": "error.action_description.required"}, nil},
		{"description too long", valid(func(in *models.ActionInput) { in.Description = strings.Repeat("x", 2001) }), models.Errors{"description": "error.action_description.too_long"}, nil},
		{"no owner name", valid(func(in *models.ActionInput) { in.OwnerName = "" }), models.Errors{"owner_name": "error.owner_name.required"}, nil},
		{"no owner name but a handle", valid(func(in *models.ActionInput) { in.OwnerName, in.OwnerHandle = "", "Owen" }), models.Errors{"owner_name": "error.owner_name.required"}, nil},
		{"unknown owner handle", valid(func(in *models.ActionInput) { in.OwnerHandle = "@nobody" }), models.Errors{"owner_handle": "error.owner_handle.unknown"}, nil},
		{"due 31 June", valid(func(in *models.ActionInput) { in.Due = dateParts(2026, 6, 31) }), models.Errors{"due": "error.date.invalid"}, nil},
		{"due date half typed", valid(func(in *models.ActionInput) { in.Due = models.DateParts{Day: "1", Month: "6"} }), models.Errors{"due": "error.date.invalid"}, nil},
		{"no board", valid(func(in *models.ActionInput) { in.BoardID = 0 }), models.Errors{"board_id": "error.board_id.required"}, nil},
		{"unknown board", valid(func(in *models.ActionInput) { in.BoardID = dp.ID + 100 }), models.Errors{"board_id": "error.board_id.required"}, nil},
		{"unknown idea", valid(func(in *models.ActionInput) { in.IdeaIDs = []int64{idea.ID, 999999} }), models.Errors{"idea": "error.idea.not_found"}, nil},
		{"several problems", valid(func(in *models.ActionInput) { in.Description, in.OwnerName, in.Due = "", "", dateParts(2026, 2, 30) }),
			models.Errors{"description": "error.action_description.required", "owner_name": "error.owner_name.required", "due": "error.date.invalid"}, nil},

		{"no due date", valid(func(*models.ActionInput) {}), nil, func(a *models.Action) string {
			return failUnless(a.DueOn == nil && a.OwnerID == nil && a.Status == models.ActionOpen && a.ClosedAt == nil, "%+v", a)
		}},
		{"due date", valid(func(in *models.ActionInput) { in.Due = dateParts(2026, 7, 31) }), nil, func(a *models.Action) string {
			return failUnless(a.DueOn != nil && a.DueOn.Format("2006-01-02") == "2026-07-31", "due %v", a.DueOn)
		}},
		{"owner handle with @ in another case", valid(func(in *models.ActionInput) { in.OwnerHandle = " @owen " }), nil, func(a *models.Action) string {
			return failUnless(a.OwnerID != nil && *a.OwnerID == owner.ID, "owner %v", a.OwnerID)
		}},
		{"ideas given twice", valid(func(in *models.ActionInput) { in.IdeaIDs = []int64{idea.ID, idea.ID} }), nil, func(a *models.Action) string {
			var n int64
			db.Raw(`SELECT count(*) FROM action_ideas WHERE action_id = ?`, a.ID).Scan(&n)
			return failUnless(n == 1, "%d links", n)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := countRows(t, db, "actions")
			a, errs, err := models.CreateAction(ctx, db, staff, tc.in, now)
			if err != nil {
				t.Fatal(err)
			}
			if !sameErrors(errs, tc.want) {
				t.Fatalf("errors %v, want %v", errs, tc.want)
			}
			after := countRows(t, db, "actions")
			if tc.want != nil {
				if a != nil || after != before {
					t.Errorf("refused input returned %v and stored %d actions", a, after-before)
				}
				return
			}
			if a == nil || after != before+1 {
				t.Fatalf("valid input returned %v and stored %d actions", a, after-before)
			}
			stored := loadAction(t, db, a.ID)
			if msg := tc.check(&stored); msg != "" {
				t.Error(msg)
			}
		})
	}
	// Refused actions use up no numbers.
	a := mustAction(t, db, staff, valid(func(*models.ActionInput) {}), now)
	if a.Reference != "DP-2026-005" {
		t.Errorf("next reference %s, want DP-2026-005 after four stored actions", a.Reference)
	}
	if _, _, err := models.CreateAction(ctx, db, staff, models.ActionInput{AgendaItemID: 999999, Description: "x", OwnerName: "x"}, now); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("action at a missing item: %v", err)
	}
}

func TestCreateActionEvents(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	mustConsultation(t, db, "open", "open")
	one := mustIdea(t, db, staff, "open", "One")
	two := mustIdea(t, db, staff, "open", "Two")
	first := lastEventID(t, db)
	a := mustAction(t, db, staff, models.ActionInput{BoardID: dp.ID, Description: "Publish", OwnerName: "Ann",
		IdeaIDs: []int64{two.ID, one.ID}}, raisedAt)
	ref := a.Reference
	checkEvents(t, eventsAfter(t, db, first), []ev{
		{verb: models.VerbActionCreated, actor: staff.ID, subject: "action", subjectID: a.ID, to: ref, reason: "Publish"},
		{verb: models.VerbIdeaActionLinked, actor: staff.ID, subject: "action", subjectID: a.ID, idea: one.ID, to: ref, reason: "Publish"},
		{verb: models.VerbIdeaActionLinked, actor: staff.ID, subject: "action", subjectID: a.ID, idea: two.ID, to: ref, reason: "Publish"},
	})

	// Linking and unlinking later, each once.
	three := mustIdea(t, db, staff, "open", "Three")
	first = lastEventID(t, db)
	for _, step := range []struct {
		idea int64
		on   bool
	}{{three.ID, true}, {three.ID, true}, {one.ID, false}, {one.ID, false}} {
		if errs, err := models.LinkActionIdea(ctx, db, staff, a.ID, step.idea, step.on); err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
	}
	checkEvents(t, eventsAfter(t, db, first), []ev{
		{verb: models.VerbIdeaActionLinked, actor: staff.ID, subject: "action", subjectID: a.ID, idea: three.ID, to: ref, reason: "Publish"},
		{verb: models.VerbIdeaActionUnlinked, actor: staff.ID, subject: "action", subjectID: a.ID, idea: one.ID, to: ref, reason: "Publish"},
	})
	if errs, err := models.LinkActionIdea(ctx, db, staff, a.ID, 999999, true); err != nil || !sameErrors(errs, models.Errors{"idea": "error.idea.not_found"}) {
		t.Errorf("link a missing idea: %v %v", errs, err)
	}
	if _, err := models.LinkActionIdea(ctx, db, staff, 999999, one.ID, true); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("link to a missing action: %v", err)
	}
	detail, err := models.ActionByID(ctx, db, a.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ideas []int64
	for _, i := range detail.Ideas {
		ideas = append(ideas, i.ID)
	}
	if !slices.Equal(ideas, []int64{two.ID, three.ID}) || detail.BoardSlug != "digital-panel" || detail.Reference != ref {
		t.Errorf("detail %+v ideas %v", detail.ActionListing, ideas)
	}
}

func TestEditAction(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	owner := mustUser(t, db, "owen")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	a := mustAction(t, db, staff, models.ActionInput{BoardID: dp.ID, Description: "Publish", OwnerName: "Ann",
		OwnerHandle: "staff", Due: dateParts(2026, 6, 1)}, raisedAt)
	mustActionUpdate(t, db, staff, a.ID, models.ActionInProgress, "Started.")

	first := lastEventID(t, db)
	errs, err := models.EditAction(ctx, db, staff, a.ID, models.ActionInput{Description: "Publish the data", OwnerName: "Owen",
		OwnerHandle: "owen", Due: dateParts(2026, 9, 30), BoardID: 999})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	got := loadAction(t, db, a.ID)
	if got.Description != "Publish the data" || got.OwnerName != "Owen" || got.OwnerID == nil || *got.OwnerID != owner.ID ||
		got.DueOn == nil || got.DueOn.Format("2006-01-02") != "2026-09-30" || got.Status != models.ActionInProgress ||
		got.BoardID != dp.ID || got.Reference != a.Reference {
		t.Errorf("after edit %+v", got)
	}
	checkEvents(t, eventsAfter(t, db, first), []ev{{verb: models.VerbActionEdited, actor: staff.ID, subject: "action",
		subjectID: a.ID, to: a.Reference, reason: "Publish the data"}})

	if errs, err := models.EditAction(ctx, db, staff, a.ID, models.ActionInput{Description: "x", OwnerName: "x"}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if got := loadAction(t, db, a.ID); got.DueOn != nil || got.OwnerID != nil {
		t.Errorf("clearing due date and owner account: %+v", got)
	}
	for _, tc := range []struct {
		in   models.ActionInput
		want models.Errors
	}{
		{models.ActionInput{Description: "x", OwnerName: "x", OwnerHandle: "ghost"}, models.Errors{"owner_handle": "error.owner_handle.unknown"}},
		{models.ActionInput{Description: "x"}, models.Errors{"owner_name": "error.owner_name.required"}},
		{models.ActionInput{Description: "x", OwnerName: "x", Due: dateParts(2026, 4, 31)}, models.Errors{"due": "error.date.invalid"}},
	} {
		first := lastEventID(t, db)
		if errs, err := models.EditAction(ctx, db, staff, a.ID, tc.in); err != nil || !sameErrors(errs, tc.want) {
			t.Errorf("edit %+v: %v %v, want %v", tc.in, errs, err, tc.want)
		}
		if n := len(eventsAfter(t, db, first)); n != 0 {
			t.Errorf("refused edit recorded %d events", n)
		}
	}
	if got := loadAction(t, db, a.ID); got.Description != "x" || got.OwnerName != "x" {
		t.Errorf("refused edits changed the action: %+v", got)
	}
	if _, err := models.EditAction(ctx, db, staff, 999999, models.ActionInput{Description: "x", OwnerName: "x"}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("edit of a missing action: %v", err)
	}
}

// TestActionStatusFlow tries every status from every status through a progress update.
func TestActionStatusFlow(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	mustConsultation(t, db, "open", "open")
	one := mustIdea(t, db, staff, "open", "One")
	two := mustIdea(t, db, staff, "open", "Two")
	allowed := map[[2]string]bool{
		{models.ActionOpen, models.ActionInProgress}:    true,
		{models.ActionOpen, models.ActionDone}:          true,
		{models.ActionOpen, models.ActionDropped}:       true,
		{models.ActionInProgress, models.ActionOpen}:    true,
		{models.ActionInProgress, models.ActionDone}:    true,
		{models.ActionInProgress, models.ActionDropped}: true,
		{models.ActionDone, models.ActionOpen}:          true,
		{models.ActionDropped, models.ActionOpen}:       true,
	}
	closed := func(s string) bool { return s == models.ActionDone || s == models.ActionDropped }
	for _, from := range models.ActionStatuses {
		for _, to := range append(slices.Clone(models.ActionStatuses), "", "finished") {
			t.Run(from+" to "+to, func(t *testing.T) {
				a := mustAction(t, db, staff, models.ActionInput{BoardID: dp.ID, Description: from + " to " + to, OwnerName: "Ann",
					IdeaIDs: []int64{one.ID, two.ID}}, raisedAt)
				forceActionStatus(t, db, a.ID, from)
				before := loadAction(t, db, a.ID)
				first := lastEventID(t, db)
				updates := countRows(t, db, "action_updates")

				errs, err := models.AddActionUpdate(ctx, db, staff, a.ID, models.ActionUpdateInput{Body: "Progress.", BodyCy: "Cynnydd.", Status: to})
				if err != nil {
					t.Fatal(err)
				}
				after := loadAction(t, db, a.ID)
				events := eventsAfter(t, db, first)
				note := to == "" || to == from
				if !note && !allowed[[2]string{from, to}] {
					if !sameErrors(errs, models.Errors{"status": "error.action_status.invalid"}) {
						t.Errorf("errors %v, want the move refused", errs)
					}
					if after.Status != from || len(events) != 0 || countRows(t, db, "action_updates") != updates {
						t.Errorf("refused move left status %q, %d events, %d updates", after.Status, len(events), countRows(t, db, "action_updates")-updates)
					}
					return
				}
				if errs.Any() {
					t.Fatalf("errors %v", errs)
				}
				wantTo := to
				if note {
					wantTo = from
				}
				if after.Status != wantTo {
					t.Errorf("status %q, want %q", after.Status, wantTo)
				}
				switch {
				case closed(wantTo) && closed(from):
					if after.ClosedAt == nil || !after.ClosedAt.Equal(*before.ClosedAt) {
						t.Errorf("closed_at %v, want it kept at %v", after.ClosedAt, before.ClosedAt)
					}
				case closed(wantTo):
					if after.ClosedAt == nil || time.Since(*after.ClosedAt) > time.Minute {
						t.Errorf("closed_at %v, want now", after.ClosedAt)
					}
				case after.ClosedAt != nil:
					t.Errorf("closed_at %v on an open action", after.ClosedAt)
				}
				var u models.ActionUpdate
				if err := db.Where("action_id = ?", a.ID).Last(&u).Error; err != nil {
					t.Fatal(err)
				}
				if u.Body != "Progress." || u.BodyCy != "Cynnydd." || u.StatusFrom != from || u.StatusTo != wantTo || u.AuthorID == nil || *u.AuthorID != staff.ID {
					t.Errorf("update row %+v", u)
				}
				var want []ev
				for _, idea := range []int64{one.ID, two.ID} {
					want = append(want, ev{verb: models.VerbActionUpdated, actor: staff.ID, subject: "action", subjectID: a.ID,
						idea: idea, from: from, to: wantTo, reason: a.Reference + ": Progress."})
				}
				checkEvents(t, events, want)
			})
		}
	}

	t.Run("no ideas, one event", func(t *testing.T) {
		a := mustAction(t, db, staff, models.ActionInput{BoardID: dp.ID, Description: "Alone", OwnerName: "Ann"}, raisedAt)
		first := lastEventID(t, db)
		mustActionUpdate(t, db, staff, a.ID, models.ActionDone, "Done.")
		checkEvents(t, eventsAfter(t, db, first), []ev{{verb: models.VerbActionUpdated, actor: staff.ID, subject: "action",
			subjectID: a.ID, from: models.ActionOpen, to: models.ActionDone, reason: a.Reference + ": Done."}})
	})

	t.Run("a whole life", func(t *testing.T) {
		idea := mustIdea(t, db, staff, "open", "Followed up")
		a := mustAction(t, db, staff, models.ActionInput{BoardID: dp.ID, Description: "Life", OwnerName: "Ann", IdeaIDs: []int64{idea.ID}}, raisedAt)
		steps := []struct{ status, body string }{
			{models.ActionInProgress, "Started."}, {"", "Halfway."}, {models.ActionDone, "Finished."},
			{"", "Thanked the team."}, {models.ActionOpen, "Reopened: a gap."}, {models.ActionDropped, "No longer needed."},
		}
		for _, s := range steps {
			mustActionUpdate(t, db, staff, a.ID, s.status, s.body)
		}
		detail, err := models.ActionByID(ctx, db, a.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range detail.Updates {
			got = append(got, u.StatusFrom+">"+u.StatusTo+" "+u.Body)
			if u.Author == nil || u.Author.ID != staff.ID {
				t.Errorf("update %d without its author", u.ID)
			}
		}
		want := []string{"open>in_progress Started.", "in_progress>in_progress Halfway.", "in_progress>done Finished.",
			"done>done Thanked the team.", "done>open Reopened: a gap.", "open>dropped No longer needed."}
		if !slices.Equal(got, want) {
			t.Errorf("updates %q, want %q", got, want)
		}
		if detail.Status != models.ActionDropped || detail.ClosedAt == nil || detail.LatestUpdate != "No longer needed." {
			t.Errorf("detail %+v", detail.ActionListing)
		}
		history, _ := models.IdeaHistory(ctx, db, idea.ID, nil)
		n := 0
		for _, e := range history {
			if e.Verb == models.VerbActionUpdated {
				n++
			}
		}
		if n != len(steps) {
			t.Errorf("%d action updates in the idea's history, want %d", n, len(steps))
		}
	})

	t.Run("bad input", func(t *testing.T) {
		a := mustAction(t, db, staff, models.ActionInput{BoardID: dp.ID, Description: "Bad", OwnerName: "Ann"}, raisedAt)
		for _, tc := range []struct {
			in   models.ActionUpdateInput
			want models.Errors
		}{
			{models.ActionUpdateInput{Body: " ", Status: models.ActionDone}, models.Errors{"body": "error.update_body.required"}},
			{models.ActionUpdateInput{Body: strings.Repeat("x", 2001)}, models.Errors{"body": "error.update_body.too_long"}},
			{models.ActionUpdateInput{Body: "x", BodyCy: strings.Repeat("x", 2001)}, models.Errors{"body_cy": "error.update_body_cy.too_long"}},
		} {
			if errs, err := models.AddActionUpdate(ctx, db, staff, a.ID, tc.in); err != nil || !sameErrors(errs, tc.want) {
				t.Errorf("%+v: %v %v, want %v", tc.in, errs, err, tc.want)
			}
		}
		if got := loadAction(t, db, a.ID); got.Status != models.ActionOpen {
			t.Errorf("status %q", got.Status)
		}
		if _, err := models.AddActionUpdate(ctx, db, staff, 999999, models.ActionUpdateInput{Body: "x"}); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("update of a missing action: %v", err)
		}
	})

	for _, s := range models.ActionStatuses {
		for _, next := range models.NextActionStatuses(s) {
			if !allowed[[2]string{s, next}] {
				t.Errorf("NextActionStatuses(%s) offers %s", s, next)
			}
		}
	}
}

// TestActionLogAt replays a board's log and asks what it looked like at several moments.
func TestActionLogAt(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	sb := mustBoard(t, db, staff, "Standards Board", "SB")
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, models.London) }

	// The story, in March 2026:
	//   A raised 1st; started 5th; done 10th.
	//   B raised 3rd; dropped 6th; reopened 12th.
	//   C raised 8th; no progress.
	//   D raised 1st on the other board.
	type step struct {
		day    int
		status string
	}
	story := []struct {
		name   string
		board  int64
		raised int
		steps  []step
	}{
		{"A", dp.ID, 1, []step{{5, models.ActionInProgress}, {10, models.ActionDone}}},
		{"B", dp.ID, 3, []step{{6, models.ActionDropped}, {12, models.ActionOpen}}},
		{"C", dp.ID, 8, nil},
		{"D", sb.ID, 1, nil},
	}
	refs := map[string]string{}
	for _, s := range story {
		a := mustAction(t, db, staff, models.ActionInput{BoardID: s.board, Description: s.name, OwnerName: "Ann"}, day(s.raised))
		backdate(t, db, "actions", a.ID, day(s.raised))
		refs[s.name] = a.Reference
		for _, st := range s.steps {
			mustActionUpdate(t, db, staff, a.ID, st.status, fmt.Sprintf("%s on the %d", st.status, st.day))
			var u models.ActionUpdate
			if err := db.Where("action_id = ?", a.ID).Last(&u).Error; err != nil {
				t.Fatal(err)
			}
			backdate(t, db, "action_updates", u.ID, day(st.day))
		}
	}

	for _, tc := range []struct {
		name string
		at   time.Time
		want []string // "name status-then"
	}{
		{"before anything", day(1).Add(-time.Hour), nil},
		{"the moment A was raised", day(1), nil},
		{"just after A was raised", day(1).Add(time.Minute), []string{"A open"}},
		{"the 4th", day(4), []string{"A open", "B open"}},
		{"the moment A was started", day(5), []string{"A in_progress", "B open"}},
		{"the 7th: B dropped", day(7), []string{"A in_progress"}},
		{"the 9th: C raised", day(9), []string{"A in_progress", "C open"}},
		{"the 11th: A done", day(11), []string{"C open"}},
		{"the 13th: B reopened", day(13), []string{"B open", "C open"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log, err := models.ActionLogAt(ctx, db, dp.ID, tc.at, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range log {
				got = append(got, a.Description+" "+a.StatusThen)
				if a.Reference != refs[a.Description] || a.BoardSlug != "digital-panel" {
					t.Errorf("listing %+v", a)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("log %q, want %q", got, tc.want)
			}
		})
	}
	// An action raised at a meeting is not part of that meeting's review, even when it was
	// written up before the meeting began.
	var m models.Meeting
	if err := db.Create(&models.Meeting{BoardID: dp.ID, Title: "March", StartsAt: day(9), EndsAt: day(9).Add(time.Hour)}).Error; err != nil {
		t.Fatal(err)
	}
	db.Last(&m)
	db.Exec("UPDATE actions SET meeting_id = ? WHERE reference = ?", m.ID, refs["C"])
	if log, err := models.ActionLogAt(ctx, db, dp.ID, day(9).Add(time.Minute), m.ID); err != nil || len(log) != 1 || log[0].Description != "A" {
		t.Errorf("the review of the meeting where C was raised: %+v %v", log, err)
	}
	// Today the log's current status is the latest one, whatever it was then.
	log, err := models.ActionLogAt(ctx, db, dp.ID, day(9), 0)
	if err != nil || len(log) != 2 || log[0].Status != models.ActionDone || log[0].StatusThen != models.ActionInProgress {
		t.Errorf("A in the log of the 9th: %+v %v", log, err)
	}
}

func TestListActions(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "staff")
	dp := mustBoard(t, db, staff, "Digital Panel", "DP")
	sb := mustBoard(t, db, staff, "Standards Board", "SB")
	// 23:30 UTC on 1 July is half past midnight on 2 July in London: today is the 2nd.
	now := time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC)
	type act struct {
		name   string
		board  int64
		owner  string
		due    models.DateParts
		status string
	}
	fixtures := []act{
		{"due1-open", dp.ID, "Ann", dateParts(2026, 7, 1), models.ActionOpen},               // overdue by a day in London
		{"due2-open", dp.ID, "Ann", dateParts(2026, 7, 2), models.ActionOpen},               // due today: not overdue
		{"due30-inprogress", dp.ID, "Bob", dateParts(2026, 6, 30), models.ActionInProgress}, // overdue
		{"nodue-open", dp.ID, "Bob", models.DateParts{}, models.ActionOpen},
		{"due1-done", dp.ID, "Ann", dateParts(2026, 6, 1), models.ActionDone},         // past due but done
		{"due20-dropped", sb.ID, "Cai", dateParts(2026, 6, 20), models.ActionDropped}, // past due but dropped
		{"due10-open-sb", sb.ID, "Cai", dateParts(2026, 8, 10), models.ActionOpen},
	}
	ids := map[string]int64{}
	for n, f := range fixtures {
		a := mustAction(t, db, staff, models.ActionInput{BoardID: f.board, Description: f.name, OwnerName: f.owner, Due: f.due}, now)
		backdate(t, db, "actions", a.ID, now.Add(time.Duration(n-len(fixtures))*time.Hour))
		if f.status != models.ActionOpen {
			mustActionUpdate(t, db, staff, a.ID, f.status, "Moved.")
		}
		ids[f.name] = a.ID
	}
	names := func(as []models.ActionListing) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Description)
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		q       models.ActionQuery
		want    []string
		total   int64
		overdue []string
	}{
		{"everything: open work by due date, then the rest newest first", models.ActionQuery{},
			[]string{"due30-inprogress", "due1-open", "due2-open", "due10-open-sb", "nodue-open", "due20-dropped", "due1-done"}, 7,
			[]string{"due30-inprogress", "due1-open"}},
		{"one board", models.ActionQuery{Board: "standards-board"}, []string{"due10-open-sb", "due20-dropped"}, 2, nil},
		{"unknown board", models.ActionQuery{Board: "nope"}, nil, 0, nil},
		{"open", models.ActionQuery{Status: models.ActionOpen}, []string{"due1-open", "due2-open", "due10-open-sb", "nodue-open"}, 4, []string{"due1-open"}},
		{"in progress", models.ActionQuery{Status: models.ActionInProgress}, []string{"due30-inprogress"}, 1, []string{"due30-inprogress"}},
		{"done", models.ActionQuery{Status: models.ActionDone}, []string{"due1-done"}, 1, nil},
		{"unknown status is ignored", models.ActionQuery{Status: "nonsense", Board: "standards-board"}, []string{"due10-open-sb", "due20-dropped"}, 2, nil},
		{"owner", models.ActionQuery{Owner: "Bob"}, []string{"due30-inprogress", "nodue-open"}, 2, []string{"due30-inprogress"}},
		{"owner and status", models.ActionQuery{Owner: "Ann", Status: models.ActionDone}, []string{"due1-done"}, 1, nil},
		{"overdue", models.ActionQuery{Overdue: true}, []string{"due30-inprogress", "due1-open"}, 2, []string{"due30-inprogress", "due1-open"}},
		{"overdue on a board", models.ActionQuery{Overdue: true, Board: "standards-board"}, nil, 0, nil},
		{"overdue of an owner", models.ActionQuery{Overdue: true, Owner: "Ann"}, []string{"due1-open"}, 1, []string{"due1-open"}},
		{"first page", models.ActionQuery{PerPage: 3}, []string{"due30-inprogress", "due1-open", "due2-open"}, 7, []string{"due30-inprogress", "due1-open"}},
		{"last page", models.ActionQuery{PerPage: 3, Page: 3}, []string{"due1-done"}, 7, nil},
		{"past the last page", models.ActionQuery{PerPage: 3, Page: 4}, nil, 7, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := models.ListActions(ctx, db, tc.q, now)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(page.Actions), tc.want) || page.Total != tc.total {
				t.Errorf("got %q total %d, want %q total %d", names(page.Actions), page.Total, tc.want, tc.total)
			}
			var overdue []string
			for _, a := range page.Actions {
				if a.Overdue {
					overdue = append(overdue, a.Description)
				}
			}
			if !slices.Equal(overdue, tc.overdue) {
				t.Errorf("marked overdue %q, want %q", overdue, tc.overdue)
			}
		})
	}

	// Later the same day in London, the same actions; a day later, the one due on the 2nd is
	// overdue too.
	for _, tc := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2026, 7, 2, 22, 59, 0, 0, time.UTC), 2}, // 23:59 BST on the 2nd
		{time.Date(2026, 7, 2, 23, 0, 0, 0, time.UTC), 3},  // midnight BST: the 3rd
	} {
		page, err := models.ListActions(ctx, db, models.ActionQuery{Overdue: true}, tc.now)
		if err != nil || page.Total != int64(tc.want) {
			t.Errorf("overdue at %v: %d %v, want %d", tc.now, page.Total, err, tc.want)
		}
	}
	owners, err := models.ActionOwners(ctx, db)
	if err != nil || !slices.Equal(owners, []string{"Ann", "Bob", "Cai"}) {
		t.Errorf("owners %q %v", owners, err)
	}
}

// TestPrefixChangeWhileRaising changes a new board's reference prefix while its first action
// is raised: either the change is refused or the action carries the new prefix, never the old
// one (which, freed, another board could take and repeat).
func TestPrefixChangeWhileRaising(t *testing.T) {
	db := newDB(t)
	limitPool(t, db, 6)
	staff := mustUser(t, db, "staff")
	for i := range 30 {
		name, old, renamed := fmt.Sprintf("Board %d", i), fmt.Sprintf("P%d", i), fmt.Sprintf("Q%d", i)
		b := mustBoard(t, db, staff, name, old)
		var (
			wg      sync.WaitGroup
			a       *models.Action
			errsA   models.Errors
			errA    error
			errsB   models.Errors
			errB    error
			started = make(chan struct{})
		)
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-started
			a, errsA, errA = models.CreateAction(ctx, db, staff, models.ActionInput{BoardID: b.ID, Description: "First", OwnerName: "Ann"}, raisedAt)
		}()
		go func() {
			defer wg.Done()
			<-started
			_, errsB, errB = models.SaveBoard(ctx, db, staff, b.ID, models.BoardInput{Name: name, RefPrefix: renamed})
		}()
		close(started)
		wg.Wait()
		if errA != nil || errsA.Any() || errB != nil {
			t.Fatalf("round %d: %v %v %v", i, errsA, errA, errB)
		}
		want := renamed
		if errsB.Any() {
			want = old
		}
		if !strings.HasPrefix(a.Reference, want+"-") {
			t.Errorf("round %d: action %s, but the board's prefix is %s", i, a.Reference, want)
		}
	}
}
