package app

import (
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// While the database is out of reach every request fails the same way. The service says so
// to each reader (503, Retry-After) but not to the log a thousand times a second: the first
// failure is logged in full, then one line per outageLogEvery says how many more there were.

const (
	outageLogEvery  = 10 * time.Second
	outageRetryWait = 10 // seconds, for Retry-After
)

// outageLog counts failures to reach the database and logs them in summary.
type outageLog struct {
	log   *slog.Logger
	every time.Duration

	mu       sync.Mutex
	counting bool // a failure was logged and the ones after it are being counted
	since    time.Time
	count    int
	lastErr  string
}

// failed records one failure: logged in full if none was logged in the last interval,
// otherwise counted for the next summary line. attrs are logged at once or not at all.
func (o *outageLog) failed(what string, err error, attrs ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.counting {
		o.count++
		o.lastErr = err.Error()
		return
	}
	o.counting, o.since, o.count = true, time.Now(), 0
	o.log.Error("database unavailable", append([]any{"during", what, "err", err,
		"note", "further failures are counted and logged once every " + o.every.String()}, attrs...)...)
	time.AfterFunc(o.every, o.summarise)
}

// summarise logs how many failures went unlogged in the interval just ended, and keeps
// counting while they go on; after a quiet interval the next failure is logged in full.
func (o *outageLog) summarise() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.count == 0 {
		o.counting = false
		return
	}
	o.log.Error("database unavailable: failures since the last line", "failures", o.count,
		"over", time.Since(o.since).Round(time.Second).String(), "last_err", o.lastErr)
	o.since, o.count = time.Now(), 0
	time.AfterFunc(o.every, o.summarise)
}

// warnDB logs a failed database call that the request survives: in summary when the
// database is unavailable, as a warning otherwise.
func (s *Server) warnDB(what string, err error) {
	if models.Unavailable(err) {
		s.outage.failed(what, err)
		return
	}
	s.log.Warn(what, "err", err)
}

// databaseUnavailable answers a request the database could not serve: 503, try again
// shortly. A write may or may not have been saved before the connection went, and the
// message says so rather than promise either.
func (s *Server) databaseUnavailable(c *fiber.Ctx, err error) (status int, key string) {
	s.outage.failed("request", err, "request_id", c.Locals("requestid"),
		"method", c.Method(), "path", c.Path())
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(outageRetryWait))
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return fiber.StatusServiceUnavailable, "error.unavailable"
	}
	return fiber.StatusServiceUnavailable, "error.unavailable_write"
}
