package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// A CPU profile of the service does not see the time its requests wait on Postgres, which for
// a search can be nearly all of it. So while a profile is taken, pg_stat_activity is sampled
// too: which statements are running, and how many at once.

const pgSampleEvery = 20 * time.Millisecond

// pgSample is what the samples found: how many were taken, and for each statement (its
// shortened text) how many running instances they saw in all.
type pgSample struct {
	samples int
	running map[string]int
}

// samplePostgres samples the bench database's running statements until stop is closed.
func (b *bench) samplePostgres(stop <-chan struct{}) pgSample {
	s := pgSample{running: map[string]int{}}
	for {
		select {
		case <-stop:
			return s
		case <-time.After(pgSampleEvery):
		}
		var queries []string
		b.db.Raw(`SELECT query FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
			AND backend_type = 'client backend' AND pid <> pg_backend_pid()`).Scan(&queries)
		s.samples++
		for _, q := range queries {
			s.running[shortStatement(q)]++
		}
	}
}

var spaces = regexp.MustCompile(`\s+`)

// shortStatement keeps what tells statements apart: their start and, past the long select
// list every idea list shares, what follows FROM (its filter and order), from the main FROM
// of an idea list rather than one in a subquery of the select list.
func shortStatement(q string) string {
	q = strings.TrimSpace(spaces.ReplaceAllString(q, " "))
	if len(q) <= 160 {
		return q
	}
	i := strings.Index(q, " FROM ideas i ")
	if i < 0 {
		i = strings.Index(q, " FROM ")
	}
	if i > 50 {
		return q[:50] + " …" + truncate(q[i:], 200)
	}
	return truncate(q, 160)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// table is the statements most often running, with how many ran at once on average.
func (s pgSample) table() string {
	if s.samples == 0 {
		return ""
	}
	total := 0
	type row struct {
		stmt string
		n    int
	}
	var rows []row
	for stmt, n := range s.running {
		rows = append(rows, row{stmt, n})
		total += n
	}
	sort.Slice(rows, func(i, j int) bool {
		return rows[i].n > rows[j].n || rows[i].n == rows[j].n && rows[i].stmt < rows[j].stmt
	})
	var t strings.Builder
	fmt.Fprintf(&t, "Postgres meanwhile (pg_stat_activity, %d samples %s apart): on average %.2f statements running at once.\n\n",
		s.samples, pgSampleEvery, float64(total)/float64(s.samples))
	if len(rows) == 0 {
		return t.String()
	}
	t.WriteString("| Running at once (average) | Statement |\n|---:|---|\n")
	for _, r := range rows[:min(6, len(rows))] {
		fmt.Fprintf(&t, "| %.2f | `%s` |\n", float64(r.n)/float64(s.samples), strings.ReplaceAll(r.stmt, "`", "'"))
	}
	return t.String() + "\n"
}
