package app

import (
	"bytes"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/sync/singleflight"

	"github.com/syniad/syniad/models"
)

// Pages for visitors who are not signed in are the same for all of them, so the service keeps
// each one as rendered and serves it again until the site's version (models.SiteVersion)
// moves: the first write to anything a page shows, on any instance, retires every kept page.
// Each instance hears of the version moving by LISTEN (siteversion.go), so a public page during
// a rush of readers is a copy, with no query; while it cannot listen it asks the database the
// version on each request. Kept pages also expire after pageCacheTTL, a backstop for writes
// whose version was taken before they committed and heard of only while not listening.
//
// Only GET requests from browsers with no session cookie use it: someone signed in, or with a
// message waiting for them, always gets a page of their own. The CSRF token a kept page holds
// is swapped for the visitor's own.

const (
	pageCacheTTL      = 30 * time.Second
	pageCacheMaxBytes = 32 << 20 // past this the cache starts again
)

// csrfPlaceholder stands for the visitor's CSRF token in a kept page. Tokens are base64url,
// so this can never be one, nor appear in escaped page text.
var csrfPlaceholder = []byte("\x00csrf\x00")

type pageCache struct {
	mu      sync.Mutex
	entries map[string]*keptPage
	size    int
	flight  singleflight.Group // one render at a time per page and version
}

type keptPage struct {
	version     int64
	at          time.Time
	contentType string
	body        []byte
	hasToken    bool
}

func newPageCache() *pageCache { return &pageCache{entries: map[string]*keptPage{}} }

func (pc *pageCache) get(key string, version int64, now time.Time) *keptPage {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	p := pc.entries[key]
	if p == nil || p.version != version || now.Sub(p.at) > pageCacheTTL || now.Before(p.at) {
		return nil
	}
	return p
}

func (pc *pageCache) put(key string, p *keptPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if old := pc.entries[key]; old != nil {
		if old.version > p.version {
			return // a newer render got here first
		}
		pc.size -= len(old.body)
	}
	if pc.size+len(p.body) > pageCacheMaxBytes {
		clear(pc.entries)
		pc.size = 0
	}
	pc.entries[key] = p
	pc.size += len(p.body)
}

// anonCache serves kept pages to visitors who are not signed in, and keeps what it renders.
func (s *Server) anonCache(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet || currentUser(c) != nil || c.Cookies(sessionCookie) != "" ||
		c.Cookies(flashCookie) != "" {
		return c.Next()
	}
	version, live := s.version.current()
	if !live { // not listening for changes (siteversion.go): ask
		var err error
		if version, err = models.SiteVersion(c.UserContext(), s.db); err != nil {
			return err
		}
	}
	key := currentLang(c) + " " + c.OriginalURL()
	if p := s.pages.get(key, version, time.Now()); p != nil {
		return s.serveKept(c, p)
	}
	// Visitors who ask for the same page at once wait for one render: a rush of readers on a
	// page just changed makes one set of queries, not one each.
	rendered := false
	v, err, _ := s.pages.flight.Do(key+"\x00"+strconv.FormatInt(version, 10), func() (any, error) {
		rendered = true
		at := time.Now()
		if err := c.Next(); err != nil {
			return nil, err
		}
		return s.keep(c, key, version, at), nil
	})
	if rendered {
		return err
	}
	if p, _ := v.(*keptPage); err == nil && p != nil {
		return s.serveKept(c, p)
	}
	return c.Next() // the page could not be kept (or failed): render it for this visitor
}

// serveKept sends a kept page with the visitor's own CSRF token in it.
func (s *Server) serveKept(c *fiber.Ctx, p *keptPage) error {
	body := p.body
	if p.hasToken {
		body = bytes.ReplaceAll(body, csrfPlaceholder, []byte(s.csrfToken(c)))
	}
	c.Set(fiber.HeaderContentType, p.contentType)
	c.Response().SetBody(body)
	return nil
}

// keep stores the page just rendered, if it may be shared, and returns it (nil if not).
func (s *Server) keep(c *fiber.Ctx, key string, version int64, at time.Time) *keptPage {
	res := c.Response()
	if res.StatusCode() != fiber.StatusOK || len(res.Header.PeekCookie(sessionCookie)) > 0 {
		return nil
	}
	p := &keptPage{version: version, at: at, contentType: string(res.Header.ContentType()), body: bytes.Clone(res.Body())}
	if token, _ := c.Locals(ctxCSRF).(string); token != "" && bytes.Contains(p.body, []byte(token)) {
		p.body = bytes.ReplaceAll(p.body, []byte(token), csrfPlaceholder)
		p.hasToken = true
	}
	s.pages.put(key, p)
	return p
}

// bumpAfterWrite moves the site's version on once a write request is done, so that no page
// rendered while the write was committing is served again (see pageCache).
func (s *Server) bumpAfterWrite(c *fiber.Ctx) error {
	err := c.Next()
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return err
	}
	if currentUser(c) == nil {
		return err // only someone signed in can change what a page shows; a visitor writes nothing
	}
	version, berr := models.BumpSiteVersion(c.UserContext(), s.db)
	if berr != nil {
		s.warnDB("bump site version", berr)
		return err
	}
	s.version.advance(version) // this instance at once; the others when they hear it
	return err
}
