package main

import (
	"fmt"
	"strings"
)

// target is one of issue 18's speed targets, over the rows it applies to: the worst of them
// must reach limit (atLeast: at least limit, else at most).
type target struct {
	text    string
	rows    func(result) bool
	metric  func(result) float64
	unit    string
	limit   float64
	atLeast bool
}

// verdict is a target as measured: the figure beside it and whether it was met.
type verdict struct {
	target, measured string
	met              bool
}

func rps(r result) float64 { return r.rps }
func p50(r result) float64 { return r.p50 }
func p99(r result) float64 { return r.p99 }

func rowsWith(tag string, conns int) func(result) bool {
	return func(r result) bool { return r.has(tag) && r.conns == conns }
}

func memberRowsWith(tags []string, conns int) func(result) bool {
	return func(r result) bool {
		for _, t := range tags {
			if r.has(t) && r.conns == conns && r.who == "member" {
				return true
			}
		}
		return false
	}
}

var targets = []target{
	{"Member list pages (home, ideas top/new/trending/most discussed, search for a place, API ideas) ≥ 3,000 requests/s at 50 connections",
		memberRowsWith([]string{tagList}, 50), rps, "requests/s", 3000, true},
	{"Member idea page with 100 comments ≥ 1,500 requests/s at 50 connections",
		memberRowsWith([]string{tagIdea}, 50), rps, "requests/s", 1500, true},
	{"Member pages p50 ≤ 1.5 ms at 2 connections (each page)",
		memberRowsWith([]string{tagList, tagIdea}, 2), p50, "ms", 1.5, false},
	{"Member pages p99 ≤ 10 ms at 2 connections (each page)",
		memberRowsWith([]string{tagList, tagIdea}, 2), p99, "ms", 10, false},
	{"Search, any query, member and visitor: p50 ≤ 5 ms at 2 connections", rowsWith(tagSearch, 2), p50, "ms", 5, false},
	{"Search, any query, member and visitor: ≥ 1,000 requests/s at 50 connections", rowsWith(tagSearch, 50), rps, "requests/s", 1000, true},
	{"Similar ideas (titles varying): p50 ≤ 5 ms at 2 connections", rowsWith(tagSimilar, 2), p50, "ms", 5, false},
	{"Similar ideas (titles varying): ≥ 1,000 requests/s at 50 connections", rowsWith(tagSimilar, 50), rps, "requests/s", 1000, true},
	{"Visitors' kept pages ≥ 30,000 requests/s at 50 connections (each page)", rowsWith(tagKept, 50), rps, "requests/s", 30000, true},
	{"Votes on and off ≥ 3,000/s at 50 connections", rowsWith(tagVotes, 50), rps, "requests/s", 3000, true},
}

// judge finds the worst row a target applies to. A row with failed requests, or none
// completed (wrk then reports no latency at all), fails its target whatever its figures: the
// time of an error page says nothing of the page's.
func judge(t target, rows []result) verdict {
	var worst *result
	var failed []string
	for i := range rows {
		r := &rows[i]
		if !t.rows(*r) {
			continue
		}
		if r.errors > 0 {
			failed = append(failed, fmt.Sprintf("%s, %s: %d errors", r.name, r.who, r.errors))
		}
		if r.requests == 0 {
			failed = append(failed, fmt.Sprintf("%s, %s: no request completed", r.name, r.who))
		}
		if worst == nil || (t.atLeast && t.metric(*r) < t.metric(*worst)) || (!t.atLeast && t.metric(*r) > t.metric(*worst)) {
			worst = r
		}
	}
	if worst == nil {
		return verdict{target: t.text, measured: "not measured"}
	}
	v := t.metric(*worst)
	met := v >= t.limit
	if !t.atLeast {
		met = v <= t.limit
	}
	measured := fmt.Sprintf("%s %s (worst: %s, %s)", figure(v, t.unit), t.unit, worst.name, worst.who)
	if len(failed) > 0 {
		met = false
		measured += "; failed: " + strings.Join(failed, "; ")
	}
	return verdict{target: t.text, measured: measured, met: met}
}

func figure(v float64, unit string) string {
	if unit == "ms" {
		return fmt.Sprintf("%.2f", v)
	}
	return commas(int64(v + 0.5))
}

func commas(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// verdicts are every target as measured, with the run's counts and memory.
func (b *bench) verdicts() []verdict {
	var out []verdict
	for _, t := range targets {
		out = append(out, judge(t, b.rows))
	}
	out = append(out,
		verdict{"Every idea's vote count exact after the vote run", b.votesChecked, b.votesExact},
		verdict{"Peak memory of the service (VmHWM) < 150 MB through the whole run", fmt.Sprintf("%.0f MB", float64(b.peakKB)/1024), b.peakKB < 150*1024})
	return out
}

func (v verdict) mark() string {
	switch {
	case v.met:
		return "✓ met"
	case v.measured == "not measured":
		return "–"
	}
	return "✗ not met"
}

// targetsTable is the verdicts as a Markdown table, with the run's log size and length
// (figures with no target) after them.
func (b *bench) targetsTable() string {
	var s strings.Builder
	s.WriteString("| Target | Measured | Met? |\n|---|---|---|\n")
	for _, v := range b.verdicts() {
		fmt.Fprintf(&s, "| %s | %s | %s |\n", v.target, v.measured, v.mark())
	}
	fmt.Fprintf(&s, "| Bytes the service's request log wrote during the run | %s bytes | (no target) |\n", commas(b.logBytes))
	fmt.Fprintf(&s, "| Total run time of `make bench` (syniad-bench) | %s | (no target) |\n", b.took)
	return s.String()
}
