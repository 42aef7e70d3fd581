package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// formerMemberPrefix begins the handle a deleted account keeps in place of its own, so that
// what its person wrote stays in the record without saying who they were. No one may sign
// up with a handle that begins with it.
const formerMemberPrefix = "former-member-"

// IsFormerMemberHandle reports whether handle is the placeholder of a deleted account.
func IsFormerMemberHandle(handle string) bool {
	return strings.HasPrefix(strings.ToLower(handle), formerMemberPrefix)
}

// Deleted reports whether the person deleted their account.
func (u *User) Deleted() bool { return u != nil && u.DeletedAt != nil }

// AccountPerPage is how many rows each list on the account and people pages shows at once.
const AccountPerPage = 20

// AuthoredIdeas is a page of the ideas userID wrote, newest first. Public pages (public set)
// leave out hidden ideas; an account page shows its owner all of theirs. Ideas in draft
// consultations (recorded there by staff) are never shown.
func AuthoredIdeas(ctx context.Context, db *gorm.DB, userID int64, public bool, page int) (IdeaPage, error) {
	where := "i.author_id = ? AND c.status <> 'draft'"
	if public {
		where += " AND i.hidden_at IS NULL"
	}
	pq := pageQuery{voted: "false", where: where, whereArgs: []any{userID}, order: "i.created_at DESC, i.id DESC",
		page: max(page, 1), perPage: AccountPerPage}
	return pq.run(ctx, db, nil)
}

// VotedIdeas is a page of the ideas userID supports, newest first. Only their account page
// shows it: what someone voted for is theirs alone.
func VotedIdeas(ctx context.Context, db *gorm.DB, userID int64, page int) (IdeaPage, error) {
	pq := pageQuery{voted: "true",
		where:     "EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = ?) AND c.status <> 'draft' AND i.hidden_at IS NULL",
		whereArgs: []any{userID}, order: "i.created_at DESC, i.id DESC", page: max(page, 1), perPage: AccountPerPage}
	return pq.run(ctx, db, nil)
}

// CommentOnIdea is a comment as a list of someone's comments shows it: with its idea.
type CommentOnIdea struct {
	Comment
	IdeaTitle string
	IdeaLang  string
}

// CommentPage is one page of comments and how many there are.
type CommentPage struct {
	Comments []CommentOnIdea
	Total    int64
	Page     int
}

// Pages is the number of pages the total fills.
func (p CommentPage) Pages() int { return pageCount(p.Total, AccountPerPage) }

// AuthoredComments is a page of the comments userID wrote, newest first. Public pages leave
// out deleted and hidden comments and those on hidden ideas.
func AuthoredComments(ctx context.Context, db *gorm.DB, userID int64, public bool, page int) (CommentPage, error) {
	where := "cm.author_id = ?"
	if public {
		where += " AND cm.deleted_at IS NULL AND cm.hidden_at IS NULL AND i.hidden_at IS NULL"
	}
	return commentPage(ctx, db, where, userID, page)
}

// SupportedComments is a page of the comments userID supports, newest first: their account
// page only.
func SupportedComments(ctx context.Context, db *gorm.DB, userID int64, page int) (CommentPage, error) {
	return commentPage(ctx, db, `EXISTS (SELECT 1 FROM comment_supports s WHERE s.comment_id = cm.id AND s.user_id = ?)
		AND cm.deleted_at IS NULL AND cm.hidden_at IS NULL AND i.hidden_at IS NULL`, userID, page)
}

func commentPage(ctx context.Context, db *gorm.DB, where string, userID int64, page int) (CommentPage, error) {
	out := CommentPage{Page: max(page, 1)}
	var rows []struct {
		CommentOnIdea
		Total int64
	}
	err := db.WithContext(ctx).Raw(`SELECT cm.*, u.handle AS author_handle, u.name AS author_name,
			i.title AS idea_title, i.lang AS idea_lang, count(*) OVER () AS total
		FROM comments cm JOIN users u ON u.id = cm.author_id JOIN ideas i ON i.id = cm.idea_id
		JOIN consultations c ON c.id = i.consultation_id
		WHERE c.status <> 'draft' AND `+where+` ORDER BY cm.created_at DESC, cm.id DESC LIMIT ? OFFSET ?`,
		userID, AccountPerPage, (out.Page-1)*AccountPerPage).Scan(&rows).Error
	for _, r := range rows {
		out.Comments = append(out.Comments, r.CommentOnIdea)
		out.Total = r.Total
	}
	return out, err
}

// IdentitiesOf lists the sign-in methods of a user, oldest first.
func IdentitiesOf(ctx context.Context, db *gorm.DB, userID int64) ([]Identity, error) {
	var ids []Identity
	err := db.WithContext(ctx).Where("user_id = ?", userID).Order("created_at, id").Find(&ids).Error
	return ids, err
}

// personalTables hold rows that are only one person's (keyed by user_id) and go whole when
// they delete their account; hearing back's tables go through ForgetNotifications, and
// sign-in links sent to their address with the address. A table added later that holds
// such rows is added here (TestPersonalTablesExist checks each is a real table with a
// user_id).
var personalTables = []string{"identities"}

// PersonalTables is personalTables, for its test.
func PersonalTables() []string { return slices.Clone(personalTables) }

// DeleteAccount removes a person's personal data and keeps what they wrote in the record,
// attributed to a former member: their handle becomes former-member-<id>, and their name,
// email address, language, sign-in identities and the rows of personalTables go. Their votes
// and comment supports are removed with every count kept exact: the ideas and comments are
// locked in id order (as SetVote, SetCommentSupport and MergeIdea lock them), so a vote by
// someone else at the same moment counts before or after, never lost. The account's row
// stays, marked deleted, so events and moderation records they acted in still name "a
// former member"; their sessions end at their next request (loadUser refuses a deleted user).
func DeleteAccount(ctx context.Context, db *gorm.DB, userID int64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		user, err := UserByID(ctx, tx.Clauses(lockForUpdate), userID)
		if err != nil {
			return err
		}
		if user.Deleted() {
			return nil
		}
		if err := tx.Exec(`SELECT id FROM ideas WHERE id IN (SELECT idea_id FROM votes WHERE user_id = ?)
			ORDER BY id FOR UPDATE`, userID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`WITH gone AS (DELETE FROM votes WHERE user_id = ? RETURNING idea_id)
			UPDATE ideas SET vote_count = vote_count - g.n
			FROM (SELECT idea_id, count(*) AS n FROM gone GROUP BY idea_id) g WHERE ideas.id = g.idea_id`, userID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`SELECT id FROM comments WHERE id IN (SELECT comment_id FROM comment_supports WHERE user_id = ?)
			ORDER BY id FOR UPDATE`, userID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`WITH gone AS (DELETE FROM comment_supports WHERE user_id = ? RETURNING comment_id)
			UPDATE comments SET support_count = support_count - g.n
			FROM (SELECT comment_id, count(*) AS n FROM gone GROUP BY comment_id) g WHERE comments.id = g.comment_id`, userID).Error; err != nil {
			return err
		}
		for _, table := range personalTables {
			if err := tx.Exec(`DELETE FROM `+quoteIdent(table)+` WHERE user_id = ?`, userID).Error; err != nil {
				return err
			}
		}
		if err := ForgetNotifications(tx, userID); err != nil {
			return err
		}
		if user.Email != "" {
			if err := tx.Exec(`DELETE FROM email_tokens WHERE lower(email) = lower(?)`, user.Email).Error; err != nil {
				return err
			}
		}
		now := Now(ctx)
		// A staff member's or admin's row keeps what they did in the record, but no longer
		// any power: nobody can sign in as it, and it should not look as if somebody could.
		if err := tx.Exec(`UPDATE users SET handle = ?, name = '', email = '', locale = '', blocked_reason = '',
			role = 'member', deleted_at = ?, updated_at = ? WHERE id = ?`, fmt.Sprintf("%s%d", formerMemberPrefix, userID), now, now, userID).Error; err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &userID, Verb: VerbAccountDeleted, SubjectType: "user", SubjectID: userID})
	})
}

// AccountData is everything the service holds about one person, for them to download.
type AccountData struct {
	Profile struct {
		ID        int64      `json:"id"`
		Handle    string     `json:"handle"`
		Name      string     `json:"name"`
		Email     string     `json:"email"`
		Role      string     `json:"role"`
		Language  string     `json:"language"`
		BlockedAt *time.Time `json:"blocked_at"`
		CreatedAt time.Time  `json:"created_at"`
	} `json:"profile"`
	Identities []DataIdentity `json:"sign_in_methods"`
	Ideas      []DataIdea     `json:"ideas"`
	Comments   []DataComment  `json:"comments"`
	Votes      []DataVote     `json:"votes"`
	Supports   []DataSupport  `json:"comment_supports"`
	Reports    []DataReport   `json:"reports"`
	Events     []DataEvent    `json:"events"`
	// Hearing back: what they follow, their choices and what they were told.
	Notifications *NotificationData `json:"notifications"`
}

// DataIdentity is one sign-in method in an AccountData.
type DataIdentity struct {
	Provider       string    `json:"provider"`
	ProviderUserID string    `json:"provider_user_id"`
	CreatedAt      time.Time `json:"created_at"`
}

// DataIdea is one idea in an AccountData.
type DataIdea struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	Body        string     `json:"body"`
	Status      string     `json:"status"`
	Votes       int        `json:"votes"`
	CreatedAt   time.Time  `json:"created_at"`
	EditedAt    *time.Time `json:"edited_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at"`
	HiddenAt    *time.Time `json:"hidden_at"`
}

// DataComment is one comment in an AccountData.
type DataComment struct {
	ID        int64      `json:"id"`
	IdeaID    int64      `json:"idea_id"`
	ParentID  *int64     `json:"parent_id"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"created_at"`
	EditedAt  *time.Time `json:"edited_at"`
	DeletedAt *time.Time `json:"deleted_at"`
	HiddenAt  *time.Time `json:"hidden_at"`
}

// DataVote is one vote in an AccountData.
type DataVote struct {
	IdeaID    int64     `json:"idea_id"`
	IdeaTitle string    `json:"idea_title"`
	CreatedAt time.Time `json:"created_at"`
}

// DataSupport is one comment support in an AccountData.
type DataSupport struct {
	CommentID int64     `json:"comment_id"`
	IdeaID    int64     `json:"idea_id"`
	CreatedAt time.Time `json:"created_at"`
}

// DataReport is one report the person made, in an AccountData.
type DataReport struct {
	SubjectType string    `json:"subject_type"`
	SubjectID   int64     `json:"subject_id"`
	Reason      string    `json:"reason"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
}

// DataEvent is one event of the record the person acted in.
type DataEvent struct {
	Verb        string    `json:"verb"`
	SubjectType string    `json:"subject_type"`
	SubjectID   int64     `json:"subject_id"`
	IdeaID      *int64    `json:"idea_id"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	Reason      string    `json:"reason"`
	Data        EventData `json:"data" gorm:"serializer:json"`
	CreatedAt   time.Time `json:"created_at"`
}

// ExportAccount gathers everything held about userID, in one read-only transaction so the
// parts agree with each other.
func ExportAccount(ctx context.Context, db *gorm.DB, userID int64) (*AccountData, error) {
	out := &AccountData{Identities: []DataIdentity{}, Ideas: []DataIdea{}, Comments: []DataComment{},
		Votes: []DataVote{}, Supports: []DataSupport{}, Reports: []DataReport{}, Events: []DataEvent{}}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		user, err := UserByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		p := &out.Profile
		p.ID, p.Handle, p.Name, p.Email, p.Role, p.Language, p.BlockedAt, p.CreatedAt =
			user.ID, user.Handle, user.Name, user.Email, user.Role, user.Locale, user.BlockedAt, user.CreatedAt
		steps := []struct {
			dest  any
			query string
		}{
			{&out.Identities, `SELECT provider, provider_user_id, created_at FROM identities WHERE user_id = ? ORDER BY created_at, id`},
			{&out.Ideas, `SELECT id, title, body, status, vote_count AS votes, created_at, edited_at, withdrawn_at, hidden_at
				FROM ideas WHERE author_id = ? ORDER BY created_at, id`},
			{&out.Comments, `SELECT id, idea_id, parent_id, body, created_at, edited_at, deleted_at, hidden_at
				FROM comments WHERE author_id = ? ORDER BY created_at, id`},
			{&out.Votes, `SELECT v.idea_id, i.title AS idea_title, v.created_at FROM votes v JOIN ideas i ON i.id = v.idea_id
				WHERE v.user_id = ? ORDER BY v.created_at, v.idea_id`},
			{&out.Supports, `SELECT s.comment_id, cm.idea_id, s.created_at FROM comment_supports s JOIN comments cm ON cm.id = s.comment_id
				WHERE s.user_id = ? ORDER BY s.created_at, s.comment_id`},
			{&out.Reports, `SELECT subject_type, subject_id, reason, status, created_at FROM reports WHERE reporter_id = ? ORDER BY created_at, id`},
			{&out.Events, `SELECT verb, subject_type, subject_id, idea_id, from_value AS "from", to_value AS "to", reason, data, created_at
				FROM events WHERE actor_id = ? ORDER BY created_at, id`},
		}
		for _, st := range steps {
			if err := tx.Raw(st.query, userID).Scan(st.dest).Error; err != nil {
				return err
			}
		}
		out.Notifications, err = NotificationDataOf(ctx, tx, userID)
		return err
	})
	return out, err
}
