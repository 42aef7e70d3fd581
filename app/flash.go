package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// A flash message (the one-off "Your idea has been shared" on the next page) travels in a
// cookie signed with SECRET_KEY, not in the session: a visitor who is not signed in causes no
// stored row however often they post, and a signed-in person's message costs no write either.
// The signature keeps another site from putting words on our pages.

const (
	flashCookie   = "syniad_flash"
	flashLifetime = 10 * time.Minute
	flashKindKey  = "k" // a message id in the catalogues
	flashKindText = "t" // text already translated
)

// flash stores a one-off message, shown on the next page rendered.
func (s *Server) flash(c *fiber.Ctx, key string) { s.setFlash(c, flashKindKey, key) }

// flashText stores a one-off message that is already translated.
func (s *Server) flashText(c *fiber.Ctx, text string) { s.setFlash(c, flashKindText, text) }

func (s *Server) setFlash(c *fiber.Ctx, kind, value string) {
	c.Locals(ctxFlash, kind+value) // a page rendered by this same request shows it at once
	payload := base64.RawURLEncoding.EncodeToString([]byte(kind + value))
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: payload + "." + s.signFlash(payload), Path: "/",
		MaxAge: int(flashLifetime.Seconds()), HTTPOnly: true, Secure: s.cfg.Production(),
		SameSite: fiber.CookieSameSiteLaxMode})
}

// takeFlash returns the waiting message, translated, and forgets it.
func (s *Server) takeFlash(c *fiber.Ctx) string {
	raw, _ := c.Locals(ctxFlash).(string)
	if raw == "" {
		raw = s.readFlash(c.Cookies(flashCookie))
	}
	if c.Cookies(flashCookie) != "" || raw != "" {
		c.Locals(ctxFlash, "")
		c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
			Expires: time.Unix(0, 0), HTTPOnly: true, Secure: s.cfg.Production(), SameSite: fiber.CookieSameSiteLaxMode})
	}
	switch {
	case strings.HasPrefix(raw, flashKindKey+"flash."):
		return s.tr.T(currentLang(c), strings.TrimPrefix(raw, flashKindKey))
	case strings.HasPrefix(raw, flashKindText):
		return strings.TrimPrefix(raw, flashKindText)
	}
	return ""
}

// readFlash checks a flash cookie's signature and returns kind+value, or "".
func (s *Server) readFlash(cookie string) string {
	payload, mac, ok := strings.Cut(cookie, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.signFlash(payload))) {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return ""
	}
	return string(b)
}

func (s *Server) signFlash(payload string) string {
	m := hmac.New(sha256.New, s.flashKey)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// flashKey derives the flash cookies' signing key from SECRET_KEY, apart from the CSRF key.
func flashKey(cfg Config) []byte { return derivedKey(cfg, "flash") }
