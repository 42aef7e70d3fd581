package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// TestBackupRestoreServesTheDemoUnchanged backs up the demo site as docs/OPERATIONS.md says
// (pg_dump -Fc), restores it into a new database with pg_restore, and serves both: the
// public pages and the API answer the same from the restored copy as from the original.
func TestBackupRestoreServesTheDemoUnchanged(t *testing.T) {
	t.Parallel()
	pgDump := modeltest.RequireTool(t, "pg_dump", "/usr/lib/postgresql/15/bin/pg_dump")
	pgRestore := modeltest.RequireTool(t, "pg_restore", "/usr/lib/postgresql/15/bin/pg_restore")
	original, restored := "syniad_t_backup_"+randomSuffix(t), "syniad_t_restored_"+randomSuffix(t)
	t.Cleanup(func() {
		modeltest.DropDatabase(t, original)
		modeltest.DropDatabase(t, restored)
	})
	originalURL, restoredURL := modeltest.URLFor(original), modeltest.URLFor(restored)

	// The demo site, loaded as an operator would: syniad seed --demo on a fresh database.
	seed := exec.Command(syniadBinary(t), "seed", "--demo")
	seed.Env = append(seed.Environ(), "DATABASE_URL="+originalURL, "SYNIAD_ENV=development")
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("syniad seed --demo: %v\n%s", err, out)
	}

	dump := filepath.Join(t.TempDir(), "syniad.dump")
	if out, err := exec.Command(pgDump, "-Fc", "-d", originalURL, "-f", dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	db, err := models.Open(t.Context(), restoredURL, 2) // creates the empty database
	if err != nil {
		t.Fatal(err)
	}
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
	if out, err := exec.Command(pgRestore, "--no-owner", "--exit-on-error", "-d", restoredURL, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}

	a := startServe(t, originalURL)
	b := startServe(t, restoredURL)
	var ideaIDs []int64
	rdb, err := models.Open(t.Context(), restoredURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if sqlDB, err := rdb.DB(); err == nil {
			sqlDB.Close()
		}
	}()
	if err := rdb.Raw(`SELECT id FROM ideas ORDER BY id LIMIT 3`).Scan(&ideaIDs).Error; err != nil || len(ideaIDs) == 0 {
		t.Fatalf("the restored demo has no ideas (%v)", err)
	}
	paths := []string{"/", "/boards", "/meetings", "/actions", "/api/v1/consultations", "/api/v1/themes",
		"/api/v1/meetings", "/api/v1/actions", "/open-data/ideas.csv", "/feeds/ideas.atom"}
	for _, id := range ideaIDs {
		paths = append(paths, fmt.Sprintf("/ideas/%d", id), fmt.Sprintf("/api/v1/ideas/%d", id))
	}
	visitor := &http.Client{}
	for _, path := range paths {
		resA, bodyA := fetch(t, visitor, http.MethodGet, a.Base+path, nil, nil)
		resB, bodyB := fetch(t, visitor, http.MethodGet, b.Base+path, nil, nil)
		if resA.StatusCode != http.StatusOK || resB.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d from the original, %d from the restored copy", path, resA.StatusCode, resB.StatusCode)
			continue
		}
		if na, nb := normalise(bodyA, a.Base), normalise(bodyB, b.Base); na != nb {
			t.Errorf("%s differs after restore:\noriginal: %.300s\nrestored: %.300s", path, na, nb)
		}
	}
}

// perVisitor is what differs between two answers to the same request: the CSRF token, the
// script nonce, and feed timestamps of when the feed was made.
var perVisitor = regexp.MustCompile(`(content|nonce|value)="[A-Za-z0-9_\-+/=]{20,}"|<updated>[^<]*</updated>`)

func normalise(body, base string) string {
	return perVisitor.ReplaceAllString(regexp.MustCompile(regexp.QuoteMeta(base)).ReplaceAllString(body, "BASE"), "")
}

func randomSuffix(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
