package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// load is one wrk run: a path (or a Lua script that makes each request), who asks, over how
// many connections, and the tags that say which targets its figures count towards.
type load struct {
	name, who, path string
	headers         []string
	script          string // a wrk Lua script; its requests replace path
	conns           int
	tags            []string
	profile         bool // take a CPU profile of the service during the run
}

// Tags a row can carry: the targets (targets.go) pick their rows by them.
const (
	tagList    = "list"    // a member's list page
	tagIdea    = "idea"    // a member's idea page with the long thread
	tagSearch  = "search"  // a search, by a member or by a visitor with a fresh query each time
	tagSimilar = "similar" // the similar-ideas lookup
	tagKept    = "kept"    // a visitor's page the service keeps as rendered
	tagVotes   = "votes"   // the vote run
)

type result struct {
	name, who     string
	conns         int
	requests      int64   // completed
	rps, p50, p99 float64 // requests/s, ms
	errors        int64
	tags          []string
}

func (r result) has(tag string) bool {
	for _, t := range r.tags {
		if t == tag {
			return true
		}
	}
	return false
}

// profileRun is the CPU profile taken during one load, and its top functions.
type profileRun struct {
	name, file, summary string
	flat, cum           []topLine
	pg                  pgSample // Postgres's running statements meanwhile
	err                 error
}

// run drives one load with wrk as fast as the service answers. At 50 connections it measures
// throughput, and its latency is mostly time spent queueing; at 2 (one a core) a request
// seldom waits, so its latency is the page's own. With l.profile the service's CPU is
// profiled meanwhile, through METRICS_ADDR.
func (b *bench) run1(l load) error {
	// wrk counts a request it waited over 2 s for (its default) as a timeout and leaves it out
	// of the latencies; a slow search queued behind 49 others takes longer than that, and its
	// row would show errors and no latency at all. Ten seconds lets the figures say how slow.
	args := []string{"-t2", "-c" + strconv.Itoa(l.conns), "-d" + b.duration.String(), "--timeout", wrkTimeout, "--latency"}
	for _, h := range l.headers {
		args = append(args, "-H", h)
	}
	path := l.path
	if l.script != "" {
		args = append(args, "-s", l.script)
		path = "/"
	}
	var profile chan profileRun
	if l.profile {
		profile = make(chan profileRun, 1)
		go func() {
			stop, sampled := make(chan struct{}), make(chan pgSample, 1)
			go func() { sampled <- b.samplePostgres(stop) }()
			p := b.cpuProfile(l.name + ", " + l.who)
			close(stop)
			p.pg = <-sampled
			profile <- p
		}()
	}
	text, err := command("wrk", append(args, b.base+path)...)
	if profile != nil {
		p := <-profile // the profile ends two seconds before wrk does
		b.profiles = append(b.profiles, p)
	}
	if err != nil {
		return err
	}
	r := parseWrk(text)
	r.name, r.who, r.conns, r.tags = l.name, l.who, l.conns, l.tags
	b.report(r)
	b.drain()
	return nil
}

// drain waits (up to 30 s) until the service has no statement running in the database:
// requests wrk gave up on at the end of a load can still be queued in the service, and would
// otherwise be counted against the next load.
func (b *bench) drain() {
	deadline := time.Now().Add(30 * time.Second)
	quiet := 0
	for quiet < 2 && time.Now().Before(deadline) {
		var busy int64
		b.db.Raw(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`).Scan(&busy)
		if busy == 0 {
			quiet++
		} else {
			quiet = 0
		}
		time.Sleep(50 * time.Millisecond)
	}
}

const wrkTimeout = "10s"

var (
	wrkRPS    = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkCount  = regexp.MustCompile(`(\d+) requests in `)
	wrkPct    = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)`)
	wrkNon2xx = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkErrors = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// parseWrk reads the figures out of wrk's report: requests/s, the 50th and 99th percentile
// latencies in ms, and failed requests (answers that were not 2xx or 3xx, and socket errors).
func parseWrk(text string) result {
	var r result
	if m := wrkCount.FindStringSubmatch(text); m != nil {
		r.requests, _ = strconv.ParseInt(m[1], 10, 64)
	}
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
	return r
}

func (b *bench) report(r result) {
	b.rows = append(b.rows, r)
	fmt.Printf("%-44s %-11s %2d conns %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d  (%d requests)\n",
		r.name, r.who, r.conns, r.rps, r.p50, r.p99, r.errors, r.requests)
}

// cpuProfile asks the service for a CPU profile lasting the load less two seconds (wrk's
// start and end are not the steady state), saves it, and reads its top functions.
func (b *bench) cpuProfile(name string) profileRun {
	p := profileRun{name: name}
	seconds := max(1, int((b.duration - 2*time.Second).Seconds()))
	client := &http.Client{Timeout: time.Duration(seconds+30) * time.Second}
	res, err := client.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", b.metricsAddr, seconds))
	if err != nil {
		p.err = err
		return p
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		p.err = fmt.Errorf("GET /debug/pprof/profile: status %d", res.StatusCode)
		return p
	}
	f, err := os.CreateTemp("", "syniad-bench-"+slug(name)+"-*.pprof")
	if err != nil {
		p.err = err
		return p
	}
	defer f.Close()
	if _, err := io.Copy(f, res.Body); err != nil {
		p.err = err
		return p
	}
	p.file = f.Name()
	f.Close() // written before pprof reads it
	p.summary, p.flat, p.err = pprofTop(p.file, false)
	if p.err == nil {
		_, p.cum, p.err = pprofTop(p.file, true)
	}
	return p
}

// slug makes a load's name safe for a file name.
func slug(s string) string {
	s = regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(s), "-")
	return strings.Trim(s, "-")
}
