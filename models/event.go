package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var (
	lockForUpdate = clause.Locking{Strength: "UPDATE"}
	// clauseShare keeps a row from changing (a meeting's status) while others read it too.
	clauseShare = clause.Locking{Strength: "SHARE"}
)

// Verbs of the public history.
const (
	VerbIdeaCreated          = "idea.created"
	VerbIdeaRecorded         = "idea.recorded"
	VerbIdeaStatusChanged    = "idea.status_changed"
	VerbIdeaResponded        = "idea.responded"
	VerbIdeaThemed           = "idea.themed"
	VerbIdeaUnthemed         = "idea.unthemed"
	VerbIdeaMerged           = "idea.merged"
	VerbIdeaMergedIn         = "idea.merged_in"
	VerbIdeaShortlisted      = "idea.shortlisted"
	VerbIdeaUnshortlisted    = "idea.unshortlisted"
	VerbIdeaHidden           = "idea.hidden"
	VerbIdeaRestored         = "idea.restored"
	VerbCommentHidden        = "comment.hidden"
	VerbCommentRestored      = "comment.restored"
	VerbAutoHidden           = "content.auto_hidden"
	VerbReportDismissed      = "report.dismissed"
	VerbThemeCreated         = "theme.created"
	VerbThemeUpdated         = "theme.updated"
	VerbShortlistPublished   = "consultation.shortlist_published"
	VerbShortlistWithdrawn   = "consultation.shortlist_withdrawn"
	VerbRoleGranted          = "user.role_granted"
	VerbUserBlocked          = "user.blocked"
	VerbUserUnblocked        = "user.unblocked"
	VerbBoardCreated         = "board.created"
	VerbBoardUpdated         = "board.updated"
	VerbMeetingCreated       = "meeting.created"
	VerbMeetingUpdated       = "meeting.updated"
	VerbMeetingStatusChanged = "meeting.status_changed"
	VerbAgendaItemAdded      = "meeting.item_added"
	VerbAgendaItemRemoved    = "meeting.item_removed"
	VerbAgendaItemUpdated    = "agenda_item.updated"
	VerbAgendaItemMoved      = "agenda_item.moved"
	VerbIdeaAgendaLinked     = "idea.agenda_linked"
	VerbIdeaAgendaUnlinked   = "idea.agenda_unlinked"
	VerbIdeaDecision         = "idea.decision_recorded"
	VerbActionCreated        = "action.created"
	VerbActionEdited         = "action.edited"
	VerbActionUpdated        = "action.updated"
	VerbIdeaActionLinked     = "idea.action_linked"
	VerbIdeaActionUnlinked   = "idea.action_unlinked"
	VerbIdeaEdited           = "idea.edited"
	VerbIdeaWithdrawn        = "idea.withdrawn"
	VerbAccountDeleted       = "account.deleted"
)

// EventVerbs lists every verb, for filters and translations.
var EventVerbs = []string{VerbIdeaCreated, VerbIdeaRecorded, VerbIdeaStatusChanged, VerbIdeaResponded,
	VerbIdeaThemed, VerbIdeaUnthemed, VerbIdeaMerged, VerbIdeaMergedIn, VerbIdeaShortlisted,
	VerbIdeaUnshortlisted, VerbIdeaHidden, VerbIdeaRestored, VerbCommentHidden, VerbCommentRestored,
	VerbAutoHidden, VerbReportDismissed, VerbThemeCreated, VerbThemeUpdated, VerbShortlistPublished,
	VerbShortlistWithdrawn, VerbRoleGranted, VerbUserBlocked, VerbUserUnblocked, VerbBoardCreated,
	VerbBoardUpdated, VerbMeetingCreated, VerbMeetingUpdated, VerbMeetingStatusChanged, VerbAgendaItemAdded,
	VerbAgendaItemRemoved, VerbAgendaItemUpdated, VerbAgendaItemMoved, VerbIdeaAgendaLinked,
	VerbIdeaAgendaUnlinked, VerbIdeaDecision, VerbActionCreated, VerbActionEdited, VerbActionUpdated,
	VerbIdeaActionLinked, VerbIdeaActionUnlinked, VerbIdeaEdited, VerbIdeaWithdrawn, VerbAccountDeleted}

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
	// Data is what the event is about as ids and values; FromValue and ToValue keep the
	// English text of the time, shown where what Data names no longer exists.
	Data      EventData `gorm:"type:jsonb;serializer:json"`
	CreatedAt time.Time
	// Refs are the things Data names, filled when events are read for a page.
	Refs EventRefs `gorm:"-"`
}

// recordEvent writes an event; callers pass their transaction so the record and the change
// commit together or not at all.
func recordEvent(tx *gorm.DB, e Event) error {
	return tx.Omit("Actor").Create(&e).Error
}

// IdeaHistory lists the events of an idea that viewer (nil for a visitor) may see, oldest
// first, with their actors.
func IdeaHistory(ctx context.Context, db *gorm.DB, ideaID int64, viewer *User) ([]Event, error) {
	var events []Event
	err := db.WithContext(ctx).Scopes(VisibleEvents(viewer)).Preload("Actor").Where("events.idea_id = ?", ideaID).
		Order("events.created_at, events.id").Find(&events).Error
	if err != nil {
		return nil, err
	}
	return events, LoadEventRefs(ctx, db, events)
}

// VisibleEvents is the one rule for which events of the record a viewer (nil for a visitor)
// sees, wherever events are shown: the idea page, the API's history, a consultation's history,
// the admin's record and the feeds. Staff and admins see everything. Everyone else sees no
// event of a consultation still in draft (a preview for staff only); below the panel, they
// see neither the events of a hidden idea nor, until the panel publishes its consultation's
// shortlist, the shortlist's draft: the rank and the written rationale of an idea put on it
// or taken off it.
func VisibleEvents(viewer *User) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		switch {
		case viewer.Can(RoleStaff):
			return db
		case viewer.Can(RolePanel):
			return db.Where(draftConsultationSQL("events"))
		}
		return db.Where(publicEventSQL("events"), publicEventArgs()...)
	}
}

// draftConsultationSQL is true of an event (on the events table under the name alias) that is
// not about a consultation still in draft.
func draftConsultationSQL(alias string) string {
	return `NOT (` + alias + `.subject_type = 'consultation' AND EXISTS (
			SELECT 1 FROM consultations dc WHERE dc.id = ` + alias + `.subject_id AND dc.status = 'draft'))`
}

// publicEventSQL is VisibleEvents' condition for everyone below the panel, on the events
// table under the name alias, for raw queries; its arguments are publicEventArgs.
func publicEventSQL(alias string) string {
	return `(` + draftConsultationSQL(alias) + ` AND (` + alias + `.idea_id IS NULL OR EXISTS (
			SELECT 1 FROM ideas vi JOIN consultations vc ON vc.id = vi.consultation_id
			WHERE vi.id = ` + alias + `.idea_id AND vi.hidden_at IS NULL
			  AND (` + alias + `.verb NOT IN ? OR vc.shortlist_published_at IS NOT NULL))))`
}

func publicEventArgs() []any {
	return []any{[]string{VerbIdeaShortlisted, VerbIdeaUnshortlisted}}
}
