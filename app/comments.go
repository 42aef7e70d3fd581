package app

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// createComment adds a comment or reply; on a validation failure the idea page is shown again
// with the message beside the comment box and the text kept.
func (s *Server) createComment(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	in := models.CommentInput{Body: c.FormValue("body"), Lang: currentLang(c)}
	if p := c.FormValue("parent_id"); p != "" {
		pid, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return &httpError{status: fiber.StatusUnprocessableEntity, key: "error.parent_id.unknown"}
		}
		in.ParentID = &pid
	}
	comment, errs, err := models.CreateComment(c.UserContext(), s.db, id, currentUser(c).ID, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		data, err := s.ideaPage(c)
		if err != nil {
			return err
		}
		data["Errors"] = s.translateErrors(c, errs)
		data["Form"] = fiber.Map{"body": in.Body, "parent_id": c.FormValue("parent_id")}
		return s.render(c, fiber.StatusUnprocessableEntity, "ideas/show", data)
	}
	s.flash(c, "flash.comment_added")
	return c.Redirect(fmt.Sprintf("/ideas/%d#comment-%d", id, comment.ID), fiber.StatusSeeOther)
}

// editCommentForm shows a comment's text for its author to change.
func (s *Server) editCommentForm(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	comment, err := models.CommentByID(c.UserContext(), s.db, id)
	if err != nil {
		return err
	}
	if !comment.EditableBy(currentUser(c), s.now(c)) {
		return &httpError{status: fiber.StatusForbidden, key: "error.comment_not_editable"}
	}
	return s.render(c, fiber.StatusOK, "comments/edit", fiber.Map{
		"Comment": comment, "Form": fiber.Map{"body": comment.Body}, "Errors": map[string]string{},
	})
}

// updateComment saves an edit.
func (s *Server) updateComment(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	body := c.FormValue("body")
	comment, errs, err := models.UpdateComment(c.UserContext(), s.db, currentUser(c), id, body)
	if err != nil {
		if err == models.ErrForbidden {
			return &httpError{status: fiber.StatusForbidden, key: "error.comment_not_editable"}
		}
		return err
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "comments/edit", fiber.Map{
			"Comment": comment, "Form": fiber.Map{"body": body}, "Errors": s.translateErrors(c, errs),
		})
	}
	s.flash(c, "flash.comment_updated")
	return c.Redirect(fmt.Sprintf("/ideas/%d#comment-%d", comment.IdeaID, comment.ID), fiber.StatusSeeOther)
}

// deleteComment removes the author's own comment from view.
func (s *Server) deleteComment(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	comment, err := models.DeleteComment(c.UserContext(), s.db, currentUser(c), id)
	if err != nil {
		return err
	}
	s.flash(c, "flash.comment_deleted")
	return c.Redirect(fmt.Sprintf("/ideas/%d#comments", comment.IdeaID), fiber.StatusSeeOther)
}

// supportComment is the form post behind a comment's support button: support=1 adds the
// reader's support, support=0 removes it. It returns to the comment on the idea's page.
func (s *Server) supportComment(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	comment, err := models.CommentByID(c.UserContext(), s.db, id)
	if err != nil {
		return err
	}
	on := c.FormValue("support") != "0"
	if _, _, err := models.SetCommentSupport(c.UserContext(), s.db, currentUser(c), id, on); err != nil {
		return err
	}
	if on {
		s.flash(c, "flash.comment_supported")
	} else {
		s.flash(c, "flash.comment_unsupported")
	}
	return c.Redirect(fmt.Sprintf("/ideas/%d#comment-%d", comment.IdeaID, comment.ID), fiber.StatusSeeOther)
}

// apiSetCommentSupport is PUT (support) and DELETE (remove the support) on
// /api/v1/comments/:id/support.
func (s *Server) apiSetCommentSupport(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	supported, count, err := models.SetCommentSupport(c.UserContext(), s.db, currentUser(c), id, c.Method() == fiber.MethodPut)
	if err != nil {
		return err
	}
	// As for votes: beyond supported and supports, the button's new words and a message for
	// the page's live region, in the reader's language.
	lang := currentLang(c)
	label, message := s.tr.N(lang, "comments.support_add", count), s.tr.T(lang, "flash.comment_unsupported")
	if supported {
		label, message = s.tr.N(lang, "comments.support_remove", count), s.tr.T(lang, "flash.comment_supported")
	}
	return c.JSON(fiber.Map{"supported": supported, "supports": count, "label": label, "message": message})
}
