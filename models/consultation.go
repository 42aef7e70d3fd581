package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Consultation is a question put to the public.
type Consultation struct {
	ID            int64
	Slug          string
	Title         string
	TitleCy       string
	Description   string
	DescriptionCy string
	// Status is draft until staff publish it, then open, and its dates decide its Stage;
	// closed when staff close it early (CloseConsultation), whatever its dates say.
	Status   string `gorm:"default:draft"`
	OpensAt  *time.Time
	ClosesAt *time.Time
	BoardID  *int64
	// PublishedAt is when staff published it; nil while a draft.
	PublishedAt *time.Time
	// The outcome report's introduction, and when the report was published (nil: a draft).
	OutcomeIntro       string
	OutcomeIntroCy     string
	OutcomePublishedAt *time.Time
	// ShortlistPublishedAt is when the panel made its shortlist public; nil while a draft.
	ShortlistPublishedAt *time.Time
	CreatedAt            time.Time
	UpdatedAt            time.Time
}

// The stages of a consultation, which follow from its dates.
const (
	StageDraft     = "draft"     // only staff see it
	StageScheduled = "scheduled" // public, not yet taking ideas
	StageOpen      = "open"      // taking ideas and votes
	StageClosed    = "closed"
)

// Stage says where the consultation stands at time now. No scheduler runs: a consultation
// opens and closes because the time passes its dates.
func (c *Consultation) Stage(now time.Time) string {
	switch {
	case c.Status == "draft":
		return StageDraft
	case c.Status == "closed":
		return StageClosed
	case c.OpensAt != nil && now.Before(*c.OpensAt):
		return StageScheduled
	case c.ClosesAt != nil && !now.Before(*c.ClosesAt):
		return StageClosed
	}
	return StageOpen
}

// IsOpen reports whether ideas and votes are accepted at time now.
func (c *Consultation) IsOpen(now time.Time) bool { return c.Stage(now) == StageOpen }

// DescriptionHTML is the description's Markdown, rendered and sanitised.
func (c *Consultation) DescriptionHTML() string { return RenderMarkdown(c.Description) }

// DescriptionCyHTML is the Welsh description's Markdown, rendered and sanitised.
func (c *Consultation) DescriptionCyHTML() string { return RenderMarkdown(c.DescriptionCy) }

// openConsultationSQL is IsOpen in SQL, for a table aliased c. Its two placeholders take the
// time now from the models' clock (openArgs), not the database's now(), so that the rule is
// the same one IsOpen applies.
const openConsultationSQL = `c.status = 'open' AND (c.opens_at IS NULL OR c.opens_at <= ?::timestamptz) AND (c.closes_at IS NULL OR c.closes_at > ?::timestamptz)`

// openArgs are openConsultationSQL's arguments, followed by args.
func openArgs(ctx context.Context, args ...any) []any {
	now := Now(ctx)
	return append([]any{now, now}, args...)
}

// ConsultationBySlugForStaff loads a consultation, drafts included.
func ConsultationBySlugForStaff(ctx context.Context, db *gorm.DB, slug string) (*Consultation, error) {
	var c Consultation
	if err := db.WithContext(ctx).Where("slug = ?", slug).First(&c).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// ConsultationBySlug loads a published consultation (not a draft).
func ConsultationBySlug(ctx context.Context, db *gorm.DB, slug string) (*Consultation, error) {
	var c Consultation
	err := db.WithContext(ctx).Where("slug = ? AND status <> 'draft'", slug).First(&c).Error
	if err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// ListConsultations returns published consultations: open ones first (closing soonest first),
// then scheduled ones (opening soonest first), then closed ones (most recently closed first).
func ListConsultations(ctx context.Context, db *gorm.DB) ([]Consultation, error) {
	var cs []Consultation
	now := Now(ctx)
	err := db.WithContext(ctx).Table("consultations AS c").Select("c.*").
		Where("c.status <> 'draft'").
		Order(clause.OrderBy{Expression: clause.Expr{SQL: `CASE WHEN ` + openConsultationSQL + ` THEN 0
			WHEN c.status = 'open' AND c.opens_at > ?::timestamptz THEN 1 ELSE 2 END,
			CASE WHEN c.status = 'open' AND c.opens_at > ?::timestamptz THEN c.opens_at END,
			CASE WHEN ` + openConsultationSQL + ` THEN c.closes_at END,
			coalesce(c.closes_at, c.created_at) DESC, c.id DESC`,
			Vars: []any{now, now, now, now, now, now}}}).
		Find(&cs).Error
	return cs, err
}

// DraftConsultations returns the consultations not yet published, newest first: for staff.
func DraftConsultations(ctx context.Context, db *gorm.DB) ([]Consultation, error) {
	var cs []Consultation
	err := db.WithContext(ctx).Where("status = 'draft'").Order("created_at DESC, id DESC").Find(&cs).Error
	return cs, err
}

// OpenConsultations returns the consultations accepting ideas now.
func OpenConsultations(ctx context.Context, db *gorm.DB) ([]Consultation, error) {
	var cs []Consultation
	err := db.WithContext(ctx).Table("consultations AS c").Select("c.*").
		Where(openConsultationSQL, openArgs(ctx)...).Order("c.closes_at NULLS LAST, c.id").Find(&cs).Error
	return cs, err
}
