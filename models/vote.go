package models

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// VoteResult is the state after a vote is set or removed.
type VoteResult struct {
	Voted bool `json:"voted"`
	Votes int  `json:"votes"`
}

// SetVote records (on) or removes (off) userID's vote for an idea. It is idempotent: voting
// twice leaves one vote. The idea row is locked for the duration, so the stored count always
// equals the number of vote rows, however many people vote at once.
func SetVote(ctx context.Context, db *gorm.DB, ideaID, userID int64, on bool) (VoteResult, error) {
	var res VoteResult
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var idea struct {
			Status           string
			MergedIntoID     *int64
			HiddenAt         *time.Time
			ConsultationOpen bool
			VoteCount        int
		}
		err := tx.Raw(`SELECT i.status, i.merged_into_id, i.hidden_at, i.vote_count, (`+openConsultationSQL+`) AS consultation_open
			FROM ideas i JOIN consultations c ON c.id = i.consultation_id
			WHERE i.id = ? AND c.status <> 'draft' FOR UPDATE OF i`, openArgs(ctx, ideaID)...).Scan(&idea).Error
		if err != nil {
			return err
		}
		if idea.Status == "" {
			return ErrNotFound
		}
		switch {
		case idea.HiddenAt != nil:
			return ErrNotFound
		case idea.MergedIntoID != nil || idea.Status == StatusDuplicate:
			return &ConflictError{Key: "vote.closed.duplicate"}
		case idea.Status == StatusWithdrawn:
			return &ConflictError{Key: "vote.closed.withdrawn"}
		case VotingClosedStatus(idea.Status):
			return &ConflictError{Key: "vote.closed.status"}
		case !idea.ConsultationOpen:
			return &ConflictError{Key: "vote.closed.consultation"}
		}

		var changed int64
		if on {
			r := tx.Exec(`INSERT INTO votes (idea_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, ideaID, userID)
			err, changed = r.Error, r.RowsAffected
		} else {
			r := tx.Exec(`DELETE FROM votes WHERE idea_id = ? AND user_id = ?`, ideaID, userID)
			err, changed = r.Error, r.RowsAffected
		}
		if err != nil {
			return err
		}
		res = VoteResult{Voted: on, Votes: idea.VoteCount}
		if changed == 0 {
			return nil
		}
		delta := 1
		if !on {
			delta = -1
		}
		return tx.Raw(`UPDATE ideas SET vote_count = vote_count + ? WHERE id = ? RETURNING vote_count`,
			delta, ideaID).Scan(&res.Votes).Error
	})
	return res, err
}

// VotedForAny tells whether userID voted for any of ideas.
func VotedForAny(ctx context.Context, db *gorm.DB, userID int64, ideas []int64) (bool, error) {
	var voted bool
	err := db.WithContext(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM votes WHERE user_id = ? AND idea_id IN ?)`,
		userID, ideas).Scan(&voted).Error
	return voted, err
}

// TouchedIdea tells whether userID has anything of their own on an idea's page: they wrote
// the idea, voted for it or follow it, wrote a comment on it or supported one.
func TouchedIdea(ctx context.Context, db *gorm.DB, userID, ideaID int64) (bool, error) {
	var touched bool
	err := db.WithContext(ctx).Raw(`SELECT
			EXISTS (SELECT 1 FROM ideas WHERE id = @idea AND author_id = @user)
			OR EXISTS (SELECT 1 FROM votes WHERE idea_id = @idea AND user_id = @user)
			OR EXISTS (SELECT 1 FROM follows WHERE user_id = @user AND idea_id = @idea)
			OR EXISTS (SELECT 1 FROM comments WHERE idea_id = @idea AND author_id = @user)
			OR EXISTS (SELECT 1 FROM comment_supports s JOIN comments cm ON cm.id = s.comment_id
				WHERE s.user_id = @user AND cm.idea_id = @idea)`,
		sql.Named("idea", ideaID), sql.Named("user", userID)).Scan(&touched).Error
	return touched, err
}
