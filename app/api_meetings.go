package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// The JSON API for boards' meetings and the action log.

type boardJSON struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	NameCy string `json:"name_cy,omitempty"`
}

type meetingJSON struct {
	ID            int64     `json:"id"`
	Board         boardJSON `json:"board"`
	Title         string    `json:"title"`
	TitleCy       string    `json:"title_cy,omitempty"`
	Description   string    `json:"description"`
	DescriptionCy string    `json:"description_cy,omitempty"`
	StartsAt      string    `json:"starts_at"`
	EndsAt        string    `json:"ends_at"`
	Location      string    `json:"location"`
	LocationCy    string    `json:"location_cy,omitempty"`
	Postcode      string    `json:"postcode"`
	OnlineURL     string    `json:"online_url"`
	Status        string    `json:"status"`
	URL           string    `json:"url"`
	CalendarURL   string    `json:"calendar_url"`
}

type agendaItemJSON struct {
	ID              int64        `json:"id"`
	Position        int          `json:"position"`
	Title           string       `json:"title"`
	TitleCy         string       `json:"title_cy,omitempty"`
	Description     string       `json:"description"`
	DescriptionCy   string       `json:"description_cy,omitempty"`
	Presenters      string       `json:"presenters"`
	DurationMinutes *int         `json:"duration_minutes"`
	Outcome         string       `json:"outcome"`
	OutcomeCy       string       `json:"outcome_cy,omitempty"`
	Ideas           []ideaJSON   `json:"ideas"`
	Actions         []actionJSON `json:"actions"`
}

type raisedAtJSON struct {
	MeetingID    int64  `json:"meeting_id"`
	MeetingTitle string `json:"meeting_title"`
	StartsAt     string `json:"starts_at"`
	ItemPosition *int   `json:"item_position"`
	ItemTitle    string `json:"item_title,omitempty"`
}

type actionJSON struct {
	ID            int64         `json:"id"`
	Reference     string        `json:"reference"`
	Board         boardJSON     `json:"board"`
	Description   string        `json:"description"`
	DescriptionCy string        `json:"description_cy,omitempty"`
	Owner         ownerJSON     `json:"owner"`
	DueOn         *string       `json:"due_on"`
	Status        string        `json:"status"`
	Overdue       bool          `json:"overdue"`
	RaisedAt      *raisedAtJSON `json:"raised_at"`
	LatestUpdate  string        `json:"latest_update,omitempty"`
	CreatedAt     string        `json:"created_at"`
	ClosedAt      *string       `json:"closed_at"`
	URL           string        `json:"url"`
}

type ownerJSON struct {
	Name   string `json:"name"`
	Handle string `json:"handle,omitempty"`
}

func (s *Server) meetingJSON(m *models.Meeting) meetingJSON {
	out := meetingJSON{ID: m.ID, Title: m.Title, TitleCy: m.TitleCy, Description: m.Description,
		DescriptionCy: m.DescriptionCy, StartsAt: rfc3339(m.StartsAt), EndsAt: rfc3339(m.EndsAt),
		Location: m.Location, LocationCy: m.LocationCy, Postcode: m.Postcode, OnlineURL: m.OnlineURL, Status: m.Status,
		URL:         s.cfg.BaseURL + "/meetings/" + strconv.FormatInt(m.ID, 10),
		CalendarURL: s.cfg.BaseURL + "/meetings/" + strconv.FormatInt(m.ID, 10) + ".ics"}
	if m.Board != nil {
		out.Board = boardJSON{Slug: m.Board.Slug, Name: m.Board.Name, NameCy: m.Board.NameCy}
	}
	return out
}

func (s *Server) actionJSON(a *models.ActionListing) actionJSON {
	out := actionJSON{ID: a.ID, Reference: a.Reference, Description: a.Description, DescriptionCy: a.DescriptionCy,
		Board: boardJSON{Slug: a.BoardSlug, Name: a.BoardName, NameCy: a.BoardNameCy},
		Owner: ownerJSON{Name: a.OwnerName, Handle: a.OwnerHandle}, Status: a.Status, Overdue: a.Overdue,
		LatestUpdate: a.LatestUpdate, CreatedAt: rfc3339(a.CreatedAt),
		URL: s.cfg.BaseURL + "/actions/" + strconv.FormatInt(a.ID, 10)}
	if a.DueOn != nil {
		due := a.DueOn.Format("2006-01-02")
		out.DueOn = &due
	}
	if a.ClosedAt != nil {
		closed := rfc3339(*a.ClosedAt)
		out.ClosedAt = &closed
	}
	if a.MeetingID != nil && a.MeetingStartsAt != nil {
		out.RaisedAt = &raisedAtJSON{MeetingID: *a.MeetingID, MeetingTitle: a.MeetingTitle,
			StartsAt: rfc3339(*a.MeetingStartsAt), ItemPosition: a.ItemPosition, ItemTitle: a.ItemTitle}
	}
	return out
}

func (s *Server) actionsJSON(list []models.ActionListing) []actionJSON {
	out := make([]actionJSON, len(list))
	for n := range list {
		out[n] = s.actionJSON(&list[n])
	}
	return out
}

// apiListMeetings is GET /api/v1/meetings: upcoming meetings (or ?when=past), optionally for
// one ?board=.
func (s *Server) apiListMeetings(c *fiber.Ctx) error {
	q := models.MeetingQuery{Board: c.Query("board"), Past: c.Query("when") == "past", Page: c.QueryInt("page", 1),
		Limit: c.QueryInt("per_page", 20)}
	page, err := models.ListMeetings(c.UserContext(), s.db, q, s.now(c))
	if err != nil {
		return err
	}
	out := make([]meetingJSON, len(page.Meetings))
	for n := range page.Meetings {
		out[n] = s.meetingJSON(&page.Meetings[n])
	}
	return c.JSON(fiber.Map{"meetings": out, "page": page.Page, "per_page": page.PerPage, "total": page.Total})
}

// apiShowMeeting is GET /api/v1/meetings/:id: the meeting with its agenda items, each with
// its linked ideas and the actions raised at it; minutes once published.
func (s *Server) apiShowMeeting(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	m, err := models.MeetingByID(ctx, s.db, id)
	if err != nil {
		return err
	}
	items, err := models.Agenda(ctx, s.db, id, userID(c))
	if err != nil {
		return err
	}
	raised, err := models.ActionsRaisedAt(ctx, s.db, id)
	if err != nil {
		return err
	}
	type detail struct {
		meetingJSON
		Attendees   []string         `json:"attendees"`
		Apologies   []string         `json:"apologies"`
		Minutes     *string          `json:"minutes"`
		MinutesCy   *string          `json:"minutes_cy,omitempty"`
		AgendaItems []agendaItemJSON `json:"agenda_items"`
		Actions     []actionJSON     `json:"actions"`
	}
	out := detail{meetingJSON: s.meetingJSON(m), Attendees: orEmpty(m.AttendeeList()), Apologies: orEmpty(m.ApologyList()),
		AgendaItems: []agendaItemJSON{}, Actions: s.actionsJSON(raised)}
	if m.Status == models.MeetingMinutesPublished {
		out.Minutes = &m.Minutes
		if m.MinutesCy != "" {
			out.MinutesCy = &m.MinutesCy
		}
	}
	for _, it := range items {
		ij := agendaItemJSON{ID: it.ID, Position: it.Position, Title: it.Title, TitleCy: it.TitleCy,
			Description: it.Description, DescriptionCy: it.DescriptionCy, Presenters: it.Presenters,
			DurationMinutes: it.DurationMinutes, Outcome: it.Outcome, OutcomeCy: it.OutcomeCy,
			Ideas: []ideaJSON{}, Actions: s.actionsJSON(it.Actions)}
		for _, idea := range it.Ideas {
			if idea.HiddenAt == nil {
				ij.Ideas = append(ij.Ideas, s.ideaJSON(c, idea))
			}
		}
		out.AgendaItems = append(out.AgendaItems, ij)
	}
	return c.JSON(out)
}

func orEmpty(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// apiListActions is GET /api/v1/actions: the action log, filtered by board, status, owner and
// overdue.
func (s *Server) apiListActions(c *fiber.Ctx) error {
	page, err := models.ListActions(c.UserContext(), s.db, actionQuery(c), s.now(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"actions": s.actionsJSON(page.Actions), "page": page.Page, "per_page": page.PerPage,
		"total": page.Total})
}

// apiShowAction is GET /api/v1/actions/:id: the action with its updates and linked ideas.
func (s *Server) apiShowAction(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	a, err := models.ActionByID(c.UserContext(), s.db, id, userID(c))
	if err != nil {
		return err
	}
	type updateJSON struct {
		Body      string      `json:"body"`
		BodyCy    string      `json:"body_cy,omitempty"`
		From      string      `json:"status_from"`
		To        string      `json:"status_to"`
		By        *personJSON `json:"by"`
		CreatedAt string      `json:"created_at"`
	}
	type detail struct {
		actionJSON
		Updates []updateJSON `json:"updates"`
		Ideas   []int64      `json:"ideas"`
	}
	out := detail{actionJSON: s.actionJSON(&a.ActionListing), Updates: []updateJSON{}, Ideas: []int64{}}
	for _, u := range a.Updates {
		uj := updateJSON{Body: u.Body, BodyCy: u.BodyCy, From: u.StatusFrom, To: u.StatusTo, CreatedAt: rfc3339(u.CreatedAt)}
		if u.Author != nil {
			uj.By = &personJSON{Handle: u.Author.Handle, Name: u.Author.Name}
		}
		out.Updates = append(out.Updates, uj)
	}
	for _, idea := range a.Ideas {
		if idea.HiddenAt == nil {
			out.Ideas = append(out.Ideas, idea.ID)
		}
	}
	return c.JSON(out)
}

// ideaAgendaJSON is where an idea went, for the idea's detail in the API.
type ideaAgendaJSON struct {
	MeetingID    int64     `json:"meeting_id"`
	MeetingTitle string    `json:"meeting_title"`
	Board        boardJSON `json:"board"`
	StartsAt     string    `json:"starts_at"`
	MeetingURL   string    `json:"meeting_url"`
	Position     int       `json:"position"`
	Title        string    `json:"title"`
	Outcome      string    `json:"outcome"`
	OutcomeCy    string    `json:"outcome_cy,omitempty"`
}

func (s *Server) ideaAgendaJSON(links []models.AgendaLink) []ideaAgendaJSON {
	out := []ideaAgendaJSON{}
	for _, l := range links {
		out = append(out, ideaAgendaJSON{MeetingID: l.MeetingID, MeetingTitle: l.MeetingTitle,
			Board: boardJSON{Slug: l.BoardSlug, Name: l.BoardName, NameCy: l.BoardNameCy}, StartsAt: rfc3339(l.StartsAt),
			MeetingURL: s.cfg.BaseURL + "/meetings/" + strconv.FormatInt(l.MeetingID, 10), Position: l.Position,
			Title: l.Title, Outcome: l.Outcome, OutcomeCy: l.OutcomeCy})
	}
	return out
}
