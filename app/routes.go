package app

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"github.com/syniad/syniad/models"
)

// routes registers every route, grouped by who may use it. Each group's gate is attached to
// each of its routes explicitly (never by the order of Use calls), and every write passes the
// CSRF check after the gate, so a signed-out write is told to sign in (401 from the API)
// and a signed-in write without a token gets 403.
func (s *Server) routes(app *fiber.App) {
	// Infrastructure: no session, no CSRF, no request log.
	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/metrics", s.metrics.handler())
	app.Get("/assets/*", s.serveAsset)

	csrf := s.csrfMiddleware()
	app.Use(requestid.New(), s.logRequests, recover.New(), s.securityHeaders, s.loadUser, s.language,
		issueCSRFToken(csrf))

	public := gate{app: app, csrf: csrf}
	member := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.requireMember}, limit: s.limitWrites}

	// Anyone.
	public.get("/", s.home)
	public.get("/consultations/:slug", s.showConsultation)
	public.get("/ideas", s.listIdeas)
	public.get("/ideas/new", s.requireMember, s.newIdeaForm) // the form itself needs a member
	public.get("/ideas/:id<int>", s.showIdea)
	public.get("/themes/:slug", s.showTheme)
	public.get("/login", s.loginPage)
	public.get("/auth/dev", s.devLoginForm)
	public.post("/auth/dev", s.devLogin)
	public.get("/auth/:provider", s.beginSignIn)
	public.get("/auth/:provider/callback", s.finishSignIn)
	public.post("/logout", s.logout)

	public.get("/api/v1/ideas", s.apiListIdeas)
	public.get("/api/v1/ideas/similar", s.apiSimilarIdeas)
	public.get("/api/v1/ideas/:id<int>", s.apiShowIdea)
	public.get("/api/v1/consultations", s.apiConsultations)
	public.get("/api/v1/themes", s.apiThemes)

	// Members: anyone signed in and not blocked.
	member.post("/ideas", s.createIdea)
	member.post("/ideas/:id<int>/vote", s.voteOnIdea)
	member.post("/ideas/:id<int>/comments", s.createComment)
	member.get("/comments/:id<int>/edit", s.editCommentForm)
	member.post("/comments/:id<int>", s.updateComment)
	member.post("/comments/:id<int>/delete", s.deleteComment)

	member.post("/api/v1/ideas", s.apiCreateIdea)
	member.put("/api/v1/ideas/:id<int>/vote", s.apiSetVote)
	member.delete("/api/v1/ideas/:id<int>/vote", s.apiSetVote)
	member.post("/api/v1/ideas/:id<int>/comments", s.apiCreateComment)

	// Anything else is a 404 page (JSON under /api).
	app.Use(func(c *fiber.Ctx) error { return models.ErrNotFound })
}

// gate attaches one group's checks to each of its routes. Reads get the checks; writes get the
// checks, then the CSRF check, then the write rate limit.
type gate struct {
	app    *fiber.App
	csrf   fiber.Handler
	checks []fiber.Handler
	limit  fiber.Handler
}

func (g gate) chain(write bool, handlers []fiber.Handler) []fiber.Handler {
	out := append([]fiber.Handler{}, g.checks...)
	if write {
		out = append(out, g.csrf)
		if g.limit != nil {
			out = append(out, g.limit)
		}
	}
	return append(out, handlers...)
}

func (g gate) get(path string, h ...fiber.Handler)    { g.app.Get(path, g.chain(false, h)...) }
func (g gate) post(path string, h ...fiber.Handler)   { g.app.Post(path, g.chain(true, h)...) }
func (g gate) put(path string, h ...fiber.Handler)    { g.app.Put(path, g.chain(true, h)...) }
func (g gate) delete(path string, h ...fiber.Handler) { g.app.Delete(path, g.chain(true, h)...) }

// issueCSRFToken runs the CSRF middleware on safe requests only, so every page has a token to
// put in its forms; unsafe requests are checked inside their route's gate.
func issueCSRFToken(csrf fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
			return csrf(c)
		}
		return c.Next()
	}
}
