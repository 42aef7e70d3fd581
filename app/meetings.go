package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// listMeetings is /meetings: upcoming meetings, soonest first, then past ones, latest first.
func (s *Server) listMeetings(c *fiber.Ctx) error {
	ctx := c.UserContext()
	now := s.now(c)
	board := c.Query("board")
	upcoming, err := models.ListMeetings(ctx, s.db, models.MeetingQuery{Board: board, Limit: 50}, now)
	if err != nil {
		return err
	}
	past, err := models.ListMeetings(ctx, s.db, models.MeetingQuery{Board: board, Past: true, Page: c.QueryInt("page", 1)}, now)
	if err != nil {
		return err
	}
	boards, err := models.ListBoards(ctx, s.db)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "meetings/index", fiber.Map{"Upcoming": upcoming, "Past": past,
		"Boards": boards, "Board": board})
}

// showMeeting is a meeting's page: its details, agenda with the ideas each item takes up and
// their outcomes, the actions raised, and the board's action log as it stood at the start.
func (s *Server) showMeeting(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	data, err := s.meetingPage(c, id)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "meetings/show", data)
}

func (s *Server) meetingPage(c *fiber.Ctx, id int64) (fiber.Map, error) {
	ctx := c.UserContext()
	m, err := models.MeetingByID(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	items, err := models.Agenda(ctx, s.db, id, userID(c))
	if err != nil {
		return nil, err
	}
	raised, err := models.ActionsRaisedAt(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	review, err := models.ActionLogAt(ctx, s.db, m.BoardID, m.StartsAt, m.ID)
	if err != nil {
		return nil, err
	}
	user := currentUser(c)
	return fiber.Map{"Meeting": m, "Items": items, "Raised": raised, "Review": review,
		"ShowMinutes":  m.Status == models.MeetingMinutesPublished || user.Can(models.RoleStaff),
		"NextStatuses": models.NextMeetingStatuses(m.Status), "Errors": map[string]string{},
		"ItemForm": models.AgendaItemInput{}}, nil
}

// meetingInput reads the meeting form.
func meetingInput(c *fiber.Ctx) models.MeetingInput {
	boardID, _ := strconv.ParseInt(c.FormValue("board_id"), 10, 64)
	return models.MeetingInput{BoardID: boardID, Title: c.FormValue("title"), TitleCy: c.FormValue("title_cy"),
		Description: c.FormValue("description"), DescriptionCy: c.FormValue("description_cy"), Date: dateParts(c, "date"),
		StartTime: c.FormValue("start_time"), EndTime: c.FormValue("end_time"), Location: c.FormValue("location"),
		LocationCy: c.FormValue("location_cy"),
		Postcode:   c.FormValue("postcode"), OnlineURL: c.FormValue("online_url"), Attendees: c.FormValue("attendees"),
		Apologies: c.FormValue("apologies"), Minutes: c.FormValue("minutes"), MinutesCy: c.FormValue("minutes_cy")}
}

// dateParts reads a GOV.UK date field: name-day, name-month and name-year.
func dateParts(c *fiber.Ctx, name string) models.DateParts {
	return models.DateParts{Day: c.FormValue(name + "-day"), Month: c.FormValue(name + "-month"), Year: c.FormValue(name + "-year")}
}

// newMeetingForm shows the form for a meeting, for the board named in ?board= if any.
func (s *Server) newMeetingForm(c *fiber.Ctx) error {
	form := models.MeetingInput{StartTime: "10:00", EndTime: "12:00"}
	if slug := c.Query("board"); slug != "" {
		if b, err := models.BoardBySlug(c.UserContext(), s.db, slug); err == nil {
			form.BoardID = b.ID
		}
	}
	return s.renderMeetingForm(c, fiber.StatusOK, nil, nil, form)
}

func (s *Server) renderMeetingForm(c *fiber.Ctx, status int, m *models.Meeting, errs models.Errors, form models.MeetingInput) error {
	boards, err := models.ListBoards(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.render(c, status, "meetings/form", fiber.Map{"Meeting": m, "Boards": boards, "Form": form,
		"Errors": s.translateErrors(c, errs)})
}

// createMeeting adds a meeting.
func (s *Server) createMeeting(c *fiber.Ctx) error {
	in := meetingInput(c)
	m, errs, err := models.SaveMeeting(c.UserContext(), s.db, currentUser(c), 0, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderMeetingForm(c, fiber.StatusUnprocessableEntity, nil, errs, in)
	}
	s.flash(c, "flash.meeting_saved")
	return c.Redirect("/meetings/"+strconv.FormatInt(m.ID, 10), fiber.StatusSeeOther)
}

// editMeetingForm shows a meeting's fields, minutes included.
func (s *Server) editMeetingForm(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	m, err := models.MeetingByID(c.UserContext(), s.db, id)
	if err != nil {
		return err
	}
	return s.renderMeetingForm(c, fiber.StatusOK, m, nil, m.InputOf())
}

// updateMeeting saves a meeting's changes.
func (s *Server) updateMeeting(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	m, err := models.MeetingByID(ctx, s.db, id)
	if err != nil {
		return err
	}
	in := meetingInput(c)
	_, errs, err := models.SaveMeeting(ctx, s.db, currentUser(c), id, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderMeetingForm(c, fiber.StatusUnprocessableEntity, m, errs, in)
	}
	s.flash(c, "flash.meeting_saved")
	return c.Redirect("/meetings/"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}

// setMeetingStatus moves a meeting on: held, minutes published, cancelled, or back.
func (s *Server) setMeetingStatus(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	errs, err := models.SetMeetingStatus(c.UserContext(), s.db, currentUser(c), id, c.FormValue("status"), c.FormValue("reason"))
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.meetingPageWithErrors(c, id, errs, nil)
	}
	s.flash(c, "flash.meeting_status_saved")
	return c.Redirect("/meetings/"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}

// meetingPageWithErrors shows the meeting page again with what to fix in one of its forms.
func (s *Server) meetingPageWithErrors(c *fiber.Ctx, id int64, errs models.Errors, itemForm *models.AgendaItemInput) error {
	data, err := s.meetingPage(c, id)
	if err != nil {
		return err
	}
	data["Errors"] = s.translateErrors(c, errs)
	if itemForm != nil {
		data["ItemForm"] = *itemForm
	}
	return s.render(c, fiber.StatusUnprocessableEntity, "meetings/show", data)
}
