// Command syniad-bench is `make bench`: it starts the service on the bench database (loading
// the bench site first if need be), drives it with wrk at 50 connections (and at 2, for the
// latency of a page when requests do not queue), checks vote counts and query plans, and
// writes the figures to docs/BENCHMARKS.md.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

func main() {
	dbURL := flag.String("db", envOr("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/syniad_bench?sslmode=disable"), "bench database")
	bin := flag.String("bin", "bin/syniad", "the service binary")
	addr := flag.String("addr", "127.0.0.1:3900", "where the service listens during the run")
	duration := flag.Duration("duration", 10*time.Second, "how long each load runs")
	out := flag.String("out", "docs/BENCHMARKS.md", "where the results are written")
	flag.Parse()
	log.SetFlags(0)
	if _, err := exec.LookPath("wrk"); err != nil {
		log.Fatal("wrk is not installed: apt-get install -y wrk")
	}
	b := &bench{dbURL: *dbURL, bin: *bin, base: "http://" + *addr, addr: *addr, duration: *duration}
	if err := b.run(context.Background(), *out); err != nil {
		log.Fatal(err)
	}
}

type bench struct {
	dbURL, bin, base, addr string
	duration               time.Duration
	db                     *gorm.DB
	service                *exec.Cmd
	rows                   []result
	notes                  []string
}

type result struct {
	name, who     string
	conns         int
	rps, p50, p99 float64 // requests/s, ms
	errors        int64
}

func (b *bench) run(ctx context.Context, out string) error {
	start := time.Now()
	for _, args := range [][]string{{"migrate"}, {"seed", "--bench"}} {
		cmd := exec.Command(b.bin, args...)
		cmd.Env = append(os.Environ(), "DATABASE_URL="+b.dbURL)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s %s: %w", b.bin, strings.Join(args, " "), err)
		}
	}
	var err error
	if b.db, err = models.Open(ctx, b.dbURL, 4); err != nil {
		return err
	}
	// Votes left by earlier runs' signed-in users go, and counts are put right, so every run
	// starts from the bench site as loaded.
	if err := b.db.Exec(`DELETE FROM votes WHERE user_id IN (SELECT user_id FROM identities WHERE provider = 'dev' AND provider_user_id LIKE 'load-%')`).Error; err != nil {
		return err
	}
	if err := b.db.Exec(`UPDATE ideas i SET vote_count = v.n FROM (SELECT i2.id, count(v2.idea_id) AS n FROM ideas i2 LEFT JOIN votes v2 ON v2.idea_id = i2.id GROUP BY i2.id) v
		WHERE v.id = i.id AND i.vote_count <> v.n`).Error; err != nil {
		return err
	}
	if err := b.db.Exec(`VACUUM ANALYZE`).Error; err != nil {
		return err
	}
	if err := b.startService(); err != nil {
		return err
	}
	defer b.stopService()

	var idea int64
	if err := b.db.Raw(`SELECT min(id) FROM ideas WHERE consultation_id = (SELECT id FROM consultations WHERE slug = 'bench')`).Scan(&idea).Error; err != nil {
		return err
	}
	users, err := b.signIn(500)
	if err != nil {
		return err
	}
	// The first signed-in user exports as staff.
	if err := b.db.Exec(`UPDATE users SET role = 'admin' WHERE id = (SELECT user_id FROM identities WHERE provider = 'dev' AND provider_user_id = 'load-0')`).Error; err != nil {
		return err
	}
	member := users[1]
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"ideas, top", "/ideas"},
		{"ideas, new", "/ideas?sort=new"},
		{"ideas, trending", "/ideas?sort=trending"},
		{"ideas, most discussed", "/ideas?sort=discussed"},
		{"search (a place: ~110 ideas)", "/ideas?q=Llangwyn"},
		{"idea with 100 comments", fmt.Sprintf("/ideas/%d", idea)},
		{"API ideas", "/api/v1/ideas"},
	}
	for _, p := range pages {
		for _, who := range []string{"visitor", "member"} {
			var headers []string
			if who == "member" {
				headers = []string{"Cookie: " + member.cookie}
			}
			for _, conns := range []int{50, 2} {
				if err := b.wrk(p.name, who, p.path, headers, "", conns); err != nil {
					return err
				}
			}
		}
	}
	if err := b.votes(users); err != nil {
		return err
	}
	if err := b.export(users[0]); err != nil {
		return err
	}
	plans, err := b.plans(ctx, idea)
	if err != nil {
		return err
	}
	return b.write(out, plans, time.Since(start))
}

func (b *bench) startService() error {
	logFile, err := os.CreateTemp("", "syniad-bench-*.log")
	if err != nil {
		return err
	}
	b.service = exec.Command(b.bin, "serve")
	b.service.Env = append(os.Environ(), "DATABASE_URL="+b.dbURL, "LISTEN_ADDR="+b.addr,
		"BASE_URL=http://localhost:"+strings.Split(b.addr, ":")[1], "SYNIAD_ENV=development",
		"WRITE_RATE_LIMIT=1000000", "PANEL_WRITE_RATE_LIMIT=1000000", "DB_MAX_CONNS=20", "SHUTDOWN_DRAIN=0",
		// The load comes from one address: per-address limits would turn most of it away.
		"SIGNIN_RATE_LIMIT=0", "CALLBACK_RATE_LIMIT=0", "SIGNUP_RATE_LIMIT=0", "SEARCH_RATE_LIMIT=0",
		"SIMILAR_RATE_LIMIT=0", "DOWNLOAD_RATE_LIMIT=0")
	b.service.Stdout, b.service.Stderr = logFile, logFile
	if err := b.service.Start(); err != nil {
		return err
	}
	b.notes = append(b.notes, "The service's request log went to "+logFile.Name()+" (one JSON line a request, as in production).")
	for range 100 {
		if res, err := http.Get(b.base + "/readyz"); err == nil && res.StatusCode == 200 {
			res.Body.Close()
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("the service did not become ready on %s", b.base)
}

func (b *bench) stopService() {
	if b.service != nil && b.service.Process != nil {
		b.service.Process.Signal(os.Interrupt)
		b.service.Wait()
	}
}

// rss reads a memory figure (kB) of a process from /proc: VmRSS now or VmHWM, its peak.
func rss(pid int, field string) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, field+":") {
			n, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return n
		}
	}
	return 0
}

type user struct{ cookie, token string }

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)">`)

// signIn signs n bench users in through the development sign-in form, as a browser would.
func (b *bench) signIn(n int) ([]user, error) {
	base, _ := url.Parse(b.base)
	out := make([]user, n)
	for i := range n {
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		page := func() (string, error) {
			res, err := client.Get(b.base + "/auth/dev")
			if err != nil {
				return "", err
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			m := csrfMeta.FindSubmatch(body)
			if m == nil {
				return "", fmt.Errorf("no CSRF token on /auth/dev (status %d)", res.StatusCode)
			}
			return string(m[1]), nil
		}
		token, err := page()
		if err != nil {
			return nil, err
		}
		res, err := client.PostForm(b.base+"/auth/dev", url.Values{"handle": {fmt.Sprintf("load-%d", i)}, "_csrf": {token}})
		if err != nil {
			return nil, err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			return nil, fmt.Errorf("sign in as load-%d: status %d", i, res.StatusCode)
		}
		if token, err = page(); err != nil { // the token of the signed-in session
			return nil, err
		}
		var cookies []string
		for _, c := range jar.Cookies(base) {
			cookies = append(cookies, c.Name+"="+c.Value)
		}
		out[i] = user{cookie: strings.Join(cookies, "; "), token: token}
	}
	return out, nil
}

var (
	wrkRPS    = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkPct    = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)`)
	wrkNon2xx = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkErrors = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// wrk drives path over conns connections as fast as the service answers. At 50 it measures
// throughput, and its latency is mostly time spent queueing; at 2 (one a core) a request
// seldom waits, so its latency is the page's own.
func (b *bench) wrk(name, who, path string, headers []string, script string, conns int) error {
	args := []string{"-t2", "-c" + strconv.Itoa(conns), "-d" + b.duration.String(), "--latency"}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	if script != "" {
		args = append(args, "-s", script)
	}
	text, err := command("wrk", append(args, b.base+path)...)
	if err != nil {
		return err
	}
	r := result{name: name, who: who, conns: conns}
	if m := wrkRPS.FindStringSubmatch(text); m != nil {
		r.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	for _, m := range wrkPct.FindAllStringSubmatch(text, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		v *= map[string]float64{"us": 0.001, "ms": 1, "s": 1000}[m[3]]
		if m[1] == "50" {
			r.p50 = v
		} else {
			r.p99 = v
		}
	}
	if m := wrkNon2xx.FindStringSubmatch(text); m != nil {
		r.errors, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := wrkErrors.FindStringSubmatch(text); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.ParseInt(s, 10, 64)
			r.errors += n
		}
	}
	b.report(r)
	return nil
}

func (b *bench) report(r result) {
	b.rows = append(b.rows, r)
	fmt.Printf("%-30s %-11s %2d conns %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d\n",
		r.name, r.who, r.conns, r.rps, r.p50, r.p99, r.errors)
}

func command(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// votes has signed-in users turn their votes on and off, each request a different user and
// one of a thousand ideas, then checks every idea's count against its vote rows.
func (b *bench) votes(users []user) error {
	var ideas []int64
	err := b.db.Raw(`SELECT i.id FROM ideas i JOIN consultations c ON c.id = i.consultation_id
		WHERE c.status = 'open' AND i.status IN ('new', 'under_review') AND i.hidden_at IS NULL AND i.merged_into_id IS NULL
		ORDER BY i.id LIMIT 1000`).Scan(&ideas).Error
	if err != nil {
		return err
	}
	script, err := os.CreateTemp("", "syniad-votes-*.lua")
	if err != nil {
		return err
	}
	defer os.Remove(script.Name())
	w := bufio.NewWriter(script)
	fmt.Fprintln(w, "local users = {")
	for _, u := range users {
		fmt.Fprintf(w, "  {%q, %q},\n", u.cookie, u.token)
	}
	fmt.Fprint(w, "}\nlocal ideas = {")
	for n, id := range ideas {
		if n > 0 {
			fmt.Fprint(w, ",")
		}
		fmt.Fprint(w, id)
	}
	fmt.Fprint(w, `}
local n = 0
local on = {}
local thread_no = 0
local counter = 0
function setup(thread)
  thread:set("thread_no", counter)
  counter = counter + 1
end
function request()
  n = n + 1
  -- Each of wrk's two threads takes every other user, so no two requests race for one vote.
  local u = ((n - 1) * 2 + thread_no) % #users + 1
  local idea = ideas[(n * 7919 + u) % #ideas + 1]
  local key = u .. ":" .. idea
  local method = "PUT"
  if on[key] then method = "DELETE" end
  on[key] = not on[key]
  return wrk.format(method, "/api/v1/ideas/" .. idea .. "/vote",
    {["Cookie"] = users[u][1], ["X-CSRF-Token"] = users[u][2], ["Content-Type"] = "application/json"}, "")
end
`)
	if err := w.Flush(); err != nil {
		return err
	}
	script.Close()
	if err := b.wrk("vote on and off (API)", "500 members", "/", nil, script.Name(), 50); err != nil {
		return err
	}
	var wrong int64
	err = b.db.Raw(`SELECT count(*) FROM ideas i WHERE i.vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)`).Scan(&wrong).Error
	if err != nil {
		return err
	}
	if wrong != 0 {
		return fmt.Errorf("after the vote run %d ideas have a vote count that differs from their vote rows", wrong)
	}
	b.notes = append(b.notes, "After the vote run every idea's vote count equalled its rows in votes (checked with one query over all 100,000 ideas).")
	return nil
}

// export downloads the staff's CSV export of every idea, timing it and watching the
// service's memory.
func (b *bench) export(staff user) error {
	pid := b.service.Process.Pid
	before := rss(pid, "VmRSS")
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		for {
			if kb := rss(pid, "VmRSS"); kb > peak.Load() {
				peak.Store(kb)
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	req, _ := http.NewRequest(http.MethodGet, b.base+"/exports/ideas?format=csv", nil)
	req.Header.Set("Cookie", staff.cookie)
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		close(done)
		return err
	}
	n, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	took := time.Since(start)
	close(done)
	if err != nil || res.StatusCode != 200 {
		return fmt.Errorf("export: status %d, %v", res.StatusCode, err)
	}
	var lines int64
	if err := b.db.Raw(`SELECT count(*) FROM ideas`).Scan(&lines).Error; err != nil {
		return err
	}
	line := fmt.Sprintf("The staff CSV export of all %d ideas (`/exports/ideas?format=csv`): %.1f MB in %.2f s; the service's resident memory was %.0f MB before it and at most %.0f MB during it (sampled every 10 ms).",
		lines, float64(n)/1e6, took.Seconds(), float64(before)/1024, float64(peak.Load())/1024)
	fmt.Println(line)
	b.notes = append(b.notes, line)
	return nil
}

// plans runs EXPLAIN on every statement the list, search and idea functions make, and says
// which read ideas, votes or comments by a sequential scan.
func (b *bench) plans(ctx context.Context, idea int64) ([]string, error) {
	type captured struct {
		sql  string
		vars []any
	}
	var stmts []captured
	capture := func(tx *gorm.DB) {
		if tx.Statement != nil && tx.Statement.SQL.Len() > 0 {
			stmts = append(stmts, captured{tx.Statement.SQL.String(), append([]any{}, tx.Statement.Vars...)})
		}
	}
	db := b.db.Session(&gorm.Session{NewDB: true})
	db.Callback().Row().After("gorm:row").Register("bench:capture", capture)
	db.Callback().Query().After("gorm:query").Register("bench:capture", capture)
	sqlDB, err := b.db.DB()
	if err != nil {
		return nil, err
	}
	var lines []string
	check := func(name string, call func() error) error {
		stmts = nil
		if err := call(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, st := range stmts {
			text, err := explain(sqlDB, st.sql, st.vars)
			if err != nil {
				return fmt.Errorf("%s: explain: %w", name, err)
			}
			verdict := "indexes only"
			for _, table := range []string{"ideas", "votes", "comments"} {
				if regexp.MustCompile(`Seq Scan on ` + table + `\b`).MatchString(text) {
					verdict = "SEQUENTIAL SCAN of " + table
				}
			}
			first := strings.Fields(strings.TrimSpace(st.sql))
			lines = append(lines, fmt.Sprintf("| %s | `%s…` | %s |", name, strings.Join(first[:min(6, len(first))], " "), verdict))
		}
		return nil
	}
	lc := models.NewListCounts()
	for _, q := range []models.IdeaQuery{{Sort: models.SortTop}, {Sort: models.SortNew}, {Sort: models.SortTrending},
		{Sort: models.SortDiscussed}, {Q: "Llangwyn"}, {Theme: "bench-theme-3"}, {Consultation: "bench"}, {Sort: models.SortTop, ViewerID: 2}} {
		q.Counts = lc
		name := fmt.Sprintf("ListIdeas sort=%s q=%q theme=%q consultation=%q", q.Sort, q.Q, q.Theme, q.Consultation)
		if q.ViewerID != 0 {
			name += " signed in"
		}
		// The first call also counts the matches; later ones find the total remembered.
		if err := check(name+", first call (counts)", func() error { _, err := models.ListIdeas(ctx, db, q); return err }); err != nil {
			return nil, err
		}
		if err := check(name, func() error { _, err := models.ListIdeas(ctx, db, q); return err }); err != nil {
			return nil, err
		}
	}
	if err := check("IdeaByID", func() error { _, err := models.IdeaByID(ctx, db, idea, 2); return err }); err != nil {
		return nil, err
	}
	if err := check("CommentsForIdea", func() error { _, err := models.CommentsForIdea(ctx, db, idea); return err }); err != nil {
		return nil, err
	}
	return lines, nil
}

// explain is the plan Postgres makes for one statement, as GORM sent it ($n placeholders).
func explain(db *sql.DB, query string, vars []any) (string, error) {
	rows, err := db.Query("EXPLAIN "+query, vars...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), rows.Err()
}

func (b *bench) write(path string, plans []string, took time.Duration) error {
	var s strings.Builder
	s.WriteString("# Benchmarks\n\nWritten by `make bench` (cmd/syniad-bench); run it again to replace this file.\n\n")
	fmt.Fprintf(&s, "- When: %s; the whole run took %s.\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), took.Round(time.Second))
	fmt.Fprintf(&s, "- Machine: %s, %d cores, %s RAM; %s; %s.\n", cpuModel(), runtime.NumCPU(), memTotal(), firstLine("uname", "-sr"), runtime.Version())
	fmt.Fprintf(&s, "- Database: %s, on the same machine; the load generators run there too, sharing the two cores.\n", firstLine("psql", "--version"))
	s.WriteString("- Data: `syniad seed --bench` (100,000 ideas, 50,000 users, 1,000,000 votes, 300,000 comments, 30 themes, 100 meetings).\n")
	s.WriteString("- Service: `bin/syniad serve`, development settings, `DB_MAX_CONNS=20`, `WRITE_RATE_LIMIT=1000000` and `PANEL_WRITE_RATE_LIMIT=1000000` (the write bucket is still taken from in the database on every write), the per-address limits off (`SIGNIN_RATE_LIMIT=0`, `CALLBACK_RATE_LIMIT=0`, `SIGNUP_RATE_LIMIT=0`, `SEARCH_RATE_LIMIT=0`, `SIMILAR_RATE_LIMIT=0`, `DOWNLOAD_RATE_LIMIT=0`), since all the load comes from one address.\n")
	fmt.Fprintf(&s, "- Each load ran for %s with `wrk -t2 --latency`, flat out: over 50 connections for throughput (with 50 requests always in hand, latency there is mostly time spent queueing: 50 ÷ requests a second), and over 2 connections, one a core, for the latency of the page itself.\n", b.duration)
	s.WriteString("- \"visitor\" is a browser not signed in, served pages kept as rendered until anything changes (app/pagecache.go); \"member\" is signed in, so every page is rendered for them.\n\n")
	s.WriteString("| Page | Who | Connections | Requests/s | p50 ms | p99 ms | Errors |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, r := range b.rows {
		fmt.Fprintf(&s, "| %s | %s | %d | %.0f | %.2f | %.2f | %d |\n", r.name, r.who, r.conns, r.rps, r.p50, r.p99, r.errors)
	}
	fmt.Fprintf(&s, "\nPeak resident memory of the service over the whole run (VmHWM): %.0f MB.\n\n", float64(rss(b.service.Process.Pid, "VmHWM"))/1024)
	for _, n := range b.notes {
		s.WriteString("- " + n + "\n")
	}
	s.WriteString("\n## Query plans\n\nEvery statement the list, search and idea functions make, run through EXPLAIN on the bench data. A list's first call also counts the ideas that match (`SELECT count(*)…`); that count is remembered until something changes which ideas a list shows (a new idea, a status, a theme: not votes or comments), so it runs once per such change and filter, not once per page (models/list_counts.go). Counting every idea reads them all, whatever the plan.\n\n| Call | Statement | Plan |\n|---|---|---|\n")
	s.WriteString(strings.Join(plans, "\n") + "\n")
	if err := os.WriteFile(path, []byte(s.String()), 0o644); err != nil {
		return err
	}
	fmt.Println("Wrote", path)
	return nil
}

func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "model name") {
			return strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	data, _ := os.ReadFile("/proc/meminfo")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "MemTotal:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return fmt.Sprintf("%.0f GiB", kb/1024/1024)
		}
	}
	return "unknown"
}

func firstLine(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return name + " (unknown version)"
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
