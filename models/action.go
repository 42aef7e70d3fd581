package models

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Action statuses.
const (
	ActionOpen       = "open"
	ActionInProgress = "in_progress"
	ActionDone       = "done"
	ActionDropped    = "dropped"
)

// ActionStatuses lists the statuses in the order an action passes through them.
var ActionStatuses = []string{ActionOpen, ActionInProgress, ActionDone, ActionDropped}

// actionMoves says which status may follow which: a closed action is reopened before it
// changes again, so "done" never silently becomes "dropped".
var actionMoves = map[string][]string{
	ActionOpen:       {ActionInProgress, ActionDone, ActionDropped},
	ActionInProgress: {ActionOpen, ActionDone, ActionDropped},
	ActionDone:       {ActionOpen},
	ActionDropped:    {ActionOpen},
}

// NextActionStatuses lists the statuses an action in status s may move to.
func NextActionStatuses(s string) []string { return actionMoves[s] }

func actionClosed(status string) bool { return status == ActionDone || status == ActionDropped }

// Action is one entry in a board's action log.
type Action struct {
	ID            int64
	BoardID       int64
	Reference     string
	Description   string
	DescriptionCy string
	OwnerName     string
	OwnerID       *int64
	MeetingID     *int64
	AgendaItemID  *int64
	DueOn         *time.Time // a date, held as midnight UTC
	Status        string     `gorm:"default:open"`
	ClosedAt      *time.Time
	CreatedByID   *int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// ActionListing is an action as lists show it: with its board, owner, where it was raised and
// its latest progress.
type ActionListing struct {
	Action
	BoardSlug       string
	BoardName       string
	BoardNameCy     string
	OwnerHandle     string
	MeetingTitle    string
	MeetingTitleCy  string
	MeetingStartsAt *time.Time
	ItemPosition    *int
	ItemTitle       string
	ItemTitleCy     string
	LatestUpdate    string
	LatestUpdateCy  string
	LatestUpdateAt  *time.Time
	Overdue         bool
	StatusThen      string // its status at an earlier moment, for a meeting's review of the log
}

// ActionUpdate is one dated note of progress.
type ActionUpdate struct {
	ID         int64
	ActionID   int64
	Body       string
	BodyCy     string
	StatusFrom string
	StatusTo   string
	AuthorID   *int64
	Author     *User `gorm:"foreignKey:AuthorID"`
	CreatedAt  time.Time
}

// ActionInput is an action as staff type it.
type ActionInput struct {
	BoardID                    int64
	AgendaItemID               int64 // raised at this item (and so its meeting), or 0
	Description, DescriptionCy string
	OwnerName                  string
	OwnerHandle                string // optional: the owner's account here
	Due                        DateParts
	IdeaIDs                    []int64
}

func (in *ActionInput) validate(errs Errors) *time.Time {
	in.Description = checkTextAs(errs, "description", "action_description", in.Description, true, 2000)
	in.DescriptionCy = checkTextAs(errs, "description_cy", "action_description_cy", in.DescriptionCy, false, 2000)
	in.OwnerName = checkText(errs, "owner_name", in.OwnerName, true, 100)
	in.OwnerHandle = strings.TrimPrefix(strings.TrimSpace(in.OwnerHandle), "@")
	day, ok := parseDate(errs, "due", in.Due, false)
	if !ok {
		return nil
	}
	due := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	return &due
}

// CreateAction raises an action, on its own or at an agenda item, with the next reference of
// its board and year and an event for it and for each idea it follows up.
func CreateAction(ctx context.Context, db *gorm.DB, actor *User, in ActionInput, now time.Time) (*Action, Errors, error) {
	errs := Errors{}
	due := in.validate(errs)
	if in.BoardID <= 0 && in.AgendaItemID <= 0 {
		errs.Add("board_id", "error.board_id.required")
	}
	if errs.Any() {
		return nil, errs, nil
	}
	a := &Action{BoardID: in.BoardID, Description: in.Description, DescriptionCy: in.DescriptionCy,
		OwnerName: in.OwnerName, DueOn: due, Status: ActionOpen, CreatedByID: &actor.ID}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if in.AgendaItemID > 0 {
			var item AgendaItem
			if err := tx.First(&item, in.AgendaItemID).Error; err != nil {
				return notFound(err)
			}
			var m Meeting
			if err := tx.First(&m, item.MeetingID).Error; err != nil {
				return notFound(err)
			}
			a.BoardID, a.MeetingID, a.AgendaItemID = m.BoardID, &m.ID, &item.ID
		}
		// Shared, so actions are raised side by side, but a change of the board's prefix (which
		// SaveBoard allows only while the board has no actions) waits for this one.
		var board Board
		if err := tx.Clauses(clauseShare).First(&board, a.BoardID).Error; err != nil {
			if notFound(err) == ErrNotFound {
				errs.Add("board_id", "error.board_id.required")
				return nil
			}
			return err
		}
		if !resolveOwner(tx, errs, in.OwnerHandle, &a.OwnerID) || !ideasExist(tx, errs, in.IdeaIDs) {
			return nil
		}
		year := now.In(London).Year()
		var n int
		err := tx.Raw(`INSERT INTO action_counters (board_id, year, last) VALUES (?, ?, 1)
			ON CONFLICT (board_id, year) DO UPDATE SET last = action_counters.last + 1
			RETURNING last`, board.ID, year).Scan(&n).Error
		if err != nil {
			return err
		}
		a.Reference = fmt.Sprintf("%s-%d-%03d", board.RefPrefix, year, n)
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		if err := recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbActionCreated, SubjectType: "action",
			SubjectID: a.ID, ToValue: a.Reference, Reason: a.Description, Data: EventData{ReasonCy: a.DescriptionCy}}); err != nil {
			return err
		}
		for _, ideaID := range sortedIDs(in.IdeaIDs) {
			if err := linkActionIdea(tx, actor, a, ideaID, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || errs.Any() {
		return nil, errs, err
	}
	return a, nil, nil
}

// resolveOwner finds the account named as an action's owner, if one was given.
func resolveOwner(tx *gorm.DB, errs Errors, handle string, ownerID **int64) bool {
	*ownerID = nil
	if handle == "" {
		return true
	}
	var u User
	if err := tx.Where("lower(handle) = lower(?)", handle).First(&u).Error; err != nil {
		errs.Add("owner_handle", "error.owner_handle.unknown")
		return false
	}
	*ownerID = &u.ID
	return true
}

func ideasExist(tx *gorm.DB, errs Errors, ids []int64) bool {
	ids = sortedIDs(ids)
	if len(ids) == 0 {
		return true
	}
	var found []Idea
	if err := tx.Select("id", "hidden_at", "merged_into_id").Where("id IN ?", ids).Find(&found).Error; err != nil || len(found) != len(ids) {
		errs.Add("idea", "error.idea.not_found")
		return false
	}
	for _, i := range found {
		if i.HiddenAt != nil || i.MergedIntoID != nil {
			errs.Add("idea", "error.action_idea.not_eligible")
			return false
		}
	}
	return true
}

// sortedIDs returns the positive ids once each, in ascending order: the order rows are locked
// in, so two transactions never wait on each other.
func sortedIDs(ids []int64) []int64 {
	out := append([]int64{}, ids...)
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	n := 0
	for i, id := range out {
		if id > 0 && (i == 0 || id != out[i-1]) {
			out[n] = id
			n++
		}
	}
	return out[:n]
}

// EditAction corrects an action's text, owner or due date, with an event. Its status changes
// only through progress updates, so every change of status has a dated note.
func EditAction(ctx context.Context, db *gorm.DB, actor *User, id int64, in ActionInput) (Errors, error) {
	errs := Errors{}
	due := in.validate(errs)
	if errs.Any() {
		return errs, nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a Action
		if err := tx.Clauses(lockForUpdate).First(&a, id).Error; err != nil {
			return notFound(err)
		}
		var ownerID *int64
		if !resolveOwner(tx, errs, in.OwnerHandle, &ownerID) {
			return nil
		}
		err := tx.Model(&Action{}).Where("id = ?", id).Updates(map[string]any{"description": in.Description,
			"description_cy": in.DescriptionCy, "owner_name": in.OwnerName, "owner_id": ownerID, "due_on": due,
			"updated_at": Now(ctx)}).Error
		if err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbActionEdited, SubjectType: "action",
			SubjectID: id, ToValue: a.Reference, Reason: in.Description, Data: EventData{ReasonCy: in.DescriptionCy}})
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

// ActionUpdateInput is a dated note of progress and the status it leaves the action in.
type ActionUpdateInput struct {
	Body, BodyCy string
	Status       string // "" keeps the status
}

// AddActionUpdate records progress on an action, moving its status if asked. The update goes
// into the history of each idea the action follows up.
func AddActionUpdate(ctx context.Context, db *gorm.DB, actor *User, id int64, in ActionUpdateInput) (Errors, error) {
	errs := Errors{}
	body := checkTextAs(errs, "body", "update_body", in.Body, true, 2000)
	bodyCy := checkTextAs(errs, "body_cy", "update_body_cy", in.BodyCy, false, 2000)
	if errs.Any() {
		return errs, nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a Action
		if err := tx.Clauses(lockForUpdate).First(&a, id).Error; err != nil {
			return notFound(err)
		}
		to := in.Status
		if to == "" {
			to = a.Status
		}
		if to != a.Status {
			allowed := false
			for _, s := range actionMoves[a.Status] {
				allowed = allowed || s == to
			}
			if !allowed {
				errs.Add("status", "error.action_status.invalid")
				return nil
			}
		}
		now := Now(ctx)
		update := ActionUpdate{ActionID: id, Body: body, BodyCy: bodyCy, StatusFrom: a.Status, StatusTo: to, AuthorID: &actor.ID}
		if err := tx.Omit("Author").Create(&update).Error; err != nil {
			return err
		}
		changes := map[string]any{"status": to, "updated_at": now}
		if actionClosed(to) && !actionClosed(a.Status) {
			changes["closed_at"] = now
		} else if !actionClosed(to) {
			changes["closed_at"] = nil
		}
		if err := tx.Model(&Action{}).Where("id = ?", id).Updates(changes).Error; err != nil {
			return err
		}
		var ideaIDs []int64
		if err := tx.Raw(`SELECT idea_id FROM action_ideas WHERE action_id = ? ORDER BY idea_id`, id).Scan(&ideaIDs).Error; err != nil {
			return err
		}
		e := Event{ActorID: &actor.ID, Verb: VerbActionUpdated, SubjectType: "action", SubjectID: id,
			FromValue: a.Status, ToValue: to, Reason: a.Reference + ": " + body}
		if bodyCy != "" {
			e.Data.ReasonCy = a.Reference + ": " + bodyCy
		}
		if len(ideaIDs) == 0 {
			return recordEvent(tx, e)
		}
		for _, ideaID := range ideaIDs {
			e.IdeaID = &ideaID
			if err := recordEvent(tx, e); err != nil {
				return err
			}
			n := notice{Kind: NotifyAction, Verb: noticeAction, IdeaID: ideaID, SubjectType: "action", SubjectID: id,
				ActorID: actor.ID, Detail: a.Reference + ": " + body}
			if bodyCy != "" {
				n.DetailCy = a.Reference + ": " + bodyCy
			}
			if to != a.Status {
				n.Status = to
			}
			if err := notifyFollowers(tx, n); err != nil {
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

// LinkActionIdea says that an action follows up an idea (on) or no longer does.
func LinkActionIdea(ctx context.Context, db *gorm.DB, actor *User, actionID, ideaID int64, on bool) (Errors, error) {
	errs := Errors{}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a Action
		if err := tx.Clauses(lockForUpdate).First(&a, actionID).Error; err != nil {
			return notFound(err)
		}
		// Unlinking is always allowed: that is how a link to an idea hidden later is undone.
		if on && !ideasExist(tx, errs, []int64{ideaID}) {
			return nil
		}
		return linkActionIdea(tx, actor, &a, ideaID, on)
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

func linkActionIdea(tx *gorm.DB, actor *User, a *Action, ideaID int64, on bool) error {
	var r *gorm.DB
	verb := VerbIdeaActionLinked
	if on {
		r = tx.Exec(`INSERT INTO action_ideas (action_id, idea_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, a.ID, ideaID)
	} else {
		verb = VerbIdeaActionUnlinked
		r = tx.Exec(`DELETE FROM action_ideas WHERE action_id = ? AND idea_id = ?`, a.ID, ideaID)
	}
	if r.Error != nil || r.RowsAffected == 0 {
		return r.Error
	}
	return recordEvent(tx, Event{ActorID: &actor.ID, Verb: verb, SubjectType: "action", SubjectID: a.ID,
		IdeaID: &ideaID, ToValue: a.Reference, Reason: a.Description, Data: EventData{ReasonCy: a.DescriptionCy}})
}

// actionListingSelect reads actions as lists show them; it takes today's date (for overdue)
// as its first argument.
const actionListingSelect = `SELECT a.*, b.slug AS board_slug, b.name AS board_name, b.name_cy AS board_name_cy,
		coalesce(u.handle, '') AS owner_handle, coalesce(m.title, '') AS meeting_title,
		coalesce(m.title_cy, '') AS meeting_title_cy, m.starts_at AS meeting_starts_at,
		ai.position AS item_position, coalesce(ai.title, '') AS item_title, coalesce(ai.title_cy, '') AS item_title_cy,
		coalesce(lu.body, '') AS latest_update, coalesce(lu.body_cy, '') AS latest_update_cy,
		lu.created_at AS latest_update_at,
		(a.status IN ('open', 'in_progress') AND a.due_on < ?::date) AS overdue
	FROM actions a JOIN boards b ON b.id = a.board_id
	LEFT JOIN users u ON u.id = a.owner_id
	LEFT JOIN meetings m ON m.id = a.meeting_id
	LEFT JOIN agenda_items ai ON ai.id = a.agenda_item_id
	LEFT JOIN LATERAL (SELECT body, body_cy, created_at FROM action_updates
		WHERE action_id = a.id ORDER BY created_at DESC, id DESC LIMIT 1) lu ON true`

func todayArg(now time.Time) string { return Today(now).Format("2006-01-02") }

// listActions reads the actions matching a condition, by reference.
func listActions(ctx context.Context, db *gorm.DB, where string, args ...any) ([]ActionListing, error) {
	var out []ActionListing
	err := db.WithContext(ctx).Raw(actionListingSelect+` WHERE `+where+` ORDER BY a.created_at, a.id`,
		append([]any{todayArg(Now(ctx))}, args...)...).Scan(&out).Error
	return out, err
}

// ActionsForIdea lists the actions that follow an idea up.
func ActionsForIdea(ctx context.Context, db *gorm.DB, ideaID int64) ([]ActionListing, error) {
	return listActions(ctx, db, "a.id IN (SELECT action_id FROM action_ideas WHERE idea_id = ?)", ideaID)
}

// ActionsRaisedAt lists the actions raised at a meeting.
func ActionsRaisedAt(ctx context.Context, db *gorm.DB, meetingID int64) ([]ActionListing, error) {
	return listActions(ctx, db, "a.meeting_id = ?", meetingID)
}

// ActionLogAt is a board's action log as it stood at a meeting's start: the actions raised
// before it (other than at that meeting itself, whose actions may be drafted in advance) and
// still open then, each with its status then and whether it was overdue then. It is what the
// meeting reviewed.
func ActionLogAt(ctx context.Context, db *gorm.DB, boardID int64, at time.Time, meetingID int64) ([]ActionListing, error) {
	var out []ActionListing
	// The status then is the one the last update before the moment left, or open if none had;
	// it is joined outside the listing so the listing's select list stays the one all lists use.
	err := db.WithContext(ctx).Raw(`SELECT log.*, st.status_then FROM (`+actionListingSelect+`
		WHERE a.board_id = ? AND a.created_at < ? AND a.meeting_id IS DISTINCT FROM ?) log,
		LATERAL (SELECT coalesce((SELECT status_to FROM action_updates
			WHERE action_id = log.id AND created_at <= ? ORDER BY created_at DESC, id DESC LIMIT 1), 'open') AS status_then) st
		WHERE st.status_then IN ('open', 'in_progress') ORDER BY log.created_at, log.id`,
		todayArg(at), boardID, at, meetingID, at).Scan(&out).Error
	return out, err
}

// ActionQuery filters the action log.
type ActionQuery struct {
	Board   string // slug
	Status  string
	Owner   string
	Overdue bool
	Open    bool // open or in progress
	Page    int
	PerPage int
}

// ActionPage is one page of the action log and how many actions match.
type ActionPage struct {
	Actions []ActionListing
	Total   int64
	Page    int
	PerPage int
}

// Pages is the number of pages the total fills.
func (p *ActionPage) Pages() int { return pageCount(p.Total, p.PerPage) }

// ListActions returns a page of the action log: open and overdue work first (by due date),
// then the rest, newest first.
func ListActions(ctx context.Context, db *gorm.DB, q ActionQuery, now time.Time) (*ActionPage, error) {
	q.Page, q.PerPage = pageBounds(q.Page, q.PerPage, 50)
	where := []string{"true"}
	var args []any
	if q.Board = cleanQuery(q.Board); q.Board != "" {
		where, args = append(where, "b.slug = ?"), append(args, q.Board)
	}
	switch q.Status {
	case ActionOpen, ActionInProgress, ActionDone, ActionDropped:
		where, args = append(where, "a.status = ?"), append(args, q.Status)
	}
	if q.Owner = cleanQuery(q.Owner); q.Owner != "" {
		where, args = append(where, "a.owner_name = ?"), append(args, q.Owner)
	}
	if q.Open {
		where = append(where, "a.status IN ('open', 'in_progress')")
	}
	if q.Overdue {
		where, args = append(where, "a.status IN ('open', 'in_progress') AND a.due_on < ?::date"), append(args, todayArg(now))
	}
	var rows []struct {
		ActionListing
		Total int64
	}
	err := db.WithContext(ctx).Raw(`SELECT *, count(*) OVER () AS total FROM (`+actionListingSelect+`
		WHERE `+strings.Join(where, " AND ")+`) log
		ORDER BY (status IN ('open', 'in_progress')) DESC,
			CASE WHEN status IN ('open', 'in_progress') THEN due_on END NULLS LAST, created_at DESC, id DESC
		LIMIT ? OFFSET ?`, append(append([]any{todayArg(now)}, args...), q.PerPage, (q.Page-1)*q.PerPage)...).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	page := &ActionPage{Page: q.Page, PerPage: q.PerPage, Actions: make([]ActionListing, len(rows))}
	for n, r := range rows {
		page.Actions[n], page.Total = r.ActionListing, r.Total
	}
	if len(rows) == 0 && q.Page > 1 {
		// Past the last page the window count sees no rows, so count on its own.
		err := db.WithContext(ctx).Raw(`SELECT count(*) FROM actions a JOIN boards b ON b.id = a.board_id
			WHERE `+strings.Join(where, " AND "), args...).Scan(&page.Total).Error
		if err != nil {
			return nil, err
		}
	}
	return page, nil
}

// ActionOwners lists the names actions are owned by, for the log's filter.
func ActionOwners(ctx context.Context, db *gorm.DB) ([]string, error) {
	var names []string
	err := db.WithContext(ctx).Raw(`SELECT DISTINCT owner_name FROM actions ORDER BY owner_name LIMIT 500`).Scan(&names).Error
	return names, err
}

// ActionDetail is one action with its progress updates and the ideas it follows up.
type ActionDetail struct {
	ActionListing
	Updates []ActionUpdate
	Ideas   []*IdeaSummary
}

// ActionByID loads an action with its updates (oldest first) and ideas.
func ActionByID(ctx context.Context, db *gorm.DB, id, viewerID int64) (*ActionDetail, error) {
	list, err := listActions(ctx, db, "a.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	d := &ActionDetail{ActionListing: list[0]}
	if err := db.WithContext(ctx).Preload("Author").Where("action_id = ?", id).Order("created_at, id").
		Find(&d.Updates).Error; err != nil {
		return nil, err
	}
	var ideaIDs []int64
	if err := db.WithContext(ctx).Raw(`SELECT l.idea_id FROM action_ideas l JOIN ideas i ON i.id = l.idea_id
		WHERE l.action_id = ? ORDER BY i.vote_count DESC, i.id`, id).Scan(&ideaIDs).Error; err != nil {
		return nil, err
	}
	if len(ideaIDs) > 0 {
		ideas, err := ideasByIDs(ctx, db, ideaIDs, viewerID)
		if err != nil {
			return nil, err
		}
		for _, id := range ideaIDs {
			if ideas[id] != nil {
				d.Ideas = append(d.Ideas, ideas[id])
			}
		}
	}
	return d, nil
}
