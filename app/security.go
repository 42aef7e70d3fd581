package app

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// securityTxt is /.well-known/security.txt (RFC 9116): where to report a vulnerability. The
// address is CONTACT_EMAIL, the one the accessibility statement gives; without it there is no
// one to name, so the file is not there (404) rather than pointing nowhere. Expires is a year
// from the day it is asked for, as the RFC wants a date no more than a year ahead.
func (s *Server) securityTxt(c *fiber.Ctx) error {
	if s.cfg.ContactEmail == "" {
		return fiber.ErrNotFound
	}
	expires := s.now(c).UTC().Truncate(24*time.Hour).AddDate(1, 0, 0)
	var b strings.Builder
	b.WriteString("Contact: mailto:" + s.cfg.ContactEmail + "\n")
	b.WriteString("Expires: " + expires.Format(time.RFC3339) + "\n")
	b.WriteString("Preferred-Languages: en, cy\n")
	b.WriteString("Canonical: " + s.cfg.BaseURL + "/.well-known/security.txt\n")
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
	return c.SendString(b.String())
}
