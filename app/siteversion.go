package app

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/syniad/syniad/models"
)

// The site's version (models.SiteVersion) decides whether a kept page may be served again
// (pagecache.go). Rather than ask the database for it on every request, each instance holds
// one connection that LISTENs on models.SiteVersionChannel, where every write announces the
// version it moved the site to: the web process once its write has committed (bumpAfterWrite),
// anything else (the CLI, psql, jobs) by the tables' triggers at its commit (migration 00017).
//
// While that connection is down the version is asked for on each request, as it always was:
// the listener only ever saves queries, it never makes a page older.

// listenerApplicationName names the listening connection in pg_stat_activity.
const listenerApplicationName = "syniad-listen"

const (
	listenRetryFirst = 100 * time.Millisecond // after a connection drops, doubling up to
	listenRetryMax   = 5 * time.Second
	listenQuiet      = 15 * time.Second // with no news for this long, check the connection
	listenPingWait   = 5 * time.Second
)

// siteVersion is the site's version as this instance has heard it.
type siteVersion struct {
	log     *slog.Logger
	version atomic.Int64
	live    atomic.Bool // listening now: version is as fresh as asking the database
	stop    context.CancelFunc
	done    chan struct{}
}

// current is the site's version, and whether it may be used (false: ask the database).
func (sv *siteVersion) current() (int64, bool) {
	if !sv.live.Load() {
		return 0, false
	}
	return sv.version.Load(), true
}

// advance moves the version on to v if v is newer.
func (sv *siteVersion) advance(v int64) {
	for {
		cur := sv.version.Load()
		if v <= cur || sv.version.CompareAndSwap(cur, v) {
			return
		}
	}
}

// watch listens on url until close, dialling again after a drop.
func (sv *siteVersion) watch(url string) {
	ctx, stop := context.WithCancel(context.Background())
	sv.stop, sv.done = stop, make(chan struct{})
	go func() {
		defer close(sv.done)
		wait, down := listenRetryFirst, false
		for {
			err := sv.listen(ctx, url, func() {
				wait = listenRetryFirst
				if down {
					sv.log.Info("listening for site changes again: kept pages are served without asking the database")
					down = false
				}
			})
			sv.live.Store(false)
			if ctx.Err() != nil {
				return
			}
			if !down {
				sv.log.Warn("not listening for site changes: kept pages ask the database the site's version on each request until the listener is back",
					"err", err)
				down = true
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, listenRetryMax)
		}
	}()
}

// close stops listening and waits for the connection to close.
func (sv *siteVersion) close() {
	if sv.stop != nil {
		sv.stop()
		<-sv.done
	}
}

// listen connects, LISTENs, reads the version, and then follows what is announced until the
// connection fails or ctx ends. LISTEN comes before the read, so nothing committed between the
// two is missed.
func (sv *siteVersion) listen(ctx context.Context, url string, onLive func()) error {
	cfg, err := pgx.ParseConfig(models.WithApplicationName(models.ConnectionURL(url), listenerApplicationName))
	if err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+models.SiteVersionChannel); err != nil {
		return err
	}
	var v int64
	if err := conn.QueryRow(ctx, `SELECT last_value FROM site_version`).Scan(&v); err != nil {
		return err
	}
	sv.advance(v)
	sv.live.Store(true)
	onLive()
	for {
		waitCtx, cancel := context.WithTimeout(ctx, listenQuiet)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil && pgconn.Timeout(err):
			// Nothing for a while: make sure that is quiet, not a connection gone silent.
			pingCtx, cancel := context.WithTimeout(ctx, listenPingWait)
			err = conn.Ping(pingCtx)
			cancel()
			if err != nil {
				return fmt.Errorf("ping: %w", err)
			}
		case err != nil:
			return err
		default:
			if err := sv.heard(ctx, conn, n.Payload); err != nil {
				return err
			}
		}
	}
}

// heard takes in one announcement. A version taken after its write committed (see
// models.SiteVersionCommitted), or one newer than ours, becomes ours. One no newer than ours
// was taken by a write that committed after we moved past it, so pages at our version may lack
// that write; so may anything we cannot read. Then a new version is taken, which retires every
// page kept here.
func (sv *siteVersion) heard(ctx context.Context, conn *pgx.Conn, payload string) error {
	number, committed := strings.CutSuffix(payload, models.SiteVersionCommitted)
	v, err := strconv.ParseInt(number, 10, 64)
	if err == nil && (committed || v > sv.version.Load()) {
		sv.advance(v)
		return nil
	}
	if err := conn.QueryRow(ctx, `SELECT nextval('site_version')`).Scan(&v); err != nil {
		return err
	}
	sv.advance(v)
	return nil
}

// WatchSiteVersion starts listening for changes to the site (see siteVersion), on the
// connection the job queue's workers use for theirs: DATABASE_DIRECT_URL, since LISTEN does
// not work through PgBouncer in transaction mode. With only a pooled DATABASE_URL it does not
// listen, and kept pages ask the database the version on each request. Close stops it.
func (s *Server) WatchSiteVersion() {
	url, pooled := s.cfg.queueDatabaseURL()
	if pooled {
		s.log.Info("not listening for site changes: DATABASE_URL is pooled and DATABASE_DIRECT_URL is not set; kept pages ask the database the site's version on each request")
		return
	}
	s.version.watch(url)
}
