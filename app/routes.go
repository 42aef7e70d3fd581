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
	if s.cfg.PublicMetrics() {
		app.Get("/metrics", s.metrics.handler()) // otherwise on METRICS_ADDR, or not at all
	}
	app.Get("/assets/*", s.serveAsset)
	app.Get("/favicon.ico", s.favicon)

	csrf := s.checkCSRF
	app.Use(s.useClock, requestid.New(), s.logRequests, recover.New(), s.securityHeaders)

	// Where to report a vulnerability (RFC 9116): public, cacheable, no session.
	app.Get("/.well-known/security.txt", s.securityTxt)

	// Calendar feeds, polled by calendar programs: public, cacheable, so no session lookup and
	// no CSRF cookie (which would put a cookie on a shared response). They are registered
	// before the middleware below, which they never reach.
	app.Get("/meetings.ics", s.meetingsCalendar)
	app.Get("/meetings/:id<int>.ics", s.meetingCalendar)
	app.Get("/boards/:slug/meetings.ics", s.boardCalendar)

	// Atom feeds, polled by feed readers: public and cacheable for the same reasons. An unknown
	// slug is a plain 404.
	app.Get("/feeds/ideas.atom", s.siteIdeasFeed)
	app.Get("/consultations/:slug/ideas.atom", s.consultationIdeasFeed)
	app.Get("/themes/:slug/ideas.atom", s.themeIdeasFeed)
	app.Get("/feeds/status.atom", s.statusFeed) // ?consultation=slug for one consultation's
	app.Get("/feeds/actions.atom", s.actionsFeed)
	app.Get("/boards/:slug/actions.atom", s.boardActionsFeed)

	// Open data downloads: public, cacheable and streamed, like the feeds.
	app.Get("/open-data/ideas.csv", s.openDataFile("csv"))
	app.Get("/open-data/ideas.json", s.openDataFile("json"))

	// A body too large is refused here, once the page can show who is signed in and speak
	// their language, and before anything reads the body or counts a write.
	app.Use(s.loadUser, s.privateWhenSignedIn, s.language, s.refuseBody, s.bumpAfterWrite)

	public := gate{app: app, csrf: csrf}
	// Public pages and API reads that visitors who are not signed in share (see pagecache.go).
	cached := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.keptPages(nil)}}
	// An idea's page shows a member their vote, follow, comments and supports: a member who
	// has any of those on the idea gets a page of their own.
	cachedIdea := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.keptPages(s.ownIdeaView)}}
	// Idea lists, which search when asked (q): a search is limited per address before the
	// cache, since every new search is a page the cache has not kept.
	searched := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.limitSearch, s.keptPages(nil)}}
	signIn := s.perAddress("signin", s.cfg.SignInLimit, "error.too_many.signin")
	callback := s.perAddress("callback", s.cfg.CallbackLimit, "error.too_many.signin")
	similar := s.perAddress("similar", s.cfg.SimilarLimit, "error.too_many.similar")
	member := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.requireMember}, limit: s.limitWrites}
	panel := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.requireMember, s.requireRole(models.RolePanel)}, limit: s.limitWrites}
	staff := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.requireMember, s.requireRole(models.RoleStaff)}, limit: s.limitWrites}
	account := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.requireSignedIn}, limit: s.limitWrites}
	admin := gate{app: app, csrf: csrf, checks: []fiber.Handler{s.requireMember, s.requireRole(models.RoleAdmin)}, limit: s.limitWrites}

	// Anyone.
	cached.get("/", s.home)
	staff.get("/consultations/new", s.newConsultationForm)        // staff only: here so that :slug does not take it
	searched.get("/consultations/:slug", s.showConsultation)      // drafts only for staff, as a preview
	cached.get("/consultations/:slug/shortlist", s.showShortlist) // drafts only for the panel
	cached.get("/consultations/:slug/outcome", s.showOutcome)     // drafts only for staff, as a preview
	searched.get("/ideas", s.listIdeas)
	cachedIdea.get("/ideas/:id<int>", s.showIdea)
	searched.get("/themes/:slug", s.showTheme)
	cached.get("/boards", s.listBoards)
	cached.get("/boards/:slug", s.showBoard)
	cached.get("/meetings", s.listMeetings)
	cached.get("/meetings/:id<int>", s.showMeeting)
	cached.get("/actions", s.listActions)
	cached.get("/actions/:id<int>", s.showAction)
	cached.get("/open-data", s.openDataPage)
	cached.get("/accessibility", s.accessibilityStatement)
	cached.get("/privacy", s.privacyNotice)
	cached.get("/people/:handle", s.showPerson) // what someone wrote, never what they voted for
	public.get("/login", s.loginPage)
	public.get("/auth/dev", s.devLoginForm)
	public.get("/dev/mail", s.devMailbox) // development only, like /auth/dev
	public.post("/auth/dev", signIn, s.devLogin)
	public.post("/auth/email", signIn, s.requestEmailLink)
	public.get("/auth/email/sent", s.emailLinkSent)
	public.get("/auth/email/welcome", s.welcomeForm)
	public.post("/auth/email/welcome", s.createEmailAccount)
	public.get("/auth/email/:token", s.emailLinkPage) // shows a button; fetching it uses nothing up
	public.post("/auth/email/:token", callback, s.useEmailLink)
	public.get("/auth/:provider", signIn, s.beginSignIn)
	public.get("/auth/:provider/callback", callback, s.finishSignIn)
	public.post("/logout", s.logout)
	// A message's links to notification preferences work without signing in: the random token
	// in the URL is the authority, for that person's notification preferences only.
	tokenLimit := s.perAddress("notifytoken", s.cfg.SignInLimit, "error.too_many.signin")
	public.get("/notifications/:token", tokenLimit, s.tokenNotificationsForm)
	public.post("/notifications/:token", tokenLimit, s.saveTokenNotifications)
	// Unsubscribing is not limited per address: mail providers post one-click unsubscribes,
	// and scanners fetch links, for many of their users from a few addresses, and a token of
	// 256 random bits is not guessed by trying.
	public.get("/unsubscribe/:token", s.unsubscribePage)
	// One-click unsubscribe (RFC 8058) is posted by mail programs, with no cookie or CSRF
	// token: the one write without the CSRF check, and it can only turn messages off.
	app.Post("/unsubscribe/:token", s.unsubscribe)

	searched.get("/api/v1/ideas", s.apiListIdeas)
	public.get("/api/v1/ideas/similar", similar, s.apiSimilarIdeas)
	cachedIdea.get("/api/v1/ideas/:id<int>", s.apiShowIdea)
	cached.get("/api/v1/consultations", s.apiConsultations)
	cached.get("/api/v1/consultations/:slug", s.apiShowConsultation)
	cached.get("/api/v1/consultations/:slug/outcome", s.apiOutcome)
	cached.get("/api/v1/themes", s.apiThemes)
	cached.get("/api/v1/meetings", s.apiListMeetings)
	cached.get("/api/v1/meetings/:id<int>", s.apiShowMeeting)
	cached.get("/api/v1/actions", s.apiListActions)
	cached.get("/api/v1/actions/:id<int>", s.apiShowAction)

	// Their own account: anyone signed in, blocked or not (what is held about them stays
	// theirs to see, download and delete).
	account.get("/account", s.showAccount)
	account.get("/account/data.json", s.downloadAccountData)
	account.get("/account/delete", s.deleteAccountForm)
	account.post("/account/delete", s.deleteAccount)

	// Members: anyone signed in and not blocked.
	member.get("/ideas/new", s.newIdeaForm)
	member.post("/ideas", s.createIdea)
	member.post("/ideas/:id<int>/vote", s.voteOnIdea)
	member.get("/ideas/:id<int>/edit", s.editIdeaForm) // its author, for 30 minutes
	member.post("/ideas/:id<int>/edit", s.updateIdea)
	member.get("/ideas/:id<int>/withdraw", s.withdrawIdeaForm) // its author, at any time
	member.post("/ideas/:id<int>/withdraw", s.withdrawIdea)
	member.post("/ideas/:id<int>/follow", s.followIdea(true))
	member.post("/ideas/:id<int>/unfollow", s.followIdea(false))
	member.get("/account/notifications", s.notificationsForm)
	member.post("/account/notifications", s.saveNotifications)
	member.post("/ideas/:id<int>/comments", s.createComment)
	member.get("/comments/:id<int>/edit", s.editCommentForm)
	member.post("/comments/:id<int>", s.updateComment)
	member.post("/comments/:id<int>/delete", s.deleteComment)
	member.post("/comments/:id<int>/support", s.supportComment)
	member.put("/api/v1/comments/:id<int>/support", s.apiSetCommentSupport)
	member.delete("/api/v1/comments/:id<int>/support", s.apiSetCommentSupport)

	member.post("/api/v1/ideas", s.apiCreateIdea)
	member.put("/api/v1/ideas/:id<int>/vote", s.apiSetVote)
	member.delete("/api/v1/ideas/:id<int>/vote", s.apiSetVote)
	member.post("/api/v1/ideas/:id<int>/comments", s.apiCreateComment)
	member.post("/ideas/:id<int>/report", s.reportContent(models.SubjectIdea))
	member.post("/comments/:id<int>/report", s.reportContent(models.SubjectComment))

	// Panel: triage, themes, merging, the shortlist, moderation, exports and meeting packs.
	panel.get("/triage", s.triageQueue)
	panel.post("/triage/bulk", s.bulkTriage)
	panel.get("/triage/themes", s.manageThemes)
	panel.post("/triage/themes", s.createTheme)
	panel.get("/triage/themes/:id<int>/edit", s.editThemeForm)
	panel.post("/triage/themes/:id<int>", s.updateTheme)
	panel.post("/ideas/:id<int>/status", s.setIdeaStatus)
	panel.post("/ideas/:id<int>/themes", s.setIdeaTheme)
	panel.post("/ideas/:id<int>/merge", s.mergeIdea)
	panel.post("/ideas/:id<int>/shortlist", s.shortlistIdea)
	panel.post("/ideas/:id<int>/shortlist/delete", s.unshortlistIdea)
	panel.post("/consultations/:slug/shortlist/publish", s.publishShortlist)
	panel.post("/ideas/:id<int>/agenda", s.addIdeaToAgenda)
	panel.get("/agenda-items/:id<int>/ideas", s.agendaIdeasForm)
	panel.post("/agenda-items/:id<int>/ideas", s.linkAgendaIdeas)
	panel.post("/agenda-items/:id<int>/ideas/:idea<int>/delete", s.unlinkAgendaIdea)
	panel.get("/exports", s.exportForm)
	panel.get("/exports/ideas", s.exportIdeas) // ?format=xlsx|csv|json and the form's filters
	panel.get("/meetings/:id<int>/pack", s.meetingPack("html"))
	panel.get("/meetings/:id<int>/pack.pdf", s.limitDownloads, s.meetingPack("pdf"))
	panel.get("/meetings/:id<int>/pack.md", s.limitDownloads, s.meetingPack("md"))
	panel.get("/moderation", s.moderationQueue)
	panel.post("/moderation/hide", s.moderate("hide"))
	panel.post("/moderation/restore", s.moderate("restore"))
	panel.post("/moderation/dismiss", s.moderate("dismiss"))

	// Staff: ideas gathered elsewhere, one at a time or from a CSV file.
	staff.get("/ideas/record", s.recordIdeaForm)
	staff.post("/ideas/record", s.recordIdea)
	staff.get("/ideas/import", s.importForm)
	staff.post("/ideas/import", s.importIdeas) // takes a file: a larger body (bodyLimitFor)

	// Staff: consultations, from the draft to the outcome (and /consultations/new, above).
	staff.post("/consultations", s.createConsultation)
	staff.get("/consultations/:slug/edit", s.editConsultationForm)
	staff.post("/consultations/:slug", s.updateConsultation)
	staff.post("/consultations/:slug/status", s.setConsultationStatus)
	staff.post("/consultations/:slug/outcome", s.publishOutcome)

	// Staff: boards, meetings and their agendas, and the action log.
	staff.post("/boards", s.createBoard)
	staff.get("/boards/:slug/edit", s.editBoardForm)
	staff.post("/boards/:slug", s.updateBoard)
	staff.get("/meetings/new", s.newMeetingForm)
	staff.post("/meetings", s.createMeeting)
	staff.get("/meetings/:id<int>/edit", s.editMeetingForm)
	staff.post("/meetings/:id<int>", s.updateMeeting)
	staff.post("/meetings/:id<int>/status", s.setMeetingStatus)
	staff.post("/meetings/:id<int>/items", s.addAgendaItem)
	staff.get("/agenda-items/:id<int>/edit", s.editAgendaItemForm)
	staff.post("/agenda-items/:id<int>", s.updateAgendaItem)
	staff.post("/agenda-items/:id<int>/move", s.moveAgendaItem)
	staff.post("/agenda-items/:id<int>/delete", s.deleteAgendaItem)
	staff.get("/actions/new", s.newActionForm)
	staff.post("/actions", s.createAction)
	staff.get("/actions/:id<int>/edit", s.editActionForm)
	staff.post("/actions/:id<int>", s.updateAction)
	staff.post("/actions/:id<int>/updates", s.addActionUpdate)
	staff.post("/actions/:id<int>/ideas", s.linkActionIdea)

	// Admins: roles, blocks and the whole record.
	admin.get("/admin", s.adminUsers)
	admin.post("/admin/users/:handle/role", s.grantRole)
	admin.post("/admin/users/:handle/block", s.setBlocked(true))
	admin.post("/admin/users/:handle/unblock", s.setBlocked(false))
	admin.get("/admin/events", s.adminEvents)
	admin.get("/admin/mail", s.adminMail) // messages failing or given up
	admin.post("/admin/mail/:id<int>/retry", s.retryMail)

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
