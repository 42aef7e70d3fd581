package models

import (
	"context"
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
