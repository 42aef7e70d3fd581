package app

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// Limits per client address on what costs the most to answer or to abuse: starting a sign-in
// and coming back from one, making an account, searching, looking for similar ideas and
// downloading; and per person on writes. Each is a token bucket in the database
// (models.TakeToken), so every instance shares it exactly. A request over a limit is 429 with
// Retry-After, and a page (or JSON) saying when to try again.

// Defaults for the limits, each set by its environment variable as COUNT/PERIOD.
var (
	defaultWriteLimit      = models.Limit{Count: 30, Per: time.Minute}
	defaultPanelWriteLimit = models.Limit{Count: 120, Per: time.Minute}
	defaultSignInLimit     = models.Limit{Count: 20, Per: time.Minute}
	defaultCallbackLimit   = models.Limit{Count: 20, Per: time.Minute}
	defaultSignUpLimit     = models.Limit{Count: 20, Per: time.Hour}
	defaultSearchLimit     = models.Limit{Count: 60, Per: time.Minute}
	defaultSimilarLimit    = models.Limit{Count: 60, Per: time.Minute}
	defaultDownloadLimit   = models.Limit{Count: 30, Per: 10 * time.Minute}
	// Sign-in links sent to one email address (the client's address has SignInLimit).
	defaultEmailSignInLimit = models.Limit{Count: 5, Per: time.Hour}
)

// tooMany is the answer to a request over a limit: key says what was limited, retry when a
// token comes back.
func tooMany(key string, retry time.Duration) *httpError {
	return &httpError{status: fiber.StatusTooManyRequests, key: key, retry: retry}
}

// retryAfterSeconds is Retry-After's value: whole seconds, rounded up, at least 1.
func retryAfterSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// retryText says when to try again, in seconds under two minutes and in minutes after.
func (s *Server) retryText(lang string, d time.Duration) string {
	secs := retryAfterSeconds(d)
	if secs < 120 {
		return s.tr.N(lang, "error.try_again_seconds", secs)
	}
	return s.tr.N(lang, "error.try_again_minutes", (secs+59)/60)
}

// takeToken takes a token from key's bucket, or answers with tooMany(message).
func takeToken(ctx context.Context, db *gorm.DB, key string, rate models.Limit, message string) error {
	ok, retry, err := models.TakeToken(ctx, db, key, rate)
	if err != nil {
		return err
	}
	if !ok {
		return tooMany(message, retry)
	}
	return nil
}

// perAddress limits a route by the client's address: kind names the bucket, message the
// explanation a refused request gets.
func (s *Server) perAddress(kind string, rate models.Limit, message string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.takeAddressToken(c, kind, rate, message); err != nil {
			return err
		}
		return c.Next()
	}
}

func (s *Server) takeAddressToken(c *fiber.Ctx, kind string, rate models.Limit, message string) error {
	if rate.Off() {
		return nil
	}
	return takeToken(c.UserContext(), s.db, kind+":ip:"+addressKey(s.clientIP(c)), rate, message)
}

// limitSearch limits idea lists that search (a q parameter); plain lists are cheap, and kept
// for visitors (see pagecache.go), so they are not counted.
func (s *Server) limitSearch(c *fiber.Ctx) error {
	if strings.TrimSpace(c.Query("q")) == "" {
		return c.Next()
	}
	if err := s.takeAddressToken(c, "search", s.cfg.SearchLimit, "error.too_many.search"); err != nil {
		return err
	}
	return c.Next()
}

// takeDownloadToken counts one download against the person, or signed out the address.
func (s *Server) takeDownloadToken(c *fiber.Ctx) error {
	if s.cfg.DownloadLimit.Off() {
		return nil
	}
	key := "download:ip:" + addressKey(s.clientIP(c))
	if u := currentUser(c); u != nil {
		key = "download:user:" + strconv.FormatInt(u.ID, 10)
	}
	return takeToken(c.UserContext(), s.db, key, s.cfg.DownloadLimit, "error.too_many.downloads")
}

// limitDownloads counts a download made in memory (a meeting pack). Streamed downloads take
// their token in streamDownload, once they have a place.
func (s *Server) limitDownloads(c *fiber.Ctx) error {
	if err := s.takeDownloadToken(c); err != nil {
		return err
	}
	return c.Next()
}

// limitWrites caps how many writes one person (signed out, one address) makes, with a token
// bucket in the database so every instance shares the count. The panel, staff and admins
// have a bigger bucket of their own (PanelWriteLimit): triage is many small saves.
func (s *Server) limitWrites(c *fiber.Ctx) error {
	if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
		return c.Next()
	}
	rate := models.Limit{Count: s.cfg.WriteLimit, Per: s.cfg.WriteLimitWindow}
	key := "write:ip:" + addressKey(s.clientIP(c))
	if u := currentUser(c); u != nil {
		key = "write:user:" + strconv.FormatInt(u.ID, 10)
		if u.Can(models.RolePanel) {
			rate = s.cfg.PanelWriteLimit
		}
	}
	if rate.Off() {
		return c.Next()
	}
	if err := takeToken(c.UserContext(), s.db, key, rate, "error.too_many.writes"); err != nil {
		return err
	}
	return c.Next()
}

// signInAs signs in the person with acct, first taking a token from the address's sign-up
// bucket if that makes a new account.
func (s *Server) signInAs(c *fiber.Ctx, acct models.ExternalAccount) (*models.User, error) {
	if !s.cfg.SignUpLimit.Off() {
		known, err := models.HasAccount(c.UserContext(), s.db, acct.Provider, acct.ProviderUserID)
		if err != nil {
			return nil, err
		}
		if !known {
			if err := s.takeAddressToken(c, "signup", s.cfg.SignUpLimit, "error.too_many.signup"); err != nil {
				var herr *httpError
				if errors.As(err, &herr) {
					herr.back = "/login"
				}
				return nil, err
			}
		}
	}
	return models.SignIn(c.UserContext(), s.db, acct)
}
