package models

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// MaxResponse is the longest public response or rationale the panel may write.
const MaxResponse = 2000

// lockIdea locks one idea for the rest of the transaction and returns it.
func lockIdea(tx *gorm.DB, id int64) (*Idea, error) {
	var idea Idea
	err := tx.Clauses(lockForUpdate).Where("id = ?", id).First(&idea).Error
	if err != nil {
		return nil, notFound(err)
	}
	return &idea, nil
}

// StatusChange is the panel's decision on one idea: a status and the public response.
type StatusChange struct {
	Status     string
	Response   string
	ResponseCy string
}

// SetIdeaStatus records a status and public response, each change an event in the same
// transaction. Duplicates are made by MergeIdea, not here.
func SetIdeaStatus(ctx context.Context, db *gorm.DB, actor *User, ideaID int64, in StatusChange) (Errors, error) {
	errs := Errors{}
	if !ValidIdeaStatus(in.Status) {
		errs.Add("status", "error.status.invalid")
	} else if in.Status == StatusDuplicate {
		errs.Add("status", "error.status.use_merge")
	} else if in.Status == StatusWithdrawn {
		errs.Add("status", "error.status.author_only")
	}
	response := checkText(errs, "response", in.Response, false, MaxResponse)
	responseCy := checkText(errs, "response_cy", in.ResponseCy, false, MaxResponse)
	if responseCy != "" && response == "" {
		errs.Add("response", "error.response.english_first")
	}
	if errs.Any() {
		return errs, nil
	}
	return nil, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		idea, err := lockIdea(tx, ideaID)
		if err != nil {
			return err
		}
		if idea.MergedIntoID != nil {
			return &ConflictError{Key: "error.idea_merged"}
		}
		if idea.Status == StatusWithdrawn {
			// Its author withdrew it: the panel cannot put it back in play (409, said on the page).
			return &ConflictError{Key: "error.idea_withdrawn"}
		}
		return setStatusAndResponse(tx, actor, idea, in.Status, response, responseCy)
	})
}

// setStatusAndResponse changes an idea's status and response and tells its followers, in one
// message for both.
func setStatusAndResponse(tx *gorm.DB, actor *User, idea *Idea, status, response, responseCy string) error {
	statusChanged, responseChanged, err := changeStatusAndResponse(tx, actor, idea, status, response, responseCy)
	if err != nil || (!statusChanged && !responseChanged) {
		return err
	}
	n := notice{Kind: NotifyStatus, Verb: noticeResponse, IdeaID: idea.ID, ActorID: actor.ID, Status: idea.Status}
	if statusChanged {
		n.Verb = noticeStatus
	}
	if responseChanged {
		n.Detail, n.DetailCy = idea.Response, idea.ResponseCy
	}
	return notifyFollowers(tx, n)
}

// changeStatusAndResponse writes the changes and their events and says what changed.
func changeStatusAndResponse(tx *gorm.DB, actor *User, idea *Idea, status, response, responseCy string) (statusChanged, responseChanged bool, err error) {
	// Read the old values first: GORM's Model(idea).Updates writes the new ones into idea.
	now := Now(tx.Statement.Context)
	fromStatus, fromResponse := idea.Status, idea.Response
	if status != fromStatus {
		if err := tx.Model(&Idea{}).Where("id = ?", idea.ID).Updates(map[string]any{"status": status, "updated_at": now}).Error; err != nil {
			return false, false, err
		}
		if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaStatusChanged, SubjectType: "idea",
			SubjectID: idea.ID, IdeaID: &idea.ID, FromValue: fromStatus, ToValue: status}); err != nil {
			return false, false, err
		}
		idea.Status = status
		statusChanged = true
	}
	if response != fromResponse || responseCy != idea.ResponseCy {
		err := tx.Model(&Idea{}).Where("id = ?", idea.ID).Updates(map[string]any{"response": response, "response_cy": responseCy,
			"response_by_id": actor.ID, "responded_at": now, "updated_at": now}).Error
		if err != nil {
			return false, false, err
		}
		if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaResponded, SubjectType: "idea",
			SubjectID: idea.ID, IdeaID: &idea.ID, FromValue: fromResponse, ToValue: response}); err != nil {
			return false, false, err
		}
		idea.Response, idea.ResponseCy = response, responseCy
		responseChanged = true
	}
	return statusChanged, responseChanged, nil
}

// SetIdeaTheme adds (on) or removes a theme from an idea, with its event. Doing what is
// already done changes nothing and records nothing.
func SetIdeaTheme(ctx context.Context, db *gorm.DB, actor *User, ideaID, themeID int64, on bool) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := lockIdea(tx, ideaID); err != nil {
			return err
		}
		return setTheme(tx, actor, ideaID, themeID, on)
	})
}

func setTheme(tx *gorm.DB, actor *User, ideaID, themeID int64, on bool) error {
	var theme Theme
	if err := tx.First(&theme, themeID).Error; err != nil {
		return notFound(err)
	}
	var r *gorm.DB
	verb := VerbIdeaThemed
	if on {
		r = tx.Exec(`INSERT INTO idea_themes (idea_id, theme_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, ideaID, themeID)
	} else {
		verb = VerbIdeaUnthemed
		r = tx.Exec(`DELETE FROM idea_themes WHERE idea_id = ? AND theme_id = ?`, ideaID, themeID)
	}
	if r.Error != nil || r.RowsAffected == 0 {
		return r.Error
	}
	return recordEvent(tx, Event{ActorID: &actor.ID, Verb: verb, SubjectType: "idea", SubjectID: ideaID,
		IdeaID: &ideaID, ToValue: theme.Name, Data: EventData{ThemeID: theme.ID}})
}

// BulkTriage applies one theme and/or one status to several ideas at once, all or nothing.
func BulkTriage(ctx context.Context, db *gorm.DB, actor *User, ideaIDs []int64, themeID int64, status string) (Errors, error) {
	errs := Errors{}
	if len(ideaIDs) == 0 {
		errs.Add("ideas", "error.bulk.no_ideas")
	}
	if themeID == 0 && status == "" {
		errs.Add("action", "error.bulk.no_action")
	}
	if status != "" && (!ValidIdeaStatus(status) || status == StatusDuplicate || status == StatusWithdrawn) {
		errs.Add("status", "error.status.invalid")
	}
	if len(ideaIDs) > 200 {
		errs.Add("ideas", "error.bulk.too_many")
	}
	if errs.Any() {
		return errs, nil
	}
	return nil, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Lock in id order so two panel members acting on overlapping sets cannot deadlock.
		var ideas []Idea
		if err := tx.Clauses(lockForUpdate).Where("id IN ?", ideaIDs).Order("id").Find(&ideas).Error; err != nil {
			return err
		}
		if len(ideas) != len(sortedIDs(ideaIDs)) {
			return ErrNotFound
		}
		for i := range ideas {
			idea := &ideas[i]
			if themeID != 0 {
				if err := setTheme(tx, actor, idea.ID, themeID, true); err != nil {
					return err
				}
			}
			// Merged and withdrawn ideas keep their status: the bulk form cannot undo either.
			if status != "" && idea.MergedIntoID == nil && idea.Status != StatusWithdrawn {
				if err := setStatusAndResponse(tx, actor, idea, status, idea.Response, idea.ResponseCy); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// MergeIdea marks dupID as a duplicate of targetID. The duplicate's voters now support the
// target, nobody twice; both ideas are locked (in id order, as SetVote locks one) so a vote
// arriving during the merge either lands before it and moves, or after it and is refused or
// counted on the target. The target's count is recounted from its vote rows.
func MergeIdea(ctx context.Context, db *gorm.DB, actor *User, dupID, targetID int64, reason string) (Errors, error) {
	errs := Errors{}
	reason = checkText(errs, "reason", reason, false, MaxResponse)
	if dupID == targetID {
		errs.Add("target", "error.merge.self")
	}
	if errs.Any() {
		return errs, nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		first, second := dupID, targetID
		if second < first {
			first, second = second, first
		}
		a, err := lockIdea(tx, first)
		if err != nil {
			return err
		}
		b, err := lockIdea(tx, second)
		if err != nil {
			return err
		}
		dup, target := a, b
		if dup.ID != dupID {
			dup, target = b, a
		}
		switch {
		case dup.MergedIntoID != nil:
			errs.Add("target", "error.merge.already")
			return nil
		case target.MergedIntoID != nil:
			errs.Add("target", "error.merge.target_merged")
			return nil
		case target.HiddenAt != nil:
			errs.Add("target", "error.merge.target_hidden")
			return nil
		}
		err = tx.Exec(`INSERT INTO votes (idea_id, user_id, created_at)
			SELECT ?, user_id, created_at FROM votes WHERE idea_id = ?
			ON CONFLICT DO NOTHING`, target.ID, dup.ID).Error
		if err != nil {
			return err
		}
		if err := tx.Exec(`DELETE FROM votes WHERE idea_id = ?`, dup.ID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE ideas SET vote_count = (SELECT count(*) FROM votes WHERE idea_id = ?), updated_at = now()
			WHERE id = ?`, target.ID, target.ID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE ideas SET status = ?, merged_into_id = ?, vote_count = 0, updated_at = now() WHERE id = ?`,
			StatusDuplicate, target.ID, dup.ID).Error; err != nil {
			return err
		}
		// A duplicate leaves the shortlist; the target carries on.
		if _, err := removeShortlistEntry(tx, dup.ID, dup.ConsultationID); err != nil {
			return err
		}
		if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaMerged, SubjectType: "idea", SubjectID: dup.ID,
			IdeaID: &dup.ID, FromValue: dup.Status, ToValue: strconv.FormatInt(target.ID, 10), Reason: reason}); err != nil {
			return err
		}
		if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaMergedIn, SubjectType: "idea", SubjectID: target.ID,
			IdeaID: &target.ID, FromValue: strconv.FormatInt(dup.ID, 10), Reason: reason}); err != nil {
			return err
		}
		// The duplicate's followers are told, and follow the idea it joined from now on.
		if err := notifyFollowers(tx, notice{Kind: NotifyStatus, Verb: noticeStatus, IdeaID: dup.ID, ActorID: actor.ID,
			Status: StatusDuplicate, Detail: reason}); err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO follows (user_id, idea_id, created_at) SELECT user_id, ?, ? FROM follows WHERE idea_id = ?
			ON CONFLICT DO NOTHING`, target.ID, Now(tx.Statement.Context), dup.ID).Error
	})
	if err != nil {
		return nil, err
	}
	if errs.Any() {
		return errs, nil
	}
	return nil, nil
}

// TriageFilter selects the panel's queue.
type TriageFilter struct {
	Consultation string // slug
	Theme        string // slug
	Status       string // one status; empty means new and under review
	NoTheme      bool   // only ideas without a theme yet
	Page         int
	Counts       *ListCounts // remembers totals between requests; nil counts every time
}

// TriageQueue lists ideas awaiting the panel, oldest first, including hidden ones (marked) so
// that nothing waits unseen.
func TriageQueue(ctx context.Context, db *gorm.DB, f TriageFilter) (IdeaPage, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	where := []string{"i.merged_into_id IS NULL", "c.status <> 'draft'"}
	var args []any
	if ValidIdeaStatus(f.Status) {
		where = append(where, "i.status = ?")
		args = append(args, f.Status)
	} else {
		where = append(where, "i.status IN ('new', 'under_review')")
	}
	if f.Consultation != "" {
		where = append(where, "c.slug = ?")
		args = append(args, cleanQuery(f.Consultation))
	}
	if f.NoTheme {
		where = append(where, "NOT EXISTS (SELECT 1 FROM idea_themes it WHERE it.idea_id = i.id)")
	} else if f.Theme != "" {
		where = append(where, "EXISTS (SELECT 1 FROM idea_themes it JOIN themes t ON t.id = it.theme_id WHERE it.idea_id = i.id AND t.slug = ?)")
		args = append(args, cleanQuery(f.Theme))
	}
	return pageQuery{voted: "false", where: strings.Join(where, " AND "), whereArgs: args,
		order: "i.created_at, i.id", page: f.Page, perPage: 50}.run(ctx, db, f.Counts)
}

// LikelyDuplicates is what the panel may merge an idea into: up to five other ideas with a
// title like its own (by trigram similarity or full-text search, as SimilarIdeas finds them),
// those in its own consultation first. Hidden, merged and withdrawn ideas are left out, since
// they cannot take another idea's supporters.
func LikelyDuplicates(ctx context.Context, db *gorm.DB, idea *Idea) ([]IdeaSummary, error) {
	title := cleanQuery(idea.Title)
	if r := []rune(title); len(r) > MaxTitle {
		title = string(r[:MaxTitle])
	}
	ideas := []IdeaSummary{}
	if len([]rune(title)) < 3 {
		return ideas, nil
	}
	err := db.WithContext(ctx).Raw(`SELECT `+ideaSummarySelect+`, false AS voted
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id LEFT JOIN users u ON u.id = i.author_id
		WHERE i.id <> ? AND i.hidden_at IS NULL AND i.merged_into_id IS NULL AND i.status <> ?
		  AND (i.title % ? OR i.search @@ plainto_tsquery('english', ?))
		ORDER BY i.consultation_id = ? DESC,
		  similarity(i.title, ?) + ts_rank(i.search, plainto_tsquery('english', ?)) DESC, i.vote_count DESC, i.id
		LIMIT 5`, openArgs(ctx, idea.ID, StatusWithdrawn, title, title, idea.ConsultationID, title, title)...).Scan(&ideas).Error
	if err != nil {
		return nil, err
	}
	return ideas, nil
}
