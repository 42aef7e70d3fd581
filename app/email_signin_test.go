package app_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

var signInLink = regexp.MustCompile(`http://localhost:3000(/auth/email/([A-Za-z0-9_-]{43}))\?lang=(en|cy)`)

// emailSignInApp is the service sending to a test SMTP server, its clock fixed.
func emailSignInApp(t *testing.T, configure ...func(*app.Config)) (*testApp, *testSMTP, *movableClock) {
	t.Helper()
	smtp := newTestSMTP(t, false)
	clock := newMovableClock(london(2030, 3, 4, 9, 30))
	ta := newTestApp(t, append([]func(*app.Config){withSMTP(smtp), func(c *app.Config) { c.Clock = clock.now }}, configure...)...)
	ta.startWorkers()
	return ta, smtp, clock
}

// askForLink asks for a sign-in link from the sign-in page, in lang, and returns the mail.
func (c *client) askForLink(smtp *testSMTP, lang, email, next string) receivedMail {
	c.t.Helper()
	before := len(smtp.Messages())
	if res, body := c.getIn(lang, "/login"); res.StatusCode != http.StatusOK || !strings.Contains(body, `action="/auth/email"`) {
		c.t.Fatalf("/login: %d, want a form posting to /auth/email\n%s", res.StatusCode, body)
	}
	res, _ := c.post("/auth/email", url.Values{"email": {email}, "next": {next}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/auth/email/sent" {
		c.t.Fatalf("POST /auth/email: %d to %q, want 303 to /auth/email/sent", res.StatusCode, res.Header.Get("Location"))
	}
	msgs := smtp.Wait(before + 1)
	return msgs[len(msgs)-1]
}

// linkIn finds the sign-in link in a message: its path and token.
func linkIn(t *testing.T, m receivedMail, lang string) (path, token string) {
	t.Helper()
	found := signInLink.FindStringSubmatch(m.Text)
	if found == nil || found[3] != lang {
		t.Fatalf("no sign-in link in %s in the mail:\n%s", lang, m.Text)
	}
	if !strings.Contains(m.HTML, `href="`+found[0]+`"`) {
		t.Errorf("the HTML part lacks the link:\n%s", m.HTML)
	}
	return found[1], found[2]
}

// openLink opens a sign-in link as a browser would (following the language redirect).
func (c *client) openLink(path, lang string) (*http.Response, string) {
	c.t.Helper()
	return c.getIn(lang, path)
}

func TestEmailSignIn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang, subject, sent, button, welcome string
	}{
		{"en", "Your link to sign in to Syniad", "Check your email", "Sign in", "Choose a username"},
		{"cy", "Eich dolen i fewngofnodi i Syniad", "Gwiriwch eich e-bost", "Mewngofnodi", "Dewiswch enw defnyddiwr"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			ta, smtp, clock := emailSignInApp(t)
			ta = ta.withT(t)
			address := "ann." + tc.lang + "@example.org"
			asker := ta.client()
			m := asker.askForLink(smtp, tc.lang, "  Ann."+strings.ToUpper(tc.lang)+"@Example.org ", "/ideas")
			if _, body := asker.get("/auth/email/sent"); !strings.Contains(body, tc.sent) {
				t.Errorf("after asking: no %q\n%s", tc.sent, body)
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
			if m.To[0] != address || subject != tc.subject || m.Header.Get("Content-Language") != tc.lang {
				t.Errorf("mail to %v, subject %q, language %q", m.To, subject, m.Header.Get("Content-Language"))
			}
			path, token := linkIn(t, m, tc.lang)

			// Only the token's hash is kept.
			sum := sha256.Sum256([]byte(token))
			var hashed, plain int64
			ta.DB.Raw(`SELECT count(*) FROM email_tokens WHERE token_hash = decode(?, 'hex')`, hex.EncodeToString(sum[:])).Scan(&hashed)
			ta.DB.Raw(`SELECT count(*) FROM email_tokens t WHERE t::text LIKE ?`, "%"+token+"%").Scan(&plain)
			if hashed != 1 || plain != 0 {
				t.Errorf("email_tokens: %d rows with the hash, %d with the token itself; want 1 and 0", hashed, plain)
			}

			// Another browser; fetching the link (as a mail scanner would) uses nothing up.
			browser := ta.client()
			for range 2 {
				res, body := browser.openLink(path, tc.lang)
				if res.StatusCode != http.StatusOK || !strings.Contains(body, `action="`+path+`"`) || !strings.Contains(body, tc.button) {
					t.Fatalf("opening the link: %d, want a page with the button\n%s", res.StatusCode, body)
				}
			}
			res, _ := browser.post(path, nil)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/auth/email/welcome" {
				t.Fatalf("pressing the button: %d to %q, want the first sign-in's welcome", res.StatusCode, res.Header.Get("Location"))
			}
			if _, body := browser.get("/auth/email/welcome"); !strings.Contains(body, tc.welcome) {
				t.Fatalf("welcome page lacks %q\n%s", tc.welcome, body)
			}
			res, body := browser.post("/auth/email/welcome", url.Values{"handle": {"-bad"}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("an invalid handle: %d, want 422\n%s", res.StatusCode, body)
			}
			handle := "ann-" + tc.lang
			res, _ = browser.post("/auth/email/welcome", url.Values{"handle": {handle}, "name": {"Ann"}})
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ideas" {
				t.Fatalf("choosing a handle: %d to %q, want 303 to /ideas", res.StatusCode, res.Header.Get("Location"))
			}
			if _, body := browser.get("/"); !strings.Contains(body, handle) && !strings.Contains(body, "Ann") {
				t.Errorf("not signed in after the welcome\n%s", body)
			}
			user, err := models.UserByHandle(t.Context(), ta.DB, handle)
			if err != nil || user.Email != address || user.Locale != tc.lang || user.Name != "Ann" {
				t.Fatalf("the new user: %+v %v", user, err)
			}
			if ok, _ := models.HasAccount(t.Context(), ta.DB, models.ProviderEmail, address); !ok {
				t.Error("no email identity")
			}
			// The address is never shown, not even on their own pages.
			if _, body := browser.get("/ideas"); strings.Contains(body, address) {
				t.Error("the email address is shown")
			}

			// The link works once.
			again := ta.client()
			if res, _ := again.openLink(path, tc.lang); res.StatusCode != http.StatusGone {
				t.Errorf("opening a used link: %d, want 410", res.StatusCode)
			}
			if res, _ := again.post(path, nil); res.StatusCode != http.StatusGone {
				t.Errorf("using a link twice: %d, want 410", res.StatusCode)
			}

			// Signing in again goes straight in, as the same person.
			m = asker.askForLink(smtp, tc.lang, address, "/meetings")
			path, _ = linkIn(t, m, tc.lang)
			later := ta.client()
			later.openLink(path, tc.lang)
			res, _ = later.post(path, nil)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meetings" {
				t.Fatalf("a second sign-in: %d to %q, want 303 to /meetings", res.StatusCode, res.Header.Get("Location"))
			}
			var users int64
			ta.DB.Raw(`SELECT count(*) FROM users WHERE email = ?`, address).Scan(&users)
			if users != 1 {
				t.Errorf("%d users with the address, want 1", users)
			}

			// A link works for 15 minutes, by the service's clock.
			m = asker.askForLink(smtp, tc.lang, address, "/")
			path, _ = linkIn(t, m, tc.lang)
			clock.advance(14 * time.Minute)
			late := ta.client()
			if res, _ := late.openLink(path, tc.lang); res.StatusCode != http.StatusOK {
				t.Errorf("after 14 minutes: %d, want 200", res.StatusCode)
			}
			clock.advance(2 * time.Minute)
			if res, body := late.post(path, nil); res.StatusCode != http.StatusGone || !strings.Contains(body, map[string]string{"en": "no longer works", "cy": "mwyach"}[tc.lang]) {
				t.Errorf("after 16 minutes: %d, want 410 saying so\n%s", res.StatusCode, body)
			}
			ta.Srv.Prune(models.WithClock(t.Context(), clock.now))
			var left int64
			ta.DB.Raw(`SELECT count(*) FROM email_tokens`).Scan(&left)
			if left != 0 {
				t.Errorf("%d expired links left after pruning", left)
			}
		})
	}
}

// Whether an address has an account or not, the answer is the same, and a mail goes to it.
func TestEmailSignInSameAnswerForUnknownAddress(t *testing.T) {
	t.Parallel()
	ta, smtp, _ := emailSignInApp(t)
	if _, errs, err := models.CreateEmailAccount(t.Context(), ta.DB, models.NewEmailAccount{Email: "known@example.org", Handle: "known"}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	answer := func(email string) string {
		c := ta.client()
		c.get("/login")
		res, _ := c.post("/auth/email", url.Values{"email": {email}})
		_, body := c.get(res.Header.Get("Location"))
		body = csrfMeta.ReplaceAllString(body, "")
		return res.Status + " " + res.Header.Get("Location") + "\n" + body
	}
	known, unknown := answer("known@example.org"), answer("nobody@example.org")
	if known != unknown {
		t.Errorf("the answers differ:\n%s\n---\n%s", known, unknown)
	}
	smtp.WaitFor("known@example.org")
	smtp.WaitFor("nobody@example.org")

	c := ta.client()
	c.get("/login")
	for _, bad := range []string{"", "not an address", "Ann <ann@example.org>", "a@b.c, d@e.f"} {
		if res, _ := c.post("/auth/email", url.Values{"email": {bad}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("email %q: %d, want 422", bad, res.StatusCode)
		}
	}
}

// Links are limited per email address (EMAIL_SIGNIN_RATE_LIMIT) and per client address
// (SIGNIN_RATE_LIMIT).
func TestEmailSignInRateLimit(t *testing.T) {
	t.Parallel()
	ta, _, _ := emailSignInApp(t, func(c *app.Config) {
		c.EmailSignInLimit = models.Limit{Count: 2, Per: time.Hour}
		c.SignInLimit = models.Limit{Count: 4, Per: time.Hour}
	})
	c := ta.client()
	c.get("/login")
	for i, tc := range []struct {
		email string
		want  int
	}{
		{"a@example.org", 303}, {"A@example.org", 303}, {"a@example.org", 429}, // the address's limit
		{"b@example.org", 303}, {"c@example.org", 429}, // the client's
	} {
		if res, _ := c.post("/auth/email", url.Values{"email": {tc.email}}); res.StatusCode != tc.want {
			t.Errorf("request %d for %s: %d, want %d", i+1, tc.email, res.StatusCode, tc.want)
		}
	}
	var plain int64
	ta.DB.Raw(`SELECT count(*) FROM rate_buckets WHERE key LIKE '%example.org%'`).Scan(&plain)
	if plain != 0 {
		t.Error("an email address is kept in a rate limit's key")
	}
}

// A visitor asking for a link causes only its short-lived rows: the link (15 minutes), the
// queued mail and the rate limits' counts. Opening the link causes none, and pruning takes the
// link away once it expired.
func TestEmailSignInStoresOnlyShortLivedState(t *testing.T) {
	t.Parallel()
	clock := newMovableClock(london(2030, 3, 4, 9, 30))
	ta := newTestApp(t, func(c *app.Config) { c.Clock = clock.now })
	before := ta.tableDigests()
	visitor := ta.client()
	visitor.get("/login")
	for _, csrf := range []string{"wrong", ""} {
		visitor.post("/auth/email", url.Values{"email": {"v@example.org"}, "_csrf": {csrf}})
	}
	visitor.post("/auth/email/welcome", url.Values{"handle": {"sneaky"}})
	if after := ta.tableDigests(); !sameExcept(before, after, "rate_buckets") {
		t.Errorf("refused posts stored rows: %v", changedTables(before, after))
	}
	visitor.post("/auth/email", url.Values{"email": {"v@example.org"}})
	var token string
	ta.DB.Raw(`SELECT args->>'text' FROM river_job WHERE kind = 'mail'`).Scan(&token)
	m := signInLink.FindStringSubmatch(token)
	if m == nil {
		t.Fatalf("no queued mail with a link: %q", token)
	}
	queued := ta.tableDigests()
	if !sameExcept(before, queued, "rate_buckets", "email_tokens", "river_job") {
		t.Errorf("asking for a link stored more than the link and its mail: %v", changedTables(before, queued))
	}
	ta.client().openLink(m[1], "en")
	if now := ta.tableDigests(); !sameExcept(queued, now, "rate_buckets") {
		t.Errorf("opening the link stored rows: %v", changedTables(queued, now))
	}
	clock.advance(16 * time.Minute)
	ta.Srv.Prune(models.WithClock(t.Context(), clock.now))
	var left int64
	ta.DB.Raw(`SELECT count(*) FROM email_tokens`).Scan(&left)
	if left != 0 {
		t.Errorf("%d links left after they expired and were pruned", left)
	}
}

// Without mail (production with no SMTP_URL) there is no email sign-in.
func TestEmailSignInOffWithoutMail(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) { c.Env = "production" })
	c := ta.client()
	if _, body := c.get("/login"); strings.Contains(body, `action="/auth/email"`) {
		t.Error("/login offers email sign-in without mail")
	}
	if res, _ := c.post("/auth/email", url.Values{"email": {"a@example.org"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("POST /auth/email without mail: %d, want 404", res.StatusCode)
	}
}

func sameExcept(a, b map[string]string, except ...string) bool {
	return len(changedTables(a, b, except...)) == 0
}

func changedTables(a, b map[string]string, except ...string) []string {
	skip := map[string]bool{}
	for _, e := range except {
		skip[e] = true
	}
	var out []string
	for k, v := range b {
		if !skip[k] && a[k] != v {
			out = append(out, k)
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok && !skip[k] {
			out = append(out, k)
		}
	}
	return out
}

// A sign-in link's token is never written to the log, whatever happens to the request.
func TestEmailSignInLinkIsNotLogged(t *testing.T) {
	t.Parallel()
	smtp := newTestSMTP(t, false)
	db, dbURL := modeltest.NewDB(t)
	cfg := testConfig(dbURL)
	withSMTP(smtp)(&cfg)
	var logs syncBuffer
	web, srv, err := app.New(cfg, db, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ta := &testApp{t: t, App: web, Srv: srv, DB: db, Cfg: cfg}
	ta.startWorkers()
	c := ta.client()
	path, token := linkIn(t, c.askForLink(smtp, "cy", "logged@example.org", "/"), "cy")
	c.openLink(path, "cy")
	c.post(path, nil)
	c.post(path, nil) // used: 410
	if strings.Contains(logs.String(), token) {
		t.Errorf("the token is in the log:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "/auth/email/:token") {
		t.Errorf("the requests with the link are not logged as /auth/email/:token:\n%s", logs.String())
	}
}

// syncBuffer is a bytes.Buffer that requests on several goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
