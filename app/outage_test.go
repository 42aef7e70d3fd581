package app

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestOutageLogSummarises logs the first of many failures in full, then one line for the
// rest of the interval, and after a quiet interval the next failure in full again. The
// intervals are ended by hand, not by waiting.
func TestOutageLogSummarises(t *testing.T) {
	var out bytes.Buffer
	o := &outageLog{log: slog.New(slog.NewJSONHandler(&out, nil)), every: time.Hour}
	lines := func() []string { return strings.Split(strings.TrimSpace(out.String()), "\n") }
	down := errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
	for range 1000 {
		o.failed("request", down, "path", "/ideas")
	}
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], `"msg":"database unavailable"`) || !strings.Contains(got[0], `"path":"/ideas"`) {
		t.Fatalf("after 1,000 failures the log holds:\n%s", out.String())
	}
	o.summarise() // the interval ends
	if got := lines(); len(got) != 2 || !strings.Contains(got[1], `"failures":999`) {
		t.Fatalf("the summary line is missing or wrong:\n%s", out.String())
	}
	o.summarise() // a quiet interval
	if got := lines(); len(got) != 2 {
		t.Fatalf("a quiet interval was logged:\n%s", out.String())
	}
	o.failed("readiness check", down)
	if got := lines(); len(got) != 3 || !strings.Contains(got[2], `"during":"readiness check"`) {
		t.Fatalf("a failure after a quiet interval is not logged in full:\n%s", out.String())
	}
}
