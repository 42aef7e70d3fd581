package models

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// What someone can hear about, each chosen separately.
const (
	NotifyStatus = "status" // an idea's status or public response changed
	NotifyAgenda = "agenda" // an idea went on a meeting's agenda, or the board decided on it
	NotifyAction = "action" // an action following up an idea moved on
	NotifyReply  = "reply"  // someone replied to a comment
)

// NotifyKinds lists the kinds in the order the preferences page shows them.
var NotifyKinds = []string{NotifyStatus, NotifyAgenda, NotifyAction, NotifyReply}

// How someone hears about one kind.
const (
	ModeNow    = "now"
	ModeDigest = "digest"
	ModeNever  = "never"
)

// NotifyModes lists the choices for each kind.
var NotifyModes = []string{ModeNow, ModeDigest, ModeNever}

// DefaultNotifyMode is what a person hears until they choose: what the panel and the board
// decide about ideas they wrote or follow, and replies to them, at once; the slower trickle
// of progress notes on actions in the daily digest.
func DefaultNotifyMode(kind string) string {
	if kind == NotifyAction {
		return ModeDigest
	}
	return ModeNow
}

// ValidNotifyKind reports whether kind is one of NotifyKinds.
func ValidNotifyKind(kind string) bool {
	for _, k := range NotifyKinds {
		if k == kind {
			return true
		}
	}
	return false
}

func validNotifyMode(mode string) bool {
	return mode == ModeNow || mode == ModeDigest || mode == ModeNever
}

// Notification is one thing someone was told, or will be in their next digest.
type Notification struct {
	ID           int64
	UserID       int64
	Kind         string
	Verb         string // status, response, agenda, decision, action, reply
	IdeaID       *int64
	SubjectType  string // agenda_item, action or comment, beside the idea
	SubjectID    *int64
	ActorID      *int64
	Status       string // the idea's new status (verb status)
	Detail       string
	DetailCy     string
	Delivery     string // now or digest
	CreatedAt    time.Time
	DigestSentAt *time.Time
}

// What happened, as notifications name it.
const (
	noticeStatus   = "status"
	noticeResponse = "response"
	noticeAgenda   = "agenda"
	noticeDecision = "decision"
	noticeAction   = "action"
	noticeReply    = "reply"
)

// NotifyPrefs returns someone's choice for every kind, the default where they made none.
func NotifyPrefs(ctx context.Context, db *gorm.DB, userID int64) (map[string]string, error) {
	var rows []struct{ Kind, Mode string }
	if err := db.WithContext(ctx).Raw(`SELECT kind, mode FROM notification_prefs WHERE user_id = ?`, userID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	prefs := map[string]string{}
	for _, k := range NotifyKinds {
		prefs[k] = DefaultNotifyMode(k)
	}
	for _, r := range rows {
		prefs[r.Kind] = r.Mode
	}
	return prefs, nil
}

// SetNotifyPrefs saves someone's choices; kinds not in prefs keep theirs. Anything waiting for
// a digest of a kind turned off is dropped, so "never" means nothing more is sent; what waits
// for the digest of a kind now told at once still comes in the next digest.
func SetNotifyPrefs(ctx context.Context, db *gorm.DB, userID int64, prefs map[string]string) (Errors, error) {
	errs := Errors{}
	for kind, mode := range prefs {
		if !ValidNotifyKind(kind) || !validNotifyMode(mode) {
			errs.Add("mode_"+kind, "error.notify_mode.invalid")
		}
	}
	if errs.Any() {
		return errs, nil
	}
	now := Now(ctx)
	return nil, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, kind := range NotifyKinds {
			mode, ok := prefs[kind]
			if !ok {
				continue
			}
			err := tx.Exec(`INSERT INTO notification_prefs (user_id, kind, mode, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`,
				userID, kind, mode, now).Error
			if err != nil {
				return err
			}
			if mode == ModeNever {
				err := tx.Exec(`DELETE FROM notifications WHERE user_id = ? AND kind = ? AND delivery = 'digest'
					AND digest_sent_at IS NULL`, userID, kind).Error
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// UnsubscribeDigest names, in an unsubscribe link, every kind that reaches someone in the digest.
const UnsubscribeDigest = "digest"

// Unsubscribe turns off one kind (or, for UnsubscribeDigest, every kind now in the digest) for
// the owner of a notification token. It is what one-click unsubscribe does.
func Unsubscribe(ctx context.Context, db *gorm.DB, userID int64, kind string) error {
	prefs, err := NotifyPrefs(ctx, db, userID)
	if err != nil {
		return err
	}
	off := map[string]string{}
	for _, k := range NotifyKinds {
		if k == kind || (kind == UnsubscribeDigest && prefs[k] == ModeDigest) {
			off[k] = ModeNever
		}
	}
	if len(off) == 0 && kind != UnsubscribeDigest {
		return ErrNotFound
	}
	_, err = SetNotifyPrefs(ctx, db, userID, off)
	return err
}

// notifyToken returns someone's notification token, making it the first time.
func notifyToken(tx *gorm.DB, userID int64) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	err := tx.Exec(`INSERT INTO notification_tokens (user_id, token) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		userID, base64.RawURLEncoding.EncodeToString(b[:])).Error
	if err != nil {
		return "", err
	}
	var token string
	err = tx.Raw(`SELECT token FROM notification_tokens WHERE user_id = ?`, userID).Scan(&token).Error
	return token, err
}

// NotifyToken returns someone's notification token (for links to their preferences).
func NotifyToken(ctx context.Context, db *gorm.DB, userID int64) (string, error) {
	return notifyToken(db.WithContext(ctx), userID)
}

// UserByNotifyToken finds whose token this is; an unknown token is ErrNotFound.
func UserByNotifyToken(ctx context.Context, db *gorm.DB, token string) (*User, error) {
	if len(token) < 32 || len(token) > 64 {
		return nil, ErrNotFound
	}
	var u User
	err := db.WithContext(ctx).Where("id = (SELECT user_id FROM notification_tokens WHERE token = ?)", token).First(&u).Error
	if err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

// UnsubscribeLink is the last part of an unsubscribe URL: the kind, a dot, and the token.
// base64url has no dot, so the two always come apart.
func UnsubscribeLink(kind, token string) string { return kind + "." + token }

// ParseUnsubscribeLink splits what UnsubscribeLink made.
func ParseUnsubscribeLink(s string) (kind, token string, ok bool) {
	kind, token, ok = strings.Cut(s, ".")
	if !ok || (!ValidNotifyKind(kind) && kind != UnsubscribeDigest) {
		return "", "", false
	}
	return kind, token, true
}

// notice is one thing that happened to an idea (or a comment), before it is told to anyone.
type notice struct {
	Kind, Verb       string
	IdeaID           int64
	SubjectType      string
	SubjectID        int64
	ActorID          int64
	Status           string // the idea's status now, when it changed
	Detail, DetailCy string
}

type recipient struct {
	ID     int64
	Email  string
	Locale string
	Name   string
	Handle string
	Mode   string
}

// notifyFollowers tells the followers of the notice's idea (its author among them, unless they
// stopped following) what happened, in the transaction that made it happen. The actor is
// never told of their own change.
func notifyFollowers(tx *gorm.DB, n notice) error {
	var rs []recipient
	err := tx.Raw(`SELECT u.id, u.email, u.locale, u.name, u.handle, coalesce(p.mode, '') AS mode
		FROM follows f JOIN users u ON u.id = f.user_id
		LEFT JOIN notification_prefs p ON p.user_id = u.id AND p.kind = ?
		WHERE f.idea_id = ? AND u.id <> ? AND u.email <> ''
			AND NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = f.idea_id AND i.hidden_at IS NOT NULL)
		ORDER BY u.id`, n.Kind, n.IdeaID, n.ActorID).Scan(&rs).Error
	if err != nil {
		return err
	}
	return tell(tx, n, rs)
}

// notifyUser tells one person (the author of a comment replied to).
func notifyUser(tx *gorm.DB, n notice, userID int64) error {
	if userID == n.ActorID {
		return nil
	}
	var rs []recipient
	err := tx.Raw(`SELECT u.id, u.email, u.locale, u.name, u.handle, coalesce(p.mode, '') AS mode
		FROM users u LEFT JOIN notification_prefs p ON p.user_id = u.id AND p.kind = ?
		WHERE u.id = ? AND u.email <> ''`, n.Kind, userID).Scan(&rs).Error
	if err != nil {
		return err
	}
	return tell(tx, n, rs)
}

func tell(tx *gorm.DB, n notice, rs []recipient) error {
	ctx := tx.Statement.Context
	now := Now(ctx)
	// One insert for everyone told, and one for the tokens of those told at once: an idea
	// with many followers must not hold the panel's transaction for a query per person.
	var rows []Notification
	var at []recipient
	for _, r := range rs {
		mode := r.Mode
		if mode == "" {
			mode = DefaultNotifyMode(n.Kind)
		}
		if mode == ModeNever {
			continue
		}
		row := Notification{UserID: r.ID, Kind: n.Kind, Verb: n.Verb, IdeaID: &n.IdeaID, SubjectType: n.SubjectType,
			ActorID: &n.ActorID, Status: n.Status, Detail: n.Detail, DetailCy: n.DetailCy, Delivery: mode, CreatedAt: now}
		if n.SubjectID != 0 {
			row.SubjectID = &n.SubjectID
		}
		rows = append(rows, row)
		if mode == ModeNow {
			at = append(at, r)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(rows, 500).Error; err != nil {
		return err
	}
	if len(at) == 0 {
		return nil
	}
	ids := make([]int64, len(at))
	for i, r := range at {
		ids[i] = r.ID
	}
	tokens, err := notifyTokens(tx, ids)
	if err != nil {
		return err
	}
	var title string
	if err := tx.Raw(`SELECT title FROM ideas WHERE id = ?`, n.IdeaID).Scan(&title).Error; err != nil {
		return err
	}
	line := noticeLine{Notification: rows[0], IdeaTitle: title}
	for _, r := range at {
		if err := queueNotice(ctx, tx, composeNotice(ctx, r, tokens[r.ID], line)); err != nil {
			return err
		}
	}
	return nil
}

// notifyTokens returns the notification tokens of several people, making those missing.
func notifyTokens(tx *gorm.DB, userIDs []int64) (map[int64]string, error) {
	type tokenRow struct {
		UserID int64
		Token  string
	}
	fresh := make([]tokenRow, len(userIDs))
	for i, id := range userIDs {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		fresh[i] = tokenRow{UserID: id, Token: base64.RawURLEncoding.EncodeToString(b[:])}
	}
	err := tx.Table("notification_tokens").Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(fresh, 500).Error
	if err != nil {
		return nil, err
	}
	var got []tokenRow
	if err := tx.Raw(`SELECT user_id, token FROM notification_tokens WHERE user_id IN ?`, userIDs).Scan(&got).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(got))
	for _, t := range got {
		out[t.UserID] = t.Token
	}
	return out, nil
}

// queueNotice queues a message unless it cannot be sent (an address that is not one): one
// follower's broken address must not stop the panel's change, or anyone else's message.
func queueNotice(ctx context.Context, tx *gorm.DB, m Mail) error {
	if m.Check() != nil {
		return nil
	}
	return QueueMail(ctx, tx, m)
}

// ForgetNotifications removes everything hearing back holds about a person: what they follow,
// their choices, their token (so old links stop working) and what they were told. Deleting an
// account calls it in its transaction; deleting the users row does the same by cascade.
func ForgetNotifications(tx *gorm.DB, userID int64) error {
	for _, table := range []string{"follows", "notification_prefs", "notification_tokens", "notifications"} {
		if err := tx.Exec(`DELETE FROM `+table+` WHERE user_id = ?`, userID).Error; err != nil {
			return err
		}
	}
	return nil
}

// NotificationData is what hearing back holds about a person, for their data download.
type NotificationData struct {
	Follows     []FollowedIdea    `json:"follows"`
	Preferences map[string]string `json:"notification_preferences"`
	Sent        []struct {
		Kind         string     `json:"kind"`
		Verb         string     `json:"what"`
		IdeaID       *int64     `json:"idea_id"`
		Delivery     string     `json:"delivery"`
		CreatedAt    time.Time  `json:"created_at"`
		DigestSentAt *time.Time `json:"digest_sent_at,omitempty"`
	} `json:"notifications"`
}

// NotificationDataOf gathers a person's NotificationData.
func NotificationDataOf(ctx context.Context, db *gorm.DB, userID int64) (*NotificationData, error) {
	var d NotificationData
	var err error
	if d.Follows, err = FollowedIdeas(ctx, db, userID); err != nil {
		return nil, err
	}
	if d.Preferences, err = NotifyPrefs(ctx, db, userID); err != nil {
		return nil, err
	}
	err = db.WithContext(ctx).Raw(`SELECT kind, verb, idea_id, delivery, created_at, digest_sent_at FROM notifications
		WHERE user_id = ? ORDER BY id`, userID).Scan(&d.Sent).Error
	return &d, err
}
