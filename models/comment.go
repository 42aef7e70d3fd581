package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Comment is a remark on an idea, or a reply to one (one level deep).
type Comment struct {
	ID           int64
	IdeaID       int64
	AuthorID     int64
	ParentID     *int64
	Body         string
	BodyHTML     string
	Lang         string `gorm:"default:en"` // the language it is written in: en or cy
	EditedAt     *time.Time
	DeletedAt    *time.Time // soft delete: the comment is kept but no longer shown
	HiddenAt     *time.Time
	HiddenReason string
	SupportCount int `gorm:"->"` // written only by SetCommentSupport, which keeps it exact
	CreatedAt    time.Time
	UpdatedAt    time.Time

	AuthorHandle string    `gorm:"->;-:migration"`
	AuthorName   string    `gorm:"->;-:migration"`
	Supported    bool      `gorm:"-"` // the reader supports it: set by MarkSupportedComments
	Replies      []Comment `gorm:"-"`
}

// EditableBy reports whether user may still edit or delete the comment at time now.
func (c *Comment) EditableBy(user *User, now time.Time) bool {
	return user != nil && !user.Blocked() && c.AuthorID == user.ID && c.DeletedAt == nil && c.HiddenAt == nil &&
		now.Sub(c.CreatedAt) < EditWindowMins*time.Minute
}

// Removable reports whether user may delete the comment (not while blocked from writing).
func (c *Comment) Removable(user *User) bool {
	return user != nil && !user.Blocked() && c.AuthorID == user.ID && c.DeletedAt == nil
}

// CommentInput is a new comment or an edit.
type CommentInput struct {
	Body     string
	ParentID *int64
	Lang     string // the language of the page it was written on, if its words do not say
}

// CommentByID loads one comment with its author.
func CommentByID(ctx context.Context, db *gorm.DB, id int64) (*Comment, error) {
	var c Comment
	err := db.WithContext(ctx).Raw(`SELECT cm.*, u.handle AS author_handle, u.name AS author_name
		FROM comments cm JOIN users u ON u.id = cm.author_id WHERE cm.id = ?`, id).Scan(&c).Error
	if err != nil {
		return nil, err
	}
	if c.ID == 0 {
		return nil, ErrNotFound
	}
	return &c, nil
}

// CommentsForIdea returns an idea's comments as a thread: top-level comments oldest first,
// each with its replies. Deleted and hidden comments stay in place (so replies keep their
// context) and templates show that they were removed, not what they said.
func CommentsForIdea(ctx context.Context, db *gorm.DB, ideaID int64) ([]Comment, error) {
	var all []Comment
	err := db.WithContext(ctx).Raw(`SELECT cm.*, u.handle AS author_handle, u.name AS author_name
		FROM comments cm JOIN users u ON u.id = cm.author_id
		WHERE cm.idea_id = ? ORDER BY cm.created_at, cm.id`, ideaID).Scan(&all).Error
	if err != nil {
		return nil, err
	}
	index := map[int64]int{}
	var top []Comment
	for _, c := range all {
		if c.ParentID == nil {
			index[c.ID] = len(top)
			top = append(top, c)
		}
	}
	for _, c := range all {
		if c.ParentID != nil {
			if n, ok := index[*c.ParentID]; ok {
				top[n].Replies = append(top[n].Replies, c)
			}
		}
	}
	return top, nil
}

// CreateComment validates and stores a comment by authorID, keeping the idea's comment count
// exact in the same transaction.
func CreateComment(ctx context.Context, db *gorm.DB, ideaID, authorID int64, in CommentInput) (*Comment, Errors, error) {
	errs := Errors{}
	body := checkText(errs, "body", in.Body, true, MaxCommentBody)
	if errs.Any() {
		return nil, errs, nil
	}
	c := &Comment{IdeaID: ideaID, AuthorID: authorID, ParentID: in.ParentID, Body: body, BodyHTML: RenderMarkdown(body),
		Lang: DetectLanguage(body, in.Lang)}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var idea struct {
			ID       int64
			HiddenAt *time.Time
		}
		err := tx.Raw(`SELECT i.id, i.hidden_at FROM ideas i JOIN consultations c ON c.id = i.consultation_id
			WHERE i.id = ? AND c.status <> 'draft' FOR UPDATE OF i`, ideaID).Scan(&idea).Error
		if err != nil {
			return err
		}
		if idea.ID == 0 || idea.HiddenAt != nil {
			return ErrNotFound
		}
		var repliedTo int64 // the author of the comment replied to
		if in.ParentID != nil {
			var parent Comment
			err := tx.Where("id = ? AND idea_id = ?", *in.ParentID, ideaID).First(&parent).Error
			if err != nil {
				if notFound(err) == ErrNotFound {
					errs.Add("parent_id", "error.parent_id.unknown")
					return nil
				}
				return err
			}
			if parent.ParentID != nil {
				// Replies are one level deep: a reply to a reply joins the same thread.
				c.ParentID = parent.ParentID
			}
			if parent.DeletedAt == nil && parent.HiddenAt == nil {
				repliedTo = parent.AuthorID
			}
		}
		if err := tx.Omit("AuthorHandle", "AuthorName").Create(c).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE ideas SET comment_count = comment_count + 1 WHERE id = ?`, ideaID).Error; err != nil {
			return err
		}
		if repliedTo == 0 {
			return nil
		}
		return notifyUser(tx, notice{Kind: NotifyReply, Verb: noticeReply, IdeaID: ideaID, SubjectType: "comment",
			SubjectID: c.ID, ActorID: authorID, Detail: body}, repliedTo)
	})
	if err != nil {
		return nil, nil, err
	}
	if errs.Any() {
		return nil, errs, nil
	}
	return c, nil, nil
}

// UpdateComment changes a comment's text; only its author may, and only for 30 minutes.
func UpdateComment(ctx context.Context, db *gorm.DB, user *User, commentID int64, body string) (*Comment, Errors, error) {
	c, err := CommentByID(ctx, db, commentID)
	if err != nil {
		return nil, nil, err
	}
	if !c.EditableBy(user, Now(ctx)) {
		return nil, nil, ErrForbidden
	}
	errs := Errors{}
	body = checkText(errs, "body", body, true, MaxCommentBody)
	if errs.Any() {
		return c, errs, nil
	}
	now := Now(ctx)
	lang := DetectLanguage(body, c.Lang)
	err = db.WithContext(ctx).Model(&Comment{}).Where("id = ?", c.ID).Updates(map[string]any{
		"body": body, "body_html": RenderMarkdown(body), "lang": lang, "edited_at": now, "updated_at": now}).Error
	if err != nil {
		return nil, nil, err
	}
	c.Body, c.BodyHTML, c.Lang, c.EditedAt = body, RenderMarkdown(body), lang, &now
	return c, nil, nil
}

// DeleteComment soft-deletes a comment by its author and keeps the idea's count exact.
func DeleteComment(ctx context.Context, db *gorm.DB, user *User, commentID int64) (*Comment, error) {
	c, err := CommentByID(ctx, db, commentID)
	if err != nil {
		return nil, err
	}
	if !c.Removable(user) {
		return nil, ErrForbidden
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r := tx.Exec(`UPDATE comments SET deleted_at = now(), updated_at = now() WHERE id = ? AND deleted_at IS NULL`, c.ID)
		if r.Error != nil || r.RowsAffected == 0 {
			return r.Error
		}
		if c.HiddenAt != nil {
			return nil // a hidden comment was already taken out of the count
		}
		return tx.Exec(`UPDATE ideas SET comment_count = comment_count - 1 WHERE id = ?`, c.IdeaID).Error
	})
	return c, err
}
