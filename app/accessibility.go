package app

import "github.com/gofiber/fiber/v2"

// accessibilityStatement is /accessibility: how accessible the service is, how that was
// tested, what is not yet accessible, and whom to tell.
func (s *Server) accessibilityStatement(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "accessibility/statement", fiber.Map{})
}
