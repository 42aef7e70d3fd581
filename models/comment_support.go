package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// CommentSupportOpen reports whether the idea's comments take support.
func (i *IdeaSummary) CommentSupportOpen() bool {
	return commentSupportOpen(i.Status, i.MergedIntoID, i.HiddenAt)
}

// commentSupportOpen is the rule: not while the idea is hidden, nor once it has been merged
// into another (the discussion carries on there).
func commentSupportOpen(status string, mergedIntoID *int64, hiddenAt *time.Time) bool {
	return hiddenAt == nil && mergedIntoID == nil && status != StatusDuplicate
}

// SetCommentSupport records (on) or removes (off) user's support for a comment, as SetVote
// does for an idea. It is idempotent, and the comment row is locked for the duration, so the
// stored count always equals the number of support rows however many people act at once.
// Nobody supports their own comment, a comment that was deleted, or one on a merged idea
// (conflicts); hidden comments and comments on hidden ideas are not found, as hidden ideas
// are for votes.
func SetCommentSupport(ctx context.Context, db *gorm.DB, user *User, commentID int64, on bool) (supported bool, count int, err error) {
	if user == nil || user.Blocked() {
		return false, 0, ErrForbidden
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cm struct {
			ID               int64
			AuthorID         int64
			DeletedAt        *time.Time
			HiddenAt         *time.Time
			SupportCount     int
			IdeaStatus       string
			IdeaMergedIntoID *int64
			IdeaHiddenAt     *time.Time
		}
		err := tx.Raw(`SELECT cm.id, cm.author_id, cm.deleted_at, cm.hidden_at, cm.support_count,
				i.status AS idea_status, i.merged_into_id AS idea_merged_into_id, i.hidden_at AS idea_hidden_at
			FROM comments cm JOIN ideas i ON i.id = cm.idea_id JOIN consultations c ON c.id = i.consultation_id
			WHERE cm.id = ? AND c.status <> 'draft' FOR UPDATE OF cm`, commentID).Scan(&cm).Error
		if err != nil {
			return err
		}
		switch {
		case cm.ID == 0, cm.HiddenAt != nil, cm.IdeaHiddenAt != nil:
			return ErrNotFound
		case cm.DeletedAt != nil:
			return &ConflictError{Key: "comments.support_closed.deleted"}
		case !commentSupportOpen(cm.IdeaStatus, cm.IdeaMergedIntoID, cm.IdeaHiddenAt):
			return &ConflictError{Key: "comments.support_closed.merged"}
		case cm.AuthorID == user.ID:
			return &ConflictError{Key: "comments.support_closed.own"}
		}

		var changed int64
		if on {
			r := tx.Exec(`INSERT INTO comment_supports (comment_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, commentID, user.ID)
			err, changed = r.Error, r.RowsAffected
		} else {
			r := tx.Exec(`DELETE FROM comment_supports WHERE comment_id = ? AND user_id = ?`, commentID, user.ID)
			err, changed = r.Error, r.RowsAffected
		}
		if err != nil {
			return err
		}
		supported, count = on, cm.SupportCount
		if changed == 0 {
			return nil
		}
		delta := 1
		if !on {
			delta = -1
		}
		return tx.Raw(`UPDATE comments SET support_count = support_count + ? WHERE id = ? RETURNING support_count`,
			delta, commentID).Scan(&count).Error
	})
	if err != nil {
		return false, 0, err
	}
	return supported, count, nil
}

// MarkSupportedComments sets Supported on each of comments (and their replies) that userID
// supports, in one query however many comments there are.
func MarkSupportedComments(ctx context.Context, db *gorm.DB, userID int64, comments []Comment) error {
	if userID == 0 || len(comments) == 0 {
		return nil
	}
	var ids []int64
	for _, c := range comments {
		ids = append(ids, c.ID)
		for _, r := range c.Replies {
			ids = append(ids, r.ID)
		}
	}
	var supported []int64
	err := db.WithContext(ctx).Raw(`SELECT comment_id FROM comment_supports WHERE user_id = ? AND comment_id IN ?`,
		userID, ids).Scan(&supported).Error
	if err != nil {
		return err
	}
	set := make(map[int64]bool, len(supported))
	for _, id := range supported {
		set[id] = true
	}
	for n := range comments {
		comments[n].Supported = set[comments[n].ID]
		for m := range comments[n].Replies {
			comments[n].Replies[m].Supported = set[comments[n].Replies[m].ID]
		}
	}
	return nil
}

// TopComments returns, for each of ideaIDs, at most perIdea of its visible comments (replies
// included), most supported first and the earliest first among equals, with their authors.
// Comments nobody has supported yet still count, so an idea with any visible comment always
// shows some. One query ranks every idea's comments at once.
func TopComments(ctx context.Context, db *gorm.DB, ideaIDs []int64, perIdea int) (map[int64][]Comment, error) {
	out := make(map[int64][]Comment, len(ideaIDs))
	if len(ideaIDs) == 0 || perIdea <= 0 {
		return out, nil
	}
	var rows []Comment
	err := db.WithContext(ctx).Raw(`SELECT ranked.* FROM (
			SELECT cm.*, u.handle AS author_handle, u.name AS author_name,
				row_number() OVER (PARTITION BY cm.idea_id ORDER BY cm.support_count DESC, cm.created_at, cm.id) AS place
			FROM comments cm JOIN users u ON u.id = cm.author_id
			WHERE cm.idea_id IN ? AND cm.deleted_at IS NULL AND cm.hidden_at IS NULL
		) ranked
		WHERE ranked.place <= ?
		ORDER BY ranked.idea_id, ranked.place`, ideaIDs, perIdea).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	for _, c := range rows {
		out[c.IdeaID] = append(out[c.IdeaID], c)
	}
	return out, nil
}
