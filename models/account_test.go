package models_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

// Deleting an account while others vote for and support the same ideas and comments leaves
// every count equal to its rows.
func TestDeleteAccountKeepsCountsExactWhileOthersVote(t *testing.T) {
	db := newDB(t)
	author := mustUser(t, db, "author")
	leaver := mustUser(t, db, "leaver")
	mustConsultation(t, db, "open", "open")
	var ideaIDs, commentIDs []int64
	for n := range 10 {
		idea := mustIdea(t, db, author, "open", fmt.Sprintf("Idea number %d", n))
		ideaIDs = append(ideaIDs, idea.ID)
		c, _, err := models.CreateComment(ctx, db, idea.ID, author.ID, models.CommentInput{Body: "A comment"})
		if err != nil {
			t.Fatal(err)
		}
		commentIDs = append(commentIDs, c.ID)
		if _, err := models.SetVote(ctx, db, idea.ID, leaver.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := models.SetCommentSupport(ctx, db, leaver, c.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	voters := manyUsers(t, db, 30)

	var wg sync.WaitGroup
	errs := make(chan error, len(voters)+1)
	for i, u := range voters {
		wg.Add(1)
		go func(i int, u *models.User) {
			defer wg.Done()
			for n := range ideaIDs {
				id, cid := ideaIDs[(n+i)%len(ideaIDs)], commentIDs[(n+i)%len(commentIDs)]
				if _, err := models.SetVote(ctx, db, id, u.ID, (n+i)%3 != 0); err != nil {
					errs <- err
					return
				}
				if _, _, err := models.SetCommentSupport(ctx, db, u, cid, (n+i)%2 == 0); err != nil {
					errs <- err
					return
				}
			}
		}(i, u)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(5 * time.Millisecond)
		if err := models.DeleteAccount(ctx, db, leaver.ID); err != nil {
			errs <- err
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	var wrong []struct{ ID, Stored, Rows int64 }
	db.Raw(`SELECT i.id, i.vote_count AS stored, (SELECT count(*) FROM votes v WHERE v.idea_id = i.id) AS rows
		FROM ideas i WHERE i.vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)`).Scan(&wrong)
	if len(wrong) > 0 {
		t.Errorf("vote counts differ from their rows: %+v", wrong)
	}
	db.Raw(`SELECT c.id, c.support_count AS stored, (SELECT count(*) FROM comment_supports s WHERE s.comment_id = c.id) AS rows
		FROM comments c WHERE c.support_count <> (SELECT count(*) FROM comment_supports s WHERE s.comment_id = c.id)`).Scan(&wrong)
	if len(wrong) > 0 {
		t.Errorf("support counts differ from their rows: %+v", wrong)
	}
	var left int64
	db.Raw(`SELECT (SELECT count(*) FROM votes WHERE user_id = ?) + (SELECT count(*) FROM comment_supports WHERE user_id = ?)
		+ (SELECT count(*) FROM identities WHERE user_id = ?)`, leaver.ID, leaver.ID, leaver.ID).Scan(&left)
	if left != 0 {
		t.Errorf("%d votes, supports or identities of the deleted account remain", left)
	}
	u, err := models.UserByID(ctx, db, leaver.ID)
	if err != nil || !u.Deleted() || !models.IsFormerMemberHandle(u.Handle) {
		t.Fatalf("after deleting: %+v %v", u, err)
	}
	// Deleting again changes nothing.
	if err := models.DeleteAccount(ctx, db, leaver.ID); err != nil {
		t.Error(err)
	}
	var events int64
	db.Raw("SELECT count(*) FROM events WHERE verb = ? AND subject_id = ?", models.VerbAccountDeleted, leaver.ID).Scan(&events)
	if events != 1 {
		t.Errorf("%d account.deleted events, want 1", events)
	}
}

func TestEditAndWithdrawIdeaRules(t *testing.T) {
	db := newDB(t)
	author := mustUser(t, db, "author")
	other := mustUser(t, db, "other")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, author, "open", "Bilingual bus stops")
	posted := time.Date(2031, 3, 4, 10, 0, 0, 0, time.UTC)
	db.Exec("UPDATE ideas SET created_at = ? WHERE id = ?", posted, idea.ID)
	at := func(d time.Duration) func() time.Time { return func() time.Time { return posted.Add(d) } }

	in := models.IdeaEdit{Title: "Bilingual announcements", Body: "In both languages."}
	if _, err := models.EditIdea(models.WithClock(ctx, at(10*time.Minute)), db, other, idea.ID, in); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("another member's edit: %v, want forbidden", err)
	}
	if errs, err := models.EditIdea(models.WithClock(ctx, at(10*time.Minute)), db, author, idea.ID, models.IdeaEdit{Body: "x"}); err != nil || errs["title"] == "" {
		t.Errorf("an edit without a title: %v %v, want a title error", errs, err)
	}
	if errs, err := models.EditIdea(models.WithClock(ctx, at(10*time.Minute)), db, author, idea.ID, in); err != nil || errs.Any() {
		t.Fatalf("edit: %v %v", errs, err)
	}
	db.Exec("UPDATE consultations SET status = 'closed' WHERE slug = 'open'")
	var closed *models.ConflictError
	if _, err := models.EditIdea(models.WithClock(ctx, at(12*time.Minute)), db, author, idea.ID, in); !errors.As(err, &closed) {
		t.Errorf("an edit once the consultation closed: %v, want a conflict", err)
	}
	db.Exec("UPDATE consultations SET status = 'open' WHERE slug = 'open'")
	if _, err := models.EditIdea(models.WithClock(ctx, at(30*time.Minute)), db, author, idea.ID, in); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("an edit at 30 minutes: %v, want forbidden", err)
	}

	if _, err := models.WithdrawIdea(ctx, db, other, idea.ID, ""); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("another member's withdrawal: %v, want forbidden", err)
	}
	if _, err := models.WithdrawIdea(ctx, db, author, idea.ID, "Done elsewhere"); err != nil {
		t.Fatal(err)
	}
	panel := mustUser(t, db, "panel")
	var conflict *models.ConflictError
	if _, err := models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusUnderReview}); !errors.As(err, &conflict) {
		t.Errorf("panel status change on a withdrawn idea: %v, want a conflict", err)
	}
	if errs, _ := models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusWithdrawn}); errs["status"] == "" {
		t.Error("the panel may set withdrawn")
	}
	if errs, err := models.BulkTriage(ctx, db, panel, []int64{idea.ID}, 0, models.StatusDone); err != nil || errs.Any() {
		t.Fatalf("bulk: %v %v", errs, err)
	}
	var status string
	db.Raw("SELECT status FROM ideas WHERE id = ?", idea.ID).Scan(&status)
	if status != models.StatusWithdrawn {
		t.Errorf("bulk triage changed a withdrawn idea to %q", status)
	}
	if _, err := models.SetVote(ctx, db, idea.ID, other.ID, true); !errors.As(err, &conflict) || conflict.Key != "vote.closed.withdrawn" {
		t.Errorf("vote on a withdrawn idea: %v", err)
	}
}

// Deleting an account takes what hearing back and email sign-in hold about the person too:
// what they follow, their choices, their unsubscribe token, what they were told, and sign-in
// links waiting at their address.
func TestDeleteAccountForgetsNotificationsAndLinks(t *testing.T) {
	db := newDB(t)
	author := mustUser(t, db, "author")
	leaver := mustUser(t, db, "leaver")
	db.Exec(`UPDATE users SET email = 'Leaver@example.org' WHERE id = ?`, leaver.ID)
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, author, "open", "Something to follow")
	if err := models.Follow(ctx, db, leaver.ID, idea.ID, true); err != nil {
		t.Fatal(err)
	}
	if errs, err := models.SetNotifyPrefs(ctx, db, leaver.ID, map[string]string{models.NotifyKinds[0]: models.ModeNever}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if _, err := models.NotifyToken(ctx, db, leaver.ID); err != nil {
		t.Fatal(err)
	}
	db.Exec(`INSERT INTO email_tokens (token_hash, email, created_at, expires_at) VALUES (sha256('x'), 'leaver@example.org', now(), now() + interval '15 minutes')`)
	count := func() map[string]int64 {
		n := map[string]int64{}
		for _, q := range []string{"follows", "notification_prefs", "notification_tokens"} {
			var c int64
			db.Raw(`SELECT count(*) FROM `+q+` WHERE user_id = ?`, leaver.ID).Scan(&c)
			n[q] = c
		}
		var c int64
		db.Raw(`SELECT count(*) FROM email_tokens WHERE email = 'leaver@example.org'`).Scan(&c)
		n["email_tokens"] = c
		return n
	}
	for table, n := range count() {
		if n == 0 {
			t.Fatalf("the fixture holds nothing in %s", table)
		}
	}
	if err := models.DeleteAccount(ctx, db, leaver.ID); err != nil {
		t.Fatal(err)
	}
	for table, n := range count() {
		if n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
}

// Each of personalTables is a real table keyed by user_id, so a rename cannot leave rows behind.
func TestPersonalTablesExist(t *testing.T) {
	db := newDB(t)
	for _, table := range models.PersonalTables() {
		var n int64
		db.Raw(`SELECT count(*) FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'user_id'`, table).Scan(&n)
		if n != 1 {
			t.Errorf("%s has no user_id column, or is not a table", table)
		}
	}
}
