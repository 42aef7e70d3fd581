package app

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/sync/singleflight"

	"github.com/syniad/syniad/models"
)

// Pages that many people see alike are kept as rendered and served again until the site's
// version (models.SiteVersion) moves: the first write to anything a page shows, on any
// instance, retires every kept page. Each instance hears of the version moving by LISTEN
// (siteversion.go), so a page during a rush of readers is a copy, with no query; while it
// cannot listen it asks the database the version on each request. Kept pages also expire
// after pageCacheTTL, a backstop for writes whose version was taken before they committed and
// heard of only while not listening.
//
// Two audiences share kept pages, each its own copy:
//   - visitors: GET requests from browsers with no session cookie;
//   - members: people signed in who hold no role and are not blocked. Their pages differ
//     from each other only in their handle and CSRF token, which a kept page holds as
//     placeholders, except where a page shows what they did themselves: their vote, a
//     comment of theirs, a follow. A route says how to tell (ownView, in routes.go), and
//     such a member gets a page rendered for them, as does anyone with a role or a block.
//
// A page for members is rendered once for a stand-in member who is nobody in particular (no
// votes, no comments, a handle nobody can have), except API reads, which show no handle:
// those are rendered for the member asking and kept only if they showed nothing of theirs.
// Anyone with a message waiting (the flash cookie) gets a page of their own.

const (
	pageCacheTTL = 30 * time.Second
	// Past its size a cache starts again. Searches have a cache of their own: every new query
	// is a page, and a reader trying query after query must not push the site's pages out.
	pageCacheMaxBytes   = 24 << 20
	searchCacheMaxBytes = 8 << 20
)

// csrfPlaceholder stands for the reader's CSRF token in a kept page, handlePlaceholder for a
// member's handle. Tokens are base64url and handles [A-Za-z0-9_.-], so neither can ever be
// one, nor appear in escaped page text.
var (
	csrfPlaceholder   = []byte("\x00csrf\x00")
	handlePlaceholder = []byte("\x00handle\x00")
)

const (
	audienceVisitor = "visitor"
	audienceMember  = "member"
)

type pageCache struct {
	mu      sync.Mutex
	entries map[string]*keptPage
	size    int
	max     int
	flight  singleflight.Group // one render at a time per page and version
}

type keptPage struct {
	version     int64
	at          time.Time
	contentType string
	body        []byte
	parts       [][]byte // body cut at its placeholders (splitAtPlaceholders)
	holes       [][]byte
	// votesShown are the ideas whose "voted" an API page for members shows (all false when it
	// was kept): a member who voted for any of them gets a page of their own.
	votesShown []int64
}

func newPageCache(max int) *pageCache { return &pageCache{entries: map[string]*keptPage{}, max: max} }

// newStandInHandle is the handle of the stand-in member that pages for members are rendered
// for: random, so that it appears nowhere else in a page, and replaced by handlePlaceholder.
func newStandInHandle() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return "stand-in-" + hex.EncodeToString(b[:])
}

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
	if pc.size+len(p.body) > pc.max {
		clear(pc.entries)
		pc.size = 0
	}
	pc.entries[key] = p
	pc.size += len(p.body)
}

// ownView tells whether a page would show a member something of their own (so that they
// need a page rendered for them); nil for pages that never do.
type ownView func(c *fiber.Ctx, user *models.User) (bool, error)

// keptPages serves kept pages to visitors and members, and keeps what it renders for them.
func (s *Server) keptPages(own ownView) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet || c.Cookies(flashCookie) != "" || s.cfg.NoKeptPages {
			return c.Next()
		}
		user := currentUser(c)
		audience := audienceVisitor
		switch {
		case user == nil && c.Cookies(sessionCookie) == "":
		case user != nil && user.Role == models.RoleMember && !user.Blocked() && !user.Deleted():
			audience = audienceMember
			if own != nil {
				mine, err := own(c, user)
				if err != nil {
					return err
				}
				if mine {
					return c.Next()
				}
			}
		default:
			return c.Next()
		}
		return s.servePage(c, audience, user)
	}
}

func (s *Server) servePage(c *fiber.Ctx, audience string, user *models.User) error {
	version, live := s.version.current()
	if !live { // not listening for changes (siteversion.go): ask
		var err error
		if version, err = models.SiteVersion(c.UserContext(), s.db); err != nil {
			return err
		}
	}
	key := audience + " " + currentLang(c) + " " + c.OriginalURL()
	cache := s.pages
	if c.Query("q") != "" {
		cache = s.searches
	}
	if p := cache.get(key, version, time.Now()); p != nil {
		return s.serveKeptTo(c, p, user)
	}
	// Readers who ask for the same page at once wait for one render: a rush of readers on a
	// page just changed makes one set of queries, not one each.
	rendered := false
	v, err, _ := cache.flight.Do(key+"\x00"+strconv.FormatInt(version, 10), func() (any, error) {
		rendered = true
		at := time.Now()
		if err := s.renderToKeep(c, audience, user); err != nil {
			return nil, err
		}
		return s.keep(c, cache, key, version, at, user), nil
	})
	if rendered {
		if audience == audienceMember && !isAPI(c) {
			s.unStandIn(c, user)
		}
		return err
	}
	if p, _ := v.(*keptPage); err == nil && p != nil {
		return s.serveKeptTo(c, p, user)
	}
	return c.Next() // the page could not be kept (or failed): render it for this reader
}

// renderToKeep renders the page in hand: for members, a page is rendered for the stand-in
// (API reads excepted, see above), and the member's own handle then put in its place.
func (s *Server) renderToKeep(c *fiber.Ctx, audience string, user *models.User) error {
	if audience != audienceMember || isAPI(c) {
		return c.Next()
	}
	c.Locals(ctxUser, &models.User{ID: standInID, Handle: s.standIn, Role: models.RoleMember, Locale: user.Locale})
	defer c.Locals(ctxUser, user)
	return c.Next()
}

// unStandIn puts the member's handle in place of the stand-in's in the page just rendered.
func (s *Server) unStandIn(c *fiber.Ctx, user *models.User) {
	if body := c.Response().Body(); bytes.Contains(body, []byte(s.standIn)) {
		c.Response().SetBody(bytes.ReplaceAll(body, []byte(s.standIn), []byte(user.Handle)))
	}
}

// standInID is the stand-in member's user id, which no row has: they voted for nothing,
// wrote nothing and follow nothing.
const standInID = -1

// serveKeptTo sends a kept page with the reader's own CSRF token (and handle) in it, unless
// it shows votes and the member voted for one of those ideas.
func (s *Server) serveKeptTo(c *fiber.Ctx, p *keptPage, user *models.User) error {
	if user != nil && len(p.votesShown) > 0 {
		voted, err := models.VotedForAny(c.UserContext(), s.db, user.ID, p.votesShown)
		if err != nil {
			return err
		}
		if voted {
			return c.Next()
		}
	}
	// The page is written around its placeholders straight into the response's buffer.
	res := c.Response()
	res.ResetBody()
	for n, part := range p.parts {
		res.AppendBody(part)
		if n < len(p.holes) {
			if bytes.Equal(p.holes[n], csrfPlaceholder) {
				res.AppendBodyString(s.csrfToken(c))
			} else {
				res.AppendBodyString(user.Handle)
			}
		}
	}
	c.Set(fiber.HeaderContentType, p.contentType)
	return nil
}

// splitAtPlaceholders cuts a page at its placeholders: the text around them, and which
// placeholder each gap is (there is one gap fewer than parts). Both placeholders start with a
// NUL byte, which a page otherwise never holds (html/template and JSON escape it).
func splitAtPlaceholders(body []byte) (parts, holes [][]byte) {
	start := 0
	for from := 0; ; {
		n := bytes.IndexByte(body[from:], 0)
		if n < 0 {
			return append(parts, body[start:]), holes
		}
		n += from
		var hole []byte
		for _, ph := range [][]byte{csrfPlaceholder, handlePlaceholder} {
			if bytes.HasPrefix(body[n:], ph) {
				hole = ph
			}
		}
		if hole == nil {
			from = n + 1
			continue
		}
		parts, holes = append(parts, body[start:n]), append(holes, hole)
		start = n + len(hole)
		from = start
	}
}

// keep stores the page just rendered, if it may be shared, and returns it (nil if not).
func (s *Server) keep(c *fiber.Ctx, cache *pageCache, key string, version int64, at time.Time, user *models.User) *keptPage {
	res := c.Response()
	if res.StatusCode() != fiber.StatusOK || len(res.Header.PeekCookie(sessionCookie)) > 0 {
		return nil
	}
	p := &keptPage{version: version, at: at, contentType: string(res.Header.ContentType()), body: bytes.Clone(res.Body())}
	if shown, _ := c.Locals(ctxVotesShown).(*votesShown); shown != nil {
		if shown.any {
			return nil // the member's own votes are in it
		}
		p.votesShown = shown.ids
	}
	if token, _ := c.Locals(ctxCSRF).(string); token != "" && bytes.Contains(p.body, []byte(token)) {
		p.body = bytes.ReplaceAll(p.body, []byte(token), csrfPlaceholder)
	}
	if user != nil && bytes.Contains(p.body, []byte(s.standIn)) {
		p.body = bytes.ReplaceAll(p.body, []byte(s.standIn), handlePlaceholder)
	}
	p.parts, p.holes = splitAtPlaceholders(p.body)
	cache.put(key, p)
	return p
}

// votesShown records, while an API page renders, the ideas whose "voted" it shows.
type votesShown struct {
	ids []int64
	any bool // the reader voted for one of them
}

// noteVote records that the page in hand shows whether its reader voted for idea.
func noteVote(c *fiber.Ctx, idea int64, voted bool) {
	shown, _ := c.Locals(ctxVotesShown).(*votesShown)
	if shown == nil {
		shown = &votesShown{}
		c.Locals(ctxVotesShown, shown)
	}
	shown.ids = append(shown.ids, idea)
	shown.any = shown.any || voted
}

// ownIdeaView is the ownView of an idea's page and API read: the member voted for the idea,
// wrote it, follows it, commented on it or supported a comment on it.
func (s *Server) ownIdeaView(c *fiber.Ctx, user *models.User) (bool, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return true, nil // the handler says what is wrong, to this reader
	}
	return models.TouchedIdea(c.UserContext(), s.db, user.ID, id)
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
