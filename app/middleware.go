package app

import (
	"errors"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"github.com/syniad/syniad/models"
)

// useClock puts the configured clock (tests only) in the request's context, where models.Now
// and so every rule that depends on the time reads it.
// It also tells models the site's address, for the links in the messages they write.
func (s *Server) useClock(c *fiber.Ctx) error {
	c.SetUserContext(models.WithSiteURL(c.UserContext(), s.cfg.BaseURL))
	if s.cfg.Clock != nil {
		c.SetUserContext(models.WithClock(c.UserContext(), s.cfg.Clock))
	}
	return c.Next()
}

// slowRequest is how long a request may take before it is always logged.
const slowRequest = 250 * time.Millisecond

// logRequests counts every request for /metrics and writes a structured log line for it:
// for every write, error and slow request, and for one in RequestLogSample of the others (the
// quick, successful reads, most of a public site's traffic), marked with the rate so that
// counts can be scaled back. Logging them all wrote 1.6 GB in one benchmark run.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler write the response now, so the log shows the real status.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	elapsed := time.Since(start)
	// Copies: Prometheus keeps label values for good, and Fiber reuses the bytes behind
	// c.Method() and the rest for the next request on the connection.
	route := strings.Clone(c.Route().Path)
	s.metrics.observe(strings.Clone(c.Method()), route, status, elapsed)
	read := c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead
	var attrs []any
	if every := s.cfg.RequestLogSample; every > 1 && read && status < 400 && elapsed < slowRequest {
		if s.readsSeen.Add(1)%uint64(every) != 0 {
			return nil
		}
		attrs = append(attrs, "sampled_1_in", every)
	}
	level := slog.LevelInfo
	switch {
	case status == fiber.StatusServiceUnavailable:
		level = slog.LevelWarn // turned away for now; a database outage is logged in summary
	case status >= 500:
		level = slog.LevelError
	}
	attrs = append(attrs,
		"request_id", c.Locals("requestid"),
		"method", c.Method(),
		"path", loggedPath(c.Path()),
		"route", route,
		"status", status,
		"duration_ms", float64(elapsed.Microseconds())/1000,
		"ip", s.clientIP(c),
	)
	if u := currentUser(c); u != nil {
		attrs = append(attrs, "user_id", u.ID)
	}
	s.log.Log(c.UserContext(), level, "request", attrs...)
	return nil
}

// loadUser reads the session and loads the signed-in user from the database on every request,
// so a granted or removed role, or a block, applies to existing sessions at once.
//
// A session someone signed in to is read with their account in one query (models.SessionUser,
// by the account its row is tied to at sign-in), and its data is decoded only if the request
// uses the session (currentSession): most pages need no more of it than its id, which signs
// their CSRF tokens.
func (s *Server) loadUser(c *fiber.Ctx) error {
	if key := c.Cookies(sessionCookie); key != "" {
		data, user, err := models.SessionUser(c.UserContext(), s.db, sessionTable, key, time.Now())
		if err != nil {
			return err
		}
		if user != nil {
			key = strings.Clone(key) // Fiber reuses the bytes after the request
			c.Locals(ctxSessionID, key)
			c.Locals(ctxSession, lazySession(func() (*session.Session, error) {
				s.storage.hold(key, data)
				return s.sessions.Get(c)
			}))
			if user.Deleted() {
				// A deleted account's sessions, on any device, end here (see models.DeleteAccount).
				return s.endSession(c)
			}
			c.Locals(ctxUser, user)
			return c.Next()
		}
	}
	sess, err := s.sessions.Get(c)
	if err != nil {
		return err
	}
	c.Locals(ctxSession, sess)
	if id, ok := sess.Get("user_id").(int64); ok {
		user, err := models.UserByID(c.UserContext(), s.db, id)
		switch {
		case errors.Is(err, models.ErrNotFound), err == nil && user.Deleted():
			sess.Destroy()
		case err != nil:
			return err
		default:
			c.Locals(ctxUser, user)
		}
	}
	return c.Next()
}

// endSession destroys the request's session and goes on with the request signed out.
func (s *Server) endSession(c *fiber.Ctx) error {
	sess, err := loadSession(c)
	if err != nil {
		return err
	}
	if err := sess.Destroy(); err != nil {
		return err
	}
	c.Locals(ctxSessionID, nil)
	return c.Next()
}

// lazySession loads the request's session when it is first used.
type lazySession func() (*session.Session, error)

// privateWhenSignedIn marks every answer to a signed-in request, page or API, as for that
// person only and not to be kept, whatever the handler set: it may hold what only they see.
func (s *Server) privateWhenSignedIn(c *fiber.Ctx) error {
	err := c.Next()
	if currentUser(c) != nil {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
	}
	return err
}

// language picks English or Welsh: an explicit ?lang= choice (remembered in a cookie and, for
// a signed-in user, on their account), then the user's saved choice, then the cookie, then
// the browser's Accept-Language.
func (s *Server) language(c *fiber.Ctx) error {
	user := currentUser(c)
	lang := ""
	if q := c.Query("lang"); validLanguage(q) {
		lang = ownLanguage(q)
		c.Cookie(&fiber.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HTTPOnly: true, Secure: s.cfg.Production(), SameSite: fiber.CookieSameSiteLaxMode})
		if user != nil && user.Locale != lang {
			if err := models.SetLocale(c.UserContext(), s.db, user.ID, lang); err != nil {
				return err
			}
			user.Locale = lang
		}
		if c.Method() == fiber.MethodGet && !isAPI(c) {
			// Drop the parameter so the address stays the page's own.
			return c.Redirect(sitePath(withoutQueryParam(sitePath(c.OriginalURL(), "/"), "lang"), "/"), fiber.StatusSeeOther)
		}
	} else if user != nil && validLanguage(user.Locale) {
		lang = user.Locale
	} else if ck := c.Cookies("lang"); validLanguage(ck) {
		lang = ownLanguage(ck)
	} else {
		lang = pickLanguage(c.Get(fiber.HeaderAcceptLanguage))
	}
	c.Locals(ctxLang, lang)
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	return c.Next()
}

// requireSignedIn lets anyone signed in through, blocked or not: a person's own account (what
// is held about them, downloading it, deleting it) stays theirs to manage after a block.
func (s *Server) requireSignedIn(c *fiber.Ctx) error {
	if currentUser(c) == nil {
		return s.requireMember(c) // which sends them to sign in
	}
	return c.Next()
}

// requireMember lets signed-in users through; anyone else is sent to sign in (or told 401 by
// the API). Blocked users may read but not write.
func (s *Server) requireMember(c *fiber.Ctx) error {
	user := currentUser(c)
	if user == nil {
		if isAPI(c) {
			return &httpError{status: fiber.StatusUnauthorized, key: "error.signed_out"}
		}
		if c.Method() == fiber.MethodGet {
			return c.Redirect("/login?next="+url.QueryEscape(sitePath(c.OriginalURL(), "/")), fiber.StatusSeeOther)
		}
		s.flash(c, "flash.sign_in_first")
		return c.Redirect("/login?next="+url.QueryEscape(refererPath(c)), fiber.StatusSeeOther)
	}
	if user.Blocked() {
		return &httpError{status: fiber.StatusForbidden, key: "error.blocked"}
	}
	return c.Next()
}

// requireRole lets through users holding role or a higher one.
func (s *Server) requireRole(role string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !currentUser(c).Can(role) {
			return &httpError{status: fiber.StatusForbidden, key: "error.forbidden"}
		}
		return c.Next()
	}
}

// securityHeaders sets the headers every response carries. The referrer policy keeps the
// origin on same-site posts, which Fiber's CSRF check needs over HTTPS.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")
	c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if s.cfg.Production() {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

func currentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(ctxUser).(*models.User)
	return u
}

// currentSession is the request's session, loaded now if loadUser left it for later. A
// session that cannot be loaded then (the database gone since loadUser read it) fails the
// request, as loadUser would have.
func currentSession(c *fiber.Ctx) *session.Session {
	sess, err := loadSession(c)
	if err != nil {
		panic(err) // recover turns it into the error page
	}
	return sess
}

func loadSession(c *fiber.Ctx) (*session.Session, error) {
	switch v := c.Locals(ctxSession).(type) {
	case *session.Session:
		return v, nil
	case lazySession:
		sess, err := v()
		if err != nil {
			return nil, err
		}
		c.Locals(ctxSession, sess)
		return sess, nil
	}
	return nil, nil
}

// currentLang is the language the language middleware chose; on the routes that run before
// it (feeds, open data files), errors still follow ?lang=, the cookie or Accept-Language.
func currentLang(c *fiber.Ctx) string {
	if l, ok := c.Locals(ctxLang).(string); ok {
		return l
	}
	if q := c.Query("lang"); validLanguage(q) {
		return ownLanguage(q)
	}
	if ck := c.Cookies("lang"); validLanguage(ck) {
		return ownLanguage(ck)
	}
	return pickLanguage(c.Get(fiber.HeaderAcceptLanguage))
}

func userID(c *fiber.Ctx) int64 {
	if u := currentUser(c); u != nil {
		return u.ID
	}
	return 0
}

func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") }

func withoutQueryParam(raw, key string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "/"
	}
	q := u.Query()
	q.Del(key)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

func parseID(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, models.ErrNotFound
	}
	return id, nil
}

// loggedPath is the path for the log, except where it carries a secret (a sign-in link's
// token): then the route, with :token in its place. By the path, not the route: a redirect
// made before routing (the language's) has the middleware's route.
func loggedPath(path string) string {
	if rest, ok := strings.CutPrefix(path, "/auth/email/"); ok && rest != "sent" && rest != "welcome" {
		return "/auth/email/:token"
	}
	return path
}
