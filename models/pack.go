package models

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// PackComments is how many of each idea's most-supported comments a meeting pack quotes.
const PackComments = 3

// MeetingPack is everything the board papers for one meeting hold: the agenda with the ideas
// on each item and what people said about them, the themes of the board's consultations, the
// panel's shortlists, the board's open actions, and the figures behind the charts.
type MeetingPack struct {
	Meeting       *Meeting
	Items         []AgendaItem
	Comments      map[int64][]Comment // idea id → its most-supported comments
	Consultations []Consultation      // the consultations run for the board
	Themes        []ThemeTotal        // over those consultations' ideas; ID 0 is "no theme"
	Shortlists    []PackShortlist
	OpenActions   []ActionListing
	Participation Participation
	GeneratedAt   time.Time
}

// PackShortlist is one consultation's shortlist as the pack shows it. Draft shortlists are
// included (the pack is for the panel and the board) and marked as drafts.
type PackShortlist struct {
	Consultation Consultation
	Entries      []ShortlistEntry
}

// Published reports whether the panel has made the shortlist public.
func (s *PackShortlist) Published() bool { return s.Consultation.ShortlistPublishedAt != nil }

// Participation is activity on the board's consultations per period: weeks, or months when
// the consultations ran for more than half a year.
type Participation struct {
	Monthly bool
	Periods []PeriodCount
}

// PeriodCount is what happened in one period. People counts each signed-in person who shared,
// supported or commented once.
type PeriodCount struct {
	Start    time.Time
	Ideas    int64
	Votes    int64
	Comments int64
	People   int64
}

// MaxPeriods caps the participation chart; a longer history shows its latest periods.
const MaxPeriods = 26

// LoadMeetingPack gathers a meeting's pack as of now.
func LoadMeetingPack(ctx context.Context, db *gorm.DB, meetingID int64, now time.Time) (*MeetingPack, error) {
	m, err := MeetingByID(ctx, db, meetingID)
	if err != nil {
		return nil, err
	}
	p := &MeetingPack{Meeting: m, GeneratedAt: now, Comments: map[int64][]Comment{}}
	if p.Items, err = Agenda(ctx, db, m.ID, 0); err != nil {
		return nil, err
	}
	var ideaIDs []int64
	for _, item := range p.Items {
		for _, idea := range item.Ideas {
			ideaIDs = append(ideaIDs, idea.ID)
		}
	}
	if len(ideaIDs) > 0 {
		if p.Comments, err = TopComments(ctx, db, ideaIDs, PackComments); err != nil {
			return nil, err
		}
	}
	err = db.WithContext(ctx).Where("board_id = ? AND status <> 'draft'", m.BoardID).
		Order("created_at, id").Find(&p.Consultations).Error
	if err != nil {
		return nil, err
	}
	if len(p.Consultations) > 0 {
		if p.Themes, err = ExportThemes(ctx, db, ExportQuery{BoardID: m.BoardID}); err != nil {
			return nil, err
		}
		for _, c := range p.Consultations {
			entries, err := Shortlist(ctx, db, c.ID, 0)
			if err != nil {
				return nil, err
			}
			if len(entries) > 0 {
				p.Shortlists = append(p.Shortlists, PackShortlist{Consultation: c, Entries: entries})
			}
		}
		if p.Participation, err = boardParticipation(ctx, db, m.BoardID, p.Consultations, now); err != nil {
			return nil, err
		}
	}
	p.OpenActions, err = listActions(ctx, db, "a.board_id = ? AND a.status IN ('open', 'in_progress')", m.BoardID)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// boardParticipation counts ideas, votes, comments and people per week (or month) from the
// start of the board's first consultation to now.
func boardParticipation(ctx context.Context, db *gorm.DB, boardID int64, cs []Consultation, now time.Time) (Participation, error) {
	var part Participation
	var earliest sql.NullTime
	err := db.WithContext(ctx).Raw(`SELECT min(i.created_at) FROM ideas i JOIN consultations c ON c.id = i.consultation_id
		WHERE c.board_id = ? AND c.status <> 'draft' AND i.hidden_at IS NULL`, boardID).Row().Scan(&earliest)
	if err != nil {
		return part, err
	}
	first := earliest.Time
	for _, c := range cs {
		if c.OpensAt != nil && (first.IsZero() || c.OpensAt.Before(first)) {
			first = *c.OpensAt
		}
	}
	if first.IsZero() || first.After(now) {
		return part, nil
	}
	part.Monthly = now.Sub(first) > 183*24*time.Hour
	starts := periodStarts(first, now, part.Monthly)
	if len(starts) > MaxPeriods {
		starts = starts[len(starts)-MaxPeriods:]
	}
	unit := "week"
	if part.Monthly {
		unit = "month"
	}
	var rows []struct {
		Period                         time.Time
		Ideas, Votes, Comments, People int64
	}
	err = db.WithContext(ctx).Raw(`SELECT date_trunc(?, x.at AT TIME ZONE 'Europe/London') AS period,
			count(*) FILTER (WHERE x.kind = 'idea') AS ideas, count(*) FILTER (WHERE x.kind = 'vote') AS votes,
			count(*) FILTER (WHERE x.kind = 'comment') AS comments, count(DISTINCT x.person) AS people
		FROM (
			SELECT i.created_at AS at, 'idea' AS kind, i.author_id AS person FROM ideas i
				JOIN consultations c ON c.id = i.consultation_id
				WHERE c.board_id = @board AND c.status <> 'draft' AND i.hidden_at IS NULL
			UNION ALL
			SELECT v.created_at, 'vote', v.user_id FROM votes v JOIN ideas i ON i.id = v.idea_id
				JOIN consultations c ON c.id = i.consultation_id
				WHERE c.board_id = @board AND c.status <> 'draft' AND i.hidden_at IS NULL
			UNION ALL
			SELECT cm.created_at, 'comment', cm.author_id FROM comments cm JOIN ideas i ON i.id = cm.idea_id
				JOIN consultations c ON c.id = i.consultation_id
				WHERE c.board_id = @board AND c.status <> 'draft' AND i.hidden_at IS NULL
					AND cm.deleted_at IS NULL AND cm.hidden_at IS NULL
		) x WHERE x.at >= @from AND x.at <= @now
		GROUP BY 1 ORDER BY 1`, unit, map[string]any{"board": boardID, "from": starts[0], "now": now}).Scan(&rows).Error
	if err != nil {
		return part, err
	}
	byStart := map[string]PeriodCount{}
	for _, r := range rows {
		// date_trunc of a London wall-clock time: read the fields back as a London date.
		at := time.Date(r.Period.Year(), r.Period.Month(), r.Period.Day(), 0, 0, 0, 0, London)
		byStart[at.Format("2006-01-02")] = PeriodCount{Start: at, Ideas: r.Ideas, Votes: r.Votes, Comments: r.Comments, People: r.People}
	}
	for _, s := range starts {
		pc, ok := byStart[s.Format("2006-01-02")]
		if !ok {
			pc = PeriodCount{Start: s}
		}
		part.Periods = append(part.Periods, pc)
	}
	return part, nil
}

// periodStarts lists the London weeks (from Monday) or months from the one holding first to
// the one holding last.
func periodStarts(first, last time.Time, monthly bool) []time.Time {
	first, last = first.In(London), last.In(London)
	var start time.Time
	if monthly {
		start = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, London)
	} else {
		back := (int(first.Weekday()) + 6) % 7 // days since Monday
		start = time.Date(first.Year(), first.Month(), first.Day()-back, 0, 0, 0, 0, London)
	}
	var out []time.Time
	for s := start; !s.After(last); {
		out = append(out, s)
		if monthly {
			s = time.Date(s.Year(), s.Month()+1, 1, 0, 0, 0, 0, London)
		} else {
			s = time.Date(s.Year(), s.Month(), s.Day()+7, 0, 0, 0, 0, London)
		}
	}
	return out
}
