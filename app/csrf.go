package app

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"

	"github.com/gofiber/fiber/v2"
)

// CSRF protection is a signed double-submit token. Each browser gets a random syniad_csrf
// cookie the first time a page needs a token; the token in forms (the _csrf field) and in
// scripts' X-CSRF-Token header is an HMAC of that cookie, and of the session id once someone
// has signed in, under the site's SECRET_KEY. Nothing is stored, so a page costs no database
// write, and every instance holding the same key accepts a token that any of them made.
// A request from another site cannot read the cookie to forge the token, and the cookie
// (SameSite=Lax) is not even sent with another site's posts; Sec-Fetch-Site is checked too.

const (
	csrfCookie    = "syniad_csrf"
	csrfCookieLen = 43 // 32 random bytes, base64url without padding
)

var errCSRF = errors.New("csrf: missing or wrong token")

// csrfToken is the token for this request's browser and session, setting the browser's
// cookie if it has none. Pages call it when they render; reads that show no form never do.
func (s *Server) csrfToken(c *fiber.Ctx) string {
	if t, ok := c.Locals(ctxCSRF).(string); ok {
		return t
	}
	seed := c.Cookies(csrfCookie)
	if !validCSRFCookie(seed) {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			panic(err) // crypto/rand does not fail on Linux
		}
		seed = base64.RawURLEncoding.EncodeToString(b[:])
		c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: seed, Path: "/", MaxAge: int(sessionLifetime.Seconds()),
			HTTPOnly: true, Secure: s.cfg.Production(), SameSite: fiber.CookieSameSiteLaxMode})
		// Later code in this request (and its checks) sees the new cookie.
		c.Request().Header.SetCookie(csrfCookie, seed)
	}
	t := s.signCSRF(seed, s.csrfSessionID(c))
	c.Locals(ctxCSRF, t)
	return t
}

// checkCSRF lets an unsafe request through only with the right token.
func (s *Server) checkCSRF(c *fiber.Ctx) error {
	seed := c.Cookies(csrfCookie)
	token := c.Get("X-CSRF-Token")
	if token == "" {
		token = c.FormValue("_csrf")
	}
	if !s.fetchSiteAllowed(c.Get("Sec-Fetch-Site")) || !validCSRFCookie(seed) || token == "" ||
		!hmac.Equal([]byte(token), []byte(s.signCSRF(seed, s.csrfSessionID(c)))) {
		return &httpError{status: fiber.StatusForbidden, key: "error.csrf", cause: errCSRF}
	}
	return c.Next()
}

// fetchSiteAllowed reads the browser's Sec-Fetch-Site header: a write from another site is
// refused, and so is one from another subdomain of the same site (same-site), which may be run
// by someone else, unless the operator allows it with CSRF_ALLOW_SAME_SITE. Browsers that do
// not send the header (absent) still need the token.
func (s *Server) fetchSiteAllowed(v string) bool {
	switch v {
	case "", "same-origin", "none":
		return true
	case "same-site":
		return s.cfg.CSRFAllowSameSite
	}
	return false
}

// csrfSessionID binds tokens to the session of someone signed in, so a token seen before
// signing in (or in someone else's session) does not work after.
func (s *Server) csrfSessionID(c *fiber.Ctx) string {
	if currentUser(c) == nil {
		return ""
	}
	if id, ok := c.Locals(ctxSessionID).(string); ok {
		return id
	}
	if sess := currentSession(c); sess != nil {
		return sess.ID()
	}
	return ""
}

func (s *Server) signCSRF(seed, sessionID string) string {
	mac := hmac.New(sha256.New, s.csrfKey)
	mac.Write([]byte(seed))
	mac.Write([]byte{0})
	mac.Write([]byte(sessionID))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func validCSRFCookie(v string) bool {
	if len(v) != csrfCookieLen {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil
}

// csrfKey derives the CSRF signing key from SECRET_KEY.
func csrfKey(cfg Config) []byte { return derivedKey(cfg, "csrf") }

// derivedKey is the signing key for one purpose ("csrf", "flash"), derived from SECRET_KEY so
// that a value signed for one purpose never passes for another. Development without a
// SECRET_KEY uses a key made from the database address, so instances sharing a database share
// keys there too; production refuses to start without SECRET_KEY.
func derivedKey(cfg Config, purpose string) []byte {
	secret := cfg.SecretKey
	if secret == "" {
		secret = "syniad development key\x00" + cfg.DatabaseURL
	}
	sum := sha256.Sum256([]byte("syniad " + purpose + "\x00" + secret))
	return sum[:]
}
