package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models/modeltest"
)

// TestTwoInstancesShareOneDatabase runs two `syniad serve` processes on different ports
// against one database, as behind a load balancer: a session and a CSRF token made on one
// work on the other, the write rate limit is counted once across both and is exact, and a
// page one instance keeps for visitors is retired, as soon as it hears, by a write made
// through the other.
func TestTwoInstancesShareOneDatabase(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	twoInstancesShareOneDatabase(t, db, dbURL)
}

// TestPgBouncerTwoInstances is TestTwoInstancesShareOneDatabase with both instances reaching
// Postgres through PgBouncer in transaction pooling mode (DATABASE_URL at PgBouncer, with
// default_query_exec_mode=exec), migrations, sessions and the job queue included.
func TestPgBouncerTwoInstances(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	// The job queue listens on a connection of its own, as DATABASE_DIRECT_URL gives it.
	twoInstancesShareOneDatabase(t, db, modeltest.PgBouncer(t, dbURL), "DATABASE_DIRECT_URL="+dbURL)
}

func twoInstancesShareOneDatabase(t *testing.T, db *gorm.DB, dbURL string, env ...string) {
	ideas := seedOpenIdeas(t, db, "shared", 30, "Shared idea %d")

	bin := filepath.Join(t.TempDir(), "syniad")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const limit = 10
	a := startInstance(t, bin, dbURL, limit, env...)
	b := startInstance(t, bin, dbURL, limit, env...)

	// Both instances answer on 127.0.0.1, and cookies do not depend on the port: one browser
	// holds one session, as it would behind a load balancer.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	token := func(base, path string) string {
		t.Helper()
		_, body := fetch(t, browser, http.MethodGet, base+path, nil, nil)
		m := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no CSRF token on %s%s", base, path)
		}
		return m[1]
	}
	res, _ := fetch(t, browser, http.MethodPost, a+"/auth/dev", url.Values{"handle": {"alice"}, "_csrf": {token(a, "/auth/dev")}}, nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on A: status %d", res.StatusCode)
	}
	if _, body := fetch(t, browser, http.MethodGet, b+"/", nil, nil); !strings.Contains(body, "alice") {
		t.Fatal("the session made on A is not signed in on B")
	}

	// A visitor's page, kept by A.
	visitor := &http.Client{}
	votes := regexp.MustCompile(fmt.Sprintf(`data-vote-count="%d">(\d+)<`, ideas[0]))
	visitorCount := func() string {
		t.Helper()
		_, body := fetch(t, visitor, http.MethodGet, fmt.Sprintf("%s/ideas/%d", a, ideas[0]), nil, nil)
		m := votes.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no vote count on the idea page")
		}
		return m[1]
	}
	if visitorCount() != "0" || visitorCount() != "0" {
		t.Fatal("want no votes yet")
	}

	// Writes whose CSRF token came from a page of the other instance. The write bucket of
	// limit refills over an hour, so no token comes back while the test runs.
	fromA := token(a, "/")
	res, body := fetch(t, browser, http.MethodPost, fmt.Sprintf("%s/ideas/%d/vote", b, ideas[0]),
		url.Values{"_csrf": {fromA}, "vote": {"on"}}, nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vote on B with A's token: status %d\n%s", res.StatusCode, body)
	}
	fromB := token(b, "/")
	res, body = fetch(t, browser, http.MethodPut, fmt.Sprintf("%s/api/v1/ideas/%d/vote", a, ideas[1]), nil,
		map[string]string{"X-CSRF-Token": fromB})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("API vote on A with B's token: status %d\n%s", res.StatusCode, body)
	}
	res, _ = fetch(t, browser, http.MethodPut, fmt.Sprintf("%s/api/v1/ideas/%d/vote", a, ideas[2]), nil,
		map[string]string{"X-CSRF-Token": "forged" + fromB[6:]})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("API vote with a forged token: status %d, want 403", res.StatusCode)
	}
	// A hears of B's write by LISTEN (app/siteversion.go), a moment after B answered.
	for deadline := time.Now().Add(2 * time.Second); visitorCount() != "1"; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("2s after a vote through B, the visitor's page on A shows %s votes, want 1", visitorCount())
		}
	}

	// Two writes counted so far (signing in is not limited, and the forged token was refused
	// before the count). Twenty more at once, half to each instance: exactly limit - 2 get
	// through, and the rest are told to wait.
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for n := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := []string{a, b}[n%2]
			res, _ := fetch(t, browser, http.MethodPut, fmt.Sprintf("%s/api/v1/ideas/%d/vote", base, ideas[3+n]), nil,
				map[string]string{"X-CSRF-Token": fromB})
			mu.Lock()
			statuses[res.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[http.StatusOK] != limit-2 || statuses[http.StatusTooManyRequests] != 20-(limit-2) {
		t.Fatalf("statuses %v: want %d × 200 and %d × 429 across both instances", statuses, limit-2, 20-(limit-2))
	}
	var rows int64
	if err := db.Raw(`SELECT count(*) FROM votes`).Scan(&rows).Error; err != nil || rows != limit {
		t.Fatalf("%d vote rows (%v), want %d", rows, err, limit)
	}
}

// startInstance runs `syniad serve` on a free port and waits until it is ready.
func startInstance(t *testing.T, bin, dbURL string, writeLimit int, env ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	base := "http://127.0.0.1:" + port
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "LISTEN_ADDR=127.0.0.1:"+port, "BASE_URL="+base,
		"SYNIAD_ENV=development", "SECRET_KEY=two-instances-share-this-secret-key", "WRITE_RATE_LIMIT="+strconv.Itoa(writeLimit)+"/1h",
		"DB_MAX_CONNS=5", "SHUTDOWN_DRAIN=0")
	cmd.Env = append(cmd.Env, env...)
	logs, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if t.Failed() {
			out, _ := os.ReadFile(logs.Name())
			t.Logf("%s log:\n%s", base, out)
		}
	})
	for range 100 {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return base
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not become ready", base)
	return ""
}

// fetch sends a request (a form when form is not nil) and reads the whole answer.
func fetch(t *testing.T, c *http.Client, method, target string, form url.Values, headers map[string]string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}
