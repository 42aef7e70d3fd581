package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// TestShutdownLosesNoRequest sends SIGTERM to a real `syniad serve` in the middle of a
// download and with a kept-alive connection open: /readyz says 503 at once while pages are
// served as usual through the drain; after it new connections are refused, a request on
// the kept-alive connection is answered with Connection: close, the download finishes
// whole, and the process exits 0.
func TestShutdownLosesNoRequest(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	const ideas = 8000 // about 13 MB of CSV: far more than the sockets between us can hold
	if err := db.Create(&models.Consultation{Slug: "big", Title: "Big", Status: "open"}).Error; err != nil {
		t.Fatal(err)
	}
	err := db.Exec(`INSERT INTO ideas (consultation_id, source_name, title, body)
		SELECT c.id, 'A source', 'Idea number ' || g, repeat('Gŵyl ddigidol i bawb. ', 70)
		FROM consultations c, generate_series(1, ?) g WHERE c.slug = 'big'`, ideas).Error
	if err != nil {
		t.Fatal(err)
	}
	p := startServe(t, dbURL, "SHUTDOWN_DRAIN=3s", "SHUTDOWN_TIMEOUT=60s")

	// One kept-alive connection for pages, and a download read through a small receive
	// buffer so that the service is still writing it when the signal comes.
	reused := false
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused }}
	keptAlive := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}}
	defer keptAlive.CloseIdleConnections()
	page := func(path string) *http.Response {
		t.Helper()
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodGet, p.Base+path, nil)
		res, err := keptAlive.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	if res := page("/ideas"); res.StatusCode != http.StatusOK {
		t.Fatalf("/ideas before the signal: %d", res.StatusCode)
	}

	smallBuffer := &net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 8<<10) })
		return err
	}}
	downloader := &http.Client{Transport: &http.Transport{DialContext: smallBuffer.DialContext, ReadBufferSize: 4 << 10}}
	download, err := downloader.Get(p.Base + "/open-data/ideas.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer download.Body.Close()
	if download.StatusCode != http.StatusOK {
		t.Fatalf("download: %d", download.StatusCode)
	}
	body := bufio.NewReader(download.Body)
	if _, err := body.Peek(1024); err != nil {
		t.Fatalf("download's first bytes: %v", err)
	}

	p.Signal(syscall.SIGTERM)

	// The drain: /readyz says 503 straight away (on the kept-alive connection), and pages are
	// served as usual, on it and on new connections.
	for n := 0; page("/readyz").StatusCode != http.StatusServiceUnavailable; n++ {
		if n == 200 {
			t.Fatal("/readyz still says ready 10 s after SIGTERM")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res := page("/ideas"); res.StatusCode != http.StatusOK || !reused {
		t.Fatalf("/ideas in the drain: status %d, on the kept-alive connection %v", res.StatusCode, reused)
	}
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := fresh.Get(p.Base + "/api/v1/ideas")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("a new connection in the drain: %v %v", res, err)
	}
	res.Body.Close()

	// After the drain new connections are refused...
	for n := 0; ; n++ {
		conn, err := net.DialTimeout("tcp", p.Addr, time.Second)
		if err != nil {
			break
		}
		conn.Close()
		if n == 600 {
			t.Fatal("still accepting connections 30 s after SIGTERM")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// ...while a request on the kept-alive connection is answered, and told the connection
	// closes.
	if res := page("/ideas"); res.StatusCode != http.StatusOK || !res.Close || !reused {
		t.Fatalf("/ideas on the kept-alive connection after the drain: status %d, Connection: close %v, reused %v",
			res.StatusCode, res.Close, reused)
	}

	// The download started before the signal arrives whole.
	rows, err := csv.NewReader(body).ReadAll()
	if err != nil {
		t.Fatalf("the download was cut off: %v", err)
	}
	if len(rows) != ideas+1 {
		t.Fatalf("the download has %d rows, want %d and the headings", len(rows)-1, ideas)
	}
	if code := p.Wait(60 * time.Second); code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}

	// The download was still being written when the listener closed, so the test saw what
	// it means to.
	inFlight := -1
	for _, line := range strings.Split(p.Log(), "\n") {
		var entry struct {
			Msg      string `json:"msg"`
			InFlight int    `json:"in_flight"`
		}
		if json.Unmarshal([]byte(line), &entry) == nil && strings.HasPrefix(entry.Msg, "stopped accepting") {
			inFlight = entry.InFlight
		}
	}
	if inFlight < 1 {
		t.Fatalf("in flight when the listener closed: %d, want the download", inFlight)
	}
}

// TestMetricsAddress serves /metrics on METRICS_ADDR and not on the public address; in
// production without METRICS_ADDR it is served nowhere, and the log says so.
func TestMetricsAddress(t *testing.T) {
	t.Parallel()
	_, dbURL := modeltest.NewDB(t)
	metricsAddr := freeAddr(t)
	p := startServe(t, dbURL, "METRICS_ADDR="+metricsAddr)
	if res, _ := fetch(t, http.DefaultClient, http.MethodGet, p.Base+"/ideas", nil, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("/ideas: %d", res.StatusCode)
	}
	if res, _ := fetch(t, http.DefaultClient, http.MethodGet, p.Base+"/metrics", nil, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("/metrics on the public address with METRICS_ADDR set: %d, want 404", res.StatusCode)
	}
	res, body := fetch(t, http.DefaultClient, http.MethodGet, "http://"+metricsAddr+"/metrics", nil, nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `syniad_http_requests_total{method="GET",route="/ideas",status="200"} 1`) {
		t.Fatalf("/metrics on METRICS_ADDR: %d\n%.1000s", res.StatusCode, body)
	}
	if res, _ := fetch(t, http.DefaultClient, http.MethodGet, "http://"+metricsAddr+"/ideas", nil, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("/ideas on METRICS_ADDR: %d, want 404", res.StatusCode)
	}

	prod := startServe(t, dbURL, "SYNIAD_ENV=production", "BASE_URL=https://ideas.example.gov.wales",
		"GITHUB_CLIENT_ID=id", "GITHUB_CLIENT_SECRET=secret")
	if res, _ := fetch(t, http.DefaultClient, http.MethodGet, prod.Base+"/metrics", nil, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("/metrics on the public address in production: %d, want 404", res.StatusCode)
	}
	if !strings.Contains(prod.Log(), "set METRICS_ADDR") {
		t.Fatalf("the production log does not say where /metrics went:\n%s", prod.Log())
	}
}
