package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// reportContent records a member's report on an idea or comment (the route says which).
func (s *Server) reportContent(subjectType string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := parseID(c, "id")
		if err != nil {
			return err
		}
		ctx := c.UserContext()
		errs, err := models.ReportContent(ctx, s.db, currentUser(c), subjectType, id, c.FormValue("reason"), s.cfg.ReportThreshold)
		if err != nil {
			return err
		}
		ideaID := id
		if subjectType == models.SubjectComment {
			comment, err := models.CommentByID(ctx, s.db, id)
			if err != nil {
				return err
			}
			ideaID = comment.IdeaID
		}
		if errs.Any() {
			data, err := s.ideaPageFor(c, ideaID)
			if err != nil {
				return err
			}
			data["Errors"] = s.translateErrors(c, errs)
			data["ReportFor"] = subjectType + "-" + strconv.FormatInt(id, 10)
			return s.render(c, fiber.StatusUnprocessableEntity, "ideas/show", data)
		}
		s.flash(c, "flash.reported")
		return c.Redirect("/ideas/"+strconv.FormatInt(ideaID, 10), fiber.StatusSeeOther)
	}
}

// moderationQueue is /moderation: everything reported, most reported first.
func (s *Server) moderationQueue(c *fiber.Ctx) error {
	items, err := models.ModerationQueue(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "moderation/index", fiber.Map{"Items": items, "Errors": map[string]string{}})
}

// moderate hides or restores an idea or comment with a reason, or dismisses its reports.
func (s *Server) moderate(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		subjectType := c.FormValue("subject_type")
		id, err := strconv.ParseInt(c.FormValue("subject_id"), 10, 64)
		if err != nil || (subjectType != models.SubjectIdea && subjectType != models.SubjectComment) {
			return models.ErrNotFound
		}
		var errs models.Errors
		switch action {
		case "dismiss":
			err = models.DismissReports(ctx, s.db, currentUser(c), subjectType, id)
		default:
			errs, err = models.Moderate(ctx, s.db, currentUser(c), subjectType, id, action == "hide", c.FormValue("reason"))
		}
		if err != nil {
			return err
		}
		if errs.Any() {
			items, err := models.ModerationQueue(ctx, s.db)
			if err != nil {
				return err
			}
			return s.render(c, fiber.StatusUnprocessableEntity, "moderation/index", fiber.Map{
				"Items": items, "Errors": s.translateErrors(c, errs),
				"ErrorFor": subjectType + "-" + strconv.FormatInt(id, 10),
			})
		}
		s.flash(c, "flash.moderated."+action)
		return c.Redirect(sitePath(c.FormValue("next"), "/"), fiber.StatusSeeOther)
	}
}
