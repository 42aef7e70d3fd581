package main

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// TestUpgradeWithTheOldReleaseServing is a rolling upgrade: the previous release (this tree as
// it was just before its newest migration arrived, built from git) serves the demo site; this
// release migrates the database and serves beside it; the old one keeps reading and writing
// on the new schema, and starts again on it (as an instance restarted mid-rollout would).
func TestUpgradeWithTheOldReleaseServing(t *testing.T) {
	t.Parallel()
	oldBin := buildPreviousRelease(t)
	name := "syniad_t_upgrade_" + randomSuffix(t)
	t.Cleanup(func() { modeltest.DropDatabase(t, name) })
	dbURL := modeltest.URLFor(name)
	seed := exec.Command(oldBin, "seed", "--demo")
	seed.Env = append(seed.Environ(), "DATABASE_URL="+dbURL, "SYNIAD_ENV=development")
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("old release: syniad seed --demo: %v\n%s", err, out)
	}
	oldAddr := freeAddr(t)
	old := startServeBinary(t, oldBin, oldAddr, dbURL)

	// This release: its migrations run while the old release serves.
	migrate := exec.Command(syniadBinary(t), "migrate")
	migrate.Env = append(migrate.Environ(), "DATABASE_URL="+dbURL, "SYNIAD_ENV=development")
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("new release: syniad migrate: %v\n%s", err, out)
	}
	current := startServe(t, dbURL)

	db, err := models.Open(t.Context(), dbURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	}()
	var ideaID int64
	if err := db.Raw(`SELECT i.id FROM ideas i JOIN consultations c ON c.id = i.consultation_id
		WHERE c.status = 'open' AND i.status IN ('new', 'under_review') ORDER BY i.id LIMIT 1`).Scan(&ideaID).Error; err != nil || ideaID == 0 {
		t.Fatalf("no idea open to votes in the demo (%v)", err)
	}

	readAndVote := func(who string, p *serveProcess) {
		t.Helper()
		for _, path := range []string{"/", "/meetings", "/actions", fmt.Sprintf("/ideas/%d", ideaID), "/api/v1/consultations", "/open-data/ideas.csv"} {
			if res, body := fetch(t, &http.Client{}, http.MethodGet, p.Base+path, nil, nil); res.StatusCode != http.StatusOK {
				t.Errorf("%s release, %s: status %d\n%.500s", who, path, res.StatusCode, body)
			}
		}
		jar, _ := cookiejar.New(nil)
		browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		csrf := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)
		_, page := fetch(t, browser, http.MethodGet, p.Base+"/auth/dev", nil, nil)
		m := csrf.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s release: no CSRF token", who)
		}
		handle := "upgrade-" + who
		if res, body := fetch(t, browser, http.MethodPost, p.Base+"/auth/dev", url.Values{"handle": {handle}, "_csrf": {m[1]}}, nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s release: sign in: status %d\n%.500s", who, res.StatusCode, body)
		}
		_, page = fetch(t, browser, http.MethodGet, p.Base+"/", nil, nil)
		if m = csrf.FindStringSubmatch(page); m == nil {
			t.Fatalf("%s release: no CSRF token when signed in", who)
		}
		res, body := fetch(t, browser, http.MethodPost, fmt.Sprintf("%s/ideas/%d/vote", p.Base, ideaID), url.Values{"_csrf": {m[1]}, "vote": {"on"}}, nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s release: vote: status %d\n%.500s", who, res.StatusCode, body)
		}
		var n int64
		db.Raw(`SELECT count(*) FROM votes v JOIN users u ON u.id = v.user_id WHERE u.handle = ? AND v.idea_id = ?`, handle, ideaID).Scan(&n)
		if n != 1 {
			t.Errorf("%s release: the vote is not in the database", who)
		}
	}
	readAndVote("old", old)
	readAndVote("new", current)

	// An old instance restarted mid-rollout starts on the newer schema.
	old.Signal(syscall.SIGTERM)
	if code := old.Wait(30 * time.Second); code != 0 {
		t.Fatalf("old release exited with %d", code)
	}
	readAndVote("old-restarted", startServeBinary(t, oldBin, oldAddr, dbURL))
}

// buildPreviousRelease builds this tree as it was just before its newest migration was added
// (git archive of that commit, with the front-end assets of this tree, which are built rather
// than committed). Without git or that history (a shallow clone) the test skips, saying so.
func buildPreviousRelease(t *testing.T) string {
	t.Helper()
	skip := func(format string, args ...any) {
		t.Helper()
		t.Skipf("no previous release to upgrade from: "+format, args...)
	}
	if _, err := exec.LookPath("git"); err != nil {
		skip("git is not installed")
	}
	entries, err := os.ReadDir("../../models/migrations")
	if err != nil || len(entries) == 0 {
		t.Fatalf("migrations: %v", err)
	}
	newest := "models/migrations/" + entries[len(entries)-1].Name()
	added, err := exec.Command("git", "log", "-1", "--format=%H", "--diff-filter=A", "--", "../../"+newest).Output()
	if err != nil || len(strings.TrimSpace(string(added))) == 0 {
		skip("git log does not know when %s was added (%v)", newest, err)
	}
	// The previous release is the last commit before that whose migrations this tree still has,
	// each under its name: a migration renumbered while unreleased (two branches took the same
	// number) leaves commits in between that no database is running.
	here := map[string]bool{}
	for _, e := range entries {
		here[e.Name()] = true
	}
	before, err := exec.Command("git", "rev-list", "--first-parent", "-n", "50", strings.TrimSpace(string(added))+"^").Output()
	if err != nil {
		skip("the commit before %s is not in this clone", newest)
	}
	commit := ""
	for _, rev := range strings.Fields(string(before)) {
		names, err := exec.Command("git", "ls-tree", "--name-only", rev, "../../models/migrations/").Output()
		if err != nil {
			t.Fatalf("git ls-tree %s: %v", rev, err)
		}
		kept := true
		for _, name := range strings.Fields(string(names)) {
			kept = kept && here[filepath.Base(name)]
		}
		if kept {
			commit = rev
			break
		}
	}
	if commit == "" {
		skip("no commit before %s in this clone has only migrations this tree has", newest)
	}
	src := t.TempDir()
	archive := exec.Command("sh", "-c", `git archive "$1" | tar -x -C "$2"`, "sh", commit, src)
	archive.Dir = "../.." // the whole tree, not this directory's part of it
	if out, err := archive.CombinedOutput(); err != nil {
		t.Fatalf("git archive %s: %v\n%s", commit, err, out)
	}
	if err := os.MkdirAll(filepath.Join(src, "public", "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-r", "../../public/dist/.", filepath.Join(src, "public", "dist")).CombinedOutput(); err != nil {
		t.Fatalf("copy the assets: %v\n%s", err, out)
	}
	bin := filepath.Join(t.TempDir(), "syniad-previous")
	build := exec.Command("go", "build", "-o", bin, "./cmd/syniad")
	build.Dir = src
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the previous release (%s): %v\n%s", commit[:12], err, out)
	}
	t.Logf("previous release: %s (before %s)", commit[:12], newest)
	return bin
}
