package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var lockForUpdate = clause.Locking{Strength: "UPDATE"}

// Verbs of the public history.
const (
	VerbIdeaCreated = "idea.created"
	VerbRoleGranted = "user.role_granted"
)

// Event is one entry in the public record of what changed, who changed it and why.
type Event struct {
	ID          int64
	ActorID     *int64
	Actor       *User `gorm:"foreignKey:ActorID"`
	Verb        string
	SubjectType string
	SubjectID   int64
	IdeaID      *int64
	FromValue   string
	ToValue     string
	Reason      string
	CreatedAt   time.Time
}

// recordEvent writes an event; callers pass their transaction so the record and the change
// commit together or not at all.
func recordEvent(tx *gorm.DB, e Event) error {
	return tx.Omit("Actor").Create(&e).Error
}

// IdeaHistory lists an idea's events, oldest first, with their actors.
func IdeaHistory(ctx context.Context, db *gorm.DB, ideaID int64) ([]Event, error) {
	var events []Event
	err := db.WithContext(ctx).Preload("Actor").Where("idea_id = ?", ideaID).
		Order("created_at, id").Find(&events).Error
	return events, err
}
