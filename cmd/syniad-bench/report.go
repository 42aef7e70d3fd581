package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// beforeHeading starts the snapshot of an earlier run that rewriting the file keeps: every
// line from it to the end of the file (written by a run with -title Before, pasted in).
const beforeHeading = "## Before"

// write puts the run into path: the targets, every row, where the time goes and the query
// plans, then any "## Before" section the file held, verbatim. With a title the run is one
// section headed "## <title>", its parts a level below, so it can be pasted in as such a
// snapshot.
func (b *bench) write(path string, plans []string) error {
	var s strings.Builder
	h := func(level int, text string) { s.WriteString(headingText(b.title, level, text)) }
	if b.title != "" {
		s.WriteString("## " + b.title + "\n\n")
	} else {
		h(1, "Benchmarks")
		s.WriteString("Written by `make bench` (cmd/syniad-bench); run it again to replace this file (a `## Before` section at its end is kept).\n\n")
	}
	fmt.Fprintf(&s, "- When: %s; the whole run took %s.\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), b.took)
	fmt.Fprintf(&s, "- Machine: %s, %d cores, %s RAM; %s; %s.\n", cpuModel(), runtime.NumCPU(), memTotal(), firstLine("uname", "-sr"), runtime.Version())
	fmt.Fprintf(&s, "- Database: %s, on the same machine; the load generators run there too, sharing the cores.\n", firstLine("psql", "--version"))
	s.WriteString("- Data: `syniad seed --bench` (100,000 ideas, 50,000 users, 1,000,000 votes, 300,000 comments, 30 themes, 100 meetings).\n")
	s.WriteString("- Service: `" + b.bin + " serve`, development settings, `DB_MAX_CONNS=20`, `WRITE_RATE_LIMIT=1000000` and `PANEL_WRITE_RATE_LIMIT=1000000` (the write bucket is still taken from in the database on every write), the per-address limits off (`SIGNIN_RATE_LIMIT=0`, `CALLBACK_RATE_LIMIT=0`, `SIGNUP_RATE_LIMIT=0`, `SEARCH_RATE_LIMIT=0`, `SIMILAR_RATE_LIMIT=0`, `DOWNLOAD_RATE_LIMIT=0`), since all the load comes from one address; `METRICS_ADDR` set, for the CPU profiles.\n")
	fmt.Fprintf(&s, "- Each load ran for %s with `wrk -t2 --timeout "+wrkTimeout+" --latency`, flat out: over 50 connections for throughput (with 50 requests always in hand, latency there is mostly time spent queueing: 50 ÷ requests a second), and over 2 connections, one a core, for the latency of the page itself.\n", b.duration)
	s.WriteString("- \"visitor\" is a browser not signed in, served pages kept as rendered until anything changes (app/pagecache.go); \"member\" is signed in with no role, and which of their pages are kept and which rendered for them is the service's to say (app/pagecache.go).\n\n")

	h(2, "Targets")
	s.WriteString("Issue 18's targets, each beside the worst row it covers. A row with failed requests fails its target.\n\n")
	s.WriteString(b.targetsTable() + "\n")

	h(2, "Every load")
	s.WriteString(b.rowsTable())
	fmt.Fprintf(&s, "\nPeak resident memory of the service over the whole run (VmHWM): %.0f MB.\n\n", float64(b.peakKB)/1024)
	for _, n := range append(b.notes, b.searchNotes()...) {
		s.WriteString("- " + n + "\n")
	}
	s.WriteString("\n")

	h(2, "Where the time goes")
	s.WriteString(b.profilesText())

	h(2, "Query plans")
	s.WriteString("Every statement the list, search and idea functions make, run through EXPLAIN on the bench data. A list's first call also counts the ideas that match (`SELECT count(*)…`); that count is remembered until something changes which ideas a list shows (a new idea, a status, a theme: not votes or comments), so it runs once per such change and filter, not once per page (models/list_counts.go). Counting every idea reads them all, whatever the plan.\n\n| Call | Statement | Plan |\n|---|---|---|\n")
	s.WriteString(strings.Join(plans, "\n") + "\n")

	if b.title == "" {
		if before := keptBefore(path); before != "" {
			s.WriteString("\n" + before)
		}
	}
	if err := os.WriteFile(path, []byte(s.String()), 0o644); err != nil {
		return err
	}
	fmt.Println("Wrote", path)
	return nil
}

// keptBefore is the "## Before" section of the file at path, if it has one: everything from
// that heading's line to the end of the file.
func keptBefore(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return beforeSection(string(data))
}

func beforeSection(text string) string {
	for i := 0; i < len(text); {
		line, _, _ := strings.Cut(text[i:], "\n")
		if line == beforeHeading || strings.HasPrefix(line, beforeHeading+" ") {
			return text[i:]
		}
		i += len(line) + 1
	}
	return ""
}

func (b *bench) rowsTable() string {
	var s strings.Builder
	s.WriteString("| Load | Who | Connections | Requests | Requests/s | p50 ms | p99 ms | Errors |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range b.rows {
		fmt.Fprintf(&s, "| %s | %s | %d | %d | %.0f | %.2f | %.2f | %d |\n", r.name, r.who, r.conns, r.requests, r.rps, r.p50, r.p99, r.errors)
	}
	return s.String()
}

// searchNotes say how the search rows chose their queries.
func (b *bench) searchNotes() []string {
	return []string{
		"Search queries come from the bench data at the start of each run: the words of ideas' titles as written (`ts_stat` over `to_tsvector('simple', title)`, words of three letters or more), those in 1,000 titles or more being the common words (commonest first) and those only Welsh ideas' titles hold the Welsh words; the places are the names ideas' bodies begin with. Every search row mixes the case of its query's letters at random for each request and writes the request's number after the query in spaces and tabs: search ignores case and the service trims the whitespace before it searches (models.cleanQuery), so the work is that of the word, but every address is new, so no kept page (a visitor's, or one kept for members) answers it. A member's search rows ask for the one word in their name; a visitor's draw a word per request at random from the list in theirs (the Welsh list holds each word and its soft mutation: \"cymuned\" and \"gymuned\"). The rows matching nothing search for a fresh random string of consonants each request. The member's list page \"search (a place…)\" asks one address again and again, as a list page.",
		"Similar ideas: `GET /api/v1/ideas/similar?title=…`, the title drawn per request from the bench ideas' titles without their number, its case mixed and its request's number added in whitespace as for search (the trigram match ignores case; the title is trimmed first).",
	}
}

// profilesText is a table of the top functions of each CPU profile taken.
func (b *bench) profilesText() string {
	var s strings.Builder
	fmt.Fprintf(&s, "CPU profiles of the service (`/debug/pprof/profile` on `METRICS_ADDR`), taken during the 50-connection loads below for their length less two seconds, so their figures above include the profiler's cost. Each table lists the %d functions with the largest flat share (time in the function itself) and the %d with the largest cumulative share (time with the function on the stack), from `go tool pprof -top`. Shares are of the samples taken, which on two busy cores can exceed the profile's length. The cumulative list hides the frames every request passes through (fasthttp, fiber and the service's middleware; profile.go's plumbing). Time a request spends waiting on Postgres is not in a CPU profile, so each load also says which statements Postgres was running meanwhile.\n\n", topCount, topCount)
	for _, p := range b.profiles {
		var t strings.Builder
		if p.err != nil {
			fmt.Fprintf(&t, "No profile: %v\n\n", p.err)
		} else if len(p.flat) == 0 {
			fmt.Fprintf(&t, "%s: no samples, so the service spent the load waiting, not computing; profile in `%s`.\n\n", p.summary, p.file)
		} else {
			fmt.Fprintf(&t, "%s; profile in `%s` (`go tool pprof -http=: %s`).\n\n", p.summary, p.file, p.file)
			t.WriteString("| # | Flat % | Function (by flat) | Cum % | Function (by cumulative) |\n|---:|---:|---|---:|---|\n")
			for i := range max(len(p.flat), len(p.cum)) {
				var flat, cum topLine
				if i < len(p.flat) {
					flat = p.flat[i]
				}
				if i < len(p.cum) {
					cum = p.cum[i]
				}
				fmt.Fprintf(&t, "| %d | %.1f | `%s` | %.1f | `%s` |\n", i+1, flat.flatPct, flat.fn, cum.cumPct, cum.fn)
			}
			t.WriteString("\n")
		}
		s.WriteString(headingText(b.title, 3, p.name) + t.String() + p.pg.table())
	}
	return s.String()
}

// headingText is a heading at level (one deeper in a titled snapshot).
func headingText(title string, level int, text string) string {
	if title != "" {
		level++
	}
	return strings.Repeat("#", level) + " " + text + "\n\n"
}
