package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

// at is a context whose clock reads the London time given.
func at(year int, month time.Month, day, hour, min, sec int) context.Context {
	t := time.Date(year, month, day, hour, min, sec, 0, models.London)
	return models.WithClock(context.Background(), func() time.Time { return t })
}

func TestConsultationStageFollowsDates(t *testing.T) {
	opens := time.Date(2030, 3, 10, 0, 0, 0, 0, models.London)
	closes := time.Date(2030, 4, 20, 23, 59, 59, 0, models.London)
	c := models.Consultation{Status: "open", OpensAt: &opens, ClosesAt: &closes}
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{opens.Add(-time.Second), models.StageScheduled},
		{opens, models.StageOpen},
		{closes.Add(-time.Second), models.StageOpen},
		{closes, models.StageClosed},
	} {
		if got := c.Stage(tc.now); got != tc.want {
			t.Errorf("at %s: stage %s, want %s", tc.now, got, tc.want)
		}
	}
	draft := models.Consultation{Status: "draft"}
	if got := draft.Stage(opens); got != models.StageDraft {
		t.Errorf("draft: %s", got)
	}
	if got := (&models.Consultation{Status: "open"}).Stage(opens); got != models.StageOpen {
		t.Errorf("no dates: %s", got)
	}
}

func TestConsultationLifecycle(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "secretariat")
	board, errs, err := models.SaveBoard(ctx, db, staff, 0, models.BoardInput{Name: "Digital Panel", RefPrefix: "DP"})
	if err != nil || errs.Any() {
		t.Fatalf("board: %v %v", err, errs)
	}

	before := at(2030, 3, 1, 12, 0, 0)
	in := models.ConsultationInput{Slug: "buses", Title: "Buses", TitleCy: "Bysiau", Description: "**Tell us**",
		Board: board.Slug, OpensOn: models.DateParts{Day: "10", Month: "3", Year: "2030"},
		ClosesOn: models.DatePartsOf("2030-04-20"), Themes: "Timetables\n\nFares\n"}
	c, errs, err := models.CreateConsultation(before, db, staff, in)
	if err != nil || errs.Any() {
		t.Fatalf("create: %v %v", err, errs)
	}
	if c.Stage(models.Now(before)) != models.StageDraft || c.BoardID == nil || *c.BoardID != board.ID {
		t.Fatalf("created %+v", c)
	}
	if want := time.Date(2030, 4, 20, 23, 59, 59, 0, models.London); !c.ClosesAt.Equal(want) {
		t.Errorf("closes at %s, want %s", c.ClosesAt, want)
	}
	if _, err := models.ConsultationBySlug(ctx, db, "buses"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("a draft is public: %v", err)
	}
	if _, err := models.ThemeBySlug(ctx, db, "timetables"); err != nil {
		t.Errorf("theme to start with: %v", err)
	}
	if _, errs, _ := models.CreateConsultation(before, db, staff, in); errs["slug"] == "" {
		t.Errorf("same slug twice: %v", errs)
	}
	bad := in
	bad.Slug, bad.Title, bad.ClosesOn, bad.Board = "other", "", models.DatePartsOf("2030-03-01"), "nope"
	if _, errs, _ := models.CreateConsultation(before, db, staff, bad); errs["title"] == "" || errs["closes_on"] == "" || errs["board"] == "" {
		t.Errorf("invalid input: %v", errs)
	}

	if errs, err := models.PublishConsultation(before, db, staff, c.ID, models.Reason{}); err != nil || errs.Any() {
		t.Fatalf("publish: %v %v", err, errs)
	}
	c, _ = models.ConsultationBySlug(ctx, db, "buses")
	if c.Stage(models.Now(before)) != models.StageScheduled || c.PublishedAt == nil {
		t.Fatalf("published: %+v", c)
	}
	var conflict *models.ConflictError
	if _, err := models.PublishConsultation(before, db, staff, c.ID, models.Reason{}); !errors.As(err, &conflict) {
		t.Errorf("published twice: %v", err)
	}
	if _, err := models.CloseConsultation(before, db, staff, c.ID, models.Reason{Text: "changed our minds"}); !errors.As(err, &conflict) {
		t.Errorf("closed before it opened: %v", err)
	}

	// Ideas are taken from 00:00 on the opening day, London time.
	author := mustUser(t, db, "citizen")
	if _, errs, _ := models.CreateIdea(at(2030, 3, 9, 23, 59, 59), db, author.ID, models.NewIdea{Consultation: "buses", Title: "Early", Body: "Too early"}); errs["consultation"] == "" {
		t.Error("an idea taken before the opening day")
	}
	opened := at(2030, 3, 10, 0, 0, 0)
	if _, errs, err := models.CreateIdea(opened, db, author.ID, models.NewIdea{Consultation: "buses", Title: "Night buses", Body: "Please"}); err != nil || errs.Any() {
		t.Fatalf("idea on the opening day: %v %v", err, errs)
	}

	// Moving the dates of a public consultation needs a reason.
	in.ClosesOn = models.DatePartsOf("2030-05-01")
	if _, errs, _ := models.UpdateConsultation(opened, db, staff, c.ID, in); errs["reason"] == "" {
		t.Errorf("extended without a reason: %v", errs)
	}
	in.Reason = "More time for the summer"
	if _, errs, err := models.UpdateConsultation(opened, db, staff, c.ID, in); err != nil || errs.Any() {
		t.Fatalf("extend: %v %v", err, errs)
	}

	if errs, _ := models.CloseConsultation(opened, db, staff, c.ID, models.Reason{}); errs["reason"] == "" {
		t.Errorf("closed without a reason: %v", errs)
	}
	closed := at(2030, 3, 15, 10, 0, 0)
	if errs, err := models.CloseConsultation(closed, db, staff, c.ID, models.Reason{Text: "Enough ideas"}); err != nil || errs.Any() {
		t.Fatalf("close: %v %v", err, errs)
	}
	c, _ = models.ConsultationBySlug(ctx, db, "buses")
	if c.Stage(models.Now(closed)) != models.StageClosed {
		t.Fatalf("closed: %s", c.Stage(models.Now(closed)))
	}
	if _, errs, _ := models.CreateIdea(closed, db, author.ID, models.NewIdea{Consultation: "buses", Title: "Late", Body: "Too late"}); errs["consultation"] == "" {
		t.Error("an idea taken after closing")
	}

	if errs, _ := models.ReopenConsultation(closed, db, staff, c.ID, models.DateParts{}, models.Reason{Text: "Again"}); errs["closes_on"] == "" {
		t.Errorf("reopened with no closing date: %v", errs)
	}
	if errs, _ := models.ReopenConsultation(closed, db, staff, c.ID, models.DatePartsOf("2030-03-14"), models.Reason{Text: "Again"}); errs["closes_on"] == "" {
		t.Errorf("reopened until the past: %v", errs)
	}
	if errs, err := models.ReopenConsultation(closed, db, staff, c.ID, models.DatePartsOf("2030-03-31"), models.Reason{Text: "Asked for more time"}); err != nil || errs.Any() {
		t.Fatalf("reopen: %v %v", err, errs)
	}
	c, _ = models.ConsultationBySlug(ctx, db, "buses")
	if !c.IsOpen(models.Now(closed)) || c.IsOpen(time.Date(2030, 4, 1, 0, 0, 0, 0, models.London)) {
		t.Errorf("reopened until 31 March: %+v", c)
	}

	in.Board, in.ClosesOn = "", models.DatePartsOf("2030-03-31") // the dates as they are: no reason needed
	in.Reason = ""
	if c, errs, err = models.UpdateConsultation(closed, db, staff, c.ID, in); err != nil || errs.Any() || c.BoardID != nil {
		t.Fatalf("board removed: %+v %v %v", c, errs, err)
	}

	history, err := models.ConsultationHistory(ctx, db, c.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	var verbs []string
	for _, e := range history {
		verbs = append(verbs, e.Verb)
	}
	want := []string{models.VerbConsultationCreated, models.VerbConsultationPublished, models.VerbConsultationDatesChanged,
		models.VerbConsultationClosed, models.VerbConsultationReopened, models.VerbConsultationUpdated}
	if len(verbs) != len(want) {
		t.Fatalf("history %v, want %v", verbs, want)
	}
	for i := range want {
		if verbs[i] != want[i] {
			t.Errorf("history %v, want %v", verbs, want)
		}
	}
	if history[3].Reason != "Enough ideas" || history[2].Reason != "More time for the summer" {
		t.Errorf("reasons: %+v", history)
	}
}

// The demo seed runs its consultations through the functions staff use, one in each stage.
func TestSeedDemoConsultationStages(t *testing.T) {
	db := newDB(t)
	if err := models.SeedDemo(ctx, db); err != nil {
		t.Fatal(err)
	}
	all, err := models.ListAllConsultations(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	staff := mustRole(t, db, "reader", models.RoleStaff)
	stages := map[string]int{}
	now := models.Now(ctx)
	for _, c := range all {
		stages[c.Stage(now)]++
		history, err := models.ConsultationHistory(ctx, db, c.ID, staff)
		if err != nil || len(history) == 0 || history[0].Verb != models.VerbConsultationCreated {
			t.Errorf("%s: history %v %v", c.Slug, history, err)
		}
		// A draft's history is the staff's preview, like the draft itself.
		public, err := models.ConsultationHistory(ctx, db, c.ID, nil)
		if draft := c.Stage(now) == models.StageDraft; err != nil || draft != (len(public) == 0) {
			t.Errorf("%s (%s): %d events for a visitor, %v", c.Slug, c.Stage(now), len(public), err)
		}
		if c.Stage(now) != models.StageDraft && (c.PublishedAt == nil || c.PublishedAt.After(now)) {
			t.Errorf("%s: published at %v", c.Slug, c.PublishedAt)
		}
	}
	for _, stage := range []string{models.StageDraft, models.StageScheduled, models.StageOpen, models.StageClosed} {
		if stages[stage] == 0 {
			t.Errorf("no demo consultation is %s: %v", stage, stages)
		}
	}
	closed, err := models.ConsultationBySlug(ctx, db, "welsh-language-online")
	if err != nil || closed.OutcomePublishedAt == nil || closed.OutcomeIntroCy == "" {
		t.Fatalf("the closed demo consultation has no published outcome: %+v %v", closed, err)
	}
	report, err := models.Outcome(ctx, db, closed)
	if err != nil || report.Counts.Ideas == 0 || len(report.Groups) < 2 {
		t.Errorf("the demo outcome: %+v %v", report, err)
	}
	list, _ := models.ListConsultations(ctx, db)
	var order []string
	for _, c := range list {
		order = append(order, c.Stage(now))
	}
	if len(order) != 4 || order[0] != "open" || order[1] != "open" || order[2] != "scheduled" || order[3] != "closed" {
		t.Errorf("public order: %v", order)
	}
}

func TestPublishConsultationAfterItsClosingDate(t *testing.T) {
	db := newDB(t)
	staff := mustUser(t, db, "secretariat")
	c, errs, err := models.CreateConsultation(at(2030, 3, 1, 9, 0, 0), db, staff, models.ConsultationInput{Title: "Late",
		ClosesOn: models.DatePartsOf("2030-03-02")})
	if err != nil || errs.Any() || c.Slug != "late" {
		t.Fatalf("create: %+v %v %v", c, errs, err)
	}
	if errs, err := models.PublishConsultation(at(2030, 3, 3, 9, 0, 0), db, staff, c.ID, models.Reason{}); err != nil || errs["reason"] != "error.consultation.closes_passed" {
		t.Errorf("published after its closing date: %v %v", errs, err)
	}
}
