package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/syniad/syniad/models/modeltest"
)

// haproxyConfig puts two instances behind HAProxy as an operator would: health checks on
// /readyz (an instance that drains is taken out within a check), X-Forwarded-For for the
// instances' TRUSTED_PROXIES, one request per server connection (so none is sent on a
// connection the instance is closing), and a request whose connection is refused sent to the
// other instance.
const haproxyConfig = `global
	maxconn 200

defaults
	mode http
	timeout connect 2s
	timeout client 30s
	timeout server 30s
	# A draining instance answers its check with 503 at once; a check that is only slow (two
	# busy cores) is not a reason to take an instance out.
	timeout check 2s
	option forwardfor
	option http-server-close
	retries 3
	option redispatch 1
	retry-on conn-failure

frontend web
	bind %s
	default_backend syniad

frontend stats
	bind %s
	stats enable
	stats uri /stats

backend syniad
	balance roundrobin
	option httpchk GET /readyz
	http-check expect status 200
	default-server check inter 200ms fall 1 rise 2
	server a %s
	server b %s
`

// haproxy is HAProxy running in front of two instances.
type haproxy struct {
	URL   string // where clients connect
	stats string // its statistics, as CSV
}

// startHAProxy runs HAProxy in the foreground (-db) in front of the two addresses, on a
// loopback port of its own, and stops it when the test ends.
func startHAProxy(t *testing.T, a, b string) *haproxy {
	t.Helper()
	bin := modeltest.RequireTool(t, "haproxy")
	addr, statsAddr := freeAddr(t), freeAddr(t)
	cfg := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(haproxyConfig, addr, statsAddr, a, b)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-f", cfg, "-db")
	logPath := filepath.Join(t.TempDir(), "haproxy.log")
	logs, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		logs.Close()
		if t.Failed() {
			out, _ := os.ReadFile(logPath)
			t.Logf("haproxy log:\n%s", out)
		}
	})
	for range 100 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return &haproxy{URL: "http://" + addr, stats: "http://" + statsAddr + "/stats;csv"}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("haproxy did not listen")
	return nil
}

// TestHAProxyRollingRestart serves two instances behind HAProxy and restarts them one after
// the other (SIGTERM, drain, start again) while four clients read pages and vote: no request
// fails, every vote acknowledged is in the database, and the instances log the clients' own
// address (127.0.0.2, as X-Forwarded-For from the trusted proxy says), not HAProxy's.
func TestHAProxyRollingRestart(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	ideas := seedOpenIdeas(t, db, "rolling", 40, "Rolling idea %d")

	addrA, addrB := freeAddr(t), freeAddr(t)
	proxy := startHAProxy(t, addrA, addrB)
	lb := proxy.URL
	env := []string{"BASE_URL=" + lb, "TRUSTED_PROXIES=127.0.0.1", "SHUTDOWN_DRAIN=1500ms",
		"SHUTDOWN_TIMEOUT=20s", "WRITE_RATE_LIMIT=100000/1m", "DB_MAX_CONNS=8"}
	start := func(addr string) *serveProcess { return startServeAt(t, addr, dbURL, env...) }
	instances := map[string]*serveProcess{"a": start(addrA), "b": start(addrB)}
	proxy.waitUp(t)

	// Clients come from 127.0.0.2, so that their address differs from HAProxy's.
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
	transport := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4}
	defer transport.CloseIdleConnections()
	csrfMeta := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

	type ack struct {
		user string
		idea int64
	}
	var (
		mu       sync.Mutex
		acked    []ack
		failures []string
		requests int
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	ctx, stopLoad := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for w := range 4 {
		jar, _ := cookiejar.New(nil)
		browser := &http.Client{Jar: jar, Transport: transport, Timeout: 15 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		handle := fmt.Sprintf("voter%d", w)
		_, page := fetch(t, browser, http.MethodGet, lb+"/auth/dev", nil, nil)
		m := csrfMeta.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no CSRF token on /auth/dev")
		}
		if res, _ := fetch(t, browser, http.MethodPost, lb+"/auth/dev", url.Values{"handle": {handle}, "_csrf": {m[1]}}, nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in as %s: status %d", handle, res.StatusCode)
		}
		_, page = fetch(t, browser, http.MethodGet, lb+"/", nil, nil)
		if m = csrfMeta.FindStringSubmatch(page); m == nil || !strings.Contains(page, handle) {
			t.Fatalf("%s is not signed in", handle)
		}
		token := m[1]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				idea := ideas[(n+w*10)%len(ideas)]
				for _, r := range []struct{ method, path string }{
					{http.MethodGet, fmt.Sprintf("/ideas/%d", idea)},
					{http.MethodPut, fmt.Sprintf("/api/v1/ideas/%d/vote", idea)},
				} {
					req, _ := http.NewRequest(r.method, lb+r.path, nil)
					req.Header.Set("X-CSRF-Token", token)
					req.Header.Set("Accept", "application/json")
					res, err := browser.Do(req)
					mu.Lock()
					requests++
					mu.Unlock()
					if err != nil {
						fail("%s %s: %v", r.method, r.path, err)
						continue
					}
					res.Body.Close()
					if res.StatusCode >= 400 {
						fail("%s %s: status %d", r.method, r.path, res.StatusCode)
						continue
					}
					if r.method == http.MethodPut {
						mu.Lock()
						acked = append(acked, ack{handle, idea})
						mu.Unlock()
					}
				}
				time.Sleep(10 * time.Millisecond) // steady, bounded load
			}
		}()
	}

	time.Sleep(2 * time.Second)
	for _, name := range []string{"a", "b"} {
		p := instances[name]
		p.Signal(syscall.SIGTERM)
		if code := p.Wait(30 * time.Second); code != 0 {
			t.Errorf("instance %s exited with %d", name, code)
		}
		instances[name] = start(p.Addr)
		proxy.waitUp(t)
		time.Sleep(time.Second)
	}
	time.Sleep(time.Second)
	stopLoad()
	wg.Wait()

	if len(failures) > 0 {
		t.Errorf("%d of %d requests failed during the rolling restart, first: %s", len(failures), requests, strings.Join(failures[:min(5, len(failures))], "; "))
	}
	if len(acked) < 20 {
		t.Fatalf("only %d votes acknowledged in %d requests: the load did not run", len(acked), requests)
	}
	for _, a := range acked {
		var n int64
		if err := db.Raw(`SELECT count(*) FROM votes v JOIN users u ON u.id = v.user_id WHERE u.handle = ? AND v.idea_id = ?`, a.user, a.idea).Scan(&n).Error; err != nil || n != 1 {
			t.Fatalf("vote by %s on idea %d was acknowledged but is not in the database (%d, %v)", a.user, a.idea, n, err)
		}
	}
	var logged bool
	for _, p := range instances {
		if strings.Contains(p.Log(), "ip=127.0.0.2") || strings.Contains(p.Log(), `"ip":"127.0.0.2"`) {
			logged = true
		}
	}
	if !logged {
		t.Error("no request was logged with the client's address 127.0.0.2")
	}
	t.Logf("%d requests, %d votes acknowledged, through two restarts", requests, len(acked))
}

// waitUp waits until HAProxy has both instances up: they passed their health checks.
func (h *haproxy) waitUp(t *testing.T) {
	t.Helper()
	var csv string
	for range 100 {
		res, err := http.Get(h.stats)
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			csv = string(b)
			up := 0
			for _, line := range strings.Split(csv, "\n") {
				if (strings.HasPrefix(line, "syniad,a,") || strings.HasPrefix(line, "syniad,b,")) && strings.Contains(line, ",UP,") {
					up++
				}
			}
			if up == 2 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("HAProxy does not have both instances up:\n%s", csv)
}
