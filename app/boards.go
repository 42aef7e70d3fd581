package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// listBoards is /boards: every board, with a form for staff to add one.
func (s *Server) listBoards(c *fiber.Ctx) error {
	return s.renderBoards(c, fiber.StatusOK, nil, models.BoardInput{})
}

func (s *Server) renderBoards(c *fiber.Ctx, status int, errs models.Errors, form models.BoardInput) error {
	boards, err := models.ListBoards(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.render(c, status, "boards/index", fiber.Map{"Boards": boards, "Form": form, "Errors": s.translateErrors(c, errs)})
}

func boardInput(c *fiber.Ctx) models.BoardInput {
	return models.BoardInput{Slug: c.FormValue("slug"), Name: c.FormValue("name"), NameCy: c.FormValue("name_cy"),
		Description: c.FormValue("description"), DescriptionCy: c.FormValue("description_cy"), RefPrefix: c.FormValue("ref_prefix")}
}

// createBoard adds a board.
func (s *Server) createBoard(c *fiber.Ctx) error {
	in := boardInput(c)
	b, errs, err := models.SaveBoard(c.UserContext(), s.db, currentUser(c), 0, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderBoards(c, fiber.StatusUnprocessableEntity, errs, in)
	}
	s.flash(c, "flash.board_saved")
	return c.Redirect("/boards/"+b.Slug, fiber.StatusSeeOther)
}

// showBoard is a board's page: its meetings and its open actions.
func (s *Server) showBoard(c *fiber.Ctx) error {
	ctx := c.UserContext()
	b, err := models.BoardBySlug(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	now := s.now(c)
	upcoming, err := models.ListMeetings(ctx, s.db, models.MeetingQuery{Board: b.Slug, Limit: 10}, now)
	if err != nil {
		return err
	}
	past, err := models.ListMeetings(ctx, s.db, models.MeetingQuery{Board: b.Slug, Past: true, Limit: 10}, now)
	if err != nil {
		return err
	}
	open, err := models.ListActions(ctx, s.db, models.ActionQuery{Board: b.Slug, Open: true, PerPage: 100}, now)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "boards/show", fiber.Map{"Board": b, "Upcoming": upcoming.Meetings,
		"Past": past.Meetings, "OpenActions": open.Actions})
}

// editBoardForm shows a board's fields for editing.
func (s *Server) editBoardForm(c *fiber.Ctx) error {
	b, err := models.BoardBySlug(c.UserContext(), s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "boards/edit", fiber.Map{"Board": b, "Errors": map[string]string{},
		"Form": models.BoardInput{Slug: b.Slug, Name: b.Name, NameCy: b.NameCy, Description: b.Description,
			DescriptionCy: b.DescriptionCy, RefPrefix: b.RefPrefix}})
}

// updateBoard saves a board's changes.
func (s *Server) updateBoard(c *fiber.Ctx) error {
	ctx := c.UserContext()
	old, err := models.BoardBySlug(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	in := boardInput(c)
	b, errs, err := models.SaveBoard(ctx, s.db, currentUser(c), old.ID, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "boards/edit", fiber.Map{"Board": old,
			"Errors": s.translateErrors(c, errs), "Form": in})
	}
	s.flash(c, "flash.board_saved")
	return c.Redirect("/boards/"+b.Slug, fiber.StatusSeeOther)
}
