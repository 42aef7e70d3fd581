package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// manageThemes lists the themes for the panel to edit, with a form for a new one.
func (s *Server) manageThemes(c *fiber.Ctx) error {
	return s.renderThemes(c, fiber.StatusOK, nil, fiber.Map{})
}

func (s *Server) renderThemes(c *fiber.Ctx, status int, errs models.Errors, form fiber.Map) error {
	themes, err := models.ListThemes(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.render(c, status, "triage/themes", fiber.Map{"Themes": themes, "Errors": s.translateErrors(c, errs), "Form": form})
}

func themeInput(c *fiber.Ctx) (models.ThemeInput, fiber.Map) {
	in := models.ThemeInput{Slug: c.FormValue("slug"), Name: c.FormValue("name"), NameCy: c.FormValue("name_cy"),
		Description: c.FormValue("description"), DescriptionCy: c.FormValue("description_cy")}
	return in, fiber.Map{"slug": in.Slug, "name": in.Name, "name_cy": in.NameCy, "description": in.Description, "description_cy": in.DescriptionCy}
}

// createTheme adds a theme.
func (s *Server) createTheme(c *fiber.Ctx) error {
	in, form := themeInput(c)
	_, errs, err := models.SaveTheme(c.UserContext(), s.db, currentUser(c), 0, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderThemes(c, fiber.StatusUnprocessableEntity, errs, form)
	}
	s.flash(c, "flash.theme_saved")
	return c.Redirect("/triage/themes", fiber.StatusSeeOther)
}

// editThemeForm shows one theme's fields for editing.
func (s *Server) editThemeForm(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	t, err := models.ThemeByID(c.UserContext(), s.db, id)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "triage/theme_edit", fiber.Map{"Theme": t, "Errors": map[string]string{},
		"Form": fiber.Map{"slug": t.Slug, "name": t.Name, "name_cy": t.NameCy, "description": t.Description, "description_cy": t.DescriptionCy}})
}

// updateTheme saves a theme's changes.
func (s *Server) updateTheme(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	in, form := themeInput(c)
	t, errs, err := models.SaveTheme(c.UserContext(), s.db, currentUser(c), id, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "triage/theme_edit", fiber.Map{
			"Theme": &models.Theme{ID: id, Name: in.Name}, "Errors": s.translateErrors(c, errs), "Form": form})
	}
	s.flash(c, "flash.theme_saved")
	return c.Redirect("/themes/"+t.Slug, fiber.StatusSeeOther)
}
