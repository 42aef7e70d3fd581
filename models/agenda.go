package models

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AgendaItem is one numbered item of a meeting's agenda, with the ideas it takes up.
type AgendaItem struct {
	ID              int64
	MeetingID       int64
	Position        int
	Title           string
	TitleCy         string
	Description     string
	DescriptionCy   string
	Presenters      string
	DurationMinutes *int
	Outcome         string
	OutcomeCy       string
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Ideas   []*IdeaSummary  `gorm:"-"`
	Actions []ActionListing `gorm:"-"`
}

// AgendaItemInput is an agenda item as staff type it.
type AgendaItemInput struct {
	Title, TitleCy             string
	Description, DescriptionCy string
	Presenters                 string
	Duration                   string // minutes
	Outcome, OutcomeCy         string
}

// InputOf is an item as its edit form shows it.
func (a *AgendaItem) InputOf() AgendaItemInput {
	in := AgendaItemInput{Title: a.Title, TitleCy: a.TitleCy, Description: a.Description, DescriptionCy: a.DescriptionCy,
		Presenters: a.Presenters, Outcome: a.Outcome, OutcomeCy: a.OutcomeCy}
	if a.DurationMinutes != nil {
		in.Duration = strconv.Itoa(*a.DurationMinutes)
	}
	return in
}

func (in *AgendaItemInput) validate(errs Errors) *int {
	in.Title = checkTextAs(errs, "title", "item_title", in.Title, true, 200)
	in.TitleCy = checkTextAs(errs, "title_cy", "item_title_cy", in.TitleCy, false, 200)
	in.Description = checkTextAs(errs, "description", "item_description", in.Description, false, 5000)
	in.DescriptionCy = checkTextAs(errs, "description_cy", "item_description_cy", in.DescriptionCy, false, 5000)
	in.Presenters = checkText(errs, "presenters", in.Presenters, false, 500)
	in.Outcome = checkText(errs, "outcome", in.Outcome, false, 5000)
	in.OutcomeCy = checkText(errs, "outcome_cy", in.OutcomeCy, false, 5000)
	if in.OutcomeCy != "" && in.Outcome == "" {
		errs.Add("outcome", "error.outcome.english_first")
	}
	in.Duration = strings.TrimSpace(in.Duration)
	if in.Duration == "" {
		return nil
	}
	n, err := strconv.Atoi(in.Duration)
	if err != nil || n < 1 || n > 600 {
		errs.Add("duration", "error.duration.invalid")
		return nil
	}
	return &n
}

// lockMeeting locks a meeting while its agenda changes, so positions are handed out one at a
// time.
func lockMeeting(tx *gorm.DB, id int64) (*Meeting, error) {
	var m Meeting
	if err := tx.Clauses(lockForUpdate).First(&m, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &m, nil
}

// AddAgendaItem adds an item at the end of a meeting's agenda.
func AddAgendaItem(ctx context.Context, db *gorm.DB, actor *User, meetingID int64, in AgendaItemInput) (*AgendaItem, Errors, error) {
	errs := Errors{}
	duration := in.validate(errs)
	if errs.Any() {
		return nil, errs, nil
	}
	item := &AgendaItem{MeetingID: meetingID, Title: in.Title, TitleCy: in.TitleCy, Description: in.Description,
		DescriptionCy: in.DescriptionCy, Presenters: in.Presenters, DurationMinutes: duration}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		m, err := lockMeeting(tx, meetingID)
		if err != nil {
			return err
		}
		if m.AgendaLocked() {
			return &ConflictError{Key: "error.meeting.agenda_locked"}
		}
		if in.Outcome != "" && !m.OutcomesOpen() {
			errs.Add("outcome", "error.outcome.not_yet")
			return nil
		}
		item.Outcome, item.OutcomeCy = in.Outcome, in.OutcomeCy
		if err := tx.Raw(`SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?`, meetingID).
			Scan(&item.Position).Error; err != nil {
			return err
		}
		if err := tx.Omit("Ideas", "Actions").Create(item).Error; err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbAgendaItemAdded, SubjectType: "meeting",
			SubjectID: meetingID, ToValue: item.Title, Data: agendaData(&Meeting{ID: meetingID}, item)})
	})
	if err != nil || errs.Any() {
		return nil, errs, err
	}
	return item, nil, nil
}

// UpdateAgendaItem saves an item. A new or changed outcome is a decision: it goes into the
// history of every idea the item takes up.
func UpdateAgendaItem(ctx context.Context, db *gorm.DB, actor *User, id int64, in AgendaItemInput) (Errors, error) {
	errs := Errors{}
	duration := in.validate(errs)
	if errs.Any() {
		return errs, nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		item, m, err := lockAgendaItem(tx, id)
		if err != nil {
			return err
		}
		outcomeChanged := in.Outcome != item.Outcome || in.OutcomeCy != item.OutcomeCy
		if outcomeChanged && !m.OutcomesOpen() {
			errs.Add("outcome", "error.outcome.not_yet")
			return nil
		}
		err = tx.Model(&AgendaItem{}).Where("id = ?", id).Updates(map[string]any{
			"title": in.Title, "title_cy": in.TitleCy, "description": in.Description, "description_cy": in.DescriptionCy,
			"presenters": in.Presenters, "duration_minutes": duration, "outcome": in.Outcome, "outcome_cy": in.OutcomeCy,
			"updated_at": Now(ctx)}).Error
		if err != nil {
			return err
		}
		if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbAgendaItemUpdated, SubjectType: "agenda_item",
			SubjectID: id, ToValue: in.Title, Data: EventData{AgendaItemID: id, MeetingID: item.MeetingID}}); err != nil {
			return err
		}
		// Only a new English outcome is a new decision: adding or correcting its Welsh
		// translation would otherwise record the same decision again in every idea's history.
		if in.Outcome == item.Outcome || in.Outcome == "" {
			return nil
		}
		ideaIDs, err := agendaItemIdeaIDs(tx, id)
		if err != nil {
			return err
		}
		for _, ideaID := range ideaIDs {
			if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaDecision, SubjectType: "agenda_item",
				SubjectID: id, IdeaID: &ideaID, FromValue: item.Outcome, ToValue: in.Outcome,
				Data: EventData{AgendaItemID: id, MeetingID: item.MeetingID, OutcomeCy: in.OutcomeCy}}); err != nil {
				return err
			}
			if err := notifyFollowers(tx, notice{Kind: NotifyAgenda, Verb: noticeDecision, IdeaID: ideaID,
				SubjectType: "agenda_item", SubjectID: id, ActorID: actor.ID, Detail: in.Outcome, DetailCy: in.OutcomeCy}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

// lockAgendaItem reads an item under its meeting's lock. Whatever else a change touches (the
// ideas the item takes up) is locked after the meeting: events and links check their idea's row,
// so taking the idea first and the meeting second deadlocks against a change that holds the
// meeting and writes an event for the idea.
func lockAgendaItem(tx *gorm.DB, id int64) (*AgendaItem, *Meeting, error) {
	return lockAgendaItemAs(tx, id, lockForUpdate)
}

// shareAgendaItem is lockAgendaItem for changes that may run side by side (linking ideas):
// it keeps the meeting's status and the item from changing without making them queue.
func shareAgendaItem(tx *gorm.DB, id int64) (*AgendaItem, *Meeting, error) {
	return lockAgendaItemAs(tx, id, clauseShare)
}

// lockAgendaItemAs loads an item and its meeting under the given lock, and refuses (with a
// conflict) once the agenda can no longer change: the meeting was cancelled or its minutes,
// the signed-off record, are published; correcting them means withdrawing them first.
func lockAgendaItemAs(tx *gorm.DB, id int64, lock clause.Locking) (*AgendaItem, *Meeting, error) {
	var item AgendaItem
	if err := tx.First(&item, id).Error; err != nil {
		return nil, nil, notFound(err)
	}
	var m Meeting
	if err := tx.Clauses(lock).First(&m, item.MeetingID).Error; err != nil {
		return nil, nil, notFound(err)
	}
	if m.AgendaLocked() {
		return nil, nil, &ConflictError{Key: "error.meeting.agenda_locked"}
	}
	// Read again under the meeting's lock: the item may have moved or gone meanwhile.
	if err := tx.First(&item, id).Error; err != nil {
		return nil, nil, notFound(err)
	}
	return &item, &m, nil
}

func agendaItemIdeaIDs(tx *gorm.DB, itemID int64) ([]int64, error) {
	var ids []int64
	err := tx.Raw(`SELECT idea_id FROM agenda_item_ideas WHERE agenda_item_id = ? ORDER BY idea_id`, itemID).Scan(&ids).Error
	return ids, err
}

// MoveAgendaItem puts an item at a new position (1 is first), renumbering the rest.
func MoveAgendaItem(ctx context.Context, db *gorm.DB, actor *User, id int64, position int) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		item, m, err := lockAgendaItem(tx, id)
		if err != nil {
			return err
		}
		var order []int64
		if err := tx.Raw(`SELECT id FROM agenda_items WHERE meeting_id = ? AND id <> ? ORDER BY position, id`, m.ID, id).
			Scan(&order).Error; err != nil {
			return err
		}
		position = max(1, min(position, len(order)+1))
		if position == item.Position {
			return nil
		}
		order = append(order[:position-1], append([]int64{id}, order[position-1:]...)...)
		if err := renumberAgenda(tx, order); err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbAgendaItemMoved, SubjectType: "agenda_item",
			SubjectID: id, FromValue: strconv.Itoa(item.Position), ToValue: strconv.Itoa(position)})
	})
}

// renumberAgenda numbers items 1, 2, 3… in the order given, in one statement; the unique
// position is checked at commit.
func renumberAgenda(tx *gorm.DB, order []int64) error {
	if len(order) == 0 {
		return nil
	}
	return tx.Exec(`UPDATE agenda_items a SET position = v.n, updated_at = now()
		FROM unnest(?::bigint[]) WITH ORDINALITY AS v(id, n)
		WHERE a.id = v.id AND a.position <> v.n`, int64Array(order)).Error
}

// DeleteAgendaItem takes an item off an agenda that is still open to change. Its ideas are
// unlinked, each with an event; they keep their status for the panel to decide.
func DeleteAgendaItem(ctx context.Context, db *gorm.DB, actor *User, id int64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		item, m, err := lockAgendaItem(tx, id)
		if err != nil {
			return err
		}
		// An item with a decision or actions is part of the record: it stays.
		var raised int64
		if err := tx.Model(&Action{}).Where("agenda_item_id = ?", id).Count(&raised).Error; err != nil {
			return err
		}
		if item.Outcome != "" || raised > 0 {
			return &ConflictError{Key: "error.agenda_item.has_record"}
		}
		ideaIDs, err := agendaItemIdeaIDs(tx, id)
		if err != nil {
			return err
		}
		for _, ideaID := range ideaIDs {
			if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaAgendaUnlinked, SubjectType: "agenda_item",
				SubjectID: id, IdeaID: &ideaID, ToValue: agendaLabel(m, item), Data: agendaData(m, item)}); err != nil {
				return err
			}
		}
		if err := tx.Delete(&AgendaItem{}, id).Error; err != nil {
			return err
		}
		var order []int64
		if err := tx.Raw(`SELECT id FROM agenda_items WHERE meeting_id = ? ORDER BY position, id`, m.ID).Scan(&order).Error; err != nil {
			return err
		}
		if err := renumberAgenda(tx, order); err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbAgendaItemRemoved, SubjectType: "meeting",
			SubjectID: m.ID, ToValue: item.Title, Data: agendaData(m, item)})
	})
}

// agendaLabel names an item for the public record, with the date so that meetings of the same
// title stay apart: "June meeting, 2026-06-04: 3. Open data".
func agendaLabel(m *Meeting, item *AgendaItem) string {
	return fmt.Sprintf("%s, %s: %d. %s", m.Title, m.StartsAt.In(London).Format("2006-01-02"), item.Position, item.Title)
}

// agendaNotice names an item for a message in lang (en or cy), with the meeting's day as
// people write it: "June meeting, 4 June 2026: 3. Open data"; in Welsh with the Welsh titles
// where there are any.
func agendaNotice(lang string, m *Meeting, item *AgendaItem) string {
	mt, it := m.Title, item.Title
	if lang == "cy" && m.TitleCy != "" {
		mt = m.TitleCy
	}
	if lang == "cy" && item.TitleCy != "" {
		it = item.TitleCy
	}
	return fmt.Sprintf("%s, %s: %d. %s", mt, FormatDate(lang, m.StartsAt), item.Position, it)
}

// AgendaItemByID loads an item and its meeting (with the board).
func AgendaItemByID(ctx context.Context, db *gorm.DB, id int64) (*AgendaItem, *Meeting, error) {
	var item AgendaItem
	if err := db.WithContext(ctx).First(&item, id).Error; err != nil {
		return nil, nil, notFound(err)
	}
	m, err := MeetingByID(ctx, db, item.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	return &item, m, nil
}

// Agenda returns a meeting's items in order, each with its ideas and the actions raised at it.
func Agenda(ctx context.Context, db *gorm.DB, meetingID, viewerID int64) ([]AgendaItem, error) {
	var items []AgendaItem
	if err := db.WithContext(ctx).Where("meeting_id = ?", meetingID).Order("position, id").Find(&items).Error; err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return items, nil
	}
	var links []struct{ AgendaItemID, IdeaID int64 }
	err := db.WithContext(ctx).Raw(`SELECT l.agenda_item_id, l.idea_id FROM agenda_item_ideas l
		JOIN agenda_items a ON a.id = l.agenda_item_id JOIN ideas i ON i.id = l.idea_id
		WHERE a.meeting_id = ? ORDER BY i.vote_count DESC, i.id`, meetingID).Scan(&links).Error
	if err != nil {
		return nil, err
	}
	ideaIDs := make([]int64, 0, len(links))
	for _, l := range links {
		ideaIDs = append(ideaIDs, l.IdeaID)
	}
	ideas := map[int64]*IdeaSummary{}
	if len(ideaIDs) > 0 {
		if ideas, err = ideasByIDs(ctx, db, ideaIDs, viewerID); err != nil {
			return nil, err
		}
	}
	actions, err := listActions(ctx, db, "a.meeting_id = ?", meetingID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*AgendaItem, len(items))
	for n := range items {
		byID[items[n].ID] = &items[n]
	}
	for _, l := range links {
		if idea := ideas[l.IdeaID]; idea != nil {
			byID[l.AgendaItemID].Ideas = append(byID[l.AgendaItemID].Ideas, idea)
		}
	}
	for _, a := range actions {
		if a.AgendaItemID != nil && byID[*a.AgendaItemID] != nil {
			byID[*a.AgendaItemID].Actions = append(byID[*a.AgendaItemID].Actions, a)
		}
	}
	return items, nil
}

// LinkAgendaIdeas puts ideas on an agenda item. Each newly linked idea gets an event, and one
// that was new, under review or shortlisted moves to on_agenda.
func LinkAgendaIdeas(ctx context.Context, db *gorm.DB, actor *User, itemID int64, ideaIDs []int64) (Errors, error) {
	errs := Errors{}
	ideaIDs = sortedIDs(ideaIDs)
	if len(ideaIDs) == 0 {
		errs.Add("idea", "error.idea.choose")
		return errs, nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		item, m, err := shareAgendaItem(tx, itemID)
		if err != nil {
			return err
		}
		// Check every idea before linking any: a request refused for one idea must leave the
		// others as they were, not linked and moved on with an error on the page.
		ideas := make([]*Idea, 0, len(ideaIDs))
		for _, ideaID := range ideaIDs {
			idea, err := lockIdea(tx, ideaID)
			if err == ErrNotFound {
				errs.Add("idea", "error.idea.not_found")
				return nil
			}
			if err != nil {
				return err
			}
			if idea.MergedIntoID != nil || idea.HiddenAt != nil {
				errs.Add("idea", "error.agenda.not_eligible")
				return nil
			}
			ideas = append(ideas, idea)
		}
		for _, idea := range ideas {
			if err := linkAgendaIdea(tx, actor, item, m, idea); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

func linkAgendaIdea(tx *gorm.DB, actor *User, item *AgendaItem, m *Meeting, idea *Idea) error {
	r := tx.Exec(`INSERT INTO agenda_item_ideas (agenda_item_id, idea_id, linked_by_id) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, item.ID, idea.ID, actor.ID)
	if r.Error != nil || r.RowsAffected == 0 {
		return r.Error
	}
	if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaAgendaLinked, SubjectType: "agenda_item",
		SubjectID: item.ID, IdeaID: &idea.ID, ToValue: agendaLabel(m, item), Data: agendaData(m, item)}); err != nil {
		return err
	}
	n := notice{Kind: NotifyAgenda, Verb: noticeAgenda, IdeaID: idea.ID, SubjectType: "agenda_item", SubjectID: item.ID,
		ActorID: actor.ID, Detail: agendaNotice("en", m, item), DetailCy: agendaNotice("cy", m, item)}
	switch idea.Status {
	case StatusNew, StatusUnderReview, StatusShortlisted:
		// The move to on_agenda is told in the agenda message, not in a second one.
		if _, _, err := changeStatusAndResponse(tx, actor, idea, StatusOnAgenda, idea.Response, idea.ResponseCy); err != nil {
			return err
		}
	}
	return notifyFollowers(tx, n)
}

// UnlinkAgendaIdea takes an idea off an agenda item, with its event.
func UnlinkAgendaIdea(ctx context.Context, db *gorm.DB, actor *User, itemID, ideaID int64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		item, m, err := shareAgendaItem(tx, itemID)
		if err != nil {
			return err
		}
		if _, err := lockIdea(tx, ideaID); err != nil {
			return err
		}
		r := tx.Exec(`DELETE FROM agenda_item_ideas WHERE agenda_item_id = ? AND idea_id = ?`, itemID, ideaID)
		if r.Error != nil || r.RowsAffected == 0 {
			return r.Error
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaAgendaUnlinked, SubjectType: "agenda_item",
			SubjectID: itemID, IdeaID: &ideaID, ToValue: agendaLabel(m, item), Data: agendaData(m, item)})
	})
}

// AgendaLink is where an idea went: an agenda item, its meeting and board, and the outcome.
type AgendaLink struct {
	ItemID         int64
	Position       int
	Title          string
	TitleCy        string
	Outcome        string
	OutcomeCy      string
	MeetingID      int64
	MeetingTitle   string
	MeetingTitleCy string
	MeetingStatus  string
	StartsAt       time.Time
	BoardSlug      string
	BoardName      string
	BoardNameCy    string
}

// IdeaAgendaLinks lists the agenda items that took up an idea, earliest meeting first.
func IdeaAgendaLinks(ctx context.Context, db *gorm.DB, ideaID int64) ([]AgendaLink, error) {
	var out []AgendaLink
	err := db.WithContext(ctx).Raw(`SELECT a.id AS item_id, a.position, a.title, a.title_cy, a.outcome, a.outcome_cy,
			m.id AS meeting_id, m.title AS meeting_title, m.title_cy AS meeting_title_cy, m.status AS meeting_status,
			m.starts_at, b.slug AS board_slug, b.name AS board_name, b.name_cy AS board_name_cy
		FROM agenda_item_ideas l JOIN agenda_items a ON a.id = l.agenda_item_id
		JOIN meetings m ON m.id = a.meeting_id JOIN boards b ON b.id = m.board_id
		WHERE l.idea_id = ? ORDER BY m.starts_at, a.position`, ideaID).Scan(&out).Error
	return out, err
}

// AgendaBoard is one board's open agenda items, as offered to the panel for an idea.
type AgendaBoard struct {
	Slug, Name, NameCy string
	IdeasBoard         bool // the board the idea's consultation reports to
	Items              []AgendaLink
}

// OpenAgendaItems lists, board by board, the items of meetings whose agenda can still change
// and which have not long passed, soonest meeting first: the board that the consultation of
// idea ideaID reports to comes first, then the others by name.
func OpenAgendaItems(ctx context.Context, db *gorm.DB, now time.Time, ideaID int64) ([]AgendaBoard, error) {
	var rows []struct {
		AgendaLink
		IdeasBoard bool
	}
	err := db.WithContext(ctx).Raw(`SELECT a.id AS item_id, a.position, a.title, a.title_cy,
			m.id AS meeting_id, m.title AS meeting_title, m.title_cy AS meeting_title_cy, m.status AS meeting_status,
			m.starts_at, b.slug AS board_slug, b.name AS board_name, b.name_cy AS board_name_cy,
			coalesce(b.id = (SELECT c.board_id FROM ideas i JOIN consultations c ON c.id = i.consultation_id
				WHERE i.id = ?), false) AS ideas_board
		FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id JOIN boards b ON b.id = m.board_id
		WHERE m.status IN ('planned', 'held') AND m.ends_at >= ?
		ORDER BY ideas_board DESC, b.name, b.id, m.starts_at, m.id, a.position LIMIT 200`,
		ideaID, now.AddDate(0, 0, -30)).Scan(&rows).Error
	var out []AgendaBoard
	for _, r := range rows {
		if n := len(out); n == 0 || out[n-1].Slug != r.BoardSlug {
			out = append(out, AgendaBoard{Slug: r.BoardSlug, Name: r.BoardName, NameCy: r.BoardNameCy, IdeasBoard: r.IdeasBoard})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, r.AgendaLink)
	}
	return out, err
}

// AgendaCandidates are ideas staff might add to an item: with no search, the shortlists of
// the board's consultations in rank order; with a search, the best matches anywhere. Ideas
// already on the item are left out.
func AgendaCandidates(ctx context.Context, db *gorm.DB, item *AgendaItem, m *Meeting, search string, viewerID int64) ([]IdeaSummary, error) {
	var ids []int64
	if search = cleanQuery(search); search != "" {
		page, err := ListIdeas(ctx, db, IdeaQuery{Q: search, PerPage: 20})
		if err != nil {
			return nil, err
		}
		for _, i := range page.Ideas {
			ids = append(ids, i.ID)
		}
	} else {
		err := db.WithContext(ctx).Raw(`SELECT s.idea_id FROM shortlist_entries s
			JOIN consultations c ON c.id = s.consultation_id
			WHERE c.board_id = ? ORDER BY c.id, s.rank LIMIT 100`, m.BoardID).Scan(&ids).Error
		if err != nil {
			return nil, err
		}
	}
	linked, err := agendaItemIdeaIDs(db.WithContext(ctx), item.ID)
	if err != nil {
		return nil, err
	}
	onItem := map[int64]bool{}
	for _, id := range linked {
		onItem[id] = true
	}
	var keep []int64
	for _, id := range ids {
		if !onItem[id] {
			keep = append(keep, id)
		}
	}
	if len(keep) == 0 {
		return nil, nil
	}
	ideas, err := ideasByIDs(ctx, db, keep, viewerID)
	if err != nil {
		return nil, err
	}
	out := make([]IdeaSummary, 0, len(keep))
	for _, id := range keep {
		if i := ideas[id]; i != nil && i.MergedIntoID == nil && i.HiddenAt == nil {
			out = append(out, *i)
		}
	}
	return out, nil
}
