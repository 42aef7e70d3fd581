package app_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// TestQueriesDoNotGrowWithRows counts the database queries each page makes (a GORM callback
// on every kind of statement) on a small site and on one ten times larger, and fails when any
// page makes more on the larger: a page that queries once per idea, comment, theme, meeting
// or action it shows would stay fast in tests and fall over at national scale.
func TestQueriesDoNotGrowWithRows(t *testing.T) {
	t.Parallel()
	small := models.BenchSizes{Ideas: 30, Users: 20, Votes: 60, Comments: 40, Themes: 3, Meetings: 4}
	large := models.BenchSizes{Ideas: 300, Users: 60, Votes: 1500, Comments: 600, Themes: 12, Meetings: 40}
	counts := map[string][2]int64{}
	var paths []string
	for n, sizes := range []models.BenchSizes{small, large} {
		site := newQueryCountSite(t, sizes, []int{1, 6}[n])
		for _, role := range []string{"visitor", models.RoleAdmin} {
			for _, path := range site.paths {
				if role == "visitor" && path.signedIn {
					continue
				}
				key := role + " " + path.name
				if n == 0 {
					paths = append(paths, key)
				}
				c := counts[key]
				c[n] = site.queries(t, role, path.url)
				counts[key] = c
			}
		}
	}
	for _, key := range paths {
		c := counts[key]
		t.Logf("%-40s %3d queries small, %3d large", key, c[0], c[1])
		if c[0] == 0 {
			t.Errorf("%s: no queries counted; the callback is not counting", key)
		}
		if c[1] > c[0] {
			t.Errorf("%s: %d queries on the small site, %d on the large one: the page queries once per row it shows", key, c[0], c[1])
		}
	}
}

type queryCountSite struct {
	ta      *testApp
	admin   *client
	queries func(t *testing.T, role, path string) int64
	paths   []countedPath
	counted *atomic.Int64 // every query the site's database has run
}

// queriesAs counts the queries one GET of path makes for a client of the site.
func (site *queryCountSite) queriesAs(t *testing.T, c *client, path string) int64 {
	t.Helper()
	before := site.counted.Load()
	if res, _ := c.get(path); res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", path, res.StatusCode)
	}
	return site.counted.Load() - before
}

type countedPath struct {
	name, url string
	signedIn  bool // only for the signed-in (the panel, staff and admins' pages)
}

// newQueryCountSite loads a bench site of the given sizes; the idea with the long thread also
// gets extra history entries and linked actions, as many as extra says.
func newQueryCountSite(t *testing.T, sizes models.BenchSizes, extra int) *queryCountSite {
	// The site and its pages run at one fixed moment, so what is upcoming, past or overdue
	// is the same on any day the test runs. 12:30 is past the hour the old fixture's meetings
	// (10:00 to 12:00 today) flipped from upcoming to past.
	clock := func() time.Time { return time.Date(2027, time.March, 10, 12, 30, 0, 0, models.London) }
	ta := newTestApp(t, func(cfg *app.Config) { cfg.Clock = clock })
	ctx := models.WithClock(t.Context(), clock)
	if _, err := models.SeedBench(ctx, ta.DB, sizes, nil); err != nil {
		t.Fatal(err)
	}
	one := func(sql string) string {
		var v string
		if err := ta.DB.Raw(sql).Scan(&v).Error; err != nil || v == "" {
			t.Fatalf("%s: %q %v", sql, v, err)
		}
		return v
	}
	idea := one(`SELECT min(id)::text FROM ideas`)
	board := one(`SELECT id::text FROM boards ORDER BY id LIMIT 1`)
	for n := range extra {
		err := ta.DB.Exec(`INSERT INTO events (verb, subject_type, subject_id, idea_id, from_value, to_value)
			VALUES ('idea.status_changed', 'idea', ?::bigint, ?::bigint, 'new', 'under_review')`, idea, idea).Error
		if err == nil {
			err = ta.DB.Exec(`WITH a AS (INSERT INTO actions (board_id, reference, description, owner_name, due_on)
				VALUES (?::bigint, ?, 'Follow up the idea', 'Clerk', ?::date + ?::int) RETURNING id)
				INSERT INTO action_ideas (action_id, idea_id) SELECT id, ?::bigint FROM a`, board, fmt.Sprintf("QC-%d", n),
				models.Today(clock()).Format(time.DateOnly), n, idea).Error
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	action := one(`SELECT id::text FROM actions ORDER BY id LIMIT 1`)
	meeting := one(`SELECT meeting_id::text FROM agenda_items a JOIN agenda_item_ideas ai ON ai.agenda_item_id = a.id GROUP BY meeting_id ORDER BY count(*) DESC, meeting_id LIMIT 1`)

	n := countQueries(t, ta.DB)

	site := &queryCountSite{ta: ta, counted: n}
	site.admin = ta.client()
	site.admin.signIn("qc-admin")
	if _, err := models.GrantRole(ctx, ta.DB, nil, "qc-admin", models.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	site.queries = func(t *testing.T, role, path string) int64 {
		t.Helper()
		get := func() int64 {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if role == "visitor" {
				// A session cookie the store does not know: a visitor not signed in, whose pages
				// are rendered rather than served as kept for everyone (pagecache.go).
				req.AddCookie(&http.Cookie{Name: "syniad_session", Value: "not-a-session"})
			} else {
				for _, c := range site.admin.jar.Cookies(siteURL) {
					req.AddCookie(c)
				}
			}
			before := n.Load()
			res, err := ta.App.Test(req, 30000)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s as %s: status %d", path, role, res.StatusCode)
			}
			return n.Load() - before
		}
		get() // the first asks for list totals that later requests find remembered
		return get()
	}
	site.paths = []countedPath{
		{name: "home", url: "/"},
		{name: "ideas top", url: "/ideas"},
		{name: "ideas new", url: "/ideas?sort=new"},
		{name: "ideas trending", url: "/ideas?sort=trending"},
		{name: "ideas discussed", url: "/ideas?sort=discussed"},
		{name: "ideas page 2 of a theme", url: "/ideas?theme=bench-theme-0&page=2&per_page=5"},
		{name: "search", url: "/ideas?q=bus"},
		{name: "idea with the long thread", url: "/ideas/" + idea},
		{name: "consultation", url: "/consultations/bench"},
		{name: "theme", url: "/themes/bench-theme-0"},
		{name: "boards", url: "/boards"},
		{name: "board", url: "/boards/bench-board-1"},
		{name: "meetings", url: "/meetings"},
		{name: "meeting with linked ideas", url: "/meetings/" + meeting},
		{name: "actions", url: "/actions"},
		{name: "action", url: "/actions/" + action},
		{name: "open data", url: "/open-data"},
		{name: "API ideas", url: "/api/v1/ideas?per_page=100"},
		{name: "API idea", url: "/api/v1/ideas/" + idea},
		{name: "API themes", url: "/api/v1/themes"},
		{name: "API meetings", url: "/api/v1/meetings"},
		{name: "API actions", url: "/api/v1/actions"},
		{name: "ideas feed", url: "/feeds/ideas.atom"},
		{name: "triage", url: "/triage", signedIn: true},
		{name: "themes (panel)", url: "/triage/themes", signedIn: true},
		{name: "moderation", url: "/moderation", signedIn: true},
		{name: "meeting pack", url: "/meetings/" + meeting + "/pack", signedIn: true},
		{name: "exports form", url: "/exports", signedIn: true},
		{name: "admin", url: "/admin", signedIn: true},
		{name: "admin record", url: "/admin/events", signedIn: true},
		{name: "new idea form", url: "/ideas/new", signedIn: true},
		{name: "agenda item's ideas", url: "/agenda-items/" + one(`SELECT min(id)::text FROM agenda_items`) + "/ideas", signedIn: true},
	}
	for _, p := range site.paths {
		if !strings.HasPrefix(p.url, "/") {
			t.Fatalf("bad path %q", p.url)
		}
	}
	return site
}
