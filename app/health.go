package app

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz says the process is up.
func (s *Server) healthz(c *fiber.Ctx) error { return c.SendString("ok") }

// readyz says whether the database answers, for load balancers, and says no from the moment
// the service starts shutting down.
func (s *Server) readyz(c *fiber.Ctx) error {
	if s.stopping.draining.Load() {
		return c.Status(fiber.StatusServiceUnavailable).SendString("shutting down")
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	sqlDB, err := s.db.DB()
	if err == nil {
		err = sqlDB.PingContext(ctx)
	}
	if err != nil {
		s.warnDB("readiness check", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unreachable")
	}
	return c.SendString("ready")
}

// favicon answers browsers that ask for /favicon.ico without reading the page's icon link.
func (s *Server) favicon(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.Redirect(s.assets.URL("favicon.svg"), fiber.StatusMovedPermanently)
}

// serveAsset serves a file from public/ under its content-hashed URL, cached for a year.
func (s *Server) serveAsset(c *fiber.Ctx) error {
	asset := s.assets.ByURL(c.Path())
	if asset == nil {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, asset.ContentType)
	c.Set("X-Content-Type-Options", "nosniff")
	return c.Send(asset.Body)
}
