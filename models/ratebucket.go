package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Limit is a token bucket: Count requests at once, the bucket then refilling evenly over Per
// (one token every Per/Count). Unlike a fixed window it never allows a second full burst
// just after a boundary: after Count requests the next waits for its token. A zero Limit is
// no limit.
type Limit struct {
	Count int
	Per   time.Duration
}

// Off reports whether the limit lets everything through.
func (l Limit) Off() bool { return l.Count <= 0 || l.Per <= 0 }

// interval is the time one token takes to come back.
func (l Limit) interval() time.Duration { return l.Per / time.Duration(l.Count) }

// TakeToken takes one token from key's bucket, if it has one. It is the generic cell rate
// algorithm in one upsert: the row holds tat, the time the bucket will be full again; a
// request moves tat on by one interval from max(tat, now), and is allowed when that is at
// most Per ahead of now. A refused request changes nothing. The row is locked for the
// update, so concurrent requests on every instance are counted exactly. When refused,
// retryAfter is when the next token comes (always within one interval).
func TakeToken(ctx context.Context, db *gorm.DB, key string, rate Limit) (allowed bool, retryAfter time.Duration, err error) {
	if rate.Off() {
		return true, 0, nil
	}
	now := Now(ctx)
	step := rate.interval().Microseconds()
	if step < 1 {
		step = 1
	}
	burst := rate.Per.Microseconds()
	var rows []struct {
		Allowed bool
		Tat     time.Time
	}
	// The refused case reads the row from the statement's snapshot, which a request racing
	// this one may have moved on since: then, or with no row in sight, the wait is at most
	// one interval, which is what is said.
	err = db.WithContext(ctx).Raw(`WITH taken AS (
			INSERT INTO rate_buckets AS b (key, tat) VALUES (@key, CAST(@now AS timestamptz) + @step * interval '1 microsecond')
			ON CONFLICT (key) DO UPDATE SET tat = greatest(b.tat, CAST(@now AS timestamptz)) + @step * interval '1 microsecond'
			WHERE greatest(b.tat, CAST(@now AS timestamptz)) + @step * interval '1 microsecond' <= CAST(@now AS timestamptz) + @burst * interval '1 microsecond'
			RETURNING tat)
		SELECT true AS allowed, tat FROM taken
		UNION ALL
		SELECT false, tat FROM rate_buckets WHERE key = @key AND NOT EXISTS (SELECT FROM taken)`,
		map[string]any{"key": key, "now": now, "step": step, "burst": burst}).Scan(&rows).Error
	if err != nil {
		return false, 0, err
	}
	if len(rows) > 0 && rows[0].Allowed {
		return true, 0, nil
	}
	interval := time.Duration(step) * time.Microsecond
	retryAfter = interval
	if len(rows) > 0 {
		if wait := rows[0].Tat.Add(interval).Sub(now.Add(rate.Per)); wait > 0 && wait < interval {
			retryAfter = wait
		}
	}
	return false, retryAfter, nil
}

// PruneRateBuckets deletes the buckets that were full again before cutoff: a missing bucket
// is a full one, so this changes no answer.
func PruneRateBuckets(ctx context.Context, db *gorm.DB, cutoff time.Time) error {
	return db.WithContext(ctx).Exec(`DELETE FROM rate_buckets WHERE tat < ?`, cutoff).Error
}
