package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/markbates/goth"
	"github.com/markbates/goth/providers/github"
	"github.com/markbates/goth/providers/openidConnect"

	"github.com/syniad/syniad/models"
)

// Sign-in uses goth's providers directly, with Fiber's session instead of gothic: the state
// is made here, kept in the session and used once; OpenID Connect adds PKCE; the session id
// changes at sign-in.

const (
	providerGitHub = "github"
	providerOIDC   = "oidc"
	providerDev    = "dev"
)

type authProviders struct {
	cfg    Config
	client *http.Client
	github goth.Provider

	oidcMu sync.Mutex
	oidc   *openidConnect.Provider // made on first use, after discovery
}

func newAuthProviders(cfg Config) *authProviders {
	a := &authProviders{cfg: cfg, client: &http.Client{Timeout: 10 * time.Second}}
	if cfg.GitHubClientID != "" {
		callback := cfg.BaseURL + "/auth/github/callback"
		var p *github.Provider
		if u := cfg.GitHubURLs; u.Auth != "" {
			p = github.NewCustomisedURL(cfg.GitHubClientID, cfg.GitHubClientSecret, callback, u.Auth, u.Token, u.Profile, u.Email)
		} else {
			p = github.New(cfg.GitHubClientID, cfg.GitHubClientSecret, callback)
		}
		p.HTTPClient = a.client
		a.github = p
	}
	return a
}

// enabled lists the providers people can use, in the order the sign-in page shows them.
func (a *authProviders) enabled() []string {
	var out []string
	if a.cfg.OIDCIssuer != "" {
		out = append(out, providerOIDC)
	}
	if a.github != nil {
		out = append(out, providerGitHub)
	}
	return out
}

// provider returns the named provider, discovering the OpenID Connect endpoints on first use
// (so an identity provider that is down does not stop the service from starting).
func (a *authProviders) provider(ctx context.Context, name string) (goth.Provider, error) {
	switch name {
	case providerGitHub:
		if a.github != nil {
			return a.github, nil
		}
	case providerOIDC:
		if a.cfg.OIDCIssuer == "" {
			break
		}
		a.oidcMu.Lock()
		defer a.oidcMu.Unlock()
		if a.oidc != nil {
			return a.oidc, nil
		}
		p, err := a.discoverOIDC(ctx)
		if err != nil {
			return nil, err
		}
		a.oidc = p
		return p, nil
	}
	return nil, models.ErrNotFound
}

func (a *authProviders) discoverOIDC(ctx context.Context) (*openidConnect.Provider, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.cfg.OIDCIssuer+"/.well-known/openid-configuration", nil)
	if err != nil {
		return nil, err
	}
	res, err := a.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("OpenID Connect discovery: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("OpenID Connect discovery: status %d", res.StatusCode)
	}
	var doc struct {
		Issuer                string `json:"issuer"`
		AuthorizationEndpoint string `json:"authorization_endpoint"`
		TokenEndpoint         string `json:"token_endpoint"`
		UserinfoEndpoint      string `json:"userinfo_endpoint"`
		EndSessionEndpoint    string `json:"end_session_endpoint"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, res.Body, 1<<20)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("OpenID Connect discovery: %w", err)
	}
	if doc.AuthorizationEndpoint == "" || doc.TokenEndpoint == "" || doc.Issuer == "" {
		return nil, errors.New("OpenID Connect discovery: document lacks issuer or endpoints")
	}
	p, err := openidConnect.NewCustomisedURL(a.cfg.OIDCClientID, a.cfg.OIDCClientSecret,
		a.cfg.BaseURL+"/auth/oidc/callback", doc.AuthorizationEndpoint, doc.TokenEndpoint,
		doc.Issuer, doc.UserinfoEndpoint, doc.EndSessionEndpoint, "openid", "profile", "email")
	if err != nil {
		return nil, err
	}
	p.HTTPClient = a.client
	return p, nil
}

// loginPage offers the ways to sign in.
func (s *Server) loginPage(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "auth/login", s.loginData(c, sitePath(c.Query("next"), "/"),
		fiber.Map{"Form": fiber.Map{}, "Errors": map[string]string{}}))
}

// loginData is what the sign-in page shows, with the email form's values and errors in extra.
func (s *Server) loginData(c *fiber.Ctx, next string, extra fiber.Map) fiber.Map {
	data := fiber.Map{
		"Providers":   s.auth.enabled(),
		"OIDCName":    s.cfg.OIDCName,
		"Next":        next,
		"EmailSignIn": s.cfg.MailEnabled(),
	}
	for k, v := range extra {
		data[k] = v
	}
	return data
}

// beginSignIn sends the browser to the provider with a fresh state (and PKCE challenge).
func (s *Server) beginSignIn(c *fiber.Ctx) error {
	name := strings.Clone(c.Params("provider")) // kept in the session
	p, err := s.auth.provider(c.UserContext(), name)
	if err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return err
		}
		s.log.Error("sign-in provider unavailable", "provider", name, "err", err)
		return &httpError{status: fiber.StatusBadGateway, key: "error.provider_down", cause: err}
	}
	state := randomToken()
	gs, err := p.BeginAuth(state)
	if err != nil {
		return err
	}
	authURL, err := gs.GetAuthURL()
	if err != nil {
		return err
	}
	sess := currentSession(c)
	if currentUser(c) == nil {
		// The only row a visitor may cause: the state of the sign-in they start, kept for as
		// long as a sign-in takes and then deleted (see PruneLoop).
		sess.SetExpiry(signInStateLifetime)
	}
	sess.Set("oauth_state", state)
	sess.Set("oauth_provider", name)
	sess.Set("oauth_next", sitePath(c.Query("next"), "/"))
	if name == providerOIDC {
		verifier := randomToken()
		sess.Set("oauth_verifier", verifier)
		sum := sha256.Sum256([]byte(verifier))
		authURL = withURLParams(authURL, "code_challenge", base64.RawURLEncoding.EncodeToString(sum[:]),
			"code_challenge_method", "S256")
	}
	if err := s.saveSession(c); err != nil {
		return err
	}
	return c.Redirect(authURL, fiber.StatusSeeOther)
}

// finishSignIn checks the state, exchanges the code and signs the person in. A forged or
// replayed state is refused with 403.
func (s *Server) finishSignIn(c *fiber.Ctx) error {
	name := c.Params("provider")
	sess := currentSession(c)
	wantState, _ := sess.Get("oauth_state").(string)
	wantProvider, _ := sess.Get("oauth_provider").(string)
	verifier, _ := sess.Get("oauth_verifier").(string)
	next, _ := sess.Get("oauth_next").(string)
	// The state is one-shot: forget it before anything else can fail. A visitor's session
	// held nothing else, so it goes altogether; signing in makes a new one.
	if currentUser(c) == nil {
		if err := sess.Destroy(); err != nil {
			return err
		}
	} else {
		for _, k := range []string{"oauth_state", "oauth_provider", "oauth_verifier", "oauth_next"} {
			sess.Delete(k)
		}
		if err := s.saveSession(c); err != nil {
			return err
		}
	}
	got := c.Query("state")
	if wantState == "" || got == "" || wantProvider != name ||
		subtle.ConstantTimeCompare([]byte(got), []byte(wantState)) != 1 {
		return &httpError{status: fiber.StatusForbidden, key: "error.oauth_state"}
	}
	if c.Query("error") != "" {
		s.flash(c, "flash.sign_in_cancelled")
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	p, err := s.auth.provider(c.UserContext(), name)
	if err != nil {
		return err
	}
	gs, err := p.BeginAuth(wantState)
	if err != nil {
		return err
	}
	params := url.Values{"code": {c.Query("code")}}
	if verifier != "" {
		params.Set("code_verifier", verifier)
	}
	if _, err := gs.Authorize(p, params); err != nil {
		s.log.Warn("sign-in code exchange failed", "provider", name, "err", err)
		return &httpError{status: fiber.StatusForbidden, key: "error.oauth_failed", cause: err}
	}
	gu, err := p.FetchUser(gs)
	if err != nil {
		s.log.Warn("sign-in user fetch failed", "provider", name, "err", err)
		return &httpError{status: fiber.StatusForbidden, key: "error.oauth_failed", cause: err}
	}
	handle := gu.NickName
	if handle == "" {
		handle = gu.Email
	}
	if handle == "" {
		handle = gu.Name
	}
	user, err := s.signInAs(c, models.ExternalAccount{
		Provider: name, ProviderUserID: gu.UserID, Handle: handle, Name: gu.Name, Email: gu.Email,
	})
	if err != nil {
		return err
	}
	return s.startSession(c, user, next)
}

// startSession signs user in under a new session id, so a session fixed before sign-in is
// worth nothing afterwards.
func (s *Server) startSession(c *fiber.Ctx, user *models.User, next string) error {
	sess := currentSession(c)
	if err := sess.Regenerate(); err != nil {
		return err
	}
	sess.SetExpiry(sessionLifetime) // not a sign-in state's few minutes
	sess.Set("user_id", user.ID)
	// Not saveSession: reloading would read the old id from the request's cookie. The session
	// is finished with for this request, which only redirects.
	c.Locals(ctxSession, nil)
	c.Locals(ctxSessionID, nil)
	id := sess.ID() // Save releases the session
	if err := sess.Save(); err != nil {
		return err
	}
	if err := models.TieSession(c.UserContext(), s.db, sessionTable, id, user.ID); err != nil {
		return err
	}
	c.Locals(ctxUser, user)
	return c.Redirect(sitePath(next, "/"), fiber.StatusSeeOther)
}

// logout ends the session.
func (s *Server) logout(c *fiber.Ctx) error {
	if err := currentSession(c).Destroy(); err != nil {
		return err
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}

// devLoginForm and devLogin exist only in development on a loopback BASE_URL; otherwise 404.
func (s *Server) devLoginForm(c *fiber.Ctx) error {
	if !s.cfg.DevLoginEnabled() {
		return models.ErrNotFound
	}
	return s.render(c, fiber.StatusOK, "auth/dev", fiber.Map{
		"Next": sitePath(c.Query("next"), "/"), "Form": fiber.Map{}, "Errors": map[string]string{}})
}

func (s *Server) devLogin(c *fiber.Ctx) error {
	if !s.cfg.DevLoginEnabled() {
		return models.ErrNotFound
	}
	handle := strings.TrimSpace(c.FormValue("handle"))
	name := strings.TrimSpace(c.FormValue("name"))
	next := sitePath(c.FormValue("next"), "/")
	errs := models.Errors{}
	if handle == "" {
		errs.Add("handle", "error.handle.required")
	} else if models.NormaliseHandle(handle) != handle {
		errs.Add("handle", "error.handle.invalid")
	}
	if len([]rune(name)) > models.MaxName {
		errs.Add("name", "error.name.too_long")
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "auth/dev", fiber.Map{
			"Next": next, "Form": fiber.Map{"handle": handle, "name": name}, "Errors": s.translateErrors(c, errs)})
	}
	user, err := s.signInAs(c, models.ExternalAccount{
		Provider: providerDev, ProviderUserID: strings.ToLower(handle), Handle: handle, Name: name})
	if err != nil {
		return err
	}
	return s.startSession(c, user, next)
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func withURLParams(raw string, pairs ...string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}
