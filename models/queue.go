package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
	"gorm.io/gorm"
)

// The job queue is River (github.com/riverqueue/river): jobs are rows in Postgres, inserted in
// the same transaction as the change that causes them, so a job exists exactly when its change
// does, and is worked by whichever instance fetches it first (see app/queue.go).

// migrateQueue applies River's own migrations (its river_job table and the rest), after ours.
// The caller holds the migration lock.
func migrateQueue(ctx context.Context, sqlDB *sql.DB) error {
	migrator, err := rivermigrate.New(riverdatabasesql.New(sqlDB), &rivermigrate.Config{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		return fmt.Errorf("queue migrations: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate queue: %w", err)
	}
	return nil
}

// QueueMigrationsVersion names River's latest migration, so that test templates made before
// an upgrade of River are not reused after it.
func QueueMigrationsVersion() string {
	migrator, err := rivermigrate.New(riverdatabasesql.New(nil), nil)
	if err != nil {
		return "river-unknown"
	}
	var versions []string
	for _, m := range migrator.AllVersions() {
		versions = append(versions, strconv.Itoa(m.Version))
	}
	return "river-" + strings.Join(versions, ",")
}

// inserter inserts jobs through a transaction of GORM's (a *sql.Tx). It works no jobs itself:
// the workers have clients of their own, on a pgx pool. It holds no connection, so one serves
// every database.
var inserter = sync.OnceValues(func() (*river.Client[*sql.Tx], error) {
	return river.NewClient(riverdatabasesql.New(nil), &river.Config{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
})

// insertJob inserts a job in tx's transaction, or in a transaction of its own when tx is not
// in one.
func insertJob(ctx context.Context, tx *gorm.DB, args river.JobArgs, opts *river.InsertOpts) error {
	client, err := inserter()
	if err != nil {
		return err
	}
	if sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx); ok {
		_, err := client.InsertTx(ctx, sqlTx, args, opts)
		return err
	}
	return tx.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
		if !ok {
			return errors.New("queue: the database handle gives no *sql.Tx to insert a job in")
		}
		_, err := client.InsertTx(ctx, sqlTx, args, opts)
		return err
	})
}
