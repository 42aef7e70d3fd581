package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// An idea's author may change its words for models.EditWindowMins after posting, and withdraw
// it at any time (models/idea_author.go has the rules).

// authorsIdea loads the idea at :id as it is shown.
func (s *Server) authorsIdea(c *fiber.Ctx) (*models.IdeaSummary, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, err
	}
	return models.IdeaByID(c.UserContext(), s.db, id, userID(c))
}

// editIdeaForm shows the idea's title and body for its author to change.
func (s *Server) editIdeaForm(c *fiber.Ctx) error {
	idea, err := s.authorsIdea(c)
	if err != nil {
		return err
	}
	if !idea.EditableBy(currentUser(c), s.now(c)) {
		return &httpError{status: fiber.StatusForbidden, key: "error.idea_not_editable"}
	}
	if !idea.ConsultationOpen {
		return &models.ConflictError{Key: models.ErrKeyConsultationClosed}
	}
	return s.render(c, fiber.StatusOK, "ideas/edit", fiber.Map{
		"Idea": idea, "Form": fiber.Map{"title": idea.Title, "body": idea.Body}, "Errors": map[string]string{},
	})
}

// updateIdea saves the author's edit, or shows the form again with what to fix (422).
func (s *Server) updateIdea(c *fiber.Ctx) error {
	idea, err := s.authorsIdea(c)
	if err != nil {
		return err
	}
	in := models.IdeaEdit{Title: c.FormValue("title"), Body: c.FormValue("body")}
	errs, err := models.EditIdea(c.UserContext(), s.db, currentUser(c), idea.ID, in)
	if err == models.ErrForbidden {
		return &httpError{status: fiber.StatusForbidden, key: "error.idea_not_editable"}
	}
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "ideas/edit", fiber.Map{
			"Idea": idea, "Form": fiber.Map{"title": in.Title, "body": in.Body}, "Errors": s.translateErrors(c, errs),
		})
	}
	s.flash(c, "flash.idea_edited")
	return c.Redirect("/ideas/"+strconv.FormatInt(idea.ID, 10), fiber.StatusSeeOther)
}

// withdrawIdeaForm asks the author to confirm, with an optional reason.
func (s *Server) withdrawIdeaForm(c *fiber.Ctx) error {
	idea, err := s.authorsIdea(c)
	if err != nil {
		return err
	}
	if !idea.WithdrawableBy(currentUser(c)) {
		return &httpError{status: fiber.StatusForbidden, key: "error.idea_not_withdrawable"}
	}
	return s.render(c, fiber.StatusOK, "ideas/withdraw", fiber.Map{
		"Idea": idea, "Form": fiber.Map{}, "Errors": map[string]string{},
	})
}

// withdrawIdea sets the author's idea to withdrawn: it stays in the record and takes no votes.
func (s *Server) withdrawIdea(c *fiber.Ctx) error {
	idea, err := s.authorsIdea(c)
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	errs, err := models.WithdrawIdea(c.UserContext(), s.db, currentUser(c), idea.ID, reason)
	if err == models.ErrForbidden {
		return &httpError{status: fiber.StatusForbidden, key: "error.idea_not_withdrawable"}
	}
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "ideas/withdraw", fiber.Map{
			"Idea": idea, "Form": fiber.Map{"reason": reason}, "Errors": s.translateErrors(c, errs),
		})
	}
	s.flash(c, "flash.idea_withdrawn")
	return c.Redirect("/ideas/"+strconv.FormatInt(idea.ID, 10), fiber.StatusSeeOther)
}
