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
// twice leaves one vote. It is one statement: the idea row is locked first, so the stored
// count always equals the number of vote rows however many people vote at once, and the
// vote and the count change together or not at all.
func SetVote(ctx context.Context, db *gorm.DB, ideaID, userID int64, on bool) (VoteResult, error) {
	change, delta := `INSERT INTO votes (idea_id, user_id) SELECT id, ? FROM votable ON CONFLICT DO NOTHING RETURNING idea_id`, 1
	if !on {
		change, delta = `DELETE FROM votes WHERE user_id = ? AND idea_id IN (SELECT id FROM votable) RETURNING idea_id`, -1
	}
	var idea struct {
		Status           string
		MergedIntoID     *int64
		HiddenAt         *time.Time
		ConsultationOpen bool
		VoteCount        int
		Counted          *int // the count after the change; NULL when nothing changed
	}
	err := db.WithContext(ctx).Raw(`WITH idea AS (
			SELECT i.id, i.status, i.merged_into_id, i.hidden_at, i.vote_count, (`+openConsultationSQL+`) AS consultation_open
			FROM ideas i JOIN consultations c ON c.id = i.consultation_id
			WHERE i.id = ? AND c.status <> 'draft' FOR UPDATE OF i
		), votable AS (
			SELECT id FROM idea WHERE hidden_at IS NULL AND merged_into_id IS NULL AND status NOT IN ? AND consultation_open
		), changed AS (`+change+`
		), counted AS (
			UPDATE ideas SET vote_count = vote_count + ? WHERE id IN (SELECT idea_id FROM changed) RETURNING vote_count
		)
		SELECT status, merged_into_id, hidden_at, consultation_open, vote_count, (SELECT vote_count FROM counted) AS counted FROM idea`,
		openArgs(ctx, ideaID, votingClosedStatuses, userID, delta)...).Scan(&idea).Error
	if err != nil {
		return VoteResult{}, err
	}
	// The reasons a vote is refused, in the order they are told (votable above is their sum).
	switch {
	case idea.Status == "", idea.HiddenAt != nil:
		return VoteResult{}, ErrNotFound
	case idea.MergedIntoID != nil || idea.Status == StatusDuplicate:
		return VoteResult{}, &ConflictError{Key: "vote.closed.duplicate"}
	case idea.Status == StatusWithdrawn:
		return VoteResult{}, &ConflictError{Key: "vote.closed.withdrawn"}
	case VotingClosedStatus(idea.Status):
		return VoteResult{}, &ConflictError{Key: "vote.closed.status"}
	case !idea.ConsultationOpen:
		return VoteResult{}, &ConflictError{Key: "vote.closed.consultation"}
	}
	res := VoteResult{Voted: on, Votes: idea.VoteCount}
	if idea.Counted != nil {
		res.Votes = *idea.Counted
	}
	return res, nil
}

// votingClosedStatuses are the statuses in which an idea accepts no votes (VotingClosedStatus).
var votingClosedStatuses = []string{StatusDone, StatusDeclined, StatusDuplicate, StatusWithdrawn}

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
