package models_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/syniad/syniad/models"
)

func TestCommentSupportIsIdempotent(t *testing.T) {
	db := newDB(t)
	alice := mustUser(t, db, "alice")
	bob := mustUser(t, db, "bob")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, alice, "open", "Idea")
	top := mustComment(t, db, alice, idea.ID, "A comment")
	reply, _, err := models.CreateComment(ctx, db, idea.ID, alice.ID, models.CommentInput{Body: "A reply", ParentID: &top.ID})
	if err != nil {
		t.Fatal(err)
	}

	for range 3 {
		on, n, err := models.SetCommentSupport(ctx, db, bob, top.ID, true)
		if err != nil || !on || n != 1 {
			t.Fatalf("support on: %v %d %v", on, n, err)
		}
	}
	if _, _, err := models.SetCommentSupport(ctx, db, bob, reply.ID, true); err != nil {
		t.Fatal(err)
	}

	// The reader's supports are marked on the thread, replies included, and the counts read back.
	thread, err := models.CommentsForIdea(ctx, db, idea.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := models.MarkSupportedComments(ctx, db, bob.ID, thread); err != nil {
		t.Fatal(err)
	}
	if !thread[0].Supported || thread[0].SupportCount != 1 || !thread[0].Replies[0].Supported {
		t.Fatalf("bob's view of the thread: %+v", thread)
	}
	if err := models.MarkSupportedComments(ctx, db, alice.ID, thread); err != nil {
		t.Fatal(err)
	}
	if thread[0].Supported || thread[0].Replies[0].Supported {
		t.Fatalf("alice supports nothing, yet: %+v", thread)
	}

	for range 2 {
		on, n, err := models.SetCommentSupport(ctx, db, bob, top.ID, false)
		if err != nil || on || n != 0 {
			t.Fatalf("support off: %v %d %v", on, n, err)
		}
	}
}

func TestConcurrentCommentSupportKeepsCountExact(t *testing.T) {
	db := newDB(t)
	limitPool(t, db, 20)
	author := mustUser(t, db, "author")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, author, "open", "Idea")
	comment := mustComment(t, db, author, idea.ID, "Worth backing")
	supporters := manyUsers(t, db, 20)

	// All 20 at once, each toggling on, off and on again.
	var wg sync.WaitGroup
	errs := make(chan error, len(supporters))
	for _, u := range supporters {
		wg.Add(1)
		go func(u *models.User) {
			defer wg.Done()
			for _, on := range []bool{true, false, true} {
				if _, _, err := models.SetCommentSupport(ctx, db, u, comment.ID, on); err != nil {
					errs <- err
					return
				}
			}
		}(u)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("support: %v", err)
	}
	var stored, rows int64
	db.Raw("SELECT support_count FROM comments WHERE id = ?", comment.ID).Scan(&stored)
	db.Raw("SELECT count(*) FROM comment_supports WHERE comment_id = ?", comment.ID).Scan(&rows)
	if stored != 20 || rows != 20 {
		t.Fatalf("stored count %d, support rows %d, want both 20", stored, rows)
	}
}

func TestCommentSupportRefusals(t *testing.T) {
	db := newDB(t)
	alice := mustUser(t, db, "alice")
	bob := mustUser(t, db, "bob")
	blocked := mustUser(t, db, "blocked")
	db.Exec("UPDATE users SET blocked_at = now() WHERE id = ?", blocked.ID)
	blocked.BlockedAt = ago(0)
	mustConsultation(t, db, "open", "open")
	mustConsultation(t, db, "draft", "draft")
	idea := mustIdea(t, db, alice, "open", "Idea")
	target := mustIdea(t, db, alice, "open", "Target")
	hiddenIdea := mustIdea(t, db, alice, "open", "Hidden idea")
	mergedIdea := mustIdea(t, db, alice, "open", "Merged idea")
	draftIdea := mustIdea(t, db, alice, "open", "In a draft")

	own := mustComment(t, db, alice, idea.ID, "Mine")
	hidden := mustComment(t, db, alice, idea.ID, "Hidden")
	deleted := mustComment(t, db, alice, idea.ID, "Deleted")
	onHiddenIdea := mustComment(t, db, alice, hiddenIdea.ID, "On a hidden idea")
	onMergedIdea := mustComment(t, db, alice, mergedIdea.ID, "On a merged idea")
	onDraft := mustComment(t, db, alice, draftIdea.ID, "In a draft consultation")
	db.Exec("UPDATE comments SET hidden_at = now(), hidden_reason = 'rude' WHERE id = ?", hidden.ID)
	if _, err := models.DeleteComment(ctx, db, alice, deleted.ID); err != nil {
		t.Fatal(err)
	}
	db.Exec("UPDATE ideas SET hidden_at = now() WHERE id = ?", hiddenIdea.ID)
	db.Exec("UPDATE ideas SET merged_into_id = ?, status = 'duplicate' WHERE id = ?", target.ID, mergedIdea.ID)
	db.Exec("UPDATE ideas SET consultation_id = (SELECT id FROM consultations WHERE slug = 'draft') WHERE id = ?", draftIdea.ID)

	for _, tc := range []struct {
		name      string
		user      *models.User
		commentID int64
		notFound  bool
		forbidden bool
		conflict  string
	}{
		{name: "own comment", user: alice, commentID: own.ID, conflict: "comments.support_closed.own"},
		{name: "deleted comment", user: bob, commentID: deleted.ID, conflict: "comments.support_closed.deleted"},
		{name: "merged idea", user: bob, commentID: onMergedIdea.ID, conflict: "comments.support_closed.merged"},
		{name: "hidden comment", user: bob, commentID: hidden.ID, notFound: true},
		{name: "hidden idea", user: bob, commentID: onHiddenIdea.ID, notFound: true},
		{name: "draft consultation", user: bob, commentID: onDraft.ID, notFound: true},
		{name: "missing comment", user: bob, commentID: 999999, notFound: true},
		{name: "blocked user", user: blocked, commentID: own.ID, forbidden: true},
		{name: "nobody", user: nil, commentID: own.ID, forbidden: true},
	} {
		for _, on := range []bool{true, false} {
			_, _, err := models.SetCommentSupport(ctx, db, tc.user, tc.commentID, on)
			var conflict *models.ConflictError
			switch {
			case tc.notFound && !errors.Is(err, models.ErrNotFound),
				tc.forbidden && !errors.Is(err, models.ErrForbidden),
				tc.conflict != "" && (!errors.As(err, &conflict) || conflict.Key != tc.conflict):
				t.Errorf("%s (on=%v): got %v", tc.name, on, err)
			}
		}
	}
	var rows, counted int64
	db.Raw("SELECT count(*) FROM comment_supports").Scan(&rows)
	db.Raw("SELECT coalesce(sum(support_count), 0) FROM comments").Scan(&counted)
	if rows != 0 || counted != 0 {
		t.Fatalf("refused supports left %d rows and a total count of %d", rows, counted)
	}
}

func TestTopComments(t *testing.T) {
	db := newDB(t)
	author := mustUser(t, db, "author")
	supporters := manyUsers(t, db, 3)
	mustConsultation(t, db, "open", "open")
	busy := mustIdea(t, db, author, "open", "Busy")
	quiet := mustIdea(t, db, author, "open", "Quiet")
	silent := mustIdea(t, db, author, "open", "Silent")

	// On the busy idea: "first" and "tie-late" have one supporter each, "best" two, and a
	// hidden and a deleted comment have the most but must not appear.
	first := mustComment(t, db, author, busy.ID, "first")
	best := mustComment(t, db, author, busy.ID, "best")
	tieLate := mustComment(t, db, author, busy.ID, "tie-late")
	mustComment(t, db, author, busy.ID, "unsupported")
	hidden := mustComment(t, db, author, busy.ID, "hidden")
	deleted := mustComment(t, db, author, busy.ID, "deleted")
	s0, s1, s2 := supporters[0], supporters[1], supporters[2]
	for _, s := range []struct {
		by *models.User
		on *models.Comment
	}{
		{s0, first}, {s1, tieLate}, {s0, best}, {s1, best},
		{s0, hidden}, {s1, hidden}, {s2, hidden}, {s0, deleted}, {s1, deleted}, {s2, deleted},
	} {
		if _, _, err := models.SetCommentSupport(ctx, db, s.by, s.on.ID, true); err != nil {
			t.Fatalf("support %q: %v", s.on.Body, err)
		}
	}
	// Make the order of creation unambiguous for the tie-break.
	db.Exec("UPDATE comments SET created_at = now() - (interval '1 minute' * (1000 - id)) WHERE idea_id = ?", busy.ID)
	db.Exec("UPDATE comments SET hidden_at = now() WHERE id = ?", hidden.ID)
	if _, err := models.DeleteComment(ctx, db, author, deleted.ID); err != nil {
		t.Fatal(err)
	}
	quietOne := mustComment(t, db, author, quiet.ID, "nobody has backed this yet")

	top, err := models.TopComments(ctx, db, []int64{busy.ID, quiet.ID, silent.ID}, 3)
	if err != nil {
		t.Fatal(err)
	}
	bodies := func(cs []models.Comment) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Body)
		}
		return out
	}
	if got := bodies(top[busy.ID]); len(got) != 3 || got[0] != "best" || got[1] != "first" || got[2] != "tie-late" {
		t.Errorf("busy idea: %q, want best, first, tie-late", got)
	}
	if got := top[quiet.ID]; len(got) != 1 || got[0].ID != quietOne.ID || got[0].SupportCount != 0 || got[0].AuthorHandle != "author" {
		t.Errorf("quiet idea: %+v", got)
	}
	if got, ok := top[silent.ID]; ok {
		t.Errorf("an idea without comments has %+v", got)
	}
	if c := top[busy.ID][0]; c.SupportCount != 2 || c.AuthorHandle != "author" || c.IdeaID != busy.ID {
		t.Errorf("best comment: %+v", c)
	}

	// The limit applies per idea.
	top, err = models.TopComments(ctx, db, []int64{busy.ID, quiet.ID}, 1)
	if err != nil || len(top[busy.ID]) != 1 || top[busy.ID][0].Body != "best" || len(top[quiet.ID]) != 1 {
		t.Fatalf("one each: %+v %v", top, err)
	}
	if top, err := models.TopComments(ctx, db, nil, 3); err != nil || len(top) != 0 {
		t.Fatalf("no ideas: %+v %v", top, err)
	}
}
