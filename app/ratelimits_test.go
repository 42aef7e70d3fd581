package app_test

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// movableClock is a fixed time the test moves on by hand.
// rateClock is the moment the rate limit tests start at.
func rateClock() *movableClock {
	return newMovableClock(time.Date(2030, 5, 14, 10, 0, 0, 0, models.London))
}

// getFrom reads a page with the given X-Forwarded-For (none if empty) and headers.
func (c *client) getFrom(path, forwardedFor string, header ...string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://localhost:3000"+path, nil)
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	for n := 0; n+1 < len(header); n += 2 {
		req.Header.Set(header[n], header[n+1])
	}
	return c.do(req)
}

// mustTooMany checks a 429 with a whole-second Retry-After of at least 1.
func mustTooMany(t *testing.T, what string, res *http.Response, body string) {
	t.Helper()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("%s: %d, want 429\n%.400s", what, res.StatusCode, body)
	}
	if n, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || n < 1 {
		t.Fatalf("%s: Retry-After %q, want whole seconds >= 1", what, res.Header.Get("Retry-After"))
	}
}

// Searching from an address that is not a trusted proxy: whatever X-Forwarded-For says,
// the address is the peer's, so the limit bites. Before, PROXY_IP_HEADER was believed from
// anyone and a new header each time was a new address each time.
func TestForwardedForFromAnUntrustedPeerIsIgnored(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.SearchLimit = models.Limit{Count: 3, Per: time.Minute}
		c.Clock = rateClock().now
	})
	c := ta.client()
	for n := 1; n <= 3; n++ {
		if res, body := c.getFrom("/ideas?q=bus", "198.51.100."+strconv.Itoa(n)); res.StatusCode != 200 {
			t.Fatalf("search %d: %d %.300s", n, res.StatusCode, body)
		}
	}
	res, body := c.getFrom("/ideas?q=bus", "198.51.100.99")
	mustTooMany(t, "4th search with a new X-Forwarded-For", res, body)
}

// Behind a trusted proxy the address is the nearest hop it did not add itself; what the
// client wrote to the left of that is never read.
func TestForwardedForFromATrustedProxy(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.SearchLimit = models.Limit{Count: 2, Per: time.Minute}
		c.Clock = rateClock().now
		// app.Test's peer is 0.0.0.0: the proxy in front; 10.0.0.0/8 the proxies inside.
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32"), netip.MustParsePrefix("10.0.0.0/8")}
	})
	c := ta.client()
	for _, step := range []struct {
		hops string
		want int
	}{
		{"203.0.113.5, 10.0.0.3", http.StatusOK},
		{"1.1.1.1, 203.0.113.5, 10.0.0.3", http.StatusOK}, // a forged hop on the left: the same client
		{"2.2.2.2, 203.0.113.5", http.StatusTooManyRequests},
	} {
		if res, body := c.getFrom("/ideas?q=bus", step.hops); res.StatusCode != step.want {
			t.Fatalf("X-Forwarded-For %q: %d, want %d\n%.300s", step.hops, res.StatusCode, step.want, body)
		}
	}
	// Another client behind the same proxies has a bucket of its own.
	if res, body := c.getFrom("/ideas?q=bus", "203.0.113.6, 10.0.0.3"); res.StatusCode != 200 {
		t.Fatalf("another client: %d %.300s", res.StatusCode, body)
	}
}

func TestSearchIsLimitedPerAddress(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.SearchLimit = models.Limit{Count: 2, Per: time.Minute}
		c.Clock = rateClock().now
	})
	ta.seedOpenConsultation("digital")
	c := ta.client()
	for range 5 { // lists that do not search are not counted
		if res, _ := c.get("/ideas?sort=new"); res.StatusCode != 200 {
			t.Fatalf("plain list: %d", res.StatusCode)
		}
	}
	c.get("/api/v1/ideas?q=one")
	c.get("/consultations/digital?q=two")
	res, body := c.getFrom("/ideas?q=three", "", "Referer", "http://localhost:3000/ideas?q=two", "Accept-Language", "cy")
	mustTooMany(t, "third search", res, body)
	for _, want := range []string{"Bu llawer o chwiliadau", "Rhowch gynnig arall arni ymhen 30 eiliad.", `href="/ideas?q=two"`, "Mynd yn ôl i&#39;r dudalen"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Welsh 429 page lacks %q\n%s", want, body)
		}
	}
	res, body = c.api("GET", "/api/v1/ideas?q=four", "", false)
	mustTooMany(t, "API search", res, body)
	var doc struct{ Error string }
	if err := json.Unmarshal([]byte(body), &doc); err != nil || !strings.Contains(doc.Error, "Try again in 30 seconds.") {
		t.Fatalf("API 429 body %q (%v), want the JSON error shape saying when", body, err)
	}
}

func TestSimilarIdeasLimitedPerAddress(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.SimilarLimit = models.Limit{Count: 2, Per: time.Minute}
		c.Clock = rateClock().now
	})
	c := ta.client()
	for n := range 2 {
		if res, body := c.api("GET", "/api/v1/ideas/similar?title=buses", "", false); res.StatusCode != 200 {
			t.Fatalf("similar %d: %d %s", n+1, res.StatusCode, body)
		}
	}
	res, body := c.api("GET", "/api/v1/ideas/similar?title=buses", "", false)
	mustTooMany(t, "third similar ideas", res, body)
	if !strings.HasPrefix(body, `{"error":`) {
		t.Errorf("body %q, want JSON", body)
	}
}

func TestSignInStartsLimitedPerAddress(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.SignInLimit = models.Limit{Count: 2, Per: time.Minute}
		c.GitHubClientID, c.GitHubClientSecret = "id", "secret"
		c.Clock = rateClock().now
	})
	for n := range 2 {
		c := ta.client() // a new browser each time, as a script would be
		if res, body := c.get("/auth/github"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in start %d: %d %.300s", n+1, res.StatusCode, body)
		}
	}
	res, body := ta.client().getFrom("/auth/github", "", "Referer", "http://localhost:3000/login")
	mustTooMany(t, "third sign-in start", res, body)
	if !strings.Contains(body, "attempts to sign in") || !strings.Contains(body, `href="/login"`) {
		t.Errorf("429 page lacks its message or back link\n%s", body)
	}
}

func TestSignInCallbacksLimitedPerAddress(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.CallbackLimit = models.Limit{Count: 3, Per: time.Minute}
		c.GitHubClientID, c.GitHubClientSecret = "id", "secret"
		c.Clock = rateClock().now
	})
	for n := range 3 {
		if res, _ := ta.client().get("/auth/github/callback?state=forged&code=x"); res.StatusCode != http.StatusForbidden {
			t.Fatalf("forged callback %d: %d, want 403", n+1, res.StatusCode)
		}
	}
	res, body := ta.client().get("/auth/github/callback?state=forged&code=x")
	mustTooMany(t, "fourth forged callback", res, body)
}

// New accounts are limited per address; someone signing in again makes none, so is not.
func TestAccountCreationLimitedPerAddress(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.SignUpLimit = models.Limit{Count: 2, Per: time.Hour}
		c.Clock = rateClock().now
	})
	devSignIn := func(handle string) (*http.Response, string) {
		c := ta.client()
		c.get("/auth/dev")
		return c.post("/auth/dev", url.Values{"handle": {handle}})
	}
	for _, h := range []string{"new-one", "new-two", "new-one", "new-two"} {
		if res, body := devSignIn(h); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in as %s: %d %.300s", h, res.StatusCode, body)
		}
	}
	res, body := devSignIn("new-three")
	mustTooMany(t, "third new account", res, body)
	if !strings.Contains(body, "new accounts") || !strings.Contains(body, `href="/login"`) {
		t.Errorf("429 page lacks its message or back link\n%s", body)
	}
	if _, err := models.UserByHandle(t.Context(), ta.DB, "new-three"); err == nil {
		t.Error("the refused account was made")
	}
}

// A download turned away because every place is busy (503) has not used the quota.
func TestBusyDownloadDoesNotUseTheQuota(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.DownloadLimit = models.Limit{Count: 2, Per: 10 * time.Minute}
		c.Clock = rateClock().now
	})
	ta.seedOpenConsultation("digital")
	ta.seedIdea("digital", "One idea")
	c := ta.client()
	release := ta.Srv.FillDownloadPlaces()
	for n := range 4 {
		if res, body := c.get("/open-data/ideas.csv"); res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("busy download %d: %d, want 503\n%.300s", n+1, res.StatusCode, body)
		}
	}
	release()
	for n := range 2 {
		if res, body := c.get("/open-data/ideas.csv"); res.StatusCode != http.StatusOK {
			t.Fatalf("download %d after the busy ones: %d %.300s", n+1, res.StatusCode, body)
		}
	}
	res, body := c.get("/open-data/ideas.json")
	mustTooMany(t, "third download", res, body)
}

// With the default limits, the panel's 60 triage saves in a minute all go through, while a
// citizen is held to the citizens' bucket.
func TestPanelTriagesSixtyInAMinute(t *testing.T) {
	t.Parallel()
	defaults, err := app.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	clock := rateClock()
	ta := newTestApp(t, func(c *app.Config) {
		c.WriteLimit, c.WriteLimitWindow, c.PanelWriteLimit = defaults.WriteLimit, defaults.WriteLimitWindow, defaults.PanelWriteLimit
		c.Clock = clock.now
	})
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Triaged")
	p := ta.panelClient(t, "panel-busy")
	path := "/ideas/" + strconv.FormatInt(idea.ID, 10) + "/status"
	for n := 1; n <= 60; n++ {
		status := []string{"under_review", "shortlisted"}[n%2]
		res, body := p.post(path, url.Values{"status": {status}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("triage save %d: %d, want 303\n%.400s", n, res.StatusCode, body)
		}
		clock.advance(time.Second)
	}
	citizen := ta.client()
	citizen.signIn("citizen")
	vote := "/ideas/" + strconv.FormatInt(idea.ID, 10) + "/vote"
	for n := 1; n <= defaults.WriteLimit; n++ {
		if res, _ := citizen.post(vote, url.Values{"vote": {"on"}}); res.StatusCode == http.StatusTooManyRequests {
			t.Fatalf("citizen's write %d refused", n)
		}
	}
	res, body := citizen.post(vote, url.Values{"vote": {"on"}})
	mustTooMany(t, "citizen's write past the bucket", res, body)
}

// A citizen's write bucket refills a token at a time: no dead end until the next minute.
func TestCitizenWriteBucketRefills(t *testing.T) {
	t.Parallel()
	clock := rateClock()
	ta := newTestApp(t, func(c *app.Config) {
		c.WriteLimit, c.WriteLimitWindow = 3, time.Minute // a token every 20 s
		c.Clock = clock.now
	})
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Refilled")
	c := ta.client()
	c.signIn("dai")
	ideaPath := "/ideas/" + strconv.FormatInt(idea.ID, 10)
	vote := func() (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, "http://localhost:3000"+ideaPath+"/vote",
			strings.NewReader(url.Values{"vote": {"on"}, "_csrf": {c.CSRF}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", "http://localhost:3000"+ideaPath)
		return c.do(req)
	}
	for n := 1; n <= 3; n++ {
		if res, _ := vote(); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("write %d: %d", n, res.StatusCode)
		}
	}
	res, body := vote()
	mustTooMany(t, "4th write", res, body)
	if got := res.Header.Get("Retry-After"); got != "20" {
		t.Errorf("Retry-After %q, want 20", got)
	}
	for _, want := range []string{"Try again in 20 seconds.", `href="` + ideaPath + `"`, "Go back to the page you were on"} {
		if !strings.Contains(body, want) {
			t.Errorf("429 page lacks %q\n%s", want, body)
		}
	}
	clock.advance(15 * time.Second)
	res, _ = vote()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "5" {
		t.Fatalf("15 s on: %d, Retry-After %q, want 429 and 5", res.StatusCode, res.Header.Get("Retry-After"))
	}
	clock.advance(5 * time.Second)
	if res, _ := vote(); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("after one interval: %d, want the write through", res.StatusCode)
	}
	if res, _ := vote(); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a second write after one interval: %d, want 429", res.StatusCode)
	}
}

func TestMeetingPackDownloadsAreLimited(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.DownloadLimit = models.Limit{Count: 2, Per: 10 * time.Minute}
		c.Clock = rateClock().now
	})
	fx := ta.seedPackFixture(t)
	c := ta.panelClient(t, "panel-packs")
	path := "/meetings/" + strconv.FormatInt(fx.meeting.ID, 10) + "/pack"
	for range 3 { // the pack's page is a page, not a download
		if res, _ := c.get(path); res.StatusCode != 200 {
			t.Fatalf("pack page: %d", res.StatusCode)
		}
	}
	for n := range 2 {
		if res, body := c.get(path + ".md"); res.StatusCode != 200 {
			t.Fatalf("pack download %d: %d %.300s", n+1, res.StatusCode, body)
		}
	}
	res, body := c.get(path + ".md")
	mustTooMany(t, "third pack download", res, body)
}

// Health checks, metrics and assets are never limited, however tight the limits.
func TestInfrastructureIsNotLimited(t *testing.T) {
	t.Parallel()
	one := models.Limit{Count: 1, Per: time.Hour}
	ta := newTestApp(t, func(c *app.Config) {
		c.WriteLimit, c.WriteLimitWindow = 1, time.Hour
		c.PanelWriteLimit, c.SignInLimit, c.CallbackLimit, c.SignUpLimit = one, one, one, one
		c.SearchLimit, c.SimilarLimit, c.DownloadLimit = one, one, one
		c.Clock = rateClock().now
	})
	c := ta.client()
	_, home := c.get("/")
	asset := regexp.MustCompile(`/assets/app\.[0-9a-f]+\.js`).FindString(home)
	if asset == "" {
		t.Fatal("no script on the home page")
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics", asset} {
		for n := range 3 {
			if res, _ := c.getFrom(path, "198.51.100."+strconv.Itoa(n)); res.StatusCode != 200 {
				t.Fatalf("%s, time %d: %d", path, n+1, res.StatusCode)
			}
		}
	}
}
