package models_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/syniad/syniad/models"
)

func TestConcurrentVoteTogglesKeepCountExact(t *testing.T) {
	db := newDB(t)
	author := mustUser(t, db, "author")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, author, "open", "Publish bus timetables as open data")
	voters := manyUsers(t, db, 200)

	// Each of 200 people toggles several times; odd-numbered people end voted on.
	var wg sync.WaitGroup
	errs := make(chan error, len(voters))
	for i, u := range voters {
		wg.Add(1)
		go func(i int, userID int64) {
			defer wg.Done()
			for _, on := range []bool{true, false, true, i%2 == 1} {
				if _, err := models.SetVote(ctx, db, idea.ID, userID, on); err != nil {
					errs <- err
					return
				}
			}
		}(i, u.ID)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("vote: %v", err)
	}

	var stored, rows int64
	db.Raw("SELECT vote_count FROM ideas WHERE id = ?", idea.ID).Scan(&stored)
	db.Raw("SELECT count(*) FROM votes WHERE idea_id = ?", idea.ID).Scan(&rows)
	if stored != rows || rows != 100 {
		t.Fatalf("stored count %d, vote rows %d, want both 100", stored, rows)
	}
}

func TestVoteIsIdempotent(t *testing.T) {
	db := newDB(t)
	u := mustUser(t, db, "alice")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, u, "open", "Idea")
	for range 3 {
		res, err := models.SetVote(ctx, db, idea.ID, u.ID, true)
		if err != nil || res != (models.VoteResult{Voted: true, Votes: 1}) {
			t.Fatalf("vote on: %+v %v", res, err)
		}
	}
	for range 2 {
		res, err := models.SetVote(ctx, db, idea.ID, u.ID, false)
		if err != nil || res != (models.VoteResult{Voted: false, Votes: 0}) {
			t.Fatalf("vote off: %+v %v", res, err)
		}
	}
}

func TestVotingClosed(t *testing.T) {
	db := newDB(t)
	u := mustUser(t, db, "alice")
	open := mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, u, "open", "Idea")

	for _, tc := range []struct {
		name    string
		prepare func()
		key     string
	}{
		{"done", func() { db.Exec("UPDATE ideas SET status = 'done' WHERE id = ?", idea.ID) }, "vote.closed.status"},
		{"declined", func() { db.Exec("UPDATE ideas SET status = 'declined' WHERE id = ?", idea.ID) }, "vote.closed.status"},
		{"duplicate", func() { db.Exec("UPDATE ideas SET status = 'duplicate' WHERE id = ?", idea.ID) }, "vote.closed.duplicate"},
		{"consultation closed", func() {
			db.Exec("UPDATE ideas SET status = 'new' WHERE id = ?", idea.ID)
			db.Exec("UPDATE consultations SET status = 'closed' WHERE id = ?", open.ID)
		}, "vote.closed.consultation"},
		{"consultation past its closing time", func() {
			db.Exec("UPDATE consultations SET status = 'open', closes_at = now() - interval '1 minute', opens_at = now() - interval '1 day' WHERE id = ?", open.ID)
		}, "vote.closed.consultation"},
	} {
		tc.prepare()
		_, err := models.SetVote(ctx, db, idea.ID, u.ID, true)
		var conflict *models.ConflictError
		if !errors.As(err, &conflict) || conflict.Key != tc.key {
			t.Errorf("%s: got %v, want conflict %s", tc.name, err, tc.key)
		}
	}
	var rows int64
	db.Raw("SELECT count(*) FROM votes").Scan(&rows)
	if rows != 0 {
		t.Fatalf("closed voting stored %d votes", rows)
	}
	if _, err := models.SetVote(ctx, db, 999999, u.ID, true); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("missing idea: %v", err)
	}
}
