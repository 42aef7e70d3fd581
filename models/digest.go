package models

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"
)

// DigestHour is when, UK time, the daily digest goes out.
const DigestHour = 7

// DigestSchedule is the daily digest's timetable: every day at DigestHour in London, whatever
// the clocks did overnight. Its Next has the shape River's periodic jobs want.
type DigestSchedule struct{}

// Next is the first digest time after t.
func (DigestSchedule) Next(t time.Time) time.Time {
	l := t.In(London)
	next := time.Date(l.Year(), l.Month(), l.Day(), DigestHour, 0, 0, 0, London)
	if !next.After(t) {
		next = time.Date(l.Year(), l.Month(), l.Day()+1, DigestHour, 0, 0, 0, London)
	}
	return next
}

// DigestJob is the daily job that sends the digests (River's periodic job, see app/queue.go).
type DigestJob struct{}

// Kind names the job for River.
func (DigestJob) Kind() string { return "notification_digest" }

// InsertOpts keeps to one waiting digest job however many instances enqueue one: River's
// leader enqueues periodic jobs, and a change of leader near 7am must not make a second.
func (DigestJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

// NotificationsKept is how long the record of what someone was told is kept (for their data
// download); the daily job removes older rows, except any still waiting for a digest.
const NotificationsKept = 90 * 24 * time.Hour

// PruneNotifications removes the record of notifications older than NotificationsKept.
func PruneNotifications(ctx context.Context, db *gorm.DB) error {
	return db.WithContext(ctx).Exec(`DELETE FROM notifications WHERE created_at < ?
		AND (delivery = 'now' OR digest_sent_at IS NOT NULL)`, Now(ctx).Add(-NotificationsKept)).Error
}

// QueueDigests asks the workers to send the digests now, as the daily job does.
func QueueDigests(ctx context.Context, db *gorm.DB) error {
	return insertJob(ctx, db, DigestJob{}, nil)
}

// digestLockSpace is the first key of the advisory locks that keep two instances from
// writing one person's digest at once (the second is the user's id).
const digestLockSpace = 11

// SendDigests queues one message per person gathering everything waiting for their digest,
// and marks it sent in the same transaction. It is safe to run on several instances at once
// and to run again: a person's digest is written under an advisory lock, from the rows not yet
// sent, so nobody gets the same notification twice. It returns how many digests it queued.
func SendDigests(ctx context.Context, db *gorm.DB) (int, error) {
	db = db.WithContext(ctx)
	var userIDs []int64
	err := db.Raw(`SELECT DISTINCT user_id FROM notifications WHERE delivery = 'digest' AND digest_sent_at IS NULL
		ORDER BY user_id`).Scan(&userIDs).Error
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, uid := range userIDs {
		queued := false
		err := db.Transaction(func(tx *gorm.DB) error {
			var locked bool
			if err := tx.Raw(`SELECT pg_try_advisory_xact_lock(?, ?::int)`, digestLockSpace, uid).Scan(&locked).Error; err != nil {
				return err
			}
			if !locked {
				return nil // another instance is writing this digest now
			}
			var lines []noticeLine
			err := tx.Raw(`SELECT n.*, coalesce(i.title, '') AS idea_title FROM notifications n
				LEFT JOIN ideas i ON i.id = n.idea_id
				WHERE n.user_id = ? AND n.delivery = 'digest' AND n.digest_sent_at IS NULL ORDER BY n.id`, uid).Scan(&lines).Error
			if err != nil || len(lines) == 0 {
				return err
			}
			var r recipient
			if err := tx.Raw(`SELECT id, email, locale, name, handle FROM users WHERE id = ?`, uid).Scan(&r).Error; err != nil {
				return err
			}
			ids := make([]int64, len(lines))
			for i, n := range lines {
				ids[i] = n.ID
			}
			if err := tx.Exec(`UPDATE notifications SET digest_sent_at = ? WHERE id IN ?`, Now(ctx), ids).Error; err != nil {
				return err
			}
			if r.Email == "" {
				return nil // their address was removed since: nothing to send to
			}
			token, err := notifyToken(tx, uid)
			if err != nil {
				return err
			}
			queued = true
			return queueNotice(ctx, tx, composeDigest(ctx, r, token, lines))
		})
		if err != nil {
			return sent, err
		}
		if queued {
			sent++
		}
	}
	return sent, nil
}
