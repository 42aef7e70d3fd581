package app_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// webPool is a pool on dbURL that says it is the web process (models.WebApplicationName), as
// `syniad serve` does: the triggers leave its writes for bumpAfterWrite to announce.
func webPool(t *testing.T, dbURL string) *gorm.DB {
	t.Helper()
	db, err := models.Open(t.Context(), models.WithApplicationName(dbURL, models.WebApplicationName), 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db
}

// listeningApp is the service on dbURL's database, through a web pool, listening for changes.
func listeningApp(t *testing.T, dbURL string, configure ...func(*app.Config)) *testApp {
	t.Helper()
	ta := newTestAppOn(t, webPool(t, dbURL), dbURL, configure...)
	ta.Srv.WatchSiteVersion()
	waitListening(t, ta, true)
	return ta
}

// listening reads syniad_site_version_listening from the app's /metrics.
func listening(t *testing.T, ta *testApp) bool {
	t.Helper()
	rec := httptest.NewRecorder()
	ta.Srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return strings.Contains(rec.Body.String(), "\nsyniad_site_version_listening 1\n")
}

func waitListening(t *testing.T, ta *testApp, want bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for listening(t, ta) != want {
		if time.Now().After(deadline) {
			t.Fatalf("syniad_site_version_listening never became %v", want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// countQueries counts the statements run through db from now on.
func countQueries(t *testing.T, db *gorm.DB) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	cb := db.Callback()
	for name, register := range map[string]func(string, func(*gorm.DB)) error{
		"query": cb.Query().After("gorm:query").Register, "row": cb.Row().After("gorm:row").Register,
		"raw": cb.Raw().After("gorm:raw").Register, "create": cb.Create().After("gorm:create").Register,
		"update": cb.Update().After("gorm:update").Register, "delete": cb.Delete().After("gorm:delete").Register,
	} {
		if err := register("test:count_"+name, count); err != nil {
			t.Fatal(err)
		}
	}
	return &n
}

// outsideExec runs sql on a connection of its own, as psql or the CLI would.
func outsideExec(t *testing.T, dbURL, sql string, args ...any) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), models.WithApplicationName(dbURL, "psql"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

// eventually polls page until it contains want, for up to two seconds (an announcement reaches
// other instances asynchronously), and returns how long that took.
func eventually(t *testing.T, c *client, page, want string) time.Duration {
	t.Helper()
	d := showsWithin(c, page, want, 2*time.Second)
	if d < 0 {
		t.Fatalf("GET %s: %q not shown after 2s", page, want)
	}
	return d
}

// showsWithin polls page until it contains want and returns how long that took, or -1 after
// limit. It reports nothing itself, so a test may run it in a goroutine of its own.
func showsWithin(c *client, page, want string, limit time.Duration) time.Duration {
	start := time.Now()
	for {
		if _, body := c.get(page); strings.Contains(body, want) {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			return -1
		}
		time.Sleep(time.Millisecond)
	}
}

// TestKeptPageAsksNothingWhileListening: with the listener live a kept page costs no query;
// without it, one (the site's version).
func TestKeptPageAsksNothingWhileListening(t *testing.T) {
	t.Parallel()
	_, dbURL := modeltest.NewDB(t)
	ta := newTestAppOn(t, webPool(t, dbURL), dbURL)
	ta.seedOpenConsultation("quiet")
	idea := ta.seedIdea("quiet", "A quiet idea")
	page := fmt.Sprintf("/ideas/%d", idea.ID)
	visitor := ta.client()
	queries := countQueries(t, ta.DB)
	costOfKeptPage := func() int64 {
		t.Helper()
		visitor.get(page) // kept, if it was not
		before := queries.Load()
		if res, body := visitor.get(page); res.StatusCode != http.StatusOK || !strings.Contains(body, "A quiet idea") {
			t.Fatalf("GET %s: status %d", page, res.StatusCode)
		}
		return queries.Load() - before
	}
	if n := costOfKeptPage(); n != 1 {
		t.Fatalf("not listening, a kept page made %d queries, want 1 (the version)", n)
	}
	ta.Srv.WatchSiteVersion()
	waitListening(t, ta, true)
	if n := costOfKeptPage(); n != 0 {
		t.Fatalf("listening, a kept page made %d queries, want 0", n)
	}
}

// TestWriteOnOneInstanceShowsOnAnother: a vote through instance A shows on A's kept page at
// once, and on B's as soon as B hears of it.
func TestWriteOnOneInstanceShowsOnAnother(t *testing.T) {
	t.Parallel()
	_, dbURL := modeltest.NewDB(t)
	a, b := listeningApp(t, dbURL), listeningApp(t, dbURL)
	a.seedOpenConsultation("two")
	idea := a.seedIdea("two", "Idea on two instances")
	page := fmt.Sprintf("/ideas/%d", idea.ID)
	votes := func(n int) string { return fmt.Sprintf(`data-vote-count="%d">%d<`, idea.ID, n) }
	onA, onB := a.client(), b.client()
	voter := a.client()
	voter.signIn("two-voter")
	voter.get(page)

	var delays []time.Duration
	for i := range 5 {
		want, vote := votes(0), "off"
		if i%2 == 0 {
			want, vote = votes(1), "on"
		}
		onA.get(page) // both kept at the version before the vote
		onB.get(page)
		if res, body := voter.post(page+"/vote", url.Values{"vote": {vote}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("vote %s: status %d\n%s", vote, res.StatusCode, body)
		}
		shownOnB := make(chan time.Duration)
		go func() { shownOnB <- showsWithin(onB, page, want, 2*time.Second) }()
		if _, body := onA.get(page); !strings.Contains(body, want) {
			t.Fatalf("vote %s: instance A's next page does not show it", vote)
		}
		d := <-shownOnB
		if d < 0 {
			t.Fatalf("vote %s: instance B's page does not show it after 2s", vote)
		}
		delays = append(delays, d)
	}
	slices.Sort(delays)
	t.Logf("instance B showed A's vote after %v (median %v)", delays, delays[len(delays)/2])
}

// TestOutsideWriteShowsOnKeptPage: a write made outside the service (psql, the CLI) is
// announced by the triggers at its commit.
func TestOutsideWriteShowsOnKeptPage(t *testing.T) {
	t.Parallel()
	_, dbURL := modeltest.NewDB(t)
	ta := listeningApp(t, dbURL)
	ta.seedOpenConsultation("outside")
	idea := ta.seedIdea("outside", "Before the import")
	page := fmt.Sprintf("/ideas/%d", idea.ID)
	visitor := ta.client()
	eventually(t, visitor, page, "Before the import")
	outsideExec(t, dbURL, `UPDATE ideas SET title = 'After the import' WHERE id = $1`, idea.ID)
	d := eventually(t, visitor, page, "After the import")
	t.Logf("the outside write showed after %v", d)
}

// TestKeptPagesAskWhileTheListenerIsDown: while the listener's connection is down, kept pages
// ask the database the version on each request and so stay fresh; it comes back alone.
func TestKeptPagesAskWhileTheListenerIsDown(t *testing.T) {
	t.Parallel()
	_, dbURL := modeltest.NewDB(t)
	direct, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, direct.Host)
	viaProxy := *direct
	viaProxy.Host = proxy.addr
	ta := listeningApp(t, dbURL, func(c *app.Config) { c.DatabaseDirectURL = viaProxy.String() })
	ta.seedOpenConsultation("down")
	idea := ta.seedIdea("down", "Title one")
	page := fmt.Sprintf("/ideas/%d", idea.ID)
	visitor := ta.client()
	eventually(t, visitor, page, "Title one")

	// The connection is cut, and the listener cannot dial again.
	proxy.refuse()
	outsideExec(t, dbURL, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE application_name = 'syniad-listen' AND datname = current_database()`)
	waitListening(t, ta, false)
	queries := countQueries(t, ta.DB)
	outsideExec(t, dbURL, `UPDATE ideas SET title = 'Title two' WHERE id = $1`, idea.ID)
	if _, body := visitor.get(page); !strings.Contains(body, "Title two") {
		t.Fatal("with the listener down, the next page does not show a write")
	}
	if queries.Load() == 0 {
		t.Fatal("with the listener down, a page asked nothing of the database")
	}

	proxy.accept()
	waitListening(t, ta, true)
	outsideExec(t, dbURL, `UPDATE ideas SET title = 'Title three' WHERE id = $1`, idea.ID)
	eventually(t, visitor, page, "Title three")
}

// tcpProxy passes connections on to a Postgres server, until told to refuse them.
type tcpProxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{t: t, target: target, addr: "127.0.0.1:0"}
	p.accept()
	t.Cleanup(func() {
		p.refuse()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, c := range p.conns {
			c.Close()
		}
	})
	return p
}

// accept listens (again, on the same address) and passes on what arrives.
func (p *tcpProxy) accept() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", p.target)
			if err != nil {
				in.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
}

// refuse stops listening; connections already passed on stay up.
func (p *tcpProxy) refuse() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
}

// TestFilterChoicesFollowTheVersion: while listening, the list filters' consultations and
// themes are read once per version of the site (an instance that cannot listen reads them for
// every list), and a theme added from outside is offered as soon as the instance hears of it.
func TestFilterChoicesFollowTheVersion(t *testing.T) {
	t.Parallel()
	_, dbURL := modeltest.NewDB(t)
	ta := listeningApp(t, dbURL)
	ta.seedOpenConsultation("choices")
	admin := ta.client()
	admin.signIn("choices-admin")
	if _, err := models.GrantRole(ta.ctx(), ta.DB, nil, "choices-admin", models.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	deaf := &client{t: t, ta: newTestAppOn(t, ta.DB, dbURL), jar: admin.jar} // never listens
	eventually(t, admin, "/ideas", "Consultation choices")                   // an admin's page is rendered for them
	queries := countQueries(t, ta.DB)
	count := func(c *client) int64 {
		before := queries.Load()
		if res, _ := c.get("/ideas"); res.StatusCode != http.StatusOK {
			t.Fatalf("/ideas: %d", res.StatusCode)
		}
		return queries.Load() - before
	}
	listening, asking := count(admin), count(deaf)
	if listening+2 != asking {
		t.Errorf("a list page made %d queries on the listening instance and %d on one that cannot listen; want two fewer (the choices)", listening, asking)
	}
	outsideExec(t, dbURL, `INSERT INTO themes (slug, name, name_cy) VALUES ('heard-theme', 'A theme from outside', 'Thema o bell')`)
	eventually(t, admin, "/ideas", "A theme from outside")
	if again := count(admin); again != listening {
		t.Errorf("after the change the list page made %d queries, then %d; want %d again", listening, again, listening)
	}
}
