package models

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ExportBatch is how many ideas an export reads per query. Exports walk the ideas in id order
// a batch at a time, so exporting a hundred thousand ideas holds one batch in memory, never
// the whole set.
const ExportBatch = 1000

// ExportInput is what staff choose on the export form or the command line.
type ExportInput struct {
	Consultation string    // slug; empty for every consultation
	From, To     DateParts // created on or after From, on or before To (London days)
	Status       string
	Shortlisted  bool
}

// ExportQuery selects the ideas an export holds. Hidden ideas and ideas in draft
// consultations are never exported; merged ones only when IncludeMerged is set (open data
// keeps them, with the idea they were merged into, so links to them still resolve).
type ExportQuery struct {
	ConsultationID int64
	BoardID        int64 // ideas in the consultations run for this board
	From, To       time.Time
	Status         string
	Shortlisted    bool
	ThemeID        int64 // only ideas with this theme
	Unthemed       bool  // only ideas with no theme
	IncludeMerged  bool
}

// Resolve checks an export request and turns it into a query. A consultation that does not
// exist, a date that is not one or a range that ends before it starts are field errors.
func (in ExportInput) Resolve(ctx context.Context, db *gorm.DB) (ExportQuery, Errors, error) {
	errs := Errors{}
	var q ExportQuery
	if slug := cleanQuery(in.Consultation); slug != "" {
		c, err := ConsultationBySlug(ctx, db, slug)
		switch {
		case err == ErrNotFound:
			errs.Add("consultation", "error.export.consultation")
		case err != nil:
			return q, nil, err
		default:
			q.ConsultationID = c.ID
		}
	}
	if from, ok := parseDate(errs, "from", in.From, false); ok {
		q.From = from
	}
	if to, ok := parseDate(errs, "to", in.To, false); ok {
		q.To = to.AddDate(0, 0, 1) // the whole of the last day
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		errs.Add("to", "error.export.range")
	}
	if in.Status != "" {
		if !ValidIdeaStatus(in.Status) {
			errs.Add("status", "error.export.status")
		}
		q.Status = in.Status
	}
	q.Shortlisted = in.Shortlisted
	return q, errs, nil
}

// where is the query's filter over ideas i joined to consultations c, with its arguments.
func (q ExportQuery) where() (string, []any) {
	conds := []string{"i.hidden_at IS NULL", "c.status <> 'draft'"}
	var args []any
	// Merged ideas are duplicates of others and would count twice, unless duplicates are
	// what was asked for.
	if !q.IncludeMerged && q.Status != StatusDuplicate {
		conds = append(conds, "i.merged_into_id IS NULL")
	}
	if q.ConsultationID != 0 {
		conds, args = append(conds, "i.consultation_id = ?"), append(args, q.ConsultationID)
	}
	if q.BoardID != 0 {
		conds, args = append(conds, "c.board_id = ?"), append(args, q.BoardID)
	}
	if !q.From.IsZero() {
		conds, args = append(conds, "i.created_at >= ?"), append(args, q.From)
	}
	if !q.To.IsZero() {
		conds, args = append(conds, "i.created_at < ?"), append(args, q.To)
	}
	if q.Status != "" {
		conds, args = append(conds, "i.status = ?"), append(args, q.Status)
	}
	if q.Shortlisted {
		conds = append(conds, "EXISTS (SELECT 1 FROM shortlist_entries s WHERE s.idea_id = i.id)")
	}
	if q.ThemeID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM idea_themes it WHERE it.idea_id = i.id AND it.theme_id = ?)")
		args = append(args, q.ThemeID)
	}
	if q.Unthemed {
		conds = append(conds, "NOT EXISTS (SELECT 1 FROM idea_themes it WHERE it.idea_id = i.id)")
	}
	return strings.Join(conds, " AND "), args
}

// ExportIdea is one idea as exports write it: only what the site already shows in public.
// The author is their public handle, never their name or e-mail.
type ExportIdea struct {
	ID                 int64
	ConsultationSlug   string
	Title              string
	Body               string
	Status             string
	VoteCount          int
	CommentCount       int
	AuthorHandle       string
	SourceName         string
	SourceURL          string
	Response           string
	ResponseCy         string
	RespondedAt        *time.Time
	MergedIntoID       *int64
	CreatedAt          time.Time
	ThemeIDs           string  `gorm:"column:theme_ids"` // comma-separated, in name order
	Themes             []Theme `gorm:"-"`
	ShortlistRank      *int
	ShortlistRationale string
}

// ExportCount is how many ideas the query selects, for progress reports.
func ExportCount(ctx context.Context, db *gorm.DB, q ExportQuery) (int64, error) {
	where, args := q.where()
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT count(*) FROM ideas i JOIN consultations c ON c.id = i.consultation_id
		WHERE `+where, args...).Scan(&n).Error
	return n, err
}

// EachExportIdea calls fn with every idea the query selects, in id order, reading one batch
// at a time. It stops at fn's first error and returns it.
func EachExportIdea(ctx context.Context, db *gorm.DB, q ExportQuery, fn func(*ExportIdea) error) error {
	themes, err := themesByID(ctx, db)
	if err != nil {
		return err
	}
	where, args := q.where()
	sql := `SELECT i.id, c.slug AS consultation_slug, i.title, i.body, i.status, i.vote_count, i.comment_count,
			coalesce(u.handle, '') AS author_handle, i.source_name, i.source_url, i.response, i.response_cy,
			i.responded_at, i.merged_into_id, i.created_at, s.rank AS shortlist_rank,
			coalesce(s.rationale, '') AS shortlist_rationale,
			(SELECT string_agg(t.id::text, ',' ORDER BY t.name, t.id) FROM idea_themes it
				JOIN themes t ON t.id = it.theme_id WHERE it.idea_id = i.id) AS theme_ids
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id
		LEFT JOIN users u ON u.id = i.author_id
		LEFT JOIN shortlist_entries s ON s.idea_id = i.id
		WHERE ` + where + ` AND i.id > ? ORDER BY i.id LIMIT ?`
	after := int64(0)
	batch := make([]ExportIdea, 0, ExportBatch)
	for {
		batch = batch[:0]
		err := db.WithContext(ctx).Raw(sql, append(args, after, ExportBatch)...).Scan(&batch).Error
		if err != nil {
			return err
		}
		for n := range batch {
			idea := &batch[n]
			for _, id := range strings.Split(idea.ThemeIDs, ",") {
				if n, err := strconv.ParseInt(id, 10, 64); err == nil && themes[n] != nil {
					idea.Themes = append(idea.Themes, *themes[n])
				}
			}
			if err := fn(idea); err != nil {
				return err
			}
		}
		if len(batch) < ExportBatch {
			return nil
		}
		after = batch[len(batch)-1].ID
	}
}

// themesByID loads every theme (there are tens, not thousands), keyed by id.
func themesByID(ctx context.Context, db *gorm.DB) (map[int64]*Theme, error) {
	var all []Theme
	if err := db.WithContext(ctx).Order("name, id").Find(&all).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]*Theme, len(all))
	for n := range all {
		out[all[n].ID] = &all[n]
	}
	return out, nil
}

// ThemeTotal is a theme and what the selected ideas carrying it add up to. The theme with ID 0
// stands for ideas with no theme.
type ThemeTotal struct {
	Theme
	Ideas    int64
	Votes    int64
	Comments int64
}

// ExportThemes sums the selected ideas by theme, most ideas first, with a last row (ID 0) for
// ideas with no theme when there are any. An idea with two themes counts under both.
func ExportThemes(ctx context.Context, db *gorm.DB, q ExportQuery) ([]ThemeTotal, error) {
	where, args := q.where()
	var out []ThemeTotal
	err := db.WithContext(ctx).Raw(`SELECT t.id, t.slug, t.name, t.name_cy, t.description, t.description_cy,
			count(*) AS ideas, coalesce(sum(i.vote_count), 0) AS votes, coalesce(sum(i.comment_count), 0) AS comments
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id
		JOIN idea_themes it ON it.idea_id = i.id JOIN themes t ON t.id = it.theme_id
		WHERE `+where+` GROUP BY t.id ORDER BY ideas DESC, t.name, t.id`, args...).Scan(&out).Error
	if err != nil {
		return nil, err
	}
	var none ThemeTotal
	err = db.WithContext(ctx).Raw(`SELECT count(*) AS ideas, coalesce(sum(i.vote_count), 0) AS votes,
			coalesce(sum(i.comment_count), 0) AS comments
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id
		WHERE `+where+` AND NOT EXISTS (SELECT 1 FROM idea_themes it WHERE it.idea_id = i.id)`, args...).Scan(&none).Error
	if err != nil {
		return nil, err
	}
	if none.Ideas > 0 {
		out = append(out, none)
	}
	return out, nil
}
