package app_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models/modeltest"
)

// TestRequestLogSamplesQuickReads checks REQUEST_LOG_SAMPLE: one in N of the quick,
// successful reads is logged, marked with N; every error and every write is logged.
func TestRequestLogSamplesQuickReads(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	cfg := testConfig(dbURL)
	cfg.RequestLogSample = 10
	var out syncBuffer
	web, srv, err := app.New(cfg, db, slog.New(slog.NewJSONHandler(&out, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ta := &testApp{t: t, App: web, Srv: srv, DB: db, Cfg: cfg}
	c := ta.client()
	for range 30 {
		if res, _ := c.get("/ideas"); res.StatusCode != http.StatusOK {
			t.Fatalf("/ideas: %d", res.StatusCode)
		}
	}
	c.get("/ideas/999999")                                       // not found: an error, always logged
	c.post("/logout", nil)                                       // a write, always logged
	c.post("/auth/dev", map[string][]string{"_csrf": {"wrong"}}) // refused, always logged

	var sampled, notFound, writes int
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var entry struct {
			Msg, Method, Path string
			Status            int
			Sampled           int `json:"sampled_1_in"`
		}
		if err := json.Unmarshal([]byte(line), &entry); err != nil || entry.Msg != "request" {
			continue
		}
		switch {
		case entry.Path == "/ideas" && entry.Status == 200:
			if entry.Sampled != 10 {
				t.Errorf("a sampled read logged without its rate: %s", line)
			}
			sampled++
		case entry.Status == 404:
			notFound++
		case entry.Method == "POST":
			writes++
		}
	}
	if sampled != 3 || notFound != 1 || writes != 2 {
		t.Fatalf("logged %d of 30 quick reads (want 3), %d not found (want 1), %d writes (want 2):\n%s",
			sampled, notFound, writes, out.String())
	}
}
