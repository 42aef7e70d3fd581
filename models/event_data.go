package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// EventData is what an event is about, kept as ids and values so that the history can be
// written out when it is read, in the reader's language. Which fields an event fills depends
// on its verb; the rest stay empty.
type EventData struct {
	ThemeID        int64 `json:"theme_id,omitempty"`
	BoardID        int64 `json:"board_id,omitempty"`
	MeetingID      int64 `json:"meeting_id,omitempty"`
	AgendaItemID   int64 `json:"agenda_item_id,omitempty"`
	ConsultationID int64 `json:"consultation_id,omitempty"`
	// Position is an agenda item's place on its agenda when the event happened.
	Position int `json:"position,omitempty"`
	// ItemTitle and ItemTitleCy keep an agenda item's titles for when it has been taken off.
	ItemTitle   string `json:"item_title,omitempty"`
	ItemTitleCy string `json:"item_title_cy,omitempty"`
	// A consultation's dates before and after (YYYY-MM-DD, UK time), where they moved.
	FromOpens  string `json:"from_opens,omitempty"`
	FromCloses string `json:"from_closes,omitempty"`
	Opens      string `json:"opens,omitempty"`
	Closes     string `json:"closes,omitempty"`
	// ReasonCy is the Welsh of the event's reason where staff wrote one (an action's
	// description or progress); OutcomeCy the Welsh of a meeting's decision.
	ReasonCy  string `json:"reason_cy,omitempty"`
	OutcomeCy string `json:"outcome_cy,omitempty"`
}

// Reason is why staff did something, as they wrote it for the public record, with its Welsh
// version where they wrote one.
type Reason struct{ Text, Cy string }

// check trims and checks both versions, the Welsh one under the field's name with _cy.
func (r Reason) check(errs Errors, field string, required bool) Reason {
	r.Text = checkTextAs(errs, field, "reason", r.Text, required, MaxReason)
	r.Cy = checkTextAs(errs, field+"_cy", "reason_cy", r.Cy, false, MaxReason)
	return r
}

// EventRefs are the things an event's data names, loaded for the reader by LoadEventRefs; a
// nil one no longer exists, and the event is written out with the text it stored.
type EventRefs struct {
	Theme        *Theme
	Board        *Board
	Meeting      *Meeting
	AgendaItem   *AgendaItem
	Consultation *Consultation
}

// eventDay is how EventData keeps a day: the UK date of t.
func eventDay(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(London).Format("2006-01-02")
}

// agendaData is the data of an event about an idea and an agenda item.
func agendaData(m *Meeting, item *AgendaItem) EventData {
	return EventData{MeetingID: m.ID, AgendaItemID: item.ID, Position: item.Position,
		ItemTitle: item.Title, ItemTitleCy: item.TitleCy}
}

// datesData is the data of an event that moved a consultation's dates, for the reason whose
// Welsh version is reasonCy.
func datesData(old, c *Consultation, reasonCy string) EventData {
	return EventData{FromOpens: eventDay(old.OpensAt), FromCloses: eventDay(old.ClosesAt),
		Opens: eventDay(c.OpensAt), Closes: eventDay(c.ClosesAt), ReasonCy: reasonCy}
}

// LoadEventRefs fills each event's Refs from its data, one query per kind of thing named.
func LoadEventRefs(ctx context.Context, db *gorm.DB, events []Event) error {
	var themeIDs, boardIDs, meetingIDs, itemIDs, consultationIDs []int64
	for _, e := range events {
		d := e.Data
		add := func(ids *[]int64, id int64) {
			if id != 0 {
				*ids = append(*ids, id)
			}
		}
		add(&themeIDs, d.ThemeID)
		add(&boardIDs, d.BoardID)
		add(&meetingIDs, d.MeetingID)
		add(&itemIDs, d.AgendaItemID)
		add(&consultationIDs, d.ConsultationID)
	}
	db = db.WithContext(ctx)
	themes, err := byID[Theme](db, themeIDs, func(t *Theme) int64 { return t.ID })
	if err != nil {
		return err
	}
	boards, err := byID[Board](db, boardIDs, func(b *Board) int64 { return b.ID })
	if err != nil {
		return err
	}
	meetings, err := byID[Meeting](db, meetingIDs, func(m *Meeting) int64 { return m.ID })
	if err != nil {
		return err
	}
	items, err := byID[AgendaItem](db, itemIDs, func(i *AgendaItem) int64 { return i.ID })
	if err != nil {
		return err
	}
	consultations, err := byID[Consultation](db, consultationIDs, func(c *Consultation) int64 { return c.ID })
	if err != nil {
		return err
	}
	for i := range events {
		d := events[i].Data
		events[i].Refs = EventRefs{Theme: themes[d.ThemeID], Board: boards[d.BoardID], Meeting: meetings[d.MeetingID],
			AgendaItem: items[d.AgendaItemID], Consultation: consultations[d.ConsultationID]}
	}
	return nil
}

// byID loads the rows of ids (their columns only, no associations), keyed by id.
func byID[T any](db *gorm.DB, ids []int64, id func(*T) int64) (map[int64]*T, error) {
	out := map[int64]*T{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []T
	if err := db.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	for i := range rows {
		out[id(&rows[i])] = &rows[i]
	}
	return out, nil
}
