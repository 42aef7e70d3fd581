package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// testApp is the whole service on its own fresh database.
type testApp struct {
	t   *testing.T
	App *fiber.App
	Srv *app.Server
	DB  *gorm.DB
	Cfg app.Config
	URL string // base URL when listening, else ""
}

// now is the time the test app runs at: its configured clock (Config.Clock) if the test fixed
// one, else the wall clock. Fixtures made through the model functions take their times from it,
// so they agree with what the app's pages and rules see.
func (ta *testApp) now() time.Time {
	if ta.Cfg.Clock != nil {
		return ta.Cfg.Clock()
	}
	return time.Now()
}

// ctx is the test's context with the app's clock, for calls to the model functions.
func (ta *testApp) ctx() context.Context {
	if ta.Cfg.Clock != nil {
		return models.WithClock(ta.t.Context(), ta.Cfg.Clock)
	}
	return ta.t.Context()
}

// fixedClock sets the app's clock to one moment (given in London time, where the service's
// days are), so that what is past, upcoming, due or overdue does not depend on when the test runs.
func fixedClock(at time.Time) func(*app.Config) {
	return func(c *app.Config) { c.Clock = func() time.Time { return at } }
}

// testConfig is a development configuration on the given database.
func testConfig(dbURL string) app.Config {
	return app.Config{
		DatabaseURL:      dbURL,
		ListenAddr:       "127.0.0.1:0",
		BaseURL:          "http://localhost:3000",
		Env:              "development",
		DBMaxConns:       20,
		WriteLimit:       10000,
		WriteLimitWindow: time.Minute,
		BodyLimit:        1 << 20,
	}
}

// newTestApp builds the app for in-process requests through app.Test.
func newTestApp(t *testing.T, configure ...func(*app.Config)) *testApp {
	t.Helper()
	db, dbURL := modeltest.NewDB(t)
	if via := os.Getenv(viaPgBouncerEnv); via != "" {
		db, dbURL = throughPgBouncer(t, dbURL, via)
	}
	return newTestAppOn(t, db, dbURL, configure...)
}

// newTestAppOn is newTestApp on a database of the test's choosing.
func newTestAppOn(t *testing.T, db *gorm.DB, dbURL string, configure ...func(*app.Config)) *testApp {
	t.Helper()
	cfg := testConfig(dbURL)
	for _, f := range configure {
		f(&cfg)
	}
	logOut := io.Discard
	if os.Getenv("TEST_LOG") != "" {
		logOut = os.Stderr
	}
	web, srv, err := app.New(cfg, db, slog.New(slog.NewTextHandler(logOut, nil)))
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return &testApp{t: t, App: web, Srv: srv, DB: db, Cfg: cfg}
}

// startTestServer runs the app on a real port at 127.0.0.1, for browsers and OAuth redirects.
func startTestServer(t *testing.T, configure ...func(*app.Config)) *testApp {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ta := newTestApp(t, append([]func(*app.Config){func(c *app.Config) { c.BaseURL = base }}, configure...)...)
	ta.URL = base
	go ta.App.Listener(ln)
	t.Cleanup(func() { ta.App.ShutdownWithTimeout(5 * time.Second) })
	return ta
}

// client is a browser-like caller of an in-process app: it keeps cookies and the CSRF token
// from the last page it read.
type client struct {
	t    *testing.T
	ta   *testApp
	jar  http.CookieJar
	CSRF string
}

// withT is the same app reporting to another test (a parallel subtest).
func (ta *testApp) withT(t *testing.T) *testApp {
	cp := *ta
	cp.t = t
	return &cp
}

func (ta *testApp) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: ta.t, ta: ta, jar: jar}
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)">`)

var siteURL, _ = url.Parse("http://localhost:3000/")

// do sends a request, keeps cookies, and returns the response with its body read.
func (c *client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	for _, ck := range c.jar.Cookies(siteURL) {
		req.AddCookie(ck)
	}
	res, err := c.ta.App.Test(req, 10000)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	c.jar.SetCookies(siteURL, res.Cookies())
	b, _ := io.ReadAll(res.Body)
	body := string(b)
	if m := csrfMeta.FindStringSubmatch(body); m != nil && m[1] != "" {
		c.CSRF = m[1]
	}
	return res, body
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://localhost:3000"+path, nil)
	return c.do(req)
}

// getIn reads a page in a language, choosing it with ?lang= as the switch link does (which
// remembers the choice and redirects to the page without it).
func (c *client) getIn(lang, path string) (*http.Response, string) {
	c.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if res, body := c.get(path + sep + "lang=" + lang); res.StatusCode != http.StatusSeeOther {
		return res, body
	}
	return c.get(path)
}

// post sends a form; the CSRF token is added unless the form already has a _csrf field.
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok && c.CSRF != "" {
		form.Set("_csrf", c.CSRF)
	}
	req, _ := http.NewRequest(http.MethodPost, "http://localhost:3000"+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// api sends a JSON request with the CSRF header (when withCSRF is set).
func (c *client) api(method, path, body string, withCSRF bool) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, "http://localhost:3000"+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if withCSRF {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	return c.do(req)
}

// signIn signs in through the development sign-in form, as a person would.
func (c *client) signIn(handle string) *models.User {
	c.t.Helper()
	c.get("/auth/dev")
	res, body := c.post("/auth/dev", url.Values{"handle": {handle}})
	if res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("dev sign-in as %s: status %d\n%s", handle, res.StatusCode, body)
	}
	c.get("/") // pick up a CSRF token for the new session
	u, err := models.UserByHandle(c.ta.t.Context(), c.ta.DB, handle)
	if err != nil {
		c.t.Fatal(err)
	}
	return u
}

// seedOpenConsultation adds an open consultation for tests to submit to.
func (ta *testApp) seedOpenConsultation(slug string) *models.Consultation {
	cs := &models.Consultation{Slug: slug, Title: "Consultation " + slug, Status: "open"}
	if err := ta.DB.Create(cs).Error; err != nil {
		ta.t.Fatal(err)
	}
	return cs
}

// seedIdea adds an idea by a new user.
func (ta *testApp) seedIdea(consultation, title string) *models.Idea {
	ta.t.Helper()
	author, err := models.SignIn(ta.t.Context(), ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "author-" + title, Handle: "author"})
	if err != nil {
		ta.t.Fatal(err)
	}
	idea, errs, err := models.CreateIdea(ta.ctx(), ta.DB, author.ID, models.NewIdea{Consultation: consultation, Title: title, Body: "About " + title})
	if err != nil || errs.Any() {
		ta.t.Fatalf("seed idea: %v %v", errs, err)
	}
	return idea
}
