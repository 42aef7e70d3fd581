package models_test

import (
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// TestPgBouncerMigrationLock migrates an empty database from two instances at once, both
// through PgBouncer in transaction pooling mode: the lock (a row in goose_lock, not an
// advisory lock, which pooling would lose) lets one migrate and the other find it done.
func TestPgBouncerMigrationLock(t *testing.T) {
	t.Parallel()
	suffix := make([]byte, 6)
	rand.Read(suffix)
	name := "syniad_t_migrate_" + hex.EncodeToString(suffix)
	admin, err := pgx.Connect(t.Context(), modeltest.ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(t.Context())
	if _, err := admin.Exec(t.Context(), "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { modeltest.DropDatabase(t, name) })
	via := modeltest.PgBouncer(t, modeltest.URLFor(name))

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := models.Open(t.Context(), via, 4)
			if err != nil {
				errs[i] = err
				return
			}
			defer func() {
				if sqlDB, err := db.DB(); err == nil {
					sqlDB.Close()
				}
			}()
			errs[i] = models.Migrate(t.Context(), db)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("instance %d: migrate through PgBouncer: %v", i, err)
		}
	}
	var applied, locks int64
	conn, err := pgx.Connect(t.Context(), modeltest.URLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	if err := conn.QueryRow(t.Context(), `SELECT count(*) FROM goose_db_version WHERE version_id > 0 AND is_applied`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(models.Migrations, "migrations/*.sql")
	if applied != int64(len(files)) {
		t.Errorf("%d migrations recorded as applied, want %d", applied, len(files))
	}
	if err := conn.QueryRow(t.Context(), `SELECT count(*) FROM goose_lock WHERE locked`).Scan(&locks); err != nil {
		t.Fatal(err)
	}
	if locks != 0 {
		t.Errorf("the migration lock is still held after both instances finished")
	}
}
