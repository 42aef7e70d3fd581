package models_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// TestWritesAnnounceTheSiteVersion: a write from outside the web process is announced by the
// triggers at its commit; one through the web's pool is not (the web announces it after the
// commit, with BumpSiteVersion, whose announcement says "committed").
func TestWritesAnnounceTheSiteVersion(t *testing.T) {
	t.Parallel()
	outside, dbURL := modeltest.NewDB(t)
	web, err := models.Open(t.Context(), models.WithApplicationName(dbURL, models.WebApplicationName), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if sqlDB, err := web.DB(); err == nil {
			sqlDB.Close()
		}
	}()
	listener, err := pgx.Connect(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(context.Background())
	if _, err := listener.Exec(t.Context(), "LISTEN "+models.SiteVersionChannel); err != nil {
		t.Fatal(err)
	}
	next := func() string {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		n, err := listener.WaitForNotification(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n.Payload
	}
	version := func() int64 {
		t.Helper()
		v, err := models.SiteVersion(t.Context(), outside)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	// The web's write is not announced: the first announcement heard is the outside write's.
	if err := web.Exec(`INSERT INTO consultations (slug, title, status) VALUES ('web', 'By the web', 'open')`).Error; err != nil {
		t.Fatal(err)
	}
	if err := outside.Exec(`INSERT INTO consultations (slug, title, status) VALUES ('cli', 'By the CLI', 'open')`).Error; err != nil {
		t.Fatal(err)
	}
	if got, want := next(), strconv.FormatInt(version(), 10); got != want {
		t.Fatalf("an outside write announced %q, want the version %s", got, want)
	}

	v, err := models.BumpSiteVersion(t.Context(), web)
	if err != nil {
		t.Fatal(err)
	}
	if v != version() {
		t.Fatalf("BumpSiteVersion returned %d, the version is %d", v, version())
	}
	if got, want := next(), strconv.FormatInt(v, 10)+models.SiteVersionCommitted; got != want {
		t.Fatalf("BumpSiteVersion announced %q, want %q", got, want)
	}
}

// TestPgBouncerPassesTheApplicationName: behind PgBouncer in transaction mode the web's
// sessions still say syniad-web, so the triggers leave its writes to bumpAfterWrite (were it
// lost, its writes would be announced twice, inside their transactions: right, but slower).
func TestPgBouncerPassesTheApplicationName(t *testing.T) {
	t.Parallel()
	_, dbURL := modeltest.NewDB(t)
	pooled := models.WithApplicationName(modeltest.PgBouncer(t, dbURL), models.WebApplicationName)
	db, err := models.Open(t.Context(), pooled, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	}()
	var name string
	if err := db.Raw(`SELECT current_setting('application_name')`).Scan(&name).Error; err != nil {
		t.Fatal(err)
	}
	if name != models.WebApplicationName {
		t.Fatalf("through PgBouncer the session's application_name is %q, want %q", name, models.WebApplicationName)
	}
}
