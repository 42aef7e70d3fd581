package models

import (
	"context"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Meeting statuses: a meeting is planned, then held, then its minutes are signed off and
// published; or it is cancelled.
const (
	MeetingPlanned          = "planned"
	MeetingHeld             = "held"
	MeetingMinutesPublished = "minutes_published"
	MeetingCancelled        = "cancelled"
)

// MeetingStatuses lists the statuses in the order a meeting passes through them.
var MeetingStatuses = []string{MeetingPlanned, MeetingHeld, MeetingMinutesPublished, MeetingCancelled}

// meetingMoves says which status may follow which. Each move back exists to correct a
// mistake (marked held too soon, minutes withdrawn for a correction, a cancellation reversed).
var meetingMoves = map[string][]string{
	MeetingPlanned:          {MeetingHeld, MeetingCancelled},
	MeetingHeld:             {MeetingMinutesPublished, MeetingPlanned},
	MeetingMinutesPublished: {MeetingHeld},
	MeetingCancelled:        {MeetingPlanned},
}

// NextMeetingStatuses lists the statuses a meeting in status s may move to.
func NextMeetingStatuses(s string) []string { return meetingMoves[s] }

// Meeting is one sitting of a board.
type Meeting struct {
	ID                 int64
	BoardID            int64
	Title              string
	TitleCy            string
	Description        string
	DescriptionCy      string
	StartsAt           time.Time
	EndsAt             time.Time
	Location           string
	LocationCy         string
	Postcode           string
	OnlineURL          string
	Status             string `gorm:"default:planned"`
	Attendees          string
	Apologies          string
	Minutes            string
	MinutesHTML        string
	MinutesCy          string
	MinutesCyHTML      string
	MinutesPublishedAt *time.Time
	Sequence           int
	CreatedAt          time.Time
	UpdatedAt          time.Time

	Board *Board `gorm:"foreignKey:BoardID"`
}

// AttendeeList and ApologyList split the one-per-line lists.
func (m *Meeting) AttendeeList() []string { return lines(m.Attendees) }
func (m *Meeting) ApologyList() []string  { return lines(m.Apologies) }

// AgendaLocked reports whether the agenda can no longer change: the minutes are out or the
// meeting did not happen.
func (m *Meeting) AgendaLocked() bool {
	return m.Status == MeetingMinutesPublished || m.Status == MeetingCancelled
}

// OutcomesOpen reports whether outcomes may be recorded: only once the meeting has been held.
func (m *Meeting) OutcomesOpen() bool {
	return m.Status == MeetingHeld || m.Status == MeetingMinutesPublished
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// MeetingInput is a meeting as staff type it, in UK time.
type MeetingInput struct {
	BoardID                    int64
	Title, TitleCy             string
	Description, DescriptionCy string
	Date                       DateParts
	StartTime, EndTime         string
	Location, LocationCy       string
	Postcode                   string
	OnlineURL                  string
	Attendees, Apologies       string
	Minutes, MinutesCy         string
}

// InputOf is a meeting as its edit form shows it.
func (m *Meeting) InputOf() MeetingInput {
	return MeetingInput{BoardID: m.BoardID, Title: m.Title, TitleCy: m.TitleCy, Description: m.Description,
		DescriptionCy: m.DescriptionCy, Date: PartsOf(m.StartsAt), StartTime: ClockOf(m.StartsAt),
		EndTime: ClockOf(m.EndsAt), Location: m.Location, LocationCy: m.LocationCy, Postcode: m.Postcode, OnlineURL: m.OnlineURL,
		Attendees: m.Attendees, Apologies: m.Apologies, Minutes: m.Minutes, MinutesCy: m.MinutesCy}
}

var postcodePattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`)

func (in *MeetingInput) validate(errs Errors) (start, end time.Time) {
	if in.BoardID <= 0 {
		errs.Add("board_id", "error.board_id.required")
	}
	in.Title = checkTextAs(errs, "title", "meeting_title", in.Title, true, 200)
	in.TitleCy = checkTextAs(errs, "title_cy", "meeting_title_cy", in.TitleCy, false, 200)
	in.Description = checkTextAs(errs, "description", "meeting_description", in.Description, false, 5000)
	in.DescriptionCy = checkTextAs(errs, "description_cy", "meeting_description_cy", in.DescriptionCy, false, 5000)
	in.Location = checkText(errs, "location", in.Location, false, 300)
	in.LocationCy = checkText(errs, "location_cy", in.LocationCy, false, 300)
	in.Postcode = strings.ToUpper(checkText(errs, "postcode", in.Postcode, false, 10))
	if in.Postcode != "" && !postcodePattern.MatchString(in.Postcode) {
		errs.Add("postcode", "error.postcode.invalid")
	}
	in.OnlineURL = checkText(errs, "online_url", in.OnlineURL, false, 500)
	checkLink(errs, "online_url", in.OnlineURL)
	in.Attendees = checkText(errs, "attendees", in.Attendees, false, 5000)
	in.Apologies = checkText(errs, "apologies", in.Apologies, false, 5000)
	in.Minutes = checkText(errs, "minutes", in.Minutes, false, 50000)
	in.MinutesCy = checkText(errs, "minutes_cy", in.MinutesCy, false, 50000)
	day, ok := parseDate(errs, "date", in.Date, true)
	if !ok {
		return
	}
	start, okStart := atClock(errs, "start_time", day, in.StartTime)
	end, okEnd := atClock(errs, "end_time", day, in.EndTime)
	if okStart && okEnd && !end.After(start) {
		errs.Add("end_time", "error.end_time.before_start")
	}
	return start, end
}

// SaveMeeting creates a meeting (id 0) or updates one, with its event. Any change moves the
// calendar sequence on, so subscribed calendars replace their copy.
func SaveMeeting(ctx context.Context, db *gorm.DB, actor *User, id int64, in MeetingInput) (*Meeting, Errors, error) {
	errs := Errors{}
	start, end := in.validate(errs)
	if errs.Any() {
		return nil, errs, nil
	}
	m := &Meeting{ID: id, BoardID: in.BoardID, Title: in.Title, TitleCy: in.TitleCy, Description: in.Description,
		DescriptionCy: in.DescriptionCy, StartsAt: start, EndsAt: end, Location: in.Location, LocationCy: in.LocationCy, Postcode: in.Postcode,
		OnlineURL: in.OnlineURL, Attendees: in.Attendees, Apologies: in.Apologies, Minutes: in.Minutes,
		MinutesHTML: RenderMarkdown(in.Minutes), MinutesCy: in.MinutesCy, MinutesCyHTML: RenderMarkdown(in.MinutesCy)}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := BoardByID(ctx, tx, in.BoardID); err != nil {
			if err == ErrNotFound {
				errs.Add("board_id", "error.board_id.required")
				return nil
			}
			return err
		}
		if id == 0 {
			if err := tx.Omit("Board").Create(m).Error; err != nil {
				return err
			}
			return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbMeetingCreated, SubjectType: "meeting", SubjectID: m.ID, ToValue: m.Title,
				Data: EventData{MeetingID: m.ID}})
		}
		var old Meeting
		if err := tx.Clauses(lockForUpdate).First(&old, id).Error; err != nil {
			return notFound(err)
		}
		// Published minutes are the signed-off record: to correct them, staff withdraw them
		// (back to held) and publish again, so the history shows both.
		if old.Status == MeetingMinutesPublished && (in.Minutes != old.Minutes || in.MinutesCy != old.MinutesCy) {
			errs.Add("minutes", "error.minutes.published_locked")
			return nil
		}
		// Its actions belong to its board's log: moving the meeting would split them.
		if in.BoardID != old.BoardID {
			var raised int64
			if err := tx.Model(&Action{}).Where("meeting_id = ?", id).Count(&raised).Error; err != nil {
				return err
			}
			if raised > 0 {
				errs.Add("board_id", "error.board_id.has_actions")
				return nil
			}
		}
		err := tx.Model(&Meeting{}).Where("id = ?", id).Updates(map[string]any{
			"board_id": m.BoardID, "title": m.Title, "title_cy": m.TitleCy, "description": m.Description,
			"description_cy": m.DescriptionCy, "starts_at": m.StartsAt, "ends_at": m.EndsAt, "location": m.Location,
			"location_cy": m.LocationCy,
			"postcode":    m.Postcode, "online_url": m.OnlineURL, "attendees": m.Attendees, "apologies": m.Apologies,
			"minutes": m.Minutes, "minutes_html": m.MinutesHTML, "minutes_cy": m.MinutesCy,
			"minutes_cy_html": m.MinutesCyHTML, "sequence": gorm.Expr("sequence + 1"), "updated_at": Now(ctx)}).Error
		if err != nil {
			return err
		}
		// Read back what was kept (status, sequence, minutes' date): the caller gets the
		// meeting as stored, not only what the form held.
		if err := tx.First(m, id).Error; err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbMeetingUpdated, SubjectType: "meeting", SubjectID: id, ToValue: m.Title,
			Data: EventData{MeetingID: id}})
	})
	if err != nil || errs.Any() {
		return nil, errs, err
	}
	return m, nil, nil
}

// SetMeetingStatus moves a meeting on (or back, to correct a mistake), with its event.
// Publishing the minutes needs minutes to publish.
func SetMeetingStatus(ctx context.Context, db *gorm.DB, actor *User, id int64, status, reason string) (Errors, error) {
	errs := Errors{}
	reason = checkText(errs, "reason", reason, false, 500)
	if errs.Any() {
		return errs, nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var m Meeting
		if err := tx.Clauses(lockForUpdate).First(&m, id).Error; err != nil {
			return notFound(err)
		}
		if m.Status == status {
			return nil
		}
		allowed := false
		for _, s := range meetingMoves[m.Status] {
			allowed = allowed || s == status
		}
		if !allowed {
			errs.Add("status", "error.meeting_status.invalid")
			return nil
		}
		// A meeting is held once it has begun, not before: outcomes wait for the meeting.
		if status == MeetingHeld && m.Status == MeetingPlanned && Now(ctx).Before(m.StartsAt) {
			errs.Add("status", "error.meeting_status.not_started")
			return nil
		}
		if status == MeetingMinutesPublished && strings.TrimSpace(m.Minutes) == "" {
			errs.Add("status", "error.meeting_status.no_minutes")
			return nil
		}
		updates := map[string]any{"status": status, "sequence": gorm.Expr("sequence + 1"), "updated_at": Now(ctx)}
		if status == MeetingMinutesPublished {
			updates["minutes_published_at"] = Now(ctx)
		} else if m.Status == MeetingMinutesPublished {
			updates["minutes_published_at"] = nil
		}
		if err := tx.Model(&Meeting{}).Where("id = ?", id).Updates(updates).Error; err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbMeetingStatusChanged, SubjectType: "meeting",
			SubjectID: id, FromValue: m.Status, ToValue: status, Reason: reason})
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

// MeetingByID loads a meeting with its board.
func MeetingByID(ctx context.Context, db *gorm.DB, id int64) (*Meeting, error) {
	var m Meeting
	if err := db.WithContext(ctx).Preload("Board").First(&m, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &m, nil
}

// MeetingQuery picks meetings for a list: upcoming (not yet ended, soonest first) or past
// (latest first), optionally for one board.
type MeetingQuery struct {
	Board string // slug
	Past  bool
	Page  int
	Limit int
}

// MeetingPage is one page of meetings and how many there are in all.
type MeetingPage struct {
	Meetings []Meeting
	Total    int64
	Page     int
	PerPage  int
}

// Pages is the number of pages the total fills.
func (p *MeetingPage) Pages() int { return pageCount(p.Total, p.PerPage) }

// ListMeetings returns a page of meetings with their boards.
func ListMeetings(ctx context.Context, db *gorm.DB, q MeetingQuery, now time.Time) (*MeetingPage, error) {
	q.Page, q.Limit = pageBounds(q.Page, q.Limit, 20)
	tx := db.WithContext(ctx).Model(&Meeting{})
	if q.Board != "" {
		tx = tx.Where("board_id = (SELECT id FROM boards WHERE slug = ?)", cleanQuery(q.Board))
	}
	if q.Past {
		tx = tx.Where("ends_at < ?", now).Order("starts_at DESC, id DESC")
	} else {
		tx = tx.Where("ends_at >= ?", now).Order("starts_at, id")
	}
	page := &MeetingPage{Page: q.Page, PerPage: q.Limit}
	if err := tx.Session(&gorm.Session{}).Count(&page.Total).Error; err != nil {
		return nil, err
	}
	err := tx.Preload("Board").Offset((q.Page - 1) * q.Limit).Limit(q.Limit).Find(&page.Meetings).Error
	return page, err
}

// MeetingsForCalendar returns the meetings a calendar feed carries: from a year ago on, so a
// subscriber sees recent history and everything planned.
func MeetingsForCalendar(ctx context.Context, db *gorm.DB, boardID int64, now time.Time) ([]Meeting, error) {
	var ms []Meeting
	tx := db.WithContext(ctx).Preload("Board").Where("starts_at >= ?", now.AddDate(-1, 0, 0))
	if boardID > 0 {
		tx = tx.Where("board_id = ?", boardID)
	}
	err := tx.Order("starts_at, id").Limit(1000).Find(&ms).Error
	return ms, err
}
