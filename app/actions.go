package app

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// actionQuery reads the action log's filters from the query string.
func actionQuery(c *fiber.Ctx) models.ActionQuery {
	return models.ActionQuery{Board: c.Query("board"), Status: c.Query("status"), Owner: c.Query("owner"),
		Overdue: c.Query("overdue") != "", Page: c.QueryInt("page", 1), PerPage: c.QueryInt("per_page", 50)}
}

// listActions is /actions: the action log, filtered by board, status, owner and overdue.
func (s *Server) listActions(c *fiber.Ctx) error {
	ctx := c.UserContext()
	q := actionQuery(c)
	page, err := models.ListActions(ctx, s.db, q, s.now(c))
	if err != nil {
		return err
	}
	boards, err := models.ListBoards(ctx, s.db)
	if err != nil {
		return err
	}
	owners, err := models.ActionOwners(ctx, s.db)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "actions/index", fiber.Map{"Page": page, "Query": q, "Boards": boards,
		"Owners": owners, "Statuses": models.ActionStatuses})
}

// showAction is one action: where it was raised, the ideas it follows up, and its progress.
func (s *Server) showAction(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return s.renderAction(c, fiber.StatusOK, id, nil, models.ActionUpdateInput{})
}

func (s *Server) renderAction(c *fiber.Ctx, status int, id int64, errs models.Errors, form models.ActionUpdateInput) error {
	a, err := models.ActionByID(c.UserContext(), s.db, id, userID(c))
	if err != nil {
		return err
	}
	if !currentUser(c).Can(models.RolePanel) {
		a.Ideas = visibleIdeas(a.Ideas) // the public does not see that a hidden idea exists
	}
	return s.render(c, status, "actions/show", fiber.Map{"Action": a, "NextStatuses": models.NextActionStatuses(a.Status),
		"Errors": s.translateErrors(c, errs), "Form": form, "IdeaValue": c.FormValue("idea")})
}

// visibleIdeas leaves out ideas hidden by moderators and ideas merged into others.
func visibleIdeas(ideas []*models.IdeaSummary) []*models.IdeaSummary {
	var out []*models.IdeaSummary
	for _, i := range ideas {
		if i.HiddenAt == nil && i.MergedIntoID == nil {
			out = append(out, i)
		}
	}
	return out
}

// actionInput reads the action form.
func actionInput(c *fiber.Ctx) (models.ActionInput, error) {
	boardID, _ := strconv.ParseInt(c.FormValue("board_id"), 10, 64)
	itemID, _ := strconv.ParseInt(c.FormValue("agenda_item_id"), 10, 64)
	in := models.ActionInput{BoardID: boardID, AgendaItemID: itemID, Description: c.FormValue("description"),
		DescriptionCy: c.FormValue("description_cy"), OwnerName: c.FormValue("owner_name"),
		OwnerHandle: c.FormValue("owner_handle"), Due: dateParts(c, "due")}
	for _, raw := range formValues(c, "idea") {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return in, &httpError{status: fiber.StatusBadRequest, key: "error.bad_request"}
		}
		in.IdeaIDs = append(in.IdeaIDs, id)
	}
	return in, nil
}

// newActionForm shows the form for an action, raised at an agenda item (?item=) or on its own
// for a board (?board=).
func (s *Server) newActionForm(c *fiber.Ctx) error {
	in := models.ActionInput{}
	if item, err := strconv.ParseInt(c.Query("item"), 10, 64); err == nil {
		in.AgendaItemID = item
	}
	if slug := c.Query("board"); slug != "" {
		if b, err := models.BoardBySlug(c.UserContext(), s.db, slug); err == nil {
			in.BoardID = b.ID
		}
	}
	return s.renderActionForm(c, fiber.StatusOK, nil, in, true)
}

// renderActionForm shows the new-action form. Raised at an item, the form offers the item's
// ideas (all ticked at first); on its own, it offers the boards.
func (s *Server) renderActionForm(c *fiber.Ctx, status int, errs models.Errors, in models.ActionInput, fresh bool) error {
	ctx := c.UserContext()
	data := fiber.Map{"Form": in, "Errors": s.translateErrors(c, errs), "Action": nil, "Checked": map[int64]bool{}}
	for _, id := range in.IdeaIDs {
		data["Checked"].(map[int64]bool)[id] = true
	}
	if in.AgendaItemID > 0 {
		item, m, err := models.AgendaItemByID(ctx, s.db, in.AgendaItemID)
		if err != nil {
			return err
		}
		items, err := models.Agenda(ctx, s.db, m.ID, userID(c))
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.ID == item.ID {
				ideas := visibleIdeas(it.Ideas) // only these can be linked to an action
				data["Ideas"] = ideas
				if fresh {
					for _, idea := range ideas {
						data["Checked"].(map[int64]bool)[idea.ID] = true
					}
				}
			}
		}
		data["Item"], data["Meeting"] = item, m
	} else {
		boards, err := models.ListBoards(ctx, s.db)
		if err != nil {
			return err
		}
		data["Boards"] = boards
	}
	return s.render(c, status, "actions/form", data)
}

// createAction raises an action.
func (s *Server) createAction(c *fiber.Ctx) error {
	in, err := actionInput(c)
	if err != nil {
		return err
	}
	a, errs, err := models.CreateAction(c.UserContext(), s.db, currentUser(c), in, s.now(c))
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderActionForm(c, fiber.StatusUnprocessableEntity, errs, in, false)
	}
	s.flashText(c, s.tr.T(currentLang(c), "flash.action_created", "Reference", a.Reference))
	return c.Redirect("/actions/"+strconv.FormatInt(a.ID, 10), fiber.StatusSeeOther)
}

// editActionForm shows an action's text, owner and due date for correction.
func (s *Server) editActionForm(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	a, err := models.ActionByID(c.UserContext(), s.db, id, userID(c))
	if err != nil {
		return err
	}
	in := models.ActionInput{Description: a.Description, DescriptionCy: a.DescriptionCy, OwnerName: a.OwnerName,
		OwnerHandle: a.OwnerHandle}
	if a.DueOn != nil {
		in.Due = models.DateParts{Day: strconv.Itoa(a.DueOn.Day()), Month: strconv.Itoa(int(a.DueOn.Month())),
			Year: strconv.Itoa(a.DueOn.Year())}
	}
	return s.render(c, fiber.StatusOK, "actions/form", fiber.Map{"Action": a, "Form": in, "Errors": map[string]string{}})
}

// updateAction saves corrections to an action.
func (s *Server) updateAction(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	a, err := models.ActionByID(ctx, s.db, id, userID(c))
	if err != nil {
		return err
	}
	in, err := actionInput(c)
	if err != nil {
		return err
	}
	errs, err := models.EditAction(ctx, s.db, currentUser(c), id, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "actions/form", fiber.Map{"Action": a, "Form": in,
			"Errors": s.translateErrors(c, errs)})
	}
	s.flash(c, "flash.action_saved")
	return c.Redirect("/actions/"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}

// addActionUpdate records progress, perhaps moving the action's status.
func (s *Server) addActionUpdate(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	in := models.ActionUpdateInput{Body: c.FormValue("body"), BodyCy: c.FormValue("body_cy"), Status: c.FormValue("status")}
	errs, err := models.AddActionUpdate(c.UserContext(), s.db, currentUser(c), id, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderAction(c, fiber.StatusUnprocessableEntity, id, errs, in)
	}
	s.flash(c, "flash.action_updated")
	return c.Redirect("/actions/"+strconv.FormatInt(id, 10)+"#progress", fiber.StatusSeeOther)
}

// linkActionIdea links an idea to the action (or, with action=remove, unlinks it).
func (s *Server) linkActionIdea(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	raw := strings.TrimPrefix(strings.TrimSpace(c.FormValue("idea")), "#")
	ideaID, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || ideaID <= 0 {
		return s.renderAction(c, fiber.StatusUnprocessableEntity, id, models.Errors{"idea": "error.idea.not_found"}, models.ActionUpdateInput{})
	}
	errs, err := models.LinkActionIdea(c.UserContext(), s.db, currentUser(c), id, ideaID, c.FormValue("action") != "remove")
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderAction(c, fiber.StatusUnprocessableEntity, id, errs, models.ActionUpdateInput{})
	}
	s.flash(c, "flash.action_ideas_saved")
	return c.Redirect("/actions/"+strconv.FormatInt(id, 10)+"#ideas", fiber.StatusSeeOther)
}
