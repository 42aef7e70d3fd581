package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// An author's own idea: they may change its words for EditWindowMins after posting (as with
// a comment), and withdraw it at any time. A withdrawn idea stays in the record, shown as
// withdrawn; it takes no more votes, and the panel can neither shortlist it nor change its
// status (the author decided, so a triage decision must not silently undo that).

// EditableBy reports whether user may still change the idea's words at now: its author, within
// the edit window, while it is neither withdrawn, hidden nor merged.
func (i *Idea) EditableBy(user *User, now time.Time) bool {
	return user != nil && i.AuthorID != nil && *i.AuthorID == user.ID && !user.Blocked() &&
		i.Status != StatusWithdrawn && i.HiddenAt == nil && i.MergedIntoID == nil &&
		now.Sub(i.CreatedAt) < EditWindowMins*time.Minute
}

// WithdrawableBy reports whether user may withdraw the idea: its author, unless it is already
// withdrawn or was merged into another (its support has moved there).
func (i *Idea) WithdrawableBy(user *User) bool {
	return user != nil && i.AuthorID != nil && *i.AuthorID == user.ID && !user.Blocked() &&
		i.Status != StatusWithdrawn && i.MergedIntoID == nil
}

// IdeaEdit is an author's new title and body.
type IdeaEdit struct {
	Title string
	Body  string
}

// EditIdea changes the words of user's own idea, validated as CreateIdea validates them, and
// records an "edited" event. After the edit window it is forbidden.
func EditIdea(ctx context.Context, db *gorm.DB, user *User, ideaID int64, in IdeaEdit) (Errors, error) {
	errs := Errors{}
	title := checkText(errs, "title", in.Title, true, MaxTitle)
	body := checkText(errs, "body", in.Body, true, MaxIdeaBody)
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		idea, err := lockIdea(tx, ideaID)
		if err != nil {
			return err
		}
		if !idea.EditableBy(user, Now(ctx)) {
			return ErrForbidden
		}
		var consultation Consultation
		if err := tx.First(&consultation, idea.ConsultationID).Error; err != nil {
			return err
		}
		if !consultation.IsOpen(Now(ctx)) {
			// As for a new idea: once the consultation closes, what was said stays said (409).
			return &ConflictError{Key: ErrKeyConsultationClosed}
		}
		if errs.Any() || (title == idea.Title && body == idea.Body) {
			return nil
		}
		now := Now(ctx)
		if err := tx.Model(&Idea{}).Where("id = ?", idea.ID).Updates(map[string]any{
			"title": title, "body": body, "body_html": RenderMarkdown(body),
			"lang": DetectLanguage(title+"\n"+body, idea.Lang), "edited_at": now, "updated_at": now,
		}).Error; err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &user.ID, Verb: VerbIdeaEdited, SubjectType: "idea",
			SubjectID: idea.ID, IdeaID: &idea.ID})
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

// WithdrawIdea sets user's own idea to withdrawn, with an optional reason, in the history.
// An idea on its consultation's shortlist comes off it. Withdrawing twice changes nothing.
func WithdrawIdea(ctx context.Context, db *gorm.DB, user *User, ideaID int64, reason string) (Errors, error) {
	errs := Errors{}
	reason = checkText(errs, "reason", reason, false, MaxResponse)
	if errs.Any() {
		return errs, nil
	}
	return nil, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		idea, err := lockIdea(tx, ideaID)
		if err != nil {
			return err
		}
		if idea.Status == StatusWithdrawn && idea.AuthorID != nil && *idea.AuthorID == user.ID {
			return nil
		}
		if !idea.WithdrawableBy(user) {
			return ErrForbidden
		}
		now := Now(ctx)
		if err := tx.Model(&Idea{}).Where("id = ?", idea.ID).Updates(map[string]any{
			"status": StatusWithdrawn, "withdrawn_at": now, "updated_at": now}).Error; err != nil {
			return err
		}
		removed, err := removeShortlistEntry(tx, idea.ID, idea.ConsultationID)
		if err != nil {
			return err
		}
		if removed {
			if err := recordEvent(tx, Event{ActorID: &user.ID, Verb: VerbIdeaUnshortlisted, SubjectType: "idea",
				SubjectID: idea.ID, IdeaID: &idea.ID}); err != nil {
				return err
			}
		}
		return recordEvent(tx, Event{ActorID: &user.ID, Verb: VerbIdeaWithdrawn, SubjectType: "idea",
			SubjectID: idea.ID, IdeaID: &idea.ID, FromValue: idea.Status, ToValue: StatusWithdrawn, Reason: reason})
	})
}
