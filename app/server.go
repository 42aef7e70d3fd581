package app

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	pgstorage "github.com/gofiber/storage/postgres/v3"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/public"
)

// sessionCookie names the session's cookie.
const sessionCookie = "syniad_session"

// sessionTable holds the sessions of people signed in and the states of sign-ins under way.
const sessionTable = "http_sessions"

// sessionLifetime is how long a session (and a browser's CSRF cookie) lasts.
const sessionLifetime = 14 * 24 * time.Hour

// signInStateLifetime is how long the state of a sign-in a visitor starts is kept: the only
// row a visitor who is not signed in may cause.
const signInStateLifetime = 15 * time.Minute

// Server holds what every handler needs. Handlers are its methods; there are no globals.
type Server struct {
	cfg      Config
	db       *gorm.DB
	replica  *readReplica // DATABASE_REPLICA_URL, for reads that may lag (see replica.go); nil without
	log      *slog.Logger
	storage  *sessionStorage // sessions and sign-in states, shared by every instance
	sessions *session.Store
	tr       *Translator
	views    *Views
	assets   *public.Assets
	printer  *PDFPrinter // prints the meeting pack's PDF; without Chromium it refuses
	auth     *authProviders
	metrics  *metrics
	// readsSeen counts the quick, successful reads, one in RequestLogSample of them logged.
	readsSeen atomic.Uint64
	csrfKey   []byte // signs CSRF tokens (see csrf.go)
	flashKey  []byte // signs flash message cookies (see flash.go)
	// listCounts remembers how many ideas each list filter matched (see models.ListCounts).
	listCounts *models.ListCounts
	pages      *pageCache                  // pages kept as rendered for visitors and members (pagecache.go)
	searches   *pageCache                  // the same for searches (?q=), kept apart
	standIn    string                      // the stand-in member's handle (newStandInHandle)
	version    *siteVersion                // the site's version as heard by LISTEN (see siteversion.go)
	choices    atomic.Pointer[keptChoices] // the list filters' choices (filterChoices)
	// downloads and exports hold a place for each open data download and each staff export
	// streaming now (see streamDownload).
	downloads, exports chan struct{}
	stopping           shutdownState // see shutdown.go
	outage             *outageLog    // failures to reach the database, logged in summary
	// ignoredForward logs, once, that a proxy header came from a peer not trusted (clientip.go).
	ignoredForward sync.Once
}

// New builds the Fiber app with every route. Close releases what it holds.
func New(cfg Config, db *gorm.DB, log *slog.Logger) (*fiber.App, *Server, error) {
	tr, err := NewTranslator()
	if err != nil {
		return nil, nil, err
	}
	assets, err := public.Load()
	if err != nil {
		return nil, nil, err
	}
	views, err := LoadViews(tr, assets)
	if err != nil {
		return nil, nil, err
	}
	storage := &sessionStorage{Storage: pgstorage.New(pgstorage.Config{
		ConnectionURI: models.ConnectionURL(cfg.DatabaseURL),
		Table:         sessionTable,
		GCInterval:    time.Minute,
	})}
	s := &Server{
		downloads: make(chan struct{}, MaxDownloads),
		exports:   make(chan struct{}, MaxDownloads),
		cfg:       cfg,
		db:        db,
		log:       log,
		storage:   storage,
		sessions: session.New(session.Config{
			Storage:        storage,
			Expiration:     sessionLifetime,
			KeyLookup:      "cookie:" + sessionCookie,
			CookieHTTPOnly: true,
			CookieSecure:   cfg.Production(),
			CookieSameSite: fiber.CookieSameSiteLaxMode,
			CookiePath:     "/",
		}),
		tr:         tr,
		views:      views,
		assets:     assets,
		printer:    NewPDFPrinter(cfg.ChromiumPath),
		auth:       newAuthProviders(cfg),
		metrics:    newMetrics(),
		csrfKey:    csrfKey(cfg),
		flashKey:   flashKey(cfg),
		listCounts: models.NewListCounts(),
		pages:      newPageCache(pageCacheMaxBytes),
		searches:   newPageCache(searchCacheMaxBytes),
		standIn:    newStandInHandle(),
		version:    &siteVersion{log: log},
		outage:     &outageLog{log: log, every: outageLogEvery},
	}
	if cfg.DatabaseReplicaURL != "" {
		rdb, err := models.OpenReplica(cfg.DatabaseReplicaURL, cfg.DBMaxConns)
		if err != nil {
			storage.Close()
			return nil, nil, err
		}
		s.replica = &readReplica{db: rdb, log: log}
	}
	if !s.printer.Available() {
		log.Warn("no Chromium: the PDF meeting pack answers 503 (the page and the Markdown still work)", "CHROMIUM_PATH", cfg.ChromiumPath)
	}
	app := fiber.New(fiber.Config{
		AppName:               "syniad",
		BodyLimit:             cfg.BodyLimit, // bodies are streamed and guardBodies enforces the limits
		ErrorHandler:          s.handleError,
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		// The client's address is s.clientIP; these make c.Hostname and c.Protocol believe
		// X-Forwarded-Host and X-Forwarded-Proto only from the trusted proxies.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.fiberTrustedProxies(),
	})
	s.metrics.watchListening(s.version)
	s.routes(app)
	s.guardBodies(app.Server())
	return app, s, nil
}

// Close stops listening for site changes and releases the session storage and the replica's
// connections.
func (s *Server) Close() error {
	s.version.close()
	if s.replica != nil {
		if sqlDB, err := s.replica.db.DB(); err == nil {
			sqlDB.Close()
		}
	}
	return s.storage.Close()
}

// PruneLoop deletes, every ten minutes until ctx ends, what has expired (see Prune).
func (s *Server) PruneLoop(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Prune(ctx)
		}
	}
}

// Prune deletes what has expired: rate-limit buckets that are full again (with a minute's
// grace for instances whose clocks run a little behind this one's), and sessions and sign-in
// states past their time (the session storage also collects these, each instance every
// minute; this is the sweep that does not depend on it), and email sign-in links expired.
func (s *Server) Prune(ctx context.Context) {
	if err := models.PruneRateBuckets(ctx, s.db, models.Now(ctx).Add(-time.Minute)); err != nil {
		s.log.Warn("prune rate limits", "err", err)
	}
	if err := models.PruneSessions(ctx, s.db, sessionTable, models.Now(ctx)); err != nil {
		s.log.Warn("prune sessions", "err", err)
	}
	if err := models.PruneEmailLinks(ctx, s.db, models.Now(ctx)); err != nil {
		s.log.Warn("prune email sign-in links", "err", err)
	}
}

type ctxKey int

const (
	ctxCSRF ctxKey = iota
	ctxUser
	ctxLang
	ctxSession
	ctxFlash
	ctxVotesShown
	ctxSessionID // the session's id, when its data is not loaded yet (lazySession)
)
