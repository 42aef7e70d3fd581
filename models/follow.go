package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Follow makes userID follow an idea (on) or stop following it. Doing what is already done
// changes nothing. Authors follow their own ideas from the moment they share them.
func Follow(ctx context.Context, db *gorm.DB, userID, ideaID int64, on bool) error {
	db = db.WithContext(ctx)
	if !on {
		return db.Exec(`DELETE FROM follows WHERE user_id = ? AND idea_id = ?`, userID, ideaID).Error
	}
	var n int64
	if err := db.Raw(`SELECT count(*) FROM ideas WHERE id = ? AND hidden_at IS NULL`, ideaID).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return follow(db, userID, ideaID, Now(ctx))
}

func follow(tx *gorm.DB, userID, ideaID int64, now time.Time) error {
	return tx.Exec(`INSERT INTO follows (user_id, idea_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		userID, ideaID, now).Error
}

// Following reports whether userID follows an idea.
func Following(ctx context.Context, db *gorm.DB, userID, ideaID int64) (bool, error) {
	if userID == 0 {
		return false, nil
	}
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT count(*) FROM follows WHERE user_id = ? AND idea_id = ?`, userID, ideaID).Scan(&n).Error
	return n > 0, err
}

// FollowedIdea is an idea someone follows, as their account page and data download list it.
type FollowedIdea struct {
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	Lang       string    `json:"lang"` // the language the title is written in
	Status     string    `json:"status"`
	FollowedAt time.Time `json:"followed_at"`
}

// FollowedIdeas lists what userID follows, most recently followed first, leaving out ideas
// a moderator has hidden.
func FollowedIdeas(ctx context.Context, db *gorm.DB, userID int64) ([]FollowedIdea, error) {
	var out []FollowedIdea
	err := db.WithContext(ctx).Raw(`SELECT i.id, i.title, i.lang, i.status, f.created_at AS followed_at
		FROM follows f JOIN ideas i ON i.id = f.idea_id WHERE f.user_id = ? AND i.hidden_at IS NULL ORDER BY f.created_at DESC, i.id DESC`, userID).
		Scan(&out).Error
	return out, err
}
