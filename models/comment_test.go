package models_test

import (
	"errors"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

func TestCommentsThreadEditDelete(t *testing.T) {
	db := newDB(t)
	alice := mustUser(t, db, "alice")
	bob := mustUser(t, db, "bob")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, alice, "open", "Idea")

	top, errs, err := models.CreateComment(ctx, db, idea.ID, alice.ID, models.CommentInput{Body: "First"})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	reply, _, err := models.CreateComment(ctx, db, idea.ID, bob.ID, models.CommentInput{Body: "Reply", ParentID: &top.ID})
	if err != nil {
		t.Fatal(err)
	}
	// A reply to a reply joins the same thread: one level only.
	deep, _, err := models.CreateComment(ctx, db, idea.ID, alice.ID, models.CommentInput{Body: "Deeper", ParentID: &reply.ID})
	if err != nil || deep.ParentID == nil || *deep.ParentID != top.ID {
		t.Fatalf("reply to reply: %+v %v", deep, err)
	}
	if _, errs, _ := models.CreateComment(ctx, db, idea.ID, bob.ID, models.CommentInput{Body: " "}); errs["body"] != "error.body.required" {
		t.Fatalf("empty comment: %v", errs)
	}

	thread, err := models.CommentsForIdea(ctx, db, idea.ID)
	if err != nil || len(thread) != 1 || len(thread[0].Replies) != 2 {
		t.Fatalf("thread: %+v %v", thread, err)
	}

	if _, _, err := models.UpdateComment(ctx, db, bob, top.ID, "Not mine"); !errors.Is(err, models.ErrForbidden) {
		t.Fatalf("editing someone else's comment: %v", err)
	}
	edited, errs, err := models.UpdateComment(ctx, db, alice, top.ID, "First, edited")
	if err != nil || errs.Any() || edited.EditedAt == nil {
		t.Fatalf("edit: %v %v", errs, err)
	}
	db.Exec("UPDATE comments SET created_at = now() - interval '31 minutes' WHERE id = ?", top.ID)
	if _, _, err := models.UpdateComment(ctx, db, alice, top.ID, "Too late"); !errors.Is(err, models.ErrForbidden) {
		t.Fatalf("edit after 30 minutes: %v", err)
	}

	if _, err := models.DeleteComment(ctx, db, bob, top.ID); !errors.Is(err, models.ErrForbidden) {
		t.Fatalf("deleting someone else's comment: %v", err)
	}
	if _, err := models.DeleteComment(ctx, db, bob, reply.ID); err != nil {
		t.Fatal(err)
	}
	models.DeleteComment(ctx, db, bob, reply.ID) // twice changes nothing
	var count int
	db.Raw("SELECT comment_count FROM ideas WHERE id = ?", idea.ID).Scan(&count)
	if count != 2 {
		t.Fatalf("comment_count = %d, want 2", count)
	}
	_ = time.Now
}
