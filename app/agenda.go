package app

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

func agendaItemInput(c *fiber.Ctx) models.AgendaItemInput {
	return models.AgendaItemInput{Title: c.FormValue("title"), TitleCy: c.FormValue("title_cy"),
		Description: c.FormValue("description"), DescriptionCy: c.FormValue("description_cy"),
		Presenters: c.FormValue("presenters"), Duration: c.FormValue("duration"),
		Outcome: c.FormValue("outcome"), OutcomeCy: c.FormValue("outcome_cy")}
}

// agendaItemFromPath loads the agenda item named in the path (:id) and its meeting.
func (s *Server) agendaItemFromPath(c *fiber.Ctx) (int64, *models.AgendaItem, *models.Meeting, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return 0, nil, nil, err
	}
	item, m, err := models.AgendaItemByID(c.UserContext(), s.db, id)
	return id, item, m, err
}

// meetingItemPath is where an item is shown: on its meeting's page.
func meetingItemPath(meetingID int64, position int) string {
	return "/meetings/" + strconv.FormatInt(meetingID, 10) + "#item-" + strconv.Itoa(position)
}

// addAgendaItem puts a new item at the end of a meeting's agenda.
func (s *Server) addAgendaItem(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	in := agendaItemInput(c)
	item, errs, err := models.AddAgendaItem(c.UserContext(), s.db, currentUser(c), id, in)
	if err != nil {
		return s.agendaError(c, id, err)
	}
	if errs.Any() {
		return s.meetingPageWithErrors(c, id, errs, &in)
	}
	s.flash(c, "flash.agenda_item_added")
	return c.Redirect(meetingItemPath(id, item.Position), fiber.StatusSeeOther)
}

// agendaError answers a failed agenda change: "the agenda is locked" becomes a message on the
// meeting page (409); other errors pass through to the error handler.
func (s *Server) agendaError(c *fiber.Ctx, meetingID int64, err error) error {
	var conflict *models.ConflictError
	if errors.As(err, &conflict) {
		data, perr := s.meetingPage(c, meetingID)
		if perr != nil {
			return perr
		}
		data["Conflict"] = s.tr.T(currentLang(c), conflict.Key)
		return s.render(c, fiber.StatusConflict, "meetings/show", data)
	}
	return err
}

// editAgendaItemForm shows an item's fields, its outcome included.
func (s *Server) editAgendaItemForm(c *fiber.Ctx) error {
	_, item, m, err := s.agendaItemFromPath(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "agenda/edit", fiber.Map{"Item": item, "Meeting": m, "Form": item.InputOf(),
		"Errors": map[string]string{}})
}

// updateAgendaItem saves an item; a new outcome goes into its ideas' histories.
func (s *Server) updateAgendaItem(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, item, m, err := s.agendaItemFromPath(c)
	if err != nil {
		return err
	}
	in := agendaItemInput(c)
	errs, err := models.UpdateAgendaItem(ctx, s.db, currentUser(c), id, in)
	if err != nil {
		return s.agendaError(c, m.ID, err)
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "agenda/edit", fiber.Map{"Item": item, "Meeting": m,
			"Form": in, "Errors": s.translateErrors(c, errs)})
	}
	s.flash(c, "flash.agenda_item_saved")
	return c.Redirect(meetingItemPath(m.ID, item.Position), fiber.StatusSeeOther)
}

// moveAgendaItem puts an item at another position.
func (s *Server) moveAgendaItem(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, _, m, err := s.agendaItemFromPath(c)
	if err != nil {
		return err
	}
	position, err := strconv.Atoi(c.FormValue("position"))
	if err != nil {
		return &httpError{status: fiber.StatusBadRequest, key: "error.bad_request"}
	}
	if err := models.MoveAgendaItem(ctx, s.db, currentUser(c), id, position); err != nil {
		return s.agendaError(c, m.ID, err)
	}
	s.flash(c, "flash.agenda_item_moved")
	return c.Redirect("/meetings/"+strconv.FormatInt(m.ID, 10)+"#agenda", fiber.StatusSeeOther)
}

// deleteAgendaItem takes an item off the agenda.
func (s *Server) deleteAgendaItem(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, _, m, err := s.agendaItemFromPath(c)
	if err != nil {
		return err
	}
	if err := models.DeleteAgendaItem(ctx, s.db, currentUser(c), id); err != nil {
		return s.agendaError(c, m.ID, err)
	}
	s.flash(c, "flash.agenda_item_removed")
	return c.Redirect("/meetings/"+strconv.FormatInt(m.ID, 10)+"#agenda", fiber.StatusSeeOther)
}

// agendaIdeasForm is "add ideas" for an agenda item: the board's shortlists, or a search.
func (s *Server) agendaIdeasForm(c *fiber.Ctx) error {
	return s.renderAgendaIdeas(c, fiber.StatusOK, nil)
}

func (s *Server) renderAgendaIdeas(c *fiber.Ctx, status int, errs models.Errors) error {
	ctx := c.UserContext()
	_, item, m, err := s.agendaItemFromPath(c)
	if err != nil {
		return err
	}
	search := c.Query("q")
	candidates, err := models.AgendaCandidates(ctx, s.db, item, m, search, userID(c))
	if err != nil {
		return err
	}
	items, err := models.Agenda(ctx, s.db, m.ID, userID(c))
	if err != nil {
		return err
	}
	var linked []*models.IdeaSummary
	for _, it := range items {
		if it.ID == item.ID {
			linked = it.Ideas
		}
	}
	return s.render(c, status, "agenda/ideas", fiber.Map{"Item": item, "Meeting": m, "Linked": linked,
		"Candidates": candidates, "Search": search, "Errors": s.translateErrors(c, errs)})
}

// linkAgendaIdeas puts the chosen ideas on an item.
func (s *Server) linkAgendaIdeas(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, _, m, err := s.agendaItemFromPath(c)
	if err != nil {
		return err
	}
	var ideaIDs []int64
	for _, raw := range formValues(c, "idea") {
		ideaID, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return &httpError{status: fiber.StatusBadRequest, key: "error.bad_request"}
		}
		ideaIDs = append(ideaIDs, ideaID)
	}
	errs, err := models.LinkAgendaIdeas(ctx, s.db, currentUser(c), id, ideaIDs)
	if err != nil {
		return s.agendaError(c, m.ID, err)
	}
	if errs.Any() {
		return s.renderAgendaIdeas(c, fiber.StatusUnprocessableEntity, errs)
	}
	s.flash(c, "flash.agenda_ideas_added")
	return c.Redirect("/agenda-items/"+strconv.FormatInt(id, 10)+"/ideas", fiber.StatusSeeOther)
}

// unlinkAgendaIdea takes one idea off an item.
func (s *Server) unlinkAgendaIdea(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	ideaID, err := parseID(c, "idea")
	if err != nil {
		return err
	}
	_, m, err := models.AgendaItemByID(ctx, s.db, id)
	if err != nil {
		return err
	}
	if err := models.UnlinkAgendaIdea(ctx, s.db, currentUser(c), id, ideaID); err != nil {
		return s.agendaError(c, m.ID, err)
	}
	s.flash(c, "flash.agenda_idea_removed")
	return c.Redirect(sitePath(c.FormValue("next"), "/"), fiber.StatusSeeOther)
}

// addIdeaToAgenda is the triage side: put this idea on a chosen agenda item.
func (s *Server) addIdeaToAgenda(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	itemID, err := strconv.ParseInt(c.FormValue("agenda_item_id"), 10, 64)
	form := fiber.Map{"agenda_item_id": c.FormValue("agenda_item_id")}
	if err != nil || itemID <= 0 {
		return s.ideaPageWithErrors(c, models.Errors{"agenda_item_id": "error.agenda_item_id.required"}, form)
	}
	errs, err := models.LinkAgendaIdeas(c.UserContext(), s.db, currentUser(c), itemID, []int64{id})
	var conflict *models.ConflictError
	if errors.As(err, &conflict) {
		return s.ideaPageWithErrors(c, models.Errors{"agenda_item_id": conflict.Key}, form)
	}
	if err == models.ErrNotFound {
		return s.ideaPageWithErrors(c, models.Errors{"agenda_item_id": "error.agenda_item_id.required"}, form)
	}
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.ideaPageWithErrors(c, models.Errors{"agenda_item_id": errs["idea"]}, form)
	}
	s.flash(c, "flash.idea_on_agenda")
	return c.Redirect("/ideas/"+strconv.FormatInt(id, 10)+"#where-it-went", fiber.StatusSeeOther)
}
