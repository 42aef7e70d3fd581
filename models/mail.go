package models

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"
)

// Mail is one message to one person.
type Mail struct {
	To      string            `json:"to"`                // address
	Lang    string            `json:"lang"`              // "en" or "cy": recipient's language
	Subject string            `json:"subject"`           //
	Text    string            `json:"text"`              // plain text body
	HTML    string            `json:"html,omitempty"`    // HTML body (optional)
	Headers map[string]string `json:"headers,omitempty"` // e.g. List-Unsubscribe, List-Unsubscribe-Post
}

// MailJob is a queued message: the job's arguments. NotAfter, when set, is when the message
// stops being worth sending (a sign-in link that has expired); it is then cancelled, not sent.
type MailJob struct {
	Mail
	NotAfter *time.Time `json:"not_after,omitempty"`
}

// MailKind is the kind of a mail job in River's river_job table.
const MailKind = "mail"

// Kind names the job for River.
func (MailJob) Kind() string { return MailKind }

// MailMaxAttempts is how often a message is tried before it is given up (discarded, and
// shown to admins at /admin/mail). With River's backoff (attempt⁴ seconds) the last try
// comes about eleven hours after the first.
const MailMaxAttempts = 12

// InsertOpts gives every mail job its attempts and queue.
func (MailJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MailMaxAttempts, Queue: river.QueueDefault}
}

// QueueMail queues m in tx (the same transaction as the change that causes it), as a River
// job: if the transaction rolls back, nothing is sent; once it commits, the message is sent by
// the workers of some instance, retried with backoff until it goes. Given a handle outside a
// transaction, it queues in a transaction of its own.
func QueueMail(ctx context.Context, tx *gorm.DB, m Mail) error {
	return queueMail(ctx, tx, MailJob{Mail: m})
}

// QueueMailUntil is QueueMail for a message worth sending only until notAfter.
func QueueMailUntil(ctx context.Context, tx *gorm.DB, m Mail, notAfter time.Time) error {
	return queueMail(ctx, tx, MailJob{Mail: m, NotAfter: &notAfter})
}

func queueMail(ctx context.Context, tx *gorm.DB, job MailJob) error {
	if job.Lang == "" {
		job.Lang = "en"
	}
	if err := job.Mail.Check(); err != nil {
		return err
	}
	return insertJob(ctx, tx, job, nil)
}

// Check says what makes m unsendable: no valid recipient, no subject or body, an unknown
// language, or a header that would break the message.
func (m Mail) Check() error {
	if a, err := mail.ParseAddress(m.To); err != nil || a.Address != m.To {
		return fmt.Errorf("mail: %q is not an email address", m.To)
	}
	if strings.TrimSpace(m.Subject) == "" || strings.TrimSpace(m.Text) == "" {
		return errors.New("mail: a message needs a subject and a plain text body")
	}
	if m.Lang != "en" && m.Lang != "cy" {
		return fmt.Errorf("mail: language %q: use en or cy", m.Lang)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return errors.New("mail: the subject has a line break")
	}
	for k, v := range m.Headers {
		if k == "" || strings.ContainsAny(k, "\r\n: ") || strings.ContainsAny(v, "\r\n") {
			return fmt.Errorf("mail: header %q is not a single line", k)
		}
	}
	return nil
}

// MailFailure is a message that failed at least once: retrying (retryable), given up
// (discarded) or cancelled.
type MailFailure struct {
	ID          int64
	State       string
	Attempt     int
	MaxAttempts int
	To          string
	Subject     string
	LastError   string
	AttemptedAt time.Time // the last try
	ScheduledAt time.Time // the next try, while retrying
}

// MaskedTo is the recipient with most of the mailbox name hidden: enough for an admin to
// recognise a pattern, not to read anyone's address.
func (f MailFailure) MaskedTo() string { return MaskAddress(f.To) }

// MaskAddress writes a.person@example.org as a•••••••@example.org.
func MaskAddress(addr string) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" {
		return "•••"
	}
	r := []rune(local)
	return string(r[0]) + strings.Repeat("•", max(len(r)-1, 3)) + "@" + domain
}

// FailedMail lists the messages that are retrying or were given up, the latest first.
func FailedMail(ctx context.Context, db *gorm.DB, limit int) ([]MailFailure, error) {
	var out []MailFailure
	err := db.WithContext(ctx).Raw(`SELECT id, state::text AS state, attempt, max_attempts,
			args->>'to' AS "to", args->>'subject' AS subject,
			coalesce(errors[array_length(errors, 1)]->>'error', '') AS last_error,
			coalesce(attempted_at, created_at) AS attempted_at, scheduled_at
		FROM river_job
		WHERE kind = ? AND state IN ('retryable', 'discarded', 'cancelled')
		ORDER BY coalesce(attempted_at, created_at) DESC, id DESC
		LIMIT ?`, MailKind, limit).Scan(&out).Error
	return out, err
}

// RetryMail makes a failing message (retrying, given up or cancelled) due at once, with one
// more attempt if it had used them all. ErrNotFound if it is no such message.
func RetryMail(ctx context.Context, db *gorm.DB, id int64) error {
	client, err := inserter()
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		err := tx.Raw(`SELECT count(*) FROM river_job WHERE id = ? AND kind = ?
			AND state IN ('retryable', 'discarded', 'cancelled')`, id, MailKind).Scan(&n).Error
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
		if !ok {
			return errors.New("retry mail: no *sql.Tx")
		}
		_, err = client.JobRetryTx(ctx, sqlTx, id)
		return err
	})
}

// DevMail is a message kept in the development mailbox (see SaveDevMail).
type DevMail struct {
	ID        int64
	ToAddress string
	Lang      string
	Subject   string
	TextBody  string
	HTMLBody  string
	Headers   string // JSON
	CreatedAt time.Time
}

// TableName is dev_mail.
func (DevMail) TableName() string { return "dev_mail" }

// SaveDevMail keeps m in the development mailbox instead of sending it: what the workers do
// when no SMTP server is configured.
func SaveDevMail(ctx context.Context, db *gorm.DB, m Mail) error {
	headers := "{}"
	if len(m.Headers) > 0 {
		b, err := json.Marshal(m.Headers)
		if err != nil {
			return err
		}
		headers = string(b)
	}
	return db.WithContext(ctx).Exec(`INSERT INTO dev_mail (to_address, lang, subject, text_body, html_body, headers)
		VALUES (?, ?, ?, ?, ?, ?::jsonb)`, m.To, m.Lang, m.Subject, m.Text, m.HTML, headers).Error
}

// DevMailbox lists the latest messages in the development mailbox, the newest first.
func DevMailbox(ctx context.Context, db *gorm.DB, limit int) ([]DevMail, error) {
	var out []DevMail
	err := db.WithContext(ctx).Raw(`SELECT id, to_address, lang, subject, text_body, html_body,
			headers::text AS headers, created_at
		FROM dev_mail ORDER BY id DESC LIMIT ?`, limit).Scan(&out).Error
	return out, err
}
