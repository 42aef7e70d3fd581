package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
)

// SetBlocked blocks (or unblocks) a user from writing, with the reason in the public record.
// It applies at once: every request loads the user afresh.
func SetBlocked(ctx context.Context, db *gorm.DB, actor *User, handle string, block bool, reason string) (*User, Errors, error) {
	errs := Errors{}
	reason = checkText(errs, "reason", reason, block, 500)
	if errs.Any() {
		return nil, errs, nil
	}
	var user *User
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		user, err = UserByHandle(ctx, tx.Clauses(lockForUpdate), handle)
		if err != nil {
			return err
		}
		if user.Deleted() {
			return ErrNotFound
		}
		if actor != nil && user.ID == actor.ID {
			errs.Add("handle", "error.block.self")
			return nil
		}
		if user.Blocked() == block {
			return nil
		}
		updates := map[string]any{"blocked_at": nil, "blocked_reason": "", "updated_at": Now(ctx)}
		verb := VerbUserUnblocked
		if block {
			now := Now(ctx)
			updates["blocked_at"], updates["blocked_reason"], verb = now, reason, VerbUserBlocked
			user.BlockedAt = &now
		} else {
			user.BlockedAt = nil
		}
		if err := tx.Model(user).Updates(updates).Error; err != nil {
			return err
		}
		var actorID *int64
		if actor != nil {
			actorID = &actor.ID
		}
		return recordEvent(tx, Event{ActorID: actorID, Verb: verb, SubjectType: "user", SubjectID: user.ID, Reason: reason})
	})
	if err != nil {
		return nil, nil, err
	}
	if errs.Any() {
		return nil, errs, nil
	}
	return user, nil, nil
}

// UserPage is one page of users for admins.
type UserPage struct {
	Users []User
	Total int64
}

// ListUsers finds users by handle or name, staff first, newest first.
func ListUsers(ctx context.Context, db *gorm.DB, q, role string, page int) (UserPage, error) {
	var out UserPage
	if page < 1 {
		page = 1
	}
	// Deleted accounts are not people any more: they keep the record, not a place here.
	tx := db.WithContext(ctx).Model(&User{}).Where("deleted_at IS NULL")
	if q = cleanQuery(q); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(q)) + "%"
		tx = tx.Where("lower(handle) LIKE ? OR lower(name) LIKE ?", like, like)
	}
	if ValidRole(role) {
		tx = tx.Where("role = ?", role)
	}
	if err := tx.Count(&out.Total).Error; err != nil {
		return out, err
	}
	err := tx.Order("CASE role WHEN 'admin' THEN 0 WHEN 'staff' THEN 1 WHEN 'panel' THEN 2 ELSE 3 END, created_at DESC, id DESC").
		Limit(50).Offset((page - 1) * 50).Find(&out.Users).Error
	return out, err
}

// EventFilter selects events for the admin's view of the record.
type EventFilter struct {
	Verb   string
	Actor  string // handle
	IdeaID int64
	Page   int
	Viewer *User // who reads it; what they may see is VisibleEvents'
}

// EventPage is one page of the record, newest first.
type EventPage struct {
	Events []Event
	Total  int64
	Page   int
}

// ListEvents returns the public record filtered by verb, actor and idea.
func ListEvents(ctx context.Context, db *gorm.DB, f EventFilter) (EventPage, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	out := EventPage{Page: f.Page}
	tx := db.WithContext(ctx).Model(&Event{}).Scopes(VisibleEvents(f.Viewer))
	if f.Verb != "" {
		tx = tx.Where("events.verb = ?", cleanQuery(f.Verb))
	}
	if f.Actor != "" {
		tx = tx.Where("events.actor_id IN (SELECT id FROM users WHERE lower(handle) = lower(?))", cleanQuery(f.Actor))
	}
	if f.IdeaID != 0 {
		tx = tx.Where("events.idea_id = ?", f.IdeaID)
	}
	if err := tx.Count(&out.Total).Error; err != nil {
		return out, err
	}
	err := tx.Preload("Actor").Order("events.created_at DESC, events.id DESC").Limit(50).Offset((f.Page - 1) * 50).Find(&out.Events).Error
	if err != nil {
		return out, err
	}
	return out, LoadEventRefs(ctx, db, out.Events)
}
