package app_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// tableDigests is, for every table in the public schema, its row count and a digest of its
// contents, so that an insert, an update or a delete anywhere shows.
func (ta *testApp) tableDigests() map[string]string {
	ta.t.Helper()
	var tables []string
	if err := ta.DB.Raw(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`).Scan(&tables).Error; err != nil {
		ta.t.Fatal(err)
	}
	out := map[string]string{}
	for _, table := range tables {
		var row struct {
			N      int64
			Digest string
		}
		q := `SELECT count(*) AS n, coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '') AS digest FROM "` + table + `" t`
		if err := ta.DB.Raw(q).Scan(&row).Error; err != nil {
			ta.t.Fatalf("%s: %v", table, err)
		}
		out[table] = strconv.FormatInt(row.N, 10) + " rows, " + row.Digest
	}
	return out
}

// Issue 14: each POST /ideas without a session stored a 14-day session row. Visitors who are
// not signed in cause no stored row anywhere, whatever they do, short of starting a sign-in.
func TestVisitorsStoreNothing(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Bus times in one place")
	id := strconv.FormatInt(idea.ID, 10)
	// Something for every page to show, a draft shortlist among it.
	panel := ta.signInAs("pat", models.RolePanel)
	panel.post("/ideas/"+id+"/comments", url.Values{"body": {"A comment"}})

	// Only the rate limiter may count a visitor's requests, in rate_buckets.
	allowed := map[string]bool{"rate_buckets": true}
	before := ta.tableDigests()

	for round := 0; round < 3; round++ {
		visitor := ta.client()
		for _, path := range []string{"/", "/ideas", "/ideas?sort=new&q=bus", "/ideas/" + id, "/ideas/new",
			"/consultations/digital", "/consultations/digital/shortlist", "/themes/none", "/boards", "/meetings",
			"/actions", "/login", "/auth/dev", "/auth/email/sent", "/auth/email/welcome", "/auth/email/no-such-link", "/dev/mail", "/open-data", "/privacy", "/accessibility", "/nowhere",
			"/?lang=cy", "/ideas/" + id + "?lang=en", "///evil.example/?lang=cy",
			"/api/v1/ideas", "/api/v1/ideas/" + id, "/api/v1/ideas/similar?title=bus", "/api/v1/consultations",
			"/api/v1/themes", "/api/v1/meetings", "/api/v1/actions", "/api/v1/ideas/999999",
			"/feeds/ideas.atom", "/meetings.ics", "/open-data/ideas.csv", "/triage", "/admin", "/moderation"} {
			visitor.get(path)
		}
		// Writes without a session: with the visitor's CSRF token, with a wrong one, and none.
		for _, csrf := range []string{visitor.CSRF, "wrong", ""} {
			form := url.Values{"consultation": {"digital"}, "title": {"Free buses"}, "body": {"Please"}, "_csrf": {csrf}}
			visitor.post("/ideas", form)
			visitor.post("/ideas/"+id+"/vote", url.Values{"vote": {"on"}, "_csrf": {csrf}})
			visitor.post("/ideas/"+id+"/comments", url.Values{"body": {"Hello"}, "_csrf": {csrf}})
			visitor.post("/ideas/"+id+"/report", url.Values{"reason": {"spam"}, "_csrf": {csrf}})
			visitor.post("/logout", url.Values{"_csrf": {csrf}})
			visitor.post("/auth/dev", url.Values{"handle": {""}, "_csrf": {csrf}})                // refused: no handle
			visitor.post("/auth/email", url.Values{"email": {"not an address"}, "_csrf": {csrf}}) // refused
			visitor.post("/auth/email/no-such-link", url.Values{"_csrf": {csrf}})
			visitor.post("/auth/email/welcome", url.Values{"handle": {"sneaky"}, "_csrf": {csrf}})
			req, _ := http.NewRequest(http.MethodPost, "http://localhost:3000/ideas", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			visitor.do(req)
		}
		visitor.CSRF = "" // the API's CSRF header empty
		visitor.api(http.MethodPost, "/api/v1/ideas", `{"consultation":"digital","title":"T","body":"B"}`, true)
		visitor.api(http.MethodPut, "/api/v1/ideas/"+id+"/vote", "", true)
		visitor.api(http.MethodDelete, "/api/v1/ideas/"+id+"/vote", "", true)
		visitor.api(http.MethodPost, "/api/v1/ideas/"+id+"/comments", `{"body":"Hi"}`, true)
		// Pages after those posts, which show the flash messages they left.
		visitor.get("/login")
		visitor.get("/")
	}

	after := ta.tableDigests()
	for table, was := range before {
		if allowed[table] {
			continue
		}
		if now := after[table]; now != was {
			t.Errorf("table %s changed under visitors: %s → %s", table, was, now)
		}
	}
	for table := range after {
		if _, ok := before[table]; !ok && !allowed[table] {
			t.Errorf("table %s appeared under visitors", table)
		}
	}
}

// The one row a visitor may cause is the state of a sign-in they start, which lasts 15
// minutes and is then deleted, as expired sessions are.
func TestSignInStateIsShortLivedAndPruned(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) { c.GitHubClientID, c.GitHubClientSecret = "id", "secret" })
	keys := func() string {
		var k []string
		ta.DB.Raw(`SELECT k FROM http_sessions ORDER BY k`).Scan(&k)
		return strings.Join(k, ",")
	}
	visitor := ta.client()
	res, _ := visitor.get("/auth/github")
	state := keys()
	if res.StatusCode != http.StatusSeeOther || state == "" || strings.Contains(state, ",") {
		t.Fatalf("starting a sign-in: %d, rows %q, want 303 and one row", res.StatusCode, state)
	}
	var e int64
	ta.DB.Raw(`SELECT e FROM http_sessions`).Scan(&e)
	if left := time.Until(time.Unix(e, 0)); left > 16*time.Minute || left < 14*time.Minute {
		t.Errorf("a sign-in state lasts %v, want 15 minutes", left)
	}
	// Beside it, a session that expired, one that has not, and one that never does.
	now := time.Now()
	ta.DB.Exec(`INSERT INTO http_sessions (k, v, e) VALUES ('a-expired', '', ?), ('b-live', '', ?), ('c-forever', '', 0)`,
		now.Add(-time.Minute).Unix(), now.Add(time.Hour).Unix())
	if err := models.PruneSessions(t.Context(), ta.DB, "http_sessions", now); err != nil {
		t.Fatal(err)
	}
	want := []string{state, "b-live", "c-forever"}
	slices.Sort(want)
	if got := keys(); got != strings.Join(want, ",") {
		t.Errorf("after pruning: %q, want %q", got, strings.Join(want, ","))
	}
	// A forged callback ends the state: its row goes too.
	visitor.get("/auth/github/callback?state=forged&code=x")
	if got := keys(); got != "b-live,c-forever" {
		t.Errorf("after a forged callback: %q, want only the signed-in sessions", got)
	}
}
