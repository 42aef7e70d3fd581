package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// TestDatabaseOutage takes the database away from a running `syniad serve` (through a TCP
// proxy the test cuts) and gives it back. While it is gone every page and API answer is 503
// with Retry-After, in the reader's language, and says truthfully what is known: a read can
// be tried again, a write may or may not have been saved. The log holds a summary, not a
// line per failure. Once the database is back the service recovers on its own, and every
// write acknowledged before the outage is still there.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	ideas := seedOpenIdeas(t, db, "open", 8, "Idea %d")
	u, _ := url.Parse(dbURL)
	proxy := startTCPProxy(t, u.Host)
	u.Host = proxy.Addr
	p := startServe(t, u.String())

	// A signed-in member votes, and each vote is acknowledged.
	jar, _ := cookiejar.New(nil)
	member := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	csrf := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)
	token := func(path string) string {
		t.Helper()
		_, body := fetch(t, member, http.MethodGet, p.Base+path, nil, nil)
		m := csrf.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no CSRF token on %s", path)
		}
		return m[1]
	}
	if res, _ := fetch(t, member, http.MethodPost, p.Base+"/auth/dev", url.Values{"handle": {"voter"}, "_csrf": {token("/auth/dev")}}, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	memberToken := token("/")
	vote := func(id int64, headers map[string]string) (*http.Response, string) {
		h := map[string]string{"X-CSRF-Token": memberToken, "Accept": "application/json"}
		for k, v := range headers {
			h[k] = v
		}
		return fetch(t, member, http.MethodPut, fmt.Sprintf("%s/api/v1/ideas/%d/vote", p.Base, id), nil, h)
	}
	acknowledged := map[int64]bool{}
	for _, id := range ideas[:5] {
		if res, body := vote(id, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("vote before the outage: %d %s", res.StatusCode, body)
		}
		acknowledged[id] = true
	}

	linesBefore := p.LogLines()
	proxy.Cut()

	visitor := &http.Client{CheckRedirect: member.CheckRedirect}
	welsh := map[string]string{"Accept-Language": "cy"}
	for _, tc := range []struct {
		name, method, path string
		client             *http.Client
		form               url.Values
		headers            map[string]string
		want               string
	}{
		{"a page", http.MethodGet, "/ideas", visitor, nil, nil, "We cannot reach our database just now. Try again"},
		{"a page in Welsh", http.MethodGet, "/ideas", visitor, nil, welsh, "Ni allwn gyrraedd ein cronfa ddata ar hyn o bryd"},
		{"an API read", http.MethodGet, "/api/v1/ideas", visitor, nil, nil, `{"error":"We cannot reach our database just now.`},
		{"a signed-in page", http.MethodGet, "/ideas/new", member, nil, nil, "We cannot reach our database just now."},
		{"an API write", http.MethodPut, fmt.Sprintf("/api/v1/ideas/%d/vote", ideas[5]), member, nil,
			map[string]string{"X-CSRF-Token": memberToken}, `{"error":"We could not reach our database, so we cannot tell whether what you sent was saved.`},
		{"a form write in Welsh", http.MethodPost, fmt.Sprintf("/ideas/%d/vote", ideas[6]), member,
			url.Values{"_csrf": {memberToken}, "vote": {"on"}}, welsh, "ni allwn ddweud a gafodd yr hyn a anfonoch ei gadw"},
	} {
		res, body := fetch(t, tc.client, tc.method, p.Base+tc.path, tc.form, tc.headers)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s in the outage: status %d, Retry-After %q, want 503 with Retry-After\n%.500s",
				tc.name, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s in the outage does not say %q:\n%.2000s", tc.name, tc.want, body)
		}
	}
	if res, _ := fetch(t, visitor, http.MethodGet, p.Base+"/readyz", nil, nil); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz in the outage: %d, want 503", res.StatusCode)
	}

	// A rush of requests while the database is gone: each is a 503, and the log holds a
	// summary, not a line per failure.
	const rush = 300
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range rush / 6 {
				client, path := visitor, []string{"/", "/ideas", "/api/v1/ideas", "/meetings"}[n%4]
				if w%2 == 1 {
					client = member
				}
				status := 0 // no answer at all
				if res, err := client.Get(p.Base + path); err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					status = res.StatusCode
				}
				mu.Lock()
				statuses[status]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if statuses[http.StatusServiceUnavailable] != rush {
		t.Errorf("statuses in the outage: %v, want %d × 503", statuses, rush)
	}
	var errorLines int
	outageLog := strings.Split(p.Log(), "\n")[linesBefore:]
	for _, line := range outageLog {
		var entry struct{ Level, Msg string }
		// The job queue's notifier and producer log their own lost connections, as many as
		// their timing makes (one to three); they are not the requests' failures.
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Level == "ERROR" &&
			!strings.HasPrefix(entry.Msg, "notifier.") && !strings.HasPrefix(entry.Msg, "producer:") {
			errorLines++
		}
	}
	// One request line for each request, and the failures in summary.
	if requests := rush + 8; errorLines > 3 || len(outageLog) > requests+10 {
		t.Errorf("the outage wrote %d log lines (%d errors) for %d requests, want one a request and a few errors",
			len(outageLog), errorLines, requests)
	}

	// The database comes back: the service recovers by itself, sessions included.
	proxy.Restore()
	for n := 0; ; n++ {
		res, _ := fetch(t, visitor, http.MethodGet, p.Base+"/readyz", nil, nil)
		if res.StatusCode == http.StatusOK {
			break
		}
		if n == 300 {
			t.Fatal("not ready 30 s after the database came back")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if res, _ := fetch(t, visitor, http.MethodGet, p.Base+"/ideas", nil, nil); res.StatusCode != http.StatusOK {
		t.Errorf("/ideas after the outage: %d", res.StatusCode)
	}
	if res, body := fetch(t, member, http.MethodGet, p.Base+"/", nil, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "voter") {
		t.Errorf("the member's page after the outage: %d, signed in %v", res.StatusCode, strings.Contains(body, "voter"))
	}
	if res, body := vote(ideas[7], nil); res.StatusCode != http.StatusOK {
		t.Errorf("a vote after the outage: %d %s", res.StatusCode, body)
	}
	acknowledged[ideas[7]] = true

	var stored []int64
	if err := db.Raw(`SELECT v.idea_id FROM votes v JOIN users u ON u.id = v.user_id WHERE u.handle = 'voter'`).Scan(&stored).Error; err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for _, id := range stored {
		have[id] = true
	}
	for id := range acknowledged {
		if !have[id] {
			t.Errorf("the acknowledged vote on idea %d is not in the database", id)
		}
	}
}

// tcpProxy forwards connections from a loopback port to target, and can be cut (the
// listener and every connection closed, as when a database goes away) and restored on the
// same port.
type tcpProxy struct {
	t      *testing.T
	Addr   string
	target string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

func startTCPProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	p := &tcpProxy{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.Addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.Cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			down, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				down.Close()
				continue
			}
			p.mu.Lock()
			p.conns[down], p.conns[up] = true, true
			p.mu.Unlock()
			pipe := func(to, from net.Conn) {
				io.Copy(to, from)
				to.Close()
				from.Close()
			}
			go pipe(up, down)
			go pipe(down, up)
		}
	}()
}

// Cut closes the listener and every connection through it.
func (p *tcpProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// Restore listens again on the same port.
func (p *tcpProxy) Restore() {
	p.t.Helper()
	var err error
	for range 50 {
		var ln net.Listener
		if ln, err = net.Listen("tcp", p.Addr); err == nil {
			p.serve(ln)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("listen again on %s: %v", p.Addr, err)
}

// seedOpenIdeas makes an open consultation slug with n ideas by one author, titled by
// title's format with their number, and returns their ids.
func seedOpenIdeas(t *testing.T, db *gorm.DB, slug string, n int, title string) []int64 {
	t.Helper()
	consultation := &models.Consultation{Slug: slug, Title: slug, Status: "open"}
	if err := db.Create(consultation).Error; err != nil {
		t.Fatal(err)
	}
	author := &models.User{Handle: "author", Name: "Author"}
	if err := db.Create(author).Error; err != nil {
		t.Fatal(err)
	}
	var ideas []int64
	for i := range n {
		idea := &models.Idea{ConsultationID: consultation.ID, AuthorID: &author.ID, Title: fmt.Sprintf(title, i), Body: "Body"}
		if err := db.Create(idea).Error; err != nil {
			t.Fatal(err)
		}
		ideas = append(ideas, idea.ID)
	}
	return ideas
}
