package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	pgxv5 "github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// Workers work the job queue (River, in Postgres) in this instance: every instance runs them,
// and each job is taken by one. A job that fails is retried with River's backoff. Stop lets
// the jobs running finish; one cut off by a crash is taken up again after River's rescue
// period (an hour), so mail queued is mail sent.
type Workers struct {
	client *river.Client[pgxv5.Tx]
	pool   *pgxpool.Pool
}

// StartWorkers starts this instance's workers on their own small pool of connections (River
// works through pgx; jobs are inserted through GORM's transactions, see models.QueueMail).
// Stop them with Stop once the service has stopped serving.
func StartWorkers(ctx context.Context, cfg Config, db *gorm.DB, log *slog.Logger) (*Workers, error) {
	send, err := newMailSender(cfg, db)
	if err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &mailWorker{send: send, clock: cfg.Clock, log: log}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &digestWorker{db: db, cfg: cfg}); err != nil {
		return nil, err
	}
	queueURL, pollOnly := cfg.queueDatabaseURL()
	poolCfg, err := pgxpool.ParseConfig(models.ConnectionURL(queueURL))
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	poolCfg.MaxConns = 5
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	// The daily digest of notifications, at 7am UK time (models.DigestSchedule) by the wall
	// clock. A service on a fixed clock (only tests set one) has no schedule, so that a test
	// running across 7am is not sent a digest it did not ask for: such tests queue it
	// themselves (models.QueueDigests).
	var periodic []*river.PeriodicJob
	if cfg.Clock == nil {
		periodic = append(periodic, river.NewPeriodicJob(models.DigestSchedule{},
			func() (river.JobArgs, *river.InsertOpts) { return models.DigestJob{}, nil }, nil))
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}},
		Workers: workers,
		// Through PgBouncer in transaction mode LISTEN is lost with the transaction: River then
		// polls for jobs (every second) and for a new leader instead of waiting to be told.
		PollOnly:     pollOnly,
		PeriodicJobs: periodic,
		// A sent message holds its recipient and perhaps a sign-in link: keep it only an hour.
		// Failures stay for admins to see (River keeps discarded jobs a week).
		CompletedJobRetentionPeriod: time.Hour,
		ErrorHandler:                &jobErrors{log: log},
		Logger:                      slog.New(atLeast{Handler: log.Handler(), level: slog.LevelWarn}),
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("queue: %w", err)
	}
	// Not ctx itself: its end (SIGTERM) would cancel the jobs running; Stop lets them finish.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		pool.Close()
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Workers{client: client, pool: pool}, nil
}

// queueDatabaseURL is where the workers connect: DATABASE_DIRECT_URL when set, else
// DATABASE_URL; pollOnly when that is DATABASE_URL and it is set up for a pooler
// (default_query_exec_mode exec or simple_protocol, as PgBouncer needs).
func (c Config) queueDatabaseURL() (dbURL string, pollOnly bool) {
	if c.DatabaseDirectURL != "" {
		return c.DatabaseDirectURL, false
	}
	return c.DatabaseURL, models.PooledURL(c.DatabaseURL)
}

// Stop lets the jobs running finish (until ctx ends, when they are cancelled, to be retried
// by another instance) and fetches no more.
func (w *Workers) Stop(ctx context.Context) error {
	defer w.pool.Close()
	err := w.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return w.client.StopAndCancel(context.Background())
	}
	return err
}

// mailWorker sends a queued message.
type mailWorker struct {
	river.WorkerDefaults[models.MailJob]
	send  mailSender
	clock func() time.Time // Config.Clock: tests fix the time sign-in links expire against
	log   *slog.Logger
}

func (w *mailWorker) Work(ctx context.Context, job *river.Job[models.MailJob]) error {
	now := time.Now()
	if w.clock != nil {
		now = w.clock()
	}
	if job.Args.NotAfter != nil && now.After(*job.Args.NotAfter) {
		return river.JobCancel(errors.New("no longer worth sending: it expired before it could be sent"))
	}
	if w.send == nil {
		return river.JobCancel(errors.New("mail is not configured: set SMTP_URL and MAIL_FROM"))
	}
	if err := w.send(ctx, job.Args.Mail); err != nil {
		return err
	}
	return nil
}

// digestWorker sends the day's digests of notifications. Sending is idempotent (see
// models.SendDigests), so a retry after a failure part way sends only what is left.
type digestWorker struct {
	river.WorkerDefaults[models.DigestJob]
	db  *gorm.DB
	cfg Config
}

func (w *digestWorker) Work(ctx context.Context, job *river.Job[models.DigestJob]) error {
	ctx = models.WithSiteURL(ctx, w.cfg.BaseURL)
	if w.cfg.Clock != nil {
		ctx = models.WithClock(ctx, w.cfg.Clock)
	}
	if _, err := models.SendDigests(ctx, w.db); err != nil {
		return err
	}
	return models.PruneNotifications(ctx, w.db)
}

// Timeout is how long one try at sending may take.
func (w *mailWorker) Timeout(*river.Job[models.MailJob]) time.Duration { return time.Minute }

// jobErrors logs each failed try; admins see the failures at /admin/mail.
type jobErrors struct{ log *slog.Logger }

func (h *jobErrors) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	h.log.Warn("job failed", "kind", job.Kind, "job", job.ID, "attempt", job.Attempt, "max_attempts", job.MaxAttempts, "err", err)
	return nil
}

func (h *jobErrors) HandlePanic(ctx context.Context, job *rivertype.JobRow, v any, trace string) *river.ErrorHandlerResult {
	h.log.Error("job panicked", "kind", job.Kind, "job", job.ID, "attempt", job.Attempt, "panic", fmt.Sprint(v), "trace", trace)
	return nil
}

// atLeast passes on only records at level or above: River reports its routine at Info.
type atLeast struct {
	slog.Handler
	level slog.Level
}

func (h atLeast) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.Handler.Enabled(ctx, l)
}
func (h atLeast) WithAttrs(a []slog.Attr) slog.Handler {
	return atLeast{Handler: h.Handler.WithAttrs(a), level: h.level}
}
func (h atLeast) WithGroup(n string) slog.Handler {
	return atLeast{Handler: h.Handler.WithGroup(n), level: h.level}
}
