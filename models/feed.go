package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Queries behind the Atom feeds: each feed is one query (plus one for the themes of the ideas
// listed), newest first, at most FeedLimit entries.

// FeedLimit is how many entries a feed carries.
const FeedLimit = 50

// FeedIdea is an idea as the feeds of new ideas show it.
type FeedIdea struct {
	ID           int64
	Title        string
	BodyHTML     string
	Lang         string // the language it is written in
	SourceName   string // for ideas recorded from elsewhere
	AuthorHandle string // for ideas submitted here
	CreatedAt    time.Time
	Themes       []Theme `gorm:"-"`
}

// IdeaFeedScope narrows the feed of new ideas to one consultation or one theme; 0 means any.
type IdeaFeedScope struct {
	ConsultationID int64
	ThemeID        int64
}

// NewIdeasForFeed returns the newest visible ideas (not hidden, not merged into another, not
// in a draft consultation) with their themes.
func NewIdeasForFeed(ctx context.Context, db *gorm.DB, scope IdeaFeedScope) ([]FeedIdea, error) {
	where := []string{"i.hidden_at IS NULL", "i.merged_into_id IS NULL", "c.status <> 'draft'"}
	var args []any
	if scope.ConsultationID != 0 {
		where, args = append(where, "i.consultation_id = ?"), append(args, scope.ConsultationID)
	}
	if scope.ThemeID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM idea_themes it WHERE it.idea_id = i.id AND it.theme_id = ?)")
		args = append(args, scope.ThemeID)
	}
	var ideas []FeedIdea
	err := db.WithContext(ctx).Raw(`SELECT i.id, i.title, i.body_html, i.lang, i.source_name,
			coalesce(u.handle, '') AS author_handle, i.created_at
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id LEFT JOIN users u ON u.id = i.author_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY i.created_at DESC, i.id DESC LIMIT ?`, append(args, FeedLimit)...).Scan(&ideas).Error
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(ideas))
	for n := range ideas {
		ids[n] = ideas[n].ID
	}
	themes, err := themesForIdeas(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	for n := range ideas {
		ideas[n].Themes = themes[ideas[n].ID]
	}
	return ideas, nil
}

// FeedStatusChange is one idea.status_changed event with the public response the panel
// published with it, if any.
type FeedStatusChange struct {
	EventID    int64
	IdeaID     int64
	IdeaTitle  string
	FromStatus string
	ToStatus   string
	CreatedAt  time.Time
	Response   string // the English response recorded with the change; "" if none was
	// ResponseCy is the Welsh beside that response. Events keep only the English, so this is
	// the idea's Welsh response while its English one is still the one recorded then.
	ResponseCy string
}

// StatusChangesForFeed returns the newest status changes a visitor may see (VisibleEvents),
// in one consultation or (0) all of them.
//
// setStatusAndResponse writes idea.status_changed and then, in the same transaction and by
// the same panel member, idea.responded when the response changed too. The response that
// goes with a change is therefore the idea's very next event, if it is a response by the same
// person recorded within moments of it.
func StatusChangesForFeed(ctx context.Context, db *gorm.DB, consultationID int64) ([]FeedStatusChange, error) {
	// Placeholders: the lateral join's verb comes first, then the WHERE clause's.
	where := []string{"e.verb = ?", publicEventSQL("e"), "c.status <> 'draft'"}
	args := append([]any{VerbIdeaResponded, VerbIdeaStatusChanged}, publicEventArgs()...)
	if consultationID != 0 {
		where, args = append(where, "i.consultation_id = ?"), append(args, consultationID)
	}
	var out []FeedStatusChange
	err := db.WithContext(ctx).Raw(`SELECT e.id AS event_id, i.id AS idea_id, i.title AS idea_title,
			e.from_value AS from_status, e.to_value AS to_status, e.created_at,
			coalesce(r.to_value, '') AS response,
			CASE WHEN r.to_value <> '' AND r.to_value = i.response THEN i.response_cy ELSE '' END AS response_cy
		FROM events e
		JOIN ideas i ON i.id = e.idea_id
		JOIN consultations c ON c.id = i.consultation_id
		LEFT JOIN LATERAL (
			SELECT n.to_value FROM (
				SELECT verb, actor_id, to_value, created_at FROM events
				WHERE idea_id = e.idea_id AND id > e.id ORDER BY id LIMIT 1) n
			WHERE n.verb = ? AND n.actor_id IS NOT DISTINCT FROM e.actor_id
			  AND n.created_at - e.created_at < interval '5 seconds') r ON true
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY e.created_at DESC, e.id DESC LIMIT ?`, append(args, FeedLimit)...).Scan(&out).Error
	return out, err
}

// FeedActionEntry is an action being raised or one progress update on it.
type FeedActionEntry struct {
	Kind        string // "created" or "update"
	EntryID     int64  // the action's id for "created", the update's for "update"
	ActionID    int64
	Reference   string
	BoardSlug   string
	BoardName   string
	BoardNameCy string
	StatusFrom  string // "" when the action was raised
	StatusTo    string
	Body        string // the action's description when raised, else the update's text
	BodyCy      string
	CreatedAt   time.Time
}

// Kinds of action log entry.
const (
	FeedActionCreated = "created"
	FeedActionUpdate  = "update"
)

// ActionLogForFeed returns the newest action log entries, for one board or (0) all of them:
// actions raised (always open: CreateAction starts them so) and progress updates.
func ActionLogForFeed(ctx context.Context, db *gorm.DB, boardID int64) ([]FeedActionEntry, error) {
	board := "true"
	var boardArgs []any
	if boardID != 0 {
		board, boardArgs = "a.board_id = ?", []any{boardID}
	}
	// Placeholders: each branch's board and limit, then the limit of the whole.
	var args []any
	args = append(append(args, boardArgs...), FeedLimit)
	args = append(append(args, boardArgs...), FeedLimit)
	args = append(args, FeedLimit)
	var out []FeedActionEntry
	// Each branch is cut to the limit before the union so neither reads a whole table.
	err := db.WithContext(ctx).Raw(`SELECT * FROM (
			(SELECT 'created' AS kind, a.id AS entry_id, a.id AS action_id, a.reference,
				b.slug AS board_slug, b.name AS board_name, b.name_cy AS board_name_cy,
				'' AS status_from, 'open' AS status_to, a.description AS body, a.description_cy AS body_cy, a.created_at
			FROM actions a JOIN boards b ON b.id = a.board_id
			WHERE `+board+` ORDER BY a.created_at DESC, a.id DESC LIMIT ?)
			UNION ALL
			(SELECT 'update', u.id, a.id, a.reference, b.slug, b.name, b.name_cy,
				u.status_from, u.status_to, u.body, u.body_cy, u.created_at
			FROM action_updates u JOIN actions a ON a.id = u.action_id JOIN boards b ON b.id = a.board_id
			WHERE `+board+` ORDER BY u.created_at DESC, u.id DESC LIMIT ?)
		) log
		ORDER BY created_at DESC, (kind = 'update') DESC, entry_id DESC LIMIT ?`, args...).Scan(&out).Error
	return out, err
}
