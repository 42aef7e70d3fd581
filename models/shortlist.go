package models

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// ShortlistEntry is one idea in the panel's ranked shortlist, with why it is there.
type ShortlistEntry struct {
	ID             int64
	ConsultationID int64
	IdeaID         int64
	Rank           int
	Rationale      string
	RationaleCy    string
	AddedByID      *int64
	CreatedAt      time.Time
	UpdatedAt      time.Time

	Idea *IdeaSummary `gorm:"-"`
}

// ShortlistInput is a rank and the written rationale for it.
type ShortlistInput struct {
	Rank        int
	Rationale   string
	RationaleCy string
}

// SetShortlistEntry puts an idea on its consultation's shortlist at a rank (moving it if it is
// already there), shifting the others down to make room. A new or under-review idea becomes
// shortlisted. Each change is an event.
func SetShortlistEntry(ctx context.Context, db *gorm.DB, actor *User, ideaID int64, in ShortlistInput) (Errors, error) {
	errs := Errors{}
	rationale := checkText(errs, "rationale", in.Rationale, true, MaxResponse)
	rationaleCy := checkText(errs, "rationale_cy", in.RationaleCy, false, MaxResponse)
	if in.Rank < 1 || in.Rank > 100 {
		errs.Add("rank", "error.rank.invalid")
	}
	if errs.Any() {
		return errs, nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		idea, err := lockIdea(tx, ideaID)
		if err != nil {
			return err
		}
		if idea.MergedIntoID != nil || idea.HiddenAt != nil || idea.Status == StatusDeclined || idea.Status == StatusWithdrawn {
			errs.Add("rank", "error.shortlist.not_eligible")
			return nil
		}
		if err := lockShortlist(tx, idea.ConsultationID); err != nil {
			return err
		}
		var count int64
		tx.Model(&ShortlistEntry{}).Where("consultation_id = ? AND idea_id <> ?", idea.ConsultationID, ideaID).Count(&count)
		rank := in.Rank
		if rank > int(count)+1 {
			rank = int(count) + 1 // no gaps: rank 9 on a list of 3 is rank 4
		}
		// Take the idea out, close its gap and open one at the new rank, put it back.
		if err := tx.Exec(`DELETE FROM shortlist_entries WHERE idea_id = ?`, ideaID).Error; err != nil {
			return err
		}
		if err := renumberShortlist(tx, idea.ConsultationID, rank); err != nil {
			return err
		}
		entry := ShortlistEntry{ConsultationID: idea.ConsultationID, IdeaID: ideaID, Rank: rank,
			Rationale: rationale, RationaleCy: rationaleCy, AddedByID: &actor.ID}
		if err := tx.Omit("Idea").Create(&entry).Error; err != nil {
			return err
		}
		if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaShortlisted, SubjectType: "idea",
			SubjectID: ideaID, IdeaID: &ideaID, ToValue: strconv.Itoa(rank), Reason: rationale}); err != nil {
			return err
		}
		if idea.Status == StatusNew || idea.Status == StatusUnderReview {
			return setStatusAndResponse(tx, actor, idea, StatusShortlisted, idea.Response, idea.ResponseCy)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if errs.Any() {
		return errs, nil
	}
	return nil, nil
}

// lockShortlist lets one transaction at a time edit a consultation's ranks. Every edit locks
// the idea first and the consultation second, so edits of one shortlist cannot deadlock.
func lockShortlist(tx *gorm.DB, consultationID int64) error {
	return tx.Exec(`SELECT id FROM consultations WHERE id = ? FOR UPDATE`, consultationID).Error
}

// removeShortlistEntry takes an idea off its consultation's shortlist and closes the gap it
// leaves; it reports whether the idea was on the list.
func removeShortlistEntry(tx *gorm.DB, ideaID, consultationID int64) (bool, error) {
	if err := lockShortlist(tx, consultationID); err != nil {
		return false, err
	}
	r := tx.Exec(`DELETE FROM shortlist_entries WHERE idea_id = ?`, ideaID)
	if r.Error != nil || r.RowsAffected == 0 {
		return false, r.Error
	}
	return true, renumberShortlist(tx, consultationID, 0)
}

// renumberShortlist numbers a consultation's entries 1, 2, 3… in their current order, leaving
// rank gapAt free for an entry about to go there (0 for no gap). It is one statement on purpose:
// Postgres re-checks the foreign keys of a row updated twice in one transaction, which would
// take key-share locks on other ideas that other panel members hold while they wait for this
// shortlist, and deadlock.
func renumberShortlist(tx *gorm.DB, consultationID int64, gapAt int) error {
	return tx.Exec(`UPDATE shortlist_entries s SET rank = r.rank
		FROM (SELECT id, n + CASE WHEN ? > 0 AND n >= ? THEN 1 ELSE 0 END AS rank
			FROM (SELECT id, row_number() OVER (ORDER BY rank, id) AS n FROM shortlist_entries WHERE consultation_id = ?) numbered) r
		WHERE s.id = r.id AND s.rank <> r.rank`, gapAt, gapAt, consultationID).Error
}

// RemoveFromShortlist takes an idea off its shortlist, with its event.
func RemoveFromShortlist(ctx context.Context, db *gorm.DB, actor *User, ideaID int64, reason string) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		idea, err := lockIdea(tx, ideaID)
		if err != nil {
			return err
		}
		removed, err := removeShortlistEntry(tx, ideaID, idea.ConsultationID)
		if err != nil || !removed {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaUnshortlisted, SubjectType: "idea",
			SubjectID: ideaID, IdeaID: &ideaID, Reason: reason})
	})
}

// Shortlist returns a consultation's shortlist in rank order with each idea.
func Shortlist(ctx context.Context, db *gorm.DB, consultationID, viewerID int64) ([]ShortlistEntry, error) {
	var entries []ShortlistEntry
	err := db.WithContext(ctx).Where("consultation_id = ?", consultationID).Order("rank").Find(&entries).Error
	if err != nil || len(entries) == 0 {
		return entries, err
	}
	ids := make([]int64, len(entries))
	for n, e := range entries {
		ids[n] = e.IdeaID
	}
	ideas, err := ideasByIDs(ctx, db, ids, viewerID)
	if err != nil {
		return nil, err
	}
	for n := range entries {
		entries[n].Idea = ideas[entries[n].IdeaID]
	}
	return entries, nil
}

// ShortlistEntryFor returns an idea's shortlist entry, or nil.
func ShortlistEntryFor(ctx context.Context, db *gorm.DB, ideaID int64) (*ShortlistEntry, error) {
	var e ShortlistEntry
	err := db.WithContext(ctx).Where("idea_id = ?", ideaID).First(&e).Error
	if notFound(err) == ErrNotFound {
		return nil, nil
	}
	return &e, err
}

// PublishShortlist makes a consultation's shortlist public (or withdraws it), with an event.
func PublishShortlist(ctx context.Context, db *gorm.DB, actor *User, consultationID int64, publish bool) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Consultation
		if err := tx.Clauses(lockForUpdate).First(&c, consultationID).Error; err != nil {
			return notFound(err)
		}
		if (c.ShortlistPublishedAt != nil) == publish {
			return nil
		}
		var at *time.Time
		verb := VerbShortlistWithdrawn
		if publish {
			now := Now(ctx)
			at, verb = &now, VerbShortlistPublished
		}
		if err := tx.Model(&c).Update("shortlist_published_at", at).Error; err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: verb, SubjectType: "consultation", SubjectID: c.ID})
	})
}

// ideasByIDs loads several ideas as they are shown, keyed by id, in one query.
func ideasByIDs(ctx context.Context, db *gorm.DB, ids []int64, viewerID int64) (map[int64]*IdeaSummary, error) {
	var ideas []IdeaSummary
	err := db.WithContext(ctx).Raw(`SELECT `+ideaSummarySelect+`,
			EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = ?) AS voted
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id LEFT JOIN users u ON u.id = i.author_id
		WHERE i.id IN ?`, openArgs(ctx, viewerID, ids)...).Scan(&ideas).Error
	if err != nil {
		return nil, err
	}
	if err := attachThemes(ctx, db, ideas); err != nil {
		return nil, err
	}
	out := make(map[int64]*IdeaSummary, len(ideas))
	for n := range ideas {
		out[ideas[n].ID] = &ideas[n]
	}
	return out, nil
}
