package app_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/syniad/syniad/app"
)

// These tests sign in through the real OAuth code path: the app listens on a real port, a
// local OpenID Connect provider (mockoidc) and a fake GitHub answer on others, and a plain
// net/http client with a cookie jar walks app → provider → app one redirect at a time.

// account is a person at an identity provider.
type account struct {
	ID    string // OIDC subject, or GitHub's numeric id
	Login string // preferred_username, or GitHub login
	Email string
	Name  string
}

// fakeIdP is one identity provider the app is configured to use.
type fakeIdP struct {
	provider   string // the app's name for it: oidc or github
	configure  func(*app.Config)
	queue      func(account)       // the next sign-in at the provider is as this account
	tokenCalls func() int64        // how many code exchanges the provider has seen
	tokenForms func() []url.Values // the token requests' forms
}

// ---- OpenID Connect: mockoidc ----

// oidcUser wraps mockoidc's user, whose /userinfo lacks the "sub" that goth requires to
// match the ID token's, and adds a display name.
type oidcUser struct {
	*mockoidc.MockUser
	Name string
}

func (u *oidcUser) Userinfo(scope []string) ([]byte, error) {
	raw, err := u.MockUser.Userinfo(scope)
	if err != nil {
		return nil, err
	}
	info := map[string]any{}
	if err := json.Unmarshal(raw, &info); err != nil {
		return nil, err
	}
	info["sub"] = u.Subject
	if u.Name != "" && slices.Contains(scope, "profile") {
		info["name"] = u.Name
	}
	return json.Marshal(info)
}

var _ mockoidc.User = (*oidcUser)(nil)

// startMockOIDC runs a local OpenID Connect provider that records its token requests.
func startMockOIDC(t *testing.T) *fakeIdP {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var forms []url.Values
	var calls atomic.Int64
	err = m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == mockoidc.TokenEndpoint && r.Method == http.MethodPost {
				calls.Add(1)
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
				form, _ := url.ParseQuery(string(body))
				mu.Lock()
				forms = append(forms, form)
				mu.Unlock()
			}
			next.ServeHTTP(w, r)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	return &fakeIdP{
		provider: "oidc",
		configure: func(c *app.Config) {
			c.OIDCIssuer = m.Issuer()
			c.OIDCClientID = m.ClientID
			c.OIDCClientSecret = m.ClientSecret
			c.OIDCName = "Mock council"
		},
		queue: func(a account) {
			m.QueueUser(&oidcUser{MockUser: &mockoidc.MockUser{
				Subject: a.ID, Email: a.Email, EmailVerified: true, PreferredUsername: a.Login,
			}, Name: a.Name})
		},
		tokenCalls: calls.Load,
		tokenForms: func() []url.Values {
			mu.Lock()
			defer mu.Unlock()
			return slices.Clone(forms)
		},
	}
}

// ---- GitHub: a fake on httptest ----

type fakeGitHub struct {
	t                *testing.T
	srv              *httptest.Server
	clientID, secret string
	deny             atomic.Bool // the person presses "Cancel" at GitHub
	tokenCalls       atomic.Int64

	mu     sync.Mutex
	next   []account
	codes  map[string]githubGrant // one-shot codes
	tokens map[string]account
}

type githubGrant struct {
	acct        account
	redirectURI string
}

func startFakeGitHub(t *testing.T) *fakeGitHub {
	t.Helper()
	g := &fakeGitHub{t: t, clientID: "gh-client-" + randomString(), secret: "gh-secret-" + randomString(),
		codes: map[string]githubGrant{}, tokens: map[string]account{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login/oauth/authorize", g.authorize)
	mux.HandleFunc("POST /login/oauth/access_token", g.token)
	mux.HandleFunc("GET /user", g.user)
	mux.HandleFunc("GET /user/emails", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "[]")
	})
	g.srv = httptest.NewServer(mux)
	t.Cleanup(g.srv.Close)
	return g
}

func (g *fakeGitHub) idp() *fakeIdP {
	return &fakeIdP{
		provider: "github",
		configure: func(c *app.Config) {
			c.GitHubClientID = g.clientID
			c.GitHubClientSecret = g.secret
			c.GitHubURLs = app.GitHubURLs{
				Auth:    g.srv.URL + "/login/oauth/authorize",
				Token:   g.srv.URL + "/login/oauth/access_token",
				Profile: g.srv.URL + "/user",
				Email:   g.srv.URL + "/user/emails",
			}
		},
		queue: func(a account) {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.next = append(g.next, a)
		},
		tokenCalls: g.tokenCalls.Load,
	}
}

func (g *fakeGitHub) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != g.clientID {
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || back.Host == "" || q.Get("state") == "" {
		http.Error(w, "bad redirect_uri or state", http.StatusBadRequest)
		return
	}
	params := back.Query()
	params.Set("state", q.Get("state"))
	if g.deny.Load() {
		params.Set("error", "access_denied")
		params.Set("error_description", "The user has denied your application access.")
	} else {
		g.mu.Lock()
		if len(g.next) == 0 {
			g.mu.Unlock()
			http.Error(w, "test queued no GitHub account", http.StatusInternalServerError)
			return
		}
		acct := g.next[0]
		g.next = g.next[1:]
		code := "code-" + randomString()
		g.codes[code] = githubGrant{acct: acct, redirectURI: q.Get("redirect_uri")}
		g.mu.Unlock()
		params.Set("code", code)
	}
	back.RawQuery = params.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (g *fakeGitHub) token(w http.ResponseWriter, r *http.Request) {
	g.tokenCalls.Add(1)
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	w.Header().Set("Content-Type", "application/json")
	if id != g.clientID || secret != g.secret {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"incorrect_client_credentials"}`)
		return
	}
	code := r.PostForm.Get("code")
	g.mu.Lock()
	grant, found := g.codes[code]
	delete(g.codes, code)
	token := "gho_" + randomString()
	if found {
		g.tokens[token] = grant.acct
	}
	g.mu.Unlock()
	if !found || (r.PostForm.Get("redirect_uri") != "" && r.PostForm.Get("redirect_uri") != grant.redirectURI) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"bad_verification_code"}`)
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"access_token": token, "token_type": "bearer", "scope": ""})
}

func (g *fakeGitHub) user(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	g.mu.Lock()
	acct, found := g.tokens[token]
	g.mu.Unlock()
	if !ok || !found {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	id, err := strconv.Atoi(acct.ID)
	if err != nil {
		g.t.Errorf("GitHub account id %q is not a number", acct.ID)
	}
	w.Header().Set("Content-Type", "application/json")
	profile := map[string]any{"id": id, "login": acct.Login, "name": acct.Name}
	if acct.Email != "" {
		profile["email"] = acct.Email
	}
	json.NewEncoder(w).Encode(profile)
}

func randomString() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ---- a browser that goes through real redirects ----

type browser struct {
	t    *testing.T
	base *url.URL
	jar  *cookiejar.Jar
	hc   *http.Client
	CSRF string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, base: u, jar: jar, hc: &http.Client{
		Jar:     jar,
		Timeout: 15 * time.Second,
		// Step through every hop, so each one can be checked.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// abs resolves a path (or a Location header) against the app's base URL.
func (b *browser) abs(ref string) string {
	u, err := b.base.Parse(ref)
	if err != nil {
		b.t.Fatalf("bad URL %q: %v", ref, err)
	}
	return u.String()
}

func (b *browser) send(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	res, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	body := string(raw)
	if m := csrfMeta.FindStringSubmatch(body); m != nil && m[1] != "" {
		b.CSRF = m[1]
	}
	return res, body
}

func (b *browser) get(ref string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.abs(ref), nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.send(req)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.abs(path), strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(req)
}

// cookie is the value of the app's cookie name in the jar, or "".
func (b *browser) cookie(name string) string {
	for _, c := range b.jar.Cookies(b.base) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// signedIn loads the home page and reports whether it offers "Sign out" (as handle).
func (b *browser) signedIn(handle string) bool {
	b.t.Helper()
	res, body := b.get("/")
	if res.StatusCode != http.StatusOK {
		b.t.Fatalf("GET /: %d", res.StatusCode)
	}
	out := strings.Contains(body, "Sign out")
	if out && handle != "" && !strings.Contains(body, "("+handle+")") {
		b.t.Errorf("signed in, but not as %q", handle)
	}
	return out
}

// begin asks the app to start signing in with provider and returns where it sends the
// browser, after checking the request carries a state and the app's own callback.
func (b *browser) begin(provider, next string) *url.URL {
	b.t.Helper()
	path := "/auth/" + provider
	if next != "" {
		path += "?next=" + url.QueryEscape(next)
	}
	res, body := b.get(path)
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("GET %s: status %d, want 303\n%s", path, res.StatusCode, body)
	}
	to, err := url.Parse(res.Header.Get("Location"))
	if err != nil || to.Host == b.base.Host {
		b.t.Fatalf("GET %s: Location %q is not the provider", path, res.Header.Get("Location"))
	}
	q := to.Query()
	if len(q.Get("state")) < 32 {
		b.t.Errorf("authorize request state %q is missing or short", q.Get("state"))
	}
	if want := b.base.String() + "/auth/" + provider + "/callback"; q.Get("redirect_uri") != want {
		b.t.Errorf("redirect_uri = %q, want %q", q.Get("redirect_uri"), want)
	}
	if q.Get("response_type") != "code" || q.Get("client_id") == "" {
		b.t.Errorf("authorize request lacks response_type=code or client_id: %s", to)
	}
	return to
}

// atProvider visits the provider's authorize URL and returns the callback URL it sends the
// browser back to.
func (b *browser) atProvider(provider string, authURL *url.URL) string {
	b.t.Helper()
	res, body := b.get(authURL.String())
	if res.StatusCode != http.StatusFound && res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("provider authorize: status %d\n%s", res.StatusCode, body)
	}
	back := res.Header.Get("Location")
	if !strings.HasPrefix(back, b.base.String()+"/auth/"+provider+"/callback?") {
		b.t.Fatalf("provider sent the browser to %q, not the app's callback", back)
	}
	if u, _ := url.Parse(back); u.Query().Get("state") != authURL.Query().Get("state") {
		b.t.Fatalf("provider changed the state: %q", back)
	}
	return back
}

// signIn goes all the way through and returns the callback URL used.
func (b *browser) signIn(provider, next string) string {
	b.t.Helper()
	callback := b.atProvider(provider, b.begin(provider, next))
	res, body := b.get(callback)
	want := next
	if want == "" {
		want = "/"
	}
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
		b.t.Fatalf("callback: status %d Location %q, want 303 to %q\n%s", res.StatusCode, res.Header.Get("Location"), want, body)
	}
	return callback
}

// withSession is a new browser holding only the given session cookie.
func withSession(t *testing.T, base, id string) *browser {
	b := newBrowser(t, base)
	b.jar.SetCookies(b.base, []*http.Cookie{{Name: "syniad_session", Value: id, Path: "/"}})
	return b
}

// ---- the tests ----

func TestAuthSignInEndToEnd(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		idp        func(*testing.T) *fakeIdP
		acct       account
		wantHandle string
		next       string
	}{
		{"OIDC preferred_username", startMockOIDC,
			account{ID: "oidc-subject-1", Login: "jane.doe", Email: "jane@example.org", Name: "Jane Doe"}, "jane.doe", ""},
		{"OIDC email only", startMockOIDC,
			account{ID: "oidc-subject-2", Email: "rhys.jones@example.org", Name: "Rhys Jones"}, "rhys.jones", "/ideas"},
		{"GitHub login", func(t *testing.T) *fakeIdP { return startFakeGitHub(t).idp() },
			account{ID: "583231", Login: "octo-cat", Name: "The Octocat"}, "octo-cat", "/ideas?sort=new"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			idp := tc.idp(t)
			ta := startTestServer(t, idp.configure)
			b := newBrowser(t, ta.URL)
			if b.signedIn("") {
				t.Fatal("signed in before signing in")
			}

			// Sign in, watching the session id across the callback.
			idp.queue(tc.acct)
			authURL := b.begin(idp.provider, tc.next)
			before := b.cookie("syniad_session")
			if before == "" {
				t.Fatal("no session cookie holds the state before going to the provider")
			}
			callback := b.atProvider(idp.provider, authURL)
			res, body := b.get(callback)
			want := tc.next
			if want == "" {
				want = "/"
			}
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
				t.Fatalf("callback: status %d Location %q, want 303 to %q\n%s", res.StatusCode, res.Header.Get("Location"), want, body)
			}
			after := b.cookie("syniad_session")
			if after == "" || after == before {
				t.Fatalf("session id did not change at sign-in: before %q after %q", before, after)
			}
			if !b.signedIn(tc.wantHandle) {
				t.Fatal("home page does not offer Sign out after signing in")
			}
			// The session from before sign-in (which a fixation attack would have planted) is
			// worth nothing afterwards.
			if withSession(t, ta.URL, before).signedIn("") {
				t.Fatal("the pre-sign-in session id is signed in too")
			}

			var user struct {
				ID           int64
				Handle, Name string
			}
			ta.DB.Raw(`SELECT u.id, u.handle, u.name FROM users u JOIN identities i ON i.user_id = u.id
				WHERE i.provider = ? AND i.provider_user_id = ?`, idp.provider, tc.acct.ID).Scan(&user)
			if user.ID == 0 {
				t.Fatalf("no user with a %s identity %q", idp.provider, tc.acct.ID)
			}
			if user.Handle != tc.wantHandle || user.Name != tc.acct.Name {
				t.Errorf("user handle %q name %q, want %q %q", user.Handle, user.Name, tc.wantHandle, tc.acct.Name)
			}

			// The same callback again is refused by the app itself (the state was used once),
			// before it asks the provider to exchange the code: from this browser or another.
			calls := idp.tokenCalls()
			for who, rb := range map[string]*browser{"same browser": b, "other browser": newBrowser(t, ta.URL)} {
				if res, body := rb.get(callback); res.StatusCode != http.StatusForbidden {
					t.Errorf("replayed callback (%s): status %d, want 403\n%s", who, res.StatusCode, body)
				}
			}
			if n := idp.tokenCalls(); n != calls {
				t.Errorf("replayed callback reached the provider's token endpoint (%d → %d calls)", calls, n)
			}

			// Signing in again with the same account, in a new browser, finds the same user.
			idp.queue(tc.acct)
			again := newBrowser(t, ta.URL)
			again.signIn(idp.provider, "")
			if !again.signedIn(tc.wantHandle) {
				t.Fatal("second sign-in did not sign in")
			}
			var users, idents, sameUser int64
			ta.DB.Raw(`SELECT count(*) FROM users`).Scan(&users)
			ta.DB.Raw(`SELECT count(*) FROM identities`).Scan(&idents)
			ta.DB.Raw(`SELECT count(*) FROM identities WHERE user_id = ? AND provider = ? AND provider_user_id = ?`,
				user.ID, idp.provider, tc.acct.ID).Scan(&sameUser)
			if users != 1 || idents != 1 || sameUser != 1 {
				t.Errorf("after signing in twice: %d users, %d identities (%d for user %d), want 1, 1, 1", users, idents, sameUser, user.ID)
			}
		})
	}
}

// TestAuthOIDCPKCE checks the app sends an S256 challenge and the matching verifier, and that
// the provider's PKCE check holds: a code issued for another challenge does not sign in.
func TestAuthOIDCPKCE(t *testing.T) {
	t.Parallel()
	idp := startMockOIDC(t)
	ta := startTestServer(t, idp.configure)

	b := newBrowser(t, ta.URL)
	idp.queue(account{ID: "pkce-1", Login: "pkce.person", Email: "pkce@example.org"})
	authURL := b.begin("oidc", "")
	q := authURL.Query()
	challenge := q.Get("code_challenge")
	if q.Get("code_challenge_method") != "S256" || len(challenge) != 43 {
		t.Fatalf("authorize request lacks an S256 code challenge: %s", authURL)
	}
	if !slices.Contains(strings.Fields(q.Get("scope")), "openid") {
		t.Errorf("scope %q lacks openid", q.Get("scope"))
	}
	res, body := b.get(b.atProvider("oidc", authURL))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback: status %d\n%s", res.StatusCode, body)
	}
	var verifier string
	for _, f := range idp.tokenForms() {
		if v := f.Get("code_verifier"); v != "" {
			verifier = v
		}
	}
	sum := sha256.Sum256([]byte(verifier))
	if verifier == "" || base64.RawURLEncoding.EncodeToString(sum[:]) != challenge {
		t.Fatalf("token request's code_verifier %q does not match the challenge %q", verifier, challenge)
	}
	if !b.signedIn("pkce.person") {
		t.Fatal("not signed in")
	}

	// An attacker who swaps in their own challenge gets a code the app's verifier cannot redeem.
	other := newBrowser(t, ta.URL)
	idp.queue(account{ID: "pkce-2", Login: "swapped"})
	authURL = other.begin("oidc", "")
	forged := sha256.Sum256([]byte("the attacker's verifier"))
	q = authURL.Query()
	q.Set("code_challenge", base64.RawURLEncoding.EncodeToString(forged[:]))
	authURL.RawQuery = q.Encode()
	res, body = other.get(other.atProvider("oidc", authURL))
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("callback with a code for another challenge: status %d, want 403\n%s", res.StatusCode, body)
	}
	if other.signedIn("") {
		t.Fatal("signed in with a code for another PKCE challenge")
	}
	var n int64
	ta.DB.Raw(`SELECT count(*) FROM identities WHERE provider_user_id = 'pkce-2'`).Scan(&n)
	if n != 0 {
		t.Fatal("an identity was stored for the refused sign-in")
	}
}

// TestAuthForgedState checks that a callback whose state the session did not issue is
// refused with 403 before the code is exchanged.
func TestAuthForgedState(t *testing.T) {
	t.Parallel()
	gh := startFakeGitHub(t)
	github := gh.idp()
	oidc := startMockOIDC(t)
	ta := startTestServer(t, github.configure, oidc.configure)

	for _, tc := range []struct {
		name string
		// callback returns the browser that calls the callback and the callback URL.
		callback func(t *testing.T) (*browser, string)
	}{
		{"state never issued, no session", func(t *testing.T) (*browser, string) {
			return newBrowser(t, ta.URL), "/auth/github/callback?code=stolen&state=" + randomString() + randomString()
		}},
		{"no state", func(t *testing.T) (*browser, string) {
			b := newBrowser(t, ta.URL)
			b.begin("github", "")
			return b, "/auth/github/callback?code=stolen"
		}},
		{"empty state", func(t *testing.T) (*browser, string) {
			b := newBrowser(t, ta.URL)
			b.begin("github", "")
			return b, "/auth/github/callback?code=stolen&state="
		}},
		{"different state from the session's", func(t *testing.T) (*browser, string) {
			b := newBrowser(t, ta.URL)
			state := b.begin("github", "").Query().Get("state")
			return b, "/auth/github/callback?code=stolen&state=" + url.QueryEscape(state+"x")
		}},
		{"another browser's state and code (login CSRF)", func(t *testing.T) (*browser, string) {
			attacker := newBrowser(t, ta.URL)
			github.queue(account{ID: "666", Login: "attacker"})
			callback := attacker.atProvider("github", attacker.begin("github", ""))
			victim := newBrowser(t, ta.URL)
			victim.begin("github", "")
			return victim, callback
		}},
		{"state issued for another provider", func(t *testing.T) (*browser, string) {
			b := newBrowser(t, ta.URL)
			state := b.begin("oidc", "").Query().Get("state")
			return b, "/auth/github/callback?code=stolen&state=" + url.QueryEscape(state)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, callback := tc.callback(t)
			calls := github.tokenCalls()
			res, body := b.get(callback)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403\n%s", res.StatusCode, body)
			}
			if n := github.tokenCalls(); n != calls {
				t.Errorf("a forged callback reached GitHub's token endpoint")
			}
			if b.signedIn("") {
				t.Error("signed in")
			}
		})
	}

	// A failed callback spends the state: the real one afterwards is refused too.
	t.Run("real state after a forged attempt", func(t *testing.T) {
		b := newBrowser(t, ta.URL)
		github.queue(account{ID: "777", Login: "patient"})
		authURL := b.begin("github", "")
		if res, _ := b.get("/auth/github/callback?code=x&state=wrong"); res.StatusCode != http.StatusForbidden {
			t.Fatalf("forged attempt: status %d", res.StatusCode)
		}
		if res, body := b.get(b.atProvider("github", authURL)); res.StatusCode != http.StatusForbidden {
			t.Fatalf("real callback after a forged attempt: status %d, want 403\n%s", res.StatusCode, body)
		}
	})

	var users int64
	ta.DB.Raw(`SELECT count(*) FROM users`).Scan(&users)
	if users != 0 {
		t.Fatalf("forged callbacks created %d users", users)
	}
}

// TestAuthCancelledAtGitHub: the person refuses at the provider, which returns
// error=access_denied with the valid state.
func TestAuthCancelledAtGitHub(t *testing.T) {
	t.Parallel()
	gh := startFakeGitHub(t)
	gh.deny.Store(true)
	ta := startTestServer(t, gh.idp().configure)
	b := newBrowser(t, ta.URL)
	callback := b.atProvider("github", b.begin("github", "/ideas"))
	if u, _ := url.Parse(callback); u.Query().Get("error") != "access_denied" || u.Query().Get("code") != "" {
		t.Fatalf("fake GitHub did not deny: %s", callback)
	}
	res, body := b.get(callback)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("cancelled callback: status %d Location %q, want 303 to /login\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	res, body = b.get("/login")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Sign-in was cancelled") {
		t.Errorf("login page after cancelling: status %d, no cancelled message\n%s", res.StatusCode, body)
	}
	if b.signedIn("") {
		t.Fatal("signed in after cancelling")
	}
	if gh.tokenCalls.Load() != 0 {
		t.Error("the app tried to exchange a code after access_denied")
	}
	var users int64
	ta.DB.Raw(`SELECT count(*) FROM users`).Scan(&users)
	if users != 0 {
		t.Fatalf("cancelled sign-in created %d users", users)
	}
}

// TestAuthCookieFlags checks the session and CSRF cookies: HttpOnly and SameSite=Lax always,
// Secure in production (and not in development, where the site is plain http). The session
// cookie comes with starting to sign in; the CSRF cookie with the first page that has a form.
func TestAuthCookieFlags(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, res *http.Response, secure bool, names ...string) {
		t.Helper()
		seen := map[string]bool{}
		for _, c := range res.Cookies() {
			if c.Name != "syniad_session" && c.Name != "syniad_csrf" {
				continue
			}
			seen[c.Name] = true
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != secure || c.Path != "/" {
				t.Errorf("cookie %s: HttpOnly=%v SameSite=%v Secure=%v Path=%q; want HttpOnly, Lax, Secure=%v, /  (%s)",
					c.Name, c.HttpOnly, c.SameSite, c.Secure, c.Path, secure, c.Raw)
			}
		}
		for _, name := range names {
			if !seen[name] {
				t.Errorf("no %s cookie set; Set-Cookie: %q", name, res.Header.Values("Set-Cookie"))
			}
		}
	}

	t.Run("development", func(t *testing.T) {
		t.Parallel()
		gh := startFakeGitHub(t)
		ta := startTestServer(t, gh.idp().configure)
		b := newBrowser(t, ta.URL)
		res, _ := b.get("/auth/github")
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("GET /auth/github: %d", res.StatusCode)
		}
		check(t, res, false, "syniad_session")
		res, _ = newBrowser(t, ta.URL).get("/login")
		check(t, res, false, "syniad_csrf")
	})

	t.Run("production", func(t *testing.T) {
		t.Parallel()
		// app.New does not call Validate, so an in-process production app needs no TLS.
		ta := newTestApp(t, func(c *app.Config) {
			c.Env = "production"
			c.BaseURL = "https://ideas.example.gov.wales"
			c.GitHubClientID = "prod-client"
			c.GitHubClientSecret = "prod-secret"
		})
		req := httptest.NewRequest(http.MethodGet, "https://ideas.example.gov.wales/auth/github", nil)
		res, err := ta.App.Test(req, 10000)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "https://github.com/login/oauth/authorize?") {
			t.Fatalf("GET /auth/github: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if u, _ := url.Parse(res.Header.Get("Location")); u.Query().Get("redirect_uri") != "https://ideas.example.gov.wales/auth/github/callback" {
			t.Errorf("production redirect_uri: %q", u.Query().Get("redirect_uri"))
		}
		check(t, res, true, "syniad_session")
		res, err = ta.App.Test(httptest.NewRequest(http.MethodGet, "https://ideas.example.gov.wales/login", nil), 10000)
		if err != nil {
			t.Fatal(err)
		}
		check(t, res, true, "syniad_csrf")
	})
}

// TestAuthLogout signs in through GitHub and signs out with POST /logout, which needs the
// CSRF token and ends the session on the server, not just in the browser.
func TestAuthLogout(t *testing.T) {
	t.Parallel()
	gh := startFakeGitHub(t)
	idp := gh.idp()
	ta := startTestServer(t, idp.configure)
	b := newBrowser(t, ta.URL)
	idp.queue(account{ID: "42", Login: "leaver", Name: "Leaver"})
	b.signIn("github", "")
	if !b.signedIn("leaver") || b.CSRF == "" {
		t.Fatalf("not signed in, or no CSRF token on the page")
	}
	session := b.cookie("syniad_session")

	for name, form := range map[string]url.Values{
		"no token":     {},
		"empty token":  {"_csrf": {""}},
		"forged token": {"_csrf": {"forged-" + randomString()}},
	} {
		res, body := b.post("/logout", form)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST /logout with %s: status %d, want 403\n%s", name, res.StatusCode, body)
		}
		if !b.signedIn("leaver") {
			t.Fatalf("POST /logout with %s signed out", name)
		}
	}
	if res, _ := b.get("/logout"); res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusOK {
		t.Errorf("GET /logout answered %d; signing out must be a POST", res.StatusCode)
	}
	if !b.signedIn("leaver") {
		t.Fatal("GET /logout signed out")
	}

	res, body := b.post("/logout", url.Values{"_csrf": {b.CSRF}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("POST /logout: status %d Location %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	if b.signedIn("") {
		t.Fatal("still signed in after signing out")
	}
	if withSession(t, ta.URL, session).signedIn("") {
		t.Fatal("the old session id is still signed in after signing out")
	}
}
