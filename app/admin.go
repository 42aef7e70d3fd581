package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// adminUsers is /admin: find users, change their roles, block and unblock them.
func (s *Server) adminUsers(c *fiber.Ctx) error {
	return s.renderAdmin(c, fiber.StatusOK, nil, "")
}

func (s *Server) renderAdmin(c *fiber.Ctx, status int, errs models.Errors, errorFor string) error {
	page, err := models.ListUsers(c.UserContext(), s.db, c.Query("q"), c.Query("role"), c.QueryInt("page", 1))
	if err != nil {
		return err
	}
	return s.render(c, status, "admin/index", fiber.Map{
		"Users": page.Users, "Total": page.Total, "Q": c.Query("q"), "Role": c.Query("role"),
		"Roles":  []string{models.RoleMember, models.RolePanel, models.RoleStaff, models.RoleAdmin},
		"Errors": s.translateErrors(c, errs), "ErrorFor": errorFor,
	})
}

// grantRole changes one user's role.
func (s *Server) grantRole(c *fiber.Ctx) error {
	handle := c.Params("handle")
	role := c.FormValue("role")
	if !models.ValidRole(role) {
		return s.renderAdmin(c, fiber.StatusUnprocessableEntity, models.Errors{"role": "error.role.invalid"}, handle)
	}
	actor := currentUser(c)
	if _, err := models.GrantRole(c.UserContext(), s.db, &actor.ID, handle, role); err != nil {
		return err
	}
	s.flash(c, "flash.role_changed")
	return c.Redirect(sitePath(c.FormValue("next"), "/"), fiber.StatusSeeOther)
}

// setBlocked blocks or unblocks one user.
func (s *Server) setBlocked(block bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		handle := c.Params("handle")
		_, errs, err := models.SetBlocked(c.UserContext(), s.db, currentUser(c), handle, block, c.FormValue("reason"))
		if err != nil {
			return err
		}
		if errs.Any() {
			return s.renderAdmin(c, fiber.StatusUnprocessableEntity, errs, handle)
		}
		if block {
			s.flash(c, "flash.blocked")
		} else {
			s.flash(c, "flash.unblocked")
		}
		return c.Redirect(sitePath(c.FormValue("next"), "/"), fiber.StatusSeeOther)
	}
}

// adminEvents is the whole public record, filtered by verb, actor and idea.
func (s *Server) adminEvents(c *fiber.Ctx) error {
	f := models.EventFilter{Verb: c.Query("verb"), Actor: c.Query("actor"), Page: c.QueryInt("page", 1),
		Viewer: currentUser(c)}
	if id := c.QueryInt("idea", 0); id > 0 {
		f.IdeaID = int64(id)
	}
	page, err := models.ListEvents(c.UserContext(), s.db, f)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "admin/events", fiber.Map{
		"Filter": f, "Page": page, "Verbs": models.EventVerbs,
		"HasNext": int64(page.Page*50) < page.Total,
	})
}
