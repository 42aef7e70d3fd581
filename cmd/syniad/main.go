// Command syniad is the whole service in one binary:
//
//	syniad serve                 migrate if needed, then serve (the default)
//	syniad migrate               apply migrations and exit
//	syniad seed --demo           load the demo site (idempotent)
//	syniad users grant --handle HANDLE --role member|panel|staff|admin
//	syniad users block --handle HANDLE --reason REASON
//	syniad users unblock --handle HANDLE
//	syniad export themes|pack|open-data [flags]   write an export to a file or standard output
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
	_ "time/tzdata" // UK local times everywhere, even in a minimal container

	"gorm.io/gorm"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

const usage = `Usage: syniad [command]

Commands:
  serve                          migrate if needed, then serve (the default)
  migrate                        apply database migrations and exit
  seed --demo                    load a small demo site; safe to run again
  seed --bench [--ideas N] [--users N] [--votes N] [--comments N] [--themes N] [--meetings N]
                                 load a bench site (100,000 ideas by default) for load tests
  users grant --handle H --role R
                                 give user H the role R (member, panel, staff or admin)
  users block --handle H --reason R
                                 stop user H from writing (they can still read)
  users unblock --handle H       let user H write again
  consultations create --slug S --title T [--title-cy T] [--board SLUG] [--opens YYYY-MM-DD]
                [--closes YYYY-MM-DD] [--description TEXT] [--publish]
                                 a consultation: a draft only staff see, unless --publish
  consultations list             every consultation, drafts included, with its status and dates
  export themes [--consultation SLUG] [--from DAY] [--to DAY] [--status S] [--shortlisted]
                [--format xlsx|csv|json] [--lang en|cy] [--output FILE]
                                 themes with their ideas, for the board
  export pack --meeting ID [--format html|pdf|md] [--lang en|cy] [--output FILE]
                                 a meeting's pack
  export open-data [--consultation SLUG] [--format csv|json] [--output FILE]
                                 every idea, under the Open Government Licence

Configuration comes from the environment: DATABASE_URL, LISTEN_ADDR, BASE_URL, SYNIAD_ENV,
GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
OIDC_NAME, SMTP_URL, MAIL_FROM. See README.md.
`

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(log)
	if err := run(os.Args[1:], log); err != nil {
		fmt.Fprintln(os.Stderr, "syniad:", err)
		os.Exit(1)
	}
}

func run(args []string, log *slog.Logger) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	case "serve", "migrate", "seed", "users", "export", "consultations":
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}

	cfg, err := app.ConfigFromEnv()
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The web process's writes are announced by the process (see models.WebApplicationName);
	// every other command's by the tables' triggers.
	appName := "syniad-cli"
	if cmd == "serve" {
		appName = models.WebApplicationName
	}
	db, err := models.Open(ctx, models.WithApplicationName(cfg.DatabaseURL, appName), cfg.DBMaxConns)
	if err != nil {
		return err
	}
	if err := models.Migrate(ctx, db); err != nil {
		return err
	}

	switch cmd {
	case "migrate":
		log.Info("migrations applied")
		return nil
	case "seed":
		return seed(ctx, db, args)
	case "users":
		return users(ctx, db, args)
	case "consultations":
		return consultations(ctx, db, args, os.Stdout)
	case "export":
		return export(ctx, cfg, db, args, os.Stdout, os.Stderr)
	}
	return serve(ctx, stop, cfg, db, log)
}

// defaultMemoryLimit is the Go runtime's soft memory limit when GOMEMLIMIT is not set: nearing
// it, the collector runs sooner, so that a rush of requests does not grow the process past what
// its host was sized for. Kept pages (at most 32 MB) and a request's work fit well inside it.
const defaultMemoryLimit = 100 << 20

func serve(ctx context.Context, stop context.CancelFunc, cfg app.Config, db *gorm.DB, log *slog.Logger) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	web, srv, err := app.New(cfg, db, log)
	if err != nil {
		return err
	}
	defer srv.Close()
	go srv.PruneLoop(ctx)
	srv.WatchSiteVersion() // until Close
	workers, err := app.StartWorkers(ctx, cfg, db, log)
	if err != nil {
		return err
	}
	// After the last request is answered (Serve returns): mail a request queued is still sent
	// here if it can be; what is left is taken by another instance, or by this one's next start.
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		if err := workers.Stop(stopCtx); err != nil {
			log.Warn("stopping the queue's workers", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		stop() // a second signal stops the process at once, without waiting for the drain
	}()

	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return err
	}
	metricsAt := "the public address (development only)"
	switch {
	case cfg.MetricsAddr != "":
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("METRICS_ADDR: %w", err)
		}
		metrics := &http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}
		go metrics.Serve(mln)
		defer metrics.Close() // after the public listener has shut down: scrapes see it drain
		metricsAt = mln.Addr().String()
	case !cfg.PublicMetrics():
		metricsAt = "nowhere: set METRICS_ADDR to serve /metrics on an address of its own"
	}
	log.Info("serving", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "env", cfg.Env,
		"dev_sign_in", cfg.DevLoginEnabled(), "metrics", metricsAt, "mail", mailAt(cfg))
	return srv.Serve(ctx, web, ln)
}

// mailAt says where mail goes, for the log line at start.
func mailAt(cfg app.Config) string {
	switch {
	case cfg.SMTPURL != "":
		return "SMTP"
	case cfg.DevMailboxEnabled():
		return "the development mailbox at /dev/mail"
	case cfg.Env == "development":
		return "the development mailbox (dev_mail table; /dev/mail needs a loopback BASE_URL)"
	}
	return "nowhere: set SMTP_URL and MAIL_FROM"
}

func seed(ctx context.Context, db *gorm.DB, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "load the demo site")
	bench := fs.Bool("bench", false, "load a bench site for load tests")
	sizes := models.DefaultBenchSizes
	fs.IntVar(&sizes.Ideas, "ideas", sizes.Ideas, "bench: ideas")
	fs.IntVar(&sizes.Users, "users", sizes.Users, "bench: users")
	fs.IntVar(&sizes.Votes, "votes", sizes.Votes, "bench: votes")
	fs.IntVar(&sizes.Comments, "comments", sizes.Comments, "bench: comments")
	fs.IntVar(&sizes.Themes, "themes", sizes.Themes, "bench: themes")
	fs.IntVar(&sizes.Meetings, "meetings", sizes.Meetings, "bench: meetings")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bench {
		return seedBench(ctx, db, sizes, os.Stderr)
	}
	if !*demo {
		return errors.New("say what to seed: syniad seed --demo, or syniad seed --bench [--ideas N …]")
	}
	if err := models.SeedDemo(ctx, db); err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	fmt.Println("Demo data loaded. Sign in at /auth/dev as demo-staff, demo-panel, demo-admin or any new name.")
	return nil
}

const usersUsage = `usage: syniad users grant --handle HANDLE --role member|panel|staff|admin
       syniad users block --handle HANDLE --reason REASON
       syniad users unblock --handle HANDLE`

func users(ctx context.Context, db *gorm.DB, args []string) error {
	if len(args) == 0 {
		return errors.New(usersUsage)
	}
	verb := args[0]
	fs := flag.NewFlagSet("users "+verb, flag.ContinueOnError)
	handle := fs.String("handle", "", "the user's handle")
	role := fs.String("role", "", "member, panel, staff or admin")
	reason := fs.String("reason", "", "why the user is blocked (recorded in the public history)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *handle == "" {
		return errors.New(usersUsage)
	}
	notFound := func(err error) error {
		if errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("no user with handle %q: they must sign in once first", *handle)
		}
		return err
	}
	switch verb {
	case "grant":
		if *role == "" {
			return errors.New(usersUsage)
		}
		user, err := models.GrantRole(ctx, db, nil, *handle, *role)
		if err != nil {
			return notFound(err)
		}
		fmt.Printf("%s is now %s\n", user.Handle, user.Role)
	case "block", "unblock":
		user, errs, err := models.SetBlocked(ctx, db, nil, *handle, verb == "block", *reason)
		if err != nil {
			return notFound(err)
		}
		if errs.Any() {
			return errors.New("give a reason: syniad users block --handle HANDLE --reason REASON")
		}
		fmt.Printf("%s is %sed\n", user.Handle, verb)
	default:
		return errors.New(usersUsage)
	}
	return nil
}
