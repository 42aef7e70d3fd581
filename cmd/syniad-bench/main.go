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
	metricsAddr := flag.String("metrics-addr", "127.0.0.1:3901", "where the service serves /metrics and its CPU profiles during the run")
	duration := flag.Duration("duration", 10*time.Second, "how long each load runs")
	out := flag.String("out", "docs/BENCHMARKS.md", "where the results are written")
	title := flag.String("title", "", `write the results as one section headed "## <title>" (say "Before", with -out elsewhere), for pasting into docs/BENCHMARKS.md as a snapshot later runs keep`)
	flag.Parse()
	log.SetFlags(0)
	if _, err := exec.LookPath("wrk"); err != nil {
		log.Fatal("wrk is not installed: apt-get install -y wrk")
	}
	b := &bench{dbURL: *dbURL, bin: *bin, base: "http://" + *addr, addr: *addr, metricsAddr: *metricsAddr, duration: *duration, title: *title}
	if err := b.run(context.Background(), *out); err != nil {
		log.Fatal(err)
	}
}

type bench struct {
	dbURL, bin, base, addr, metricsAddr string
	duration                            time.Duration
	title                               string
	db                                  *gorm.DB
	service                             *exec.Cmd
	logFile                             string
	rows                                []result
	profiles                            []profileRun
	notes                               []string
	temp                                []string // scripts to remove at the end

	// What the end of the run found: the vote check, the service's peak memory (kB), the
	// size of its request log and how long the run took.
	votesChecked     string
	votesExact       bool
	peakKB, logBytes int64
	took             time.Duration
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
	words, err := b.chooseWords()
	if err != nil {
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
	loads, err := b.loads(idea, users[1], words)
	if err != nil {
		return err
	}
	defer func() {
		for _, f := range b.temp {
			os.Remove(f)
		}
	}()
	for _, l := range loads {
		if err := b.run1(l); err != nil {
			return err
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
	b.peakKB = rss(b.service.Process.Pid, "VmHWM")
	if fi, err := os.Stat(b.logFile); err == nil {
		b.logBytes = fi.Size()
	}
	b.took = time.Since(start).Round(time.Second)
	if err := b.write(out, plans); err != nil {
		return err
	}
	fmt.Println("\nTargets (issue 18):\n\n" + b.targetsTable())
	return nil
}

func (b *bench) startService() error {
	logFile, err := os.CreateTemp("", "syniad-bench-*.log")
	if err != nil {
		return err
	}
	b.service = exec.Command(b.bin, "serve")
	b.service.Env = append(os.Environ(), "DATABASE_URL="+b.dbURL, "LISTEN_ADDR="+b.addr,
		"BASE_URL=http://localhost:"+strings.Split(b.addr, ":")[1], "SYNIAD_ENV=development",
		"METRICS_ADDR="+b.metricsAddr, // for the CPU profiles taken during the loads
		"WRITE_RATE_LIMIT=1000000", "PANEL_WRITE_RATE_LIMIT=1000000", "DB_MAX_CONNS=20", "SHUTDOWN_DRAIN=0",
		// The load comes from one address: per-address limits would turn most of it away.
		"SIGNIN_RATE_LIMIT=0", "CALLBACK_RATE_LIMIT=0", "SIGNUP_RATE_LIMIT=0", "SEARCH_RATE_LIMIT=0",
		"SIMILAR_RATE_LIMIT=0", "DOWNLOAD_RATE_LIMIT=0")
	b.service.Stdout, b.service.Stderr = logFile, logFile
	if err := b.service.Start(); err != nil {
		return err
	}
	b.logFile = logFile.Name()
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
	if err := b.run1(load{name: "vote on and off (API)", who: "500 members", script: script.Name(), conns: 50, tags: []string{tagVotes}, profile: true}); err != nil {
		return err
	}
	var wrong int64
	err = b.db.Raw(`SELECT count(*) FROM ideas i WHERE i.vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)`).Scan(&wrong).Error
	if err != nil {
		return err
	}
	// A wrong count is reported against its target, not fatal: the rest of the run still
	// says where the service stands.
	b.votesExact = wrong == 0
	b.votesChecked = fmt.Sprintf("%d ideas whose vote count differs from their rows in votes (one query over every idea)", wrong)
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
