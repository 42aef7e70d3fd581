package main

import (
	"reflect"
	"testing"
)

func TestParseWrk(t *testing.T) {
	text := `Running 2s test @ http://127.0.0.1:3900/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.01ms    3.20ms  40.11ms   80.00%
    Req/Sec     2.10k   100.00     2.30k    70.00%
  Latency Distribution
     50%  870.00us
     75%   12.50ms
     90%   15.00ms
     99%    1.20s
  8400 requests in 2.00s, 100.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   4200.50
Transfer/sec:     50.00MB
`
	got := parseWrk(text)
	want := result{requests: 8400, rps: 4200.50, p50: 0.87, p99: 1200, errors: 12}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseWrk = %+v, want %+v", got, want)
	}
}

func TestParseTop(t *testing.T) {
	text := `File: syniad
Type: cpu
Time: Dec 4, 2026 at 6:30pm (UTC)
Duration: 8s, Total samples = 12.50s (156.25%)
Showing nodes accounting for 9.50s, 76.00% of 12.50s total
Showing top 3 nodes out of 400
      flat  flat%   sum%        cum   cum%
     1.20s  9.60%  9.60%      1.20s  9.60%  runtime.memmove
     0.50s  4.00% 13.60%     10.20s 81.60%  github.com/valyala/fasthttp.(*Server).serveConn
      10ms  0.08% 13.68%      2.10s 16.80%  gorm.io/gorm.(*DB).Scan
         0     0% 13.68%      2.00s 16.00%  github.com/gofiber/fiber/v2.(*Ctx).Next
`
	summary, lines := parseTop(text)
	if summary != "Duration: 8s, Total samples = 12.50s (156.25%)" {
		t.Errorf("summary = %q", summary)
	}
	want := []topLine{
		{"runtime.memmove", 9.6, 9.6},
		{"fasthttp.(*Server).serveConn", 4, 81.6},
		{"gorm.(*DB).Scan", 0.08, 16.8},
		{"fiber/v2.(*Ctx).Next", 0, 16},
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("lines = %+v, want %+v", lines, want)
	}
}

func TestBeforeSection(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"# Benchmarks\n\n## Targets\n", ""},
		{"# Benchmarks\n\n## Before\n\n### Targets\n| a |\n", "## Before\n\n### Targets\n| a |\n"},
		{"# B\n## Before the change (v1)\nx\n## Other\ny", "## Before the change (v1)\nx\n## Other\ny"},
		{"# B\n## Beforehand\n", ""},
	} {
		if got := beforeSection(c.text); got != c.want {
			t.Errorf("beforeSection(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestSoftMutation(t *testing.T) {
	for w, want := range map[string]string{
		"cymuned": "gymuned", "gwasanaeth": "wasanaeth", "llyfrgell": "lyfrgell", "trafnidiaeth": "drafnidiaeth",
		"beicio": "feicio", "meddygfa": "feddygfa", "ysgol": "ysgol", "ffordd": "ffordd",
	} {
		if got := softMutation(w); got != want {
			t.Errorf("softMutation(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestJudge(t *testing.T) {
	rows := []result{
		{name: "home", who: "member", conns: 50, requests: 7000, rps: 3500, tags: []string{tagList}},
		{name: "ideas, top", who: "member", conns: 50, requests: 5800, rps: 2900, tags: []string{tagList}},
		{name: "home", who: "visitor", conns: 50, requests: 200, rps: 100, tags: []string{tagKept}},
	}
	v := judge(targets[0], rows)
	if v.met || v.measured != "2,900 requests/s (worst: ideas, top, member)" {
		t.Errorf("judge = %+v", v)
	}
	rows[1].rps, rows[0].errors = 4000, 3
	if v := judge(targets[0], rows); v.met {
		t.Errorf("a row with errors met its target: %+v", v)
	}
	rows[0].errors, rows[0].requests = 0, 0
	if v := judge(targets[0], rows); v.met {
		t.Errorf("a row with no request completed met its target: %+v", v)
	}
	rows[0].requests = 7000
	if v := judge(targets[0], rows); !v.met {
		t.Errorf("judge = %+v, want met", v)
	}
}

func TestShortStatement(t *testing.T) {
	list := "SELECT i.*, c.slug AS consultation_slug, c.title AS consultation_title, u.handle AS author_handle, " +
		"EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = $3) AS voted\n\t\tFROM ideas i JOIN consultations c ON c.id = i.consultation_id " +
		"WHERE i.hidden_at IS NULL ORDER BY i.vote_count DESC LIMIT $4 OFFSET $5"
	want := "SELECT i.*, c.slug AS consultation_slug, c.title A … FROM ideas i JOIN consultations c ON c.id = i.consultation_id WHERE i.hidden_at IS NULL ORDER BY i.vote_count DESC LIMIT $4 OFFSET $5"
	if got := shortStatement(list); got != want {
		t.Errorf("shortStatement(list) = %q, want %q", got, want)
	}
	if got := shortStatement("  commit "); got != "commit" {
		t.Errorf("shortStatement(commit) = %q", got)
	}
}
