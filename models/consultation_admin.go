package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Verbs of a consultation's life, in the public record.
const (
	VerbConsultationCreated          = "consultation.created"
	VerbConsultationUpdated          = "consultation.updated"
	VerbConsultationDatesChanged     = "consultation.dates_changed"
	VerbConsultationPublished        = "consultation.published"
	VerbConsultationClosed           = "consultation.closed"
	VerbConsultationReopened         = "consultation.reopened"
	VerbConsultationOutcomePublished = "consultation.outcome_published"
)

func init() {
	EventVerbs = append(EventVerbs, VerbConsultationCreated, VerbConsultationUpdated, VerbConsultationDatesChanged,
		VerbConsultationPublished, VerbConsultationClosed, VerbConsultationReopened, VerbConsultationOutcomePublished)
}

// Limits on what staff write about a consultation.
const (
	MaxConsultationTitle       = 200
	MaxConsultationDescription = 10000
	MaxReason                  = 1000
)

// ConsultationInput is a consultation as staff write it, in a form, the CLI or the demo seed.
type ConsultationInput struct {
	Slug, Title, TitleCy, Description, DescriptionCy string
	Board                                            string // the slug of the board it reports to, if any
	OpensOn, ClosesOn                                DateParts
	// Themes to start with, one name per line; themes that already exist are left as they are.
	Themes string
	// Reason explains a change of dates once the consultation is public, ReasonCy in Welsh.
	Reason, ReasonCy string
}

// DatePartsOf reads an ISO date (2026-12-31) as if typed into a date field, for the CLI.
func DatePartsOf(iso string) DateParts {
	parts := strings.Split(strings.TrimSpace(iso), "-")
	if len(parts) != 3 {
		if iso == "" {
			return DateParts{}
		}
		return DateParts{Day: iso, Month: "x", Year: "x"}
	}
	return DateParts{Year: parts[0], Month: parts[1], Day: parts[2]}
}

// opening is the start of a London day; closing is its last second.
func opening(day time.Time) time.Time { return day }
func closing(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, London)
}

// consultationFields is a validated input, ready to store.
type consultationFields struct {
	in       ConsultationInput
	boardID  *int64
	opensAt  *time.Time
	closesAt *time.Time
	themes   []string
}

func (in ConsultationInput) validate(ctx context.Context, db *gorm.DB, errs Errors) (consultationFields, error) {
	f := consultationFields{}
	in.Title = checkTextAs(errs, "title", "consultation_title", in.Title, true, MaxConsultationTitle)
	in.TitleCy = checkTextAs(errs, "title_cy", "consultation_title", in.TitleCy, false, MaxConsultationTitle)
	in.Description = checkTextAs(errs, "description", "consultation_description", in.Description, false, MaxConsultationDescription)
	in.DescriptionCy = checkTextAs(errs, "description_cy", "consultation_description", in.DescriptionCy, false, MaxConsultationDescription)
	r := Reason{Text: in.Reason, Cy: in.ReasonCy}.check(errs, "reason", false)
	in.Reason, in.ReasonCy = r.Text, r.Cy
	in.Slug = checkSlug(errs, in.Slug, in.Title)
	if opens, ok := parseDate(errs, "opens_on", in.OpensOn, false); ok {
		t := opening(opens)
		f.opensAt = &t
	}
	if closes, ok := parseDate(errs, "closes_on", in.ClosesOn, false); ok {
		t := closing(closes)
		f.closesAt = &t
		if f.opensAt != nil && !t.After(*f.opensAt) {
			errs.Add("closes_on", "error.closes_on.before_opens")
		}
	}
	if slug := strings.TrimSpace(in.Board); slug != "" {
		board, err := BoardBySlug(ctx, db, slug)
		if err == ErrNotFound {
			errs.Add("board", "error.board.unknown")
		} else if err != nil {
			return f, err
		} else {
			f.boardID = &board.ID
		}
	}
	for _, line := range strings.Split(in.Themes, "\n") {
		if name := strings.TrimSpace(line); name != "" {
			if len([]rune(name)) > 80 || Slugify(name) == "" {
				errs.Add("themes", "error.themes.invalid")
				continue
			}
			f.themes = append(f.themes, name)
		}
	}
	f.in = in
	return f, nil
}

// actorID is the actor's id for the record, or nil when the CLI acts.
func actorID(actor *User) *int64 {
	if actor == nil {
		return nil
	}
	return &actor.ID
}

// CreateConsultation stores a new consultation as a draft, with its first themes and its
// event. Only staff see it until it is published.
func CreateConsultation(ctx context.Context, db *gorm.DB, actor *User, in ConsultationInput) (*Consultation, Errors, error) {
	errs := Errors{}
	f, err := in.validate(ctx, db, errs)
	if err != nil || errs.Any() {
		return nil, errs, err
	}
	c := &Consultation{Slug: f.in.Slug, Title: f.in.Title, TitleCy: f.in.TitleCy, Description: f.in.Description,
		DescriptionCy: f.in.DescriptionCy, Status: StageDraft, BoardID: f.boardID, OpensAt: f.opensAt, ClosesAt: f.closesAt}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Omit("CreatedAt", "UpdatedAt").Create(c).Error; err != nil {
			return err
		}
		if err := addThemes(tx, actor, f.themes); err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: actorID(actor), Verb: VerbConsultationCreated, SubjectType: "consultation",
			SubjectID: c.ID, ToValue: c.Title, Data: EventData{ConsultationID: c.ID}})
	})
	if isUniqueViolation(err) {
		errs.Add("slug", "error.consultation_slug.taken")
		return nil, errs, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return c, nil, nil
}

// addThemes creates the themes named that do not exist yet.
func addThemes(tx *gorm.DB, actor *User, names []string) error {
	for _, name := range names {
		var theme Theme
		r := tx.Raw(`INSERT INTO themes (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING RETURNING *`,
			Slugify(name), name).Scan(&theme)
		if r.Error != nil {
			return r.Error
		}
		if r.RowsAffected == 0 {
			continue // already there
		}
		err := recordEvent(tx, Event{ActorID: actorID(actor), Verb: VerbThemeCreated, SubjectType: "theme",
			SubjectID: theme.ID, ToValue: theme.Name, Data: EventData{ThemeID: theme.ID}})
		if err != nil {
			return err
		}
	}
	return nil
}

// lockConsultation loads a consultation for an update.
func lockConsultation(tx *gorm.DB, id int64) (*Consultation, error) {
	var c Consultation
	if err := tx.Clauses(lockForUpdate).First(&c, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// UpdateConsultation edits a consultation. Moving its dates once it is public (extending the
// closing date is such an edit) needs a reason, and is its own event in the record.
func UpdateConsultation(ctx context.Context, db *gorm.DB, actor *User, id int64, in ConsultationInput) (*Consultation, Errors, error) {
	errs := Errors{}
	f, err := in.validate(ctx, db, errs)
	if err != nil || errs.Any() {
		return nil, errs, err
	}
	var c *Consultation
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		old, err := lockConsultation(tx, id)
		if err != nil {
			return err
		}
		datesMoved := !sameTime(old.OpensAt, f.opensAt) || !sameTime(old.ClosesAt, f.closesAt)
		if datesMoved && old.Status != StageDraft && f.in.Reason == "" {
			errs.Add("reason", "error.reason.dates")
			return nil
		}
		err = tx.Model(&Consultation{}).Where("id = ?", id).Updates(map[string]any{"slug": f.in.Slug,
			"title": f.in.Title, "title_cy": f.in.TitleCy, "description": f.in.Description,
			"description_cy": f.in.DescriptionCy, "board_id": f.boardID, "opens_at": f.opensAt,
			"closes_at": f.closesAt, "updated_at": Now(ctx)}).Error
		if err != nil {
			return err
		}
		if err := addThemes(tx, actor, f.themes); err != nil {
			return err
		}
		if c, err = lockConsultation(tx, id); err != nil {
			return err
		}
		e := Event{ActorID: actorID(actor), Verb: VerbConsultationUpdated, SubjectType: "consultation",
			SubjectID: id, ToValue: c.Title, Reason: f.in.Reason, Data: EventData{ConsultationID: id}}
		if datesMoved && old.Status != StageDraft {
			e.Verb, e.FromValue, e.ToValue = VerbConsultationDatesChanged, datesText(old), datesText(c)
			e.Data = datesData(old, c, "")
		}
		e.Data.ReasonCy = f.in.ReasonCy
		return recordEvent(tx, e)
	})
	if isUniqueViolation(err) {
		errs.Add("slug", "error.consultation_slug.taken")
		return nil, errs, nil
	}
	if err != nil || errs.Any() {
		return nil, errs, err
	}
	return c, nil, nil
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// datesText writes a consultation's dates for the record: "2026-12-01 – 2026-12-31".
func datesText(c *Consultation) string {
	day := func(t *time.Time) string {
		if t == nil {
			return "…"
		}
		return t.In(London).Format("2006-01-02")
	}
	return day(c.OpensAt) + " – " + day(c.ClosesAt)
}

// PublishConsultation makes a draft public: scheduled until its opening day, then open.
func PublishConsultation(ctx context.Context, db *gorm.DB, actor *User, id int64, reason Reason) (Errors, error) {
	errs := Errors{}
	reason = reason.check(errs, "reason", false)
	if errs.Any() {
		return errs, nil
	}
	return errs, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := lockConsultation(tx, id)
		if err != nil {
			return err
		}
		if c.Status != StageDraft {
			return &ConflictError{Key: "error.consultation.already_published"}
		}
		now := Now(ctx)
		if c.ClosesAt != nil && !now.Before(*c.ClosesAt) {
			// Shown beside the only field the publish form has.
			errs.Add("reason", "error.consultation.closes_passed")
			return nil
		}
		err = tx.Model(&Consultation{}).Where("id = ?", id).
			Updates(map[string]any{"status": "open", "published_at": now, "updated_at": now}).Error
		if err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: actorID(actor), Verb: VerbConsultationPublished, SubjectType: "consultation",
			SubjectID: id, FromValue: StageDraft, ToValue: (&Consultation{Status: "open", OpensAt: c.OpensAt, ClosesAt: c.ClosesAt}).Stage(now),
			Reason: reason.Text, Data: EventData{ReasonCy: reason.Cy}})
	})
}

// CloseConsultation closes an open consultation now, before its closing date: from this
// moment it takes no ideas and no votes. ReopenConsultation undoes it.
func CloseConsultation(ctx context.Context, db *gorm.DB, actor *User, id int64, reason Reason) (Errors, error) {
	errs := Errors{}
	reason = reason.check(errs, "reason", true)
	if errs.Any() {
		return errs, nil
	}
	return errs, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := lockConsultation(tx, id)
		if err != nil {
			return err
		}
		now := Now(ctx)
		if c.Stage(now) != StageOpen {
			return &ConflictError{Key: "error.consultation.not_open"}
		}
		// Closed by its status at once; its closing date becomes today, unless it closes at the
		// very moment it opened (a closing date must come after the opening one).
		closes := c.ClosesAt
		if c.OpensAt == nil || c.OpensAt.Before(now) {
			closes = &now
		}
		return setClosing(tx, actor, c, "closed", closes, now, VerbConsultationClosed, reason)
	})
}

// ReopenConsultation opens a closed consultation again until the end of a new closing day.
func ReopenConsultation(ctx context.Context, db *gorm.DB, actor *User, id int64, closesOn DateParts, reason Reason) (Errors, error) {
	errs := Errors{}
	reason = reason.check(errs, "reason", true)
	day, ok := parseDate(errs, "closes_on", closesOn, true)
	now := Now(ctx)
	closes := closing(day)
	if ok && !closes.After(now) {
		errs.Add("closes_on", "error.closes_on.past")
	}
	if errs.Any() {
		return errs, nil
	}
	return errs, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := lockConsultation(tx, id)
		if err != nil {
			return err
		}
		if c.Stage(now) != StageClosed {
			return &ConflictError{Key: "error.consultation.not_closed"}
		}
		return setClosing(tx, actor, c, "open", &closes, now, VerbConsultationReopened, reason)
	})
}

// setClosing gives the locked consultation c a status and closing time, and records verb
// with the dates before and after and the reason: closing early and reopening.
func setClosing(tx *gorm.DB, actor *User, c *Consultation, status string, closes *time.Time, now time.Time, verb string, reason Reason) error {
	before := *c
	c.Status, c.ClosesAt = status, closes
	err := tx.Model(&Consultation{}).Where("id = ?", c.ID).
		Updates(map[string]any{"status": status, "closes_at": closes, "updated_at": now}).Error
	if err != nil {
		return err
	}
	return recordEvent(tx, Event{ActorID: actorID(actor), Verb: verb, SubjectType: "consultation",
		SubjectID: c.ID, FromValue: datesText(&before), ToValue: datesText(c), Reason: reason.Text,
		Data: datesData(&before, c, reason.Cy)})
}

// ConsultationHistory lists the events of a consultation itself, oldest first.
func ConsultationHistory(ctx context.Context, db *gorm.DB, id int64, viewer *User) ([]Event, error) {
	var events []Event
	err := db.WithContext(ctx).Scopes(VisibleEvents(viewer)).Preload("Actor").
		Where("events.subject_type = 'consultation' AND events.subject_id = ?", id).
		Order("events.created_at, events.id").Find(&events).Error
	if err != nil {
		return nil, err
	}
	return events, LoadEventRefs(ctx, db, events)
}

// ListAllConsultations returns every consultation, drafts included, newest first: for staff
// and the CLI.
func ListAllConsultations(ctx context.Context, db *gorm.DB) ([]Consultation, error) {
	var cs []Consultation
	err := db.WithContext(ctx).Order("created_at DESC, id DESC").Find(&cs).Error
	return cs, err
}

// ConsultationCounts are a consultation's figures: its visible ideas, the people who took part
// (shared an idea, voted or commented), votes and comments.
type ConsultationCounts struct {
	Ideas    int64 `json:"ideas"`
	People   int64 `json:"people"`
	Votes    int64 `json:"votes"`
	Comments int64 `json:"comments"`
}

// CountConsultation counts what a consultation has had, in one query.
func CountConsultation(ctx context.Context, db *gorm.DB, id int64) (ConsultationCounts, error) {
	var n ConsultationCounts
	err := db.WithContext(ctx).Raw(`WITH i AS (SELECT id, author_id FROM ideas WHERE consultation_id = @id AND hidden_at IS NULL),
		v AS (SELECT v.user_id FROM votes v JOIN i ON i.id = v.idea_id),
		cm AS (SELECT cm.author_id FROM comments cm JOIN i ON i.id = cm.idea_id WHERE cm.deleted_at IS NULL AND cm.hidden_at IS NULL)
		SELECT (SELECT count(*) FROM i) AS ideas, (SELECT count(*) FROM v) AS votes, (SELECT count(*) FROM cm) AS comments,
			(SELECT count(DISTINCT p) FROM (SELECT author_id FROM i UNION ALL SELECT user_id FROM v UNION ALL SELECT author_id FROM cm) AS people(p)) AS people`,
		map[string]any{"id": id}).Scan(&n).Error
	return n, err
}

// ConsultationMeeting is a meeting that took up a consultation's ideas.
type ConsultationMeeting struct {
	ID       int64
	Title    string
	TitleCy  string
	StartsAt time.Time
	Status   string
	Ideas    int // how many of the consultation's ideas it took up
}

// ConsultationMeetings lists the meetings, not cancelled, whose agenda took up the
// consultation's ideas, in date order.
func ConsultationMeetings(ctx context.Context, db *gorm.DB, id int64) ([]ConsultationMeeting, error) {
	var ms []ConsultationMeeting
	err := db.WithContext(ctx).Raw(`SELECT m.id, m.title, m.title_cy, m.starts_at, m.status, count(DISTINCT ai.idea_id) AS ideas
		FROM meetings m JOIN agenda_items a ON a.meeting_id = m.id JOIN agenda_item_ideas ai ON ai.agenda_item_id = a.id
		JOIN ideas i ON i.id = ai.idea_id
		WHERE i.consultation_id = ? AND i.hidden_at IS NULL AND m.status <> 'cancelled'
		GROUP BY m.id ORDER BY m.starts_at, m.id`, id).Scan(&ms).Error
	return ms, err
}
