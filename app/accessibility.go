package app

import "github.com/gofiber/fiber/v2"

// accessibilityStatement is /accessibility: how accessible the service is, how that was
// tested, what is not yet accessible, and whom to tell. The contact address and the name of
// the organisation come from the configuration; when either is empty the page words its
// sentences without it, in each language (Welsh cannot drop a default name into every
// sentence: the words around it change).
func (s *Server) accessibilityStatement(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "accessibility/statement", fiber.Map{
		"ContactEmail":     s.cfg.ContactEmail,
		"OrganisationName": s.cfg.OrganisationName,
	})
}
