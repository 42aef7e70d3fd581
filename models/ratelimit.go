package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// HitRateLimit counts one hit against key in the current fixed window and reports whether it
// is within limit. The count is one atomic upsert, so it is exact however many instances
// share the database.
func HitRateLimit(ctx context.Context, db *gorm.DB, key string, limit int, window time.Duration) (allowed bool, retryAfter time.Duration, err error) {
	now := time.Now()
	start := now.Truncate(window)
	var hits int
	err = db.WithContext(ctx).Raw(`INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
		RETURNING hits`, key, start).Scan(&hits).Error
	if err != nil {
		return false, 0, err
	}
	return hits <= limit, start.Add(window).Sub(now), nil
}

// PruneRateLimits removes windows that ended before cutoff.
func PruneRateLimits(ctx context.Context, db *gorm.DB, cutoff time.Time) error {
	return db.WithContext(ctx).Exec(`DELETE FROM rate_limits WHERE window_start < ?`, cutoff).Error
}

// PruneSessions removes the sessions and sign-in states in table (the session storage's, with
// its expiry e in Unix seconds, 0 for none) that expired by now.
func PruneSessions(ctx context.Context, db *gorm.DB, table string, now time.Time) error {
	return db.WithContext(ctx).Exec(`DELETE FROM `+quoteIdent(table)+` WHERE e <> 0 AND e <= ?`, now.Unix()).Error
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
