package models

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// Report is a member's flag on an idea or a comment.
type Report struct {
	ID           int64
	SubjectType  string // idea or comment
	SubjectID    int64
	IdeaID       int64
	ReporterID   int64
	Reason       string
	Status       string `gorm:"default:open"`
	ResolvedByID *int64
	ResolvedAt   *time.Time
	CreatedAt    time.Time
}

// Subject kinds that can be reported and hidden.
const (
	SubjectIdea    = "idea"
	SubjectComment = "comment"
)

// ReportContent records a member's report. When reports from threshold different members are
// open on one thing, it is hidden until a moderator reviews it. A member reporting the same
// thing twice is told it is already reported.
func ReportContent(ctx context.Context, db *gorm.DB, reporter *User, subjectType string, subjectID int64, reason string, threshold int) (Errors, error) {
	reason, errs, err := checkReport(subjectType, reason)
	if err != nil || errs.Any() {
		return errs, err
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ideaID, hidden, err := lockSubject(tx, subjectType, subjectID)
		if err != nil {
			return err
		}
		r := tx.Exec(`INSERT INTO reports (subject_type, subject_id, idea_id, reporter_id, reason)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject_type, subject_id, reporter_id) WHERE status = 'open' DO NOTHING`,
			subjectType, subjectID, ideaID, reporter.ID, reason)
		if r.Error != nil {
			return r.Error
		}
		if r.RowsAffected == 0 {
			errs.Add("reason", "error.report.already")
			return nil
		}
		if hidden || threshold < 1 {
			return nil
		}
		var reporters int64
		if err := tx.Raw(`SELECT count(DISTINCT reporter_id) FROM reports WHERE subject_type = ? AND subject_id = ? AND status = 'open'`,
			subjectType, subjectID).Scan(&reporters).Error; err != nil {
			return err
		}
		if reporters < int64(threshold) {
			return nil
		}
		if err := setHidden(tx, subjectType, subjectID, ideaID, true, "reported"); err != nil {
			return err
		}
		return recordEvent(tx, Event{Verb: VerbAutoHidden, SubjectType: subjectType, SubjectID: subjectID,
			IdeaID: &ideaID, Reason: "reported"})
	})
	if err != nil {
		return nil, err
	}
	if errs.Any() {
		return errs, nil
	}
	return nil, nil
}

// checkReport checks what a report or a moderator's decision is about and its reason.
func checkReport(subjectType, reason string) (string, Errors, error) {
	if subjectType != SubjectIdea && subjectType != SubjectComment {
		return "", nil, ErrNotFound
	}
	errs := Errors{}
	reason = checkText(errs, "reason", reason, true, 500)
	return reason, errs, nil
}

// lockSubject locks an idea or comment and says which idea it belongs to and whether it is
// hidden.
func lockSubject(tx *gorm.DB, subjectType string, id int64) (ideaID int64, hidden bool, err error) {
	if subjectType == SubjectIdea {
		idea, err := lockIdea(tx, id)
		if err != nil {
			return 0, false, err
		}
		return idea.ID, idea.HiddenAt != nil, nil
	}
	var c Comment
	if err := tx.Clauses(lockForUpdate).Omit("AuthorHandle", "AuthorName").Where("id = ?", id).First(&c).Error; err != nil {
		return 0, false, notFound(err)
	}
	if c.DeletedAt != nil {
		return 0, false, ErrNotFound
	}
	// The idea's comment count changes with the comment's visibility, so lock it too.
	if _, err := lockIdea(tx, c.IdeaID); err != nil {
		return 0, false, err
	}
	return c.IdeaID, c.HiddenAt != nil, nil
}

// setHidden hides or restores an idea or comment, keeping the idea's comment count equal to
// its visible comments.
func setHidden(tx *gorm.DB, subjectType string, id, ideaID int64, hide bool, reason string) error {
	table := "ideas"
	if subjectType == SubjectComment {
		table = "comments"
	}
	var r *gorm.DB
	if hide {
		r = tx.Exec(`UPDATE `+table+` SET hidden_at = now(), hidden_reason = ?, updated_at = now() WHERE id = ? AND hidden_at IS NULL`, reason, id)
	} else {
		r = tx.Exec(`UPDATE `+table+` SET hidden_at = NULL, hidden_reason = '', updated_at = now() WHERE id = ? AND hidden_at IS NOT NULL`, id)
	}
	if r.Error != nil || r.RowsAffected == 0 || subjectType != SubjectComment {
		return r.Error
	}
	delta := -1
	if !hide {
		delta = 1
	}
	return tx.Exec(`UPDATE ideas SET comment_count = comment_count + ? WHERE id = ?
		AND EXISTS (SELECT 1 FROM comments WHERE id = ? AND deleted_at IS NULL)`, delta, ideaID, id).Error
}

// Moderate hides (hide) or restores an idea or comment with a reason, resolves its open reports
// and records the decision.
func Moderate(ctx context.Context, db *gorm.DB, actor *User, subjectType string, subjectID int64, hide bool, reason string) (Errors, error) {
	reason, errs, err := checkReport(subjectType, reason)
	if err != nil || errs.Any() {
		return errs, err
	}
	return nil, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ideaID, hidden, err := lockSubject(tx, subjectType, subjectID)
		if err != nil {
			return err
		}
		if hidden != hide {
			if err := setHidden(tx, subjectType, subjectID, ideaID, hide, reason); err != nil {
				return err
			}
		} else if hide {
			// Already hidden (perhaps automatically): keep it hidden, with the moderator's reason.
			if err := tx.Exec(`UPDATE `+subjectType+`s SET hidden_reason = ? WHERE id = ?`, reason, subjectID).Error; err != nil {
				return err
			}
		}
		verb := map[string]map[bool]string{
			SubjectIdea:    {true: VerbIdeaHidden, false: VerbIdeaRestored},
			SubjectComment: {true: VerbCommentHidden, false: VerbCommentRestored},
		}[subjectType][hide]
		if err := resolveReports(tx, actor, subjectType, subjectID, "actioned"); err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: verb, SubjectType: subjectType, SubjectID: subjectID,
			IdeaID: &ideaID, Reason: reason})
	})
}

// DismissReports closes the open reports on an idea or comment without acting on it; if it was
// hidden automatically because of them, it is shown again.
func DismissReports(ctx context.Context, db *gorm.DB, actor *User, subjectType string, subjectID int64) error {
	if subjectType != SubjectIdea && subjectType != SubjectComment {
		return ErrNotFound
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ideaID, hidden, err := lockSubject(tx, subjectType, subjectID)
		if err != nil {
			return err
		}
		if hidden {
			var reason string
			tx.Raw(`SELECT hidden_reason FROM `+subjectType+`s WHERE id = ?`, subjectID).Scan(&reason)
			if reason == "reported" {
				if err := setHidden(tx, subjectType, subjectID, ideaID, false, ""); err != nil {
					return err
				}
			}
		}
		if err := resolveReports(tx, actor, subjectType, subjectID, "dismissed"); err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbReportDismissed, SubjectType: subjectType,
			SubjectID: subjectID, IdeaID: &ideaID})
	})
}

func resolveReports(tx *gorm.DB, actor *User, subjectType string, subjectID int64, status string) error {
	return tx.Exec(`UPDATE reports SET status = ?, resolved_by_id = ?, resolved_at = now()
		WHERE subject_type = ? AND subject_id = ? AND status = 'open'`, status, actor.ID, subjectType, subjectID).Error
}

// ReportedItem is one reported idea or comment in the moderation queue, with its reports.
type ReportedItem struct {
	SubjectType  string
	SubjectID    int64
	IdeaID       int64
	IdeaTitle    string
	IdeaLang     string
	Excerpt      string
	ExcerptLang  string
	AuthorHandle string
	Hidden       bool
	HiddenReason string
	Reporters    int
	Reasons      []string `gorm:"-"`
	FirstAt      time.Time
}

// ModerationQueue lists everything with open reports, most reported first, and what is
// hidden automatically awaiting review.
func ModerationQueue(ctx context.Context, db *gorm.DB) ([]ReportedItem, error) {
	var items []ReportedItem
	err := db.WithContext(ctx).Raw(`
		SELECT r.subject_type, r.subject_id, r.idea_id, i.title AS idea_title, i.lang AS idea_lang,
		       CASE WHEN r.subject_type = 'idea' THEN left(i.body, 300) ELSE left(cm.body, 300) END AS excerpt,
		       CASE WHEN r.subject_type = 'idea' THEN i.lang ELSE cm.lang END AS excerpt_lang,
		       coalesce(CASE WHEN r.subject_type = 'idea' THEN iu.handle ELSE cu.handle END, i.source_name) AS author_handle,
		       CASE WHEN r.subject_type = 'idea' THEN i.hidden_at IS NOT NULL ELSE cm.hidden_at IS NOT NULL END AS hidden,
		       CASE WHEN r.subject_type = 'idea' THEN i.hidden_reason ELSE cm.hidden_reason END AS hidden_reason,
		       count(DISTINCT r.reporter_id) AS reporters, min(r.created_at) AS first_at
		FROM reports r
		JOIN ideas i ON i.id = r.idea_id
		LEFT JOIN users iu ON iu.id = i.author_id
		LEFT JOIN comments cm ON r.subject_type = 'comment' AND cm.id = r.subject_id
		LEFT JOIN users cu ON cu.id = cm.author_id
		WHERE r.status = 'open'
		GROUP BY r.subject_type, r.subject_id, r.idea_id, i.id, iu.handle, cm.id, cu.handle
		ORDER BY reporters DESC, first_at`).Scan(&items).Error
	if err != nil {
		return nil, err
	}
	// Every open report's reason, in one more query, grouped by what it is about.
	var reasons []struct {
		SubjectType string
		SubjectID   int64
		Reason      string
	}
	err = db.WithContext(ctx).Raw(`SELECT subject_type, subject_id, reason FROM reports
		WHERE status = 'open' ORDER BY created_at, id`).Scan(&reasons).Error
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(items))
	for n, it := range items {
		index[it.SubjectType+":"+strconv.FormatInt(it.SubjectID, 10)] = n
	}
	for _, r := range reasons {
		if n, ok := index[r.SubjectType+":"+strconv.FormatInt(r.SubjectID, 10)]; ok {
			items[n].Reasons = append(items[n].Reasons, r.Reason)
		}
	}
	return items, nil
}
