// Package models holds Syniad's data: GORM models, queries, transactions, validation and the
// domain rules (status transitions, vote toggling). Functions take a context and a *gorm.DB so
// a caller can pass a transaction.
package models

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations is the embedded set of numbered SQL migrations.
var Migrations fs.FS = migrations

// Errors that handlers map to HTTP answers.
var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
	// ErrConflict is a request that cannot be carried out in the current state, such as voting
	// on a closed idea; it carries a message key in a *ConflictError.
	ErrConflict = errors.New("conflict")
)

// ConflictError says why a request cannot be carried out; Key is a message id in the
// translation catalogues.
type ConflictError struct{ Key string }

func (e *ConflictError) Error() string { return "conflict: " + e.Key }
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Open connects to the database, creating it first if it does not exist. Connections that
// break are dialled again as they are needed, so the service recovers from an outage alone.
func Open(ctx context.Context, databaseURL string, maxConns int) (*gorm.DB, error) {
	databaseURL = ConnectionURL(databaseURL)
	if err := ensureDatabase(ctx, databaseURL); err != nil {
		return nil, err
	}
	db, err := openPool(databaseURL, maxConns)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return db, nil
}

// openPool is a GORM handle on databaseURL with at most maxConns connections (0: no limit),
// which connects only when it is first used.
func openPool(databaseURL string, maxConns int) (*gorm.DB, error) {
	db, err := gorm.Open(postgres.Open(databaseURL), &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		TranslateError:         true,
		DisableAutomaticPing:   true,
	})
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if maxConns > 0 {
		sqlDB.SetMaxOpenConns(maxConns)
		sqlDB.SetMaxIdleConns(maxConns)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

// ensureDatabase creates the database named in databaseURL when it is missing, by connecting
// to the server's "postgres" database.
func ensureDatabase(ctx context.Context, databaseURL string) error {
	u, err := url.Parse(databaseURL)
	if err != nil || u.Scheme == "" {
		return fmt.Errorf("DATABASE_URL is not a postgres:// URL")
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		return nil
	}
	conn, err := pgx.Connect(ctx, databaseURL)
	if err == nil {
		return conn.Close(ctx)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "3D000" { // invalid_catalog_name
		return fmt.Errorf("connect to database: %w", err)
	}
	admin := *u
	admin.Path = "/postgres"
	conn, err = pgx.Connect(ctx, admin.String())
	if err != nil {
		return fmt.Errorf("connect to create database %q: %w", name, err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if err != nil && !isDuplicateDatabase(err) {
		return fmt.Errorf("create database %q: %w", name, err)
	}
	return nil
}

func isDuplicateDatabase(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "42P04"
}

// Migrate applies every embedded migration that has not yet run.
func Migrate(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return migrateSQL(ctx, sqlDB)
}

func migrateSQL(ctx context.Context, sqlDB *sql.DB) error {
	// A lock row in the goose_lock table: instances that start together migrate one after the
	// other. Unlike an advisory lock it holds behind PgBouncer in transaction mode.
	locker, err := lock.NewPostgresTableLocker()
	if err != nil {
		return err
	}
	// One lock for both sets: ours, then River's (the job queue's, see queue.go).
	if err := locker.Lock(ctx, sqlDB); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer locker.Unlock(context.WithoutCancel(ctx), sqlDB)
	// Numbers are taken by branches developed side by side, so a database may have run 00008
	// before 00007 arrives: a gap is allowed, and a late lower number is applied, not refused.
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, mustSub(migrations, "migrations"),
		goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return migrateQueue(ctx, sqlDB)
}

// isUniqueViolation reports whether err is Postgres refusing a duplicate key.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.Is(err, gorm.ErrDuplicatedKey) || (errors.As(err, &pgErr) && pgErr.Code == "23505")
}

// notFound turns GORM's "no row" into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// OpenReplica is a handle on a read replica. Unlike Open it does not connect (nor create the
// database): a replica that is down when the service starts is used once it answers.
func OpenReplica(databaseURL string, maxConns int) (*gorm.DB, error) {
	db, err := openPool(ConnectionURL(databaseURL), maxConns)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_REPLICA_URL: %w", err)
	}
	return db, nil
}

// WithApplicationName is databaseURL with application_name set to name, which Postgres shows
// in pg_stat_activity and the triggers read (see WebApplicationName): the web process, the CLI
// and the site version's listener each say who they are. Set here, it wins over the URL's.
func WithApplicationName(databaseURL, name string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.Scheme == "" {
		return databaseURL + " application_name=" + name // a key=value string: the last one wins
	}
	q := u.Query()
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String()
}
