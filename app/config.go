// Package app is Syniad's HTTP side: configuration, server set-up and middleware, the routes,
// one handler file per resource, rendering, errors and sign-in.
package app

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/syniad/syniad/models"
)

// Config is everything the service reads from its environment.
type Config struct {
	DatabaseURL string
	// DatabaseDirectURL (DATABASE_DIRECT_URL) reaches Postgres itself, not through PgBouncer:
	// the job queue's workers use it for LISTEN/NOTIFY, which transaction pooling loses.
	// Empty means DatabaseURL.
	DatabaseDirectURL string
	// DatabaseReplicaURL (DATABASE_REPLICA_URL) is a streaming read replica for the reads that
	// may be a moment behind: exports, open data, feeds and meeting packs. Empty: the primary.
	DatabaseReplicaURL string
	ListenAddr         string
	BaseURL            string
	Env                string // development or production
	DBMaxConns         int
	// RequestLogSample (REQUEST_LOG_SAMPLE) logs one in this many of the quick, successful
	// reads; writes, errors and slow requests are always logged. 0 or 1 logs every request.
	RequestLogSample int
	SecretKey        string // signs CSRF tokens; the same on every instance
	// CSRFAllowSameSite lets through writes a browser marks Sec-Fetch-Site: same-site (from
	// another subdomain of the same site); refused unless CSRF_ALLOW_SAME_SITE=true.
	CSRFAllowSameSite bool

	GitHubClientID     string
	GitHubClientSecret string
	// GitHubURLs lets tests point the GitHub provider at a local fake; empty means github.com.
	GitHubURLs GitHubURLs

	OIDCIssuer       string
	OIDCClientID     string
	OIDCClientSecret string
	OIDCName         string // shown on the sign-in button, e.g. "Cardiff Council"

	// The accessibility statement's contact address and the name of the body running the
	// service. Both may be empty: the statement then uses its own wording, in each language.
	ContactEmail     string
	OrganisationName string

	// TrustedProxies are the load balancers whose ProxyIPHeader is believed (see clientip.go).
	TrustedProxies []netip.Prefix
	ProxyIPHeader  string // the header they add the client's address to; X-Forwarded-For if empty

	WriteLimit       int           // writes one person may make at once (a token bucket)
	WriteLimitWindow time.Duration // the bucket of WriteLimit refills over this time
	// The other limits (see ratelimits.go); a zero Limit is no limit. PanelWriteLimit is the
	// write bucket of the panel, staff and admins; the rest are per client address, except
	// DownloadLimit, per person when signed in.
	PanelWriteLimit models.Limit
	SignInLimit     models.Limit // starts of a sign-in (/auth/:provider)
	CallbackLimit   models.Limit // returns from the provider (/auth/:provider/callback)
	SignUpLimit     models.Limit // first sign-ins, which make an account
	SearchLimit     models.Limit // idea lists with a search (q)
	SimilarLimit    models.Limit // /api/v1/ideas/similar
	DownloadLimit   models.Limit // open data files, exports and meeting packs
	BodyLimit       int          // largest request body, in bytes
	ReportThreshold int          // reports from this many members hide content until reviewed

	// ChromiumPath is the browser that prints PDF meeting packs (CHROMIUM_PATH); empty looks
	// for chromium, chromium-browser or google-chrome on PATH. Without one, PDFs answer 503.
	ChromiumPath string

	// Mail (see queue.go and mail.go): SMTPURL is smtp://user:pass@host:587 (STARTTLS) or
	// smtps://user:pass@host:465 (TLS from the start); MailFrom the sender. Without SMTPURL,
	// development keeps mail in its mailbox at /dev/mail.
	SMTPURL  string
	MailFrom string
	// EmailSignInLimit caps the sign-in links sent to one email address.
	EmailSignInLimit models.Limit

	// Clock, when set, is the time the service runs at (models.Now) instead of the wall clock.
	// Only tests set it, to fix the day they run on; it is never read from the environment.
	Clock func() time.Time
	// NoKeptPages renders every page for each request (tests only: the page it would have
	// kept is compared with the one rendered).
	NoKeptPages bool

	// MetricsAddr is where /metrics is served, on a listener of its own. Unset, development
	// serves it on the public address and production does not serve it at all.
	MetricsAddr string
	// On SIGTERM /readyz answers 503 for ShutdownDrain while everything else is served as
	// usual; then the listener closes and requests in flight get up to ShutdownTimeout.
	ShutdownDrain   time.Duration
	ShutdownTimeout time.Duration
}

// GitHubURLs are the endpoints of GitHub's OAuth flow and API.
type GitHubURLs struct{ Auth, Token, Profile, Email string }

// ConfigFromEnv reads the configuration and checks it, saying exactly what is wrong.
func ConfigFromEnv() (Config, error) {
	cfg := Config{
		DatabaseURL:        getenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/syniad?sslmode=disable"),
		DatabaseDirectURL:  strings.TrimSpace(os.Getenv("DATABASE_DIRECT_URL")),
		DatabaseReplicaURL: strings.TrimSpace(os.Getenv("DATABASE_REPLICA_URL")),
		ListenAddr:         getenv("LISTEN_ADDR", ":3000"),
		BaseURL:            strings.TrimRight(getenv("BASE_URL", "http://localhost:3000"), "/"),
		Env:                getenv("SYNIAD_ENV", "development"),
		SecretKey:          os.Getenv("SECRET_KEY"),
		GitHubClientID:     os.Getenv("GITHUB_CLIENT_ID"),
		GitHubClientSecret: os.Getenv("GITHUB_CLIENT_SECRET"),
		OIDCIssuer:         strings.TrimRight(os.Getenv("OIDC_ISSUER"), "/"),
		OIDCClientID:       os.Getenv("OIDC_CLIENT_ID"),
		OIDCClientSecret:   os.Getenv("OIDC_CLIENT_SECRET"),
		OIDCName:           getenv("OIDC_NAME", "your organisation"),
		ContactEmail:       strings.TrimSpace(os.Getenv("CONTACT_EMAIL")),
		OrganisationName:   strings.TrimSpace(os.Getenv("ORGANISATION_NAME")),
		BodyLimit:          1 << 20,
		MetricsAddr:        strings.TrimSpace(os.Getenv("METRICS_ADDR")),
		ProxyIPHeader:      strings.TrimSpace(getenv("PROXY_IP_HEADER", defaultProxyIPHeader)),
		ChromiumPath:       strings.TrimSpace(os.Getenv("CHROMIUM_PATH")),
		SMTPURL:            strings.TrimSpace(os.Getenv("SMTP_URL")),
		MailFrom:           strings.TrimSpace(os.Getenv("MAIL_FROM")),
	}
	var problems []string
	var err error
	if cfg.TrustedProxies, err = ParseTrustedProxies(os.Getenv("TRUSTED_PROXIES")); err != nil {
		problems = append(problems, err.Error())
	}
	if cfg.DBMaxConns, err = intEnv("DB_MAX_CONNS", 20); err != nil {
		problems = append(problems, err.Error())
	}
	if cfg.RequestLogSample, err = intEnv("REQUEST_LOG_SAMPLE", 100); err != nil {
		problems = append(problems, err.Error())
	}
	if cfg.CSRFAllowSameSite, err = boolEnv("CSRF_ALLOW_SAME_SITE"); err != nil {
		problems = append(problems, err.Error())
	}
	var write models.Limit
	if write, err = limitEnv("WRITE_RATE_LIMIT", defaultWriteLimit); err != nil {
		problems = append(problems, err.Error())
	}
	cfg.WriteLimit, cfg.WriteLimitWindow = write.Count, write.Per
	for _, l := range []struct {
		key  string
		to   *models.Limit
		dflt models.Limit
	}{
		{"PANEL_WRITE_RATE_LIMIT", &cfg.PanelWriteLimit, defaultPanelWriteLimit},
		{"SIGNIN_RATE_LIMIT", &cfg.SignInLimit, defaultSignInLimit},
		{"CALLBACK_RATE_LIMIT", &cfg.CallbackLimit, defaultCallbackLimit},
		{"SIGNUP_RATE_LIMIT", &cfg.SignUpLimit, defaultSignUpLimit},
		{"SEARCH_RATE_LIMIT", &cfg.SearchLimit, defaultSearchLimit},
		{"SIMILAR_RATE_LIMIT", &cfg.SimilarLimit, defaultSimilarLimit},
		{"DOWNLOAD_RATE_LIMIT", &cfg.DownloadLimit, defaultDownloadLimit},
		{"EMAIL_SIGNIN_RATE_LIMIT", &cfg.EmailSignInLimit, defaultEmailSignInLimit},
	} {
		if *l.to, err = limitEnv(l.key, l.dflt); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if cfg.ReportThreshold, err = intEnv("REPORT_HIDE_THRESHOLD", 3); err != nil {
		problems = append(problems, err.Error())
	}
	if cfg.ShutdownDrain, err = durationEnv("SHUTDOWN_DRAIN", 5*time.Second); err != nil {
		problems = append(problems, err.Error())
	}
	if cfg.ShutdownTimeout, err = durationEnv("SHUTDOWN_TIMEOUT", 30*time.Second); err != nil {
		problems = append(problems, err.Error())
	} else if cfg.ShutdownTimeout == 0 {
		problems = append(problems, "SHUTDOWN_TIMEOUT is 0: give requests in flight time to finish, such as 30s")
	}
	if err := cfg.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return cfg, errors.New(strings.Join(problems, "; "))
	}
	return cfg, nil
}

// Validate checks the configuration as a whole. Production refuses to start without its
// secrets or with a non-https BASE_URL.
func (c Config) Validate() error {
	var problems []string
	if c.Env != "development" && c.Env != "production" {
		problems = append(problems, fmt.Sprintf("SYNIAD_ENV is %q: use development or production", c.Env))
	}
	base, err := url.Parse(c.BaseURL)
	if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
		problems = append(problems, fmt.Sprintf("BASE_URL %q is not an absolute http(s) URL such as https://ideas.example.gov.wales", c.BaseURL))
	}
	if (c.GitHubClientID == "") != (c.GitHubClientSecret == "") {
		problems = append(problems, "set both GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or neither")
	}
	oidcSet := 0
	for _, v := range []string{c.OIDCIssuer, c.OIDCClientID, c.OIDCClientSecret} {
		if v != "" {
			oidcSet++
		}
	}
	if oidcSet != 0 && oidcSet != 3 {
		problems = append(problems, "set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or none")
	}
	if c.Env == "production" {
		if base != nil && base.Scheme != "https" {
			problems = append(problems, fmt.Sprintf("in production BASE_URL must start with https:// (it is %q)", c.BaseURL))
		}
		if c.GitHubClientID == "" && oidcSet == 0 {
			problems = append(problems, "in production set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, so that people can sign in")
		}
		if len(c.SecretKey) < 32 {
			problems = append(problems, "in production set SECRET_KEY to a random string of at least 32 characters (for example from `openssl rand -base64 32`), the same on every instance")
		}
		if oidcSet == 3 && !strings.HasPrefix(c.OIDCIssuer, "https://") {
			problems = append(problems, "in production OIDC_ISSUER must start with https://")
		}
		for _, u := range []struct{ key, url string }{
			{"DATABASE_URL", c.DatabaseURL}, {"DATABASE_DIRECT_URL", c.DatabaseDirectURL}, {"DATABASE_REPLICA_URL", c.DatabaseReplicaURL},
		} {
			if strings.Contains(u.url, "sslmode=disable") && !isLoopbackURL(u.url) {
				problems = append(problems, "in production "+u.key+" must not use sslmode=disable for a database on another host")
			}
		}
	}
	if c.ContactEmail != "" {
		if a, err := mail.ParseAddress(c.ContactEmail); err != nil || a.Address != c.ContactEmail {
			problems = append(problems, fmt.Sprintf("CONTACT_EMAIL %q is not an email address such as access@example.gov.wales", c.ContactEmail))
		}
	}
	if c.SMTPURL != "" {
		if _, err := parseSMTPURL(c.SMTPURL, c.Production()); err != nil {
			problems = append(problems, err.Error())
		}
		if c.MailFrom == "" {
			problems = append(problems, "SMTP_URL is set but MAIL_FROM is not: set the address mail comes from, such as \"Syniad <syniad@example.gov.wales>\"")
		}
	}
	if c.MailFrom != "" {
		if _, err := mail.ParseAddress(c.MailFrom); err != nil {
			problems = append(problems, fmt.Sprintf("MAIL_FROM %q is not an address such as syniad@example.gov.wales or \"Syniad <syniad@example.gov.wales>\"", c.MailFrom))
		}
	}
	if c.WriteLimit < 1 && c.WriteLimit != 0 {
		problems = append(problems, "WRITE_RATE_LIMIT must be a positive number")
	}
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
			problems = append(problems, fmt.Sprintf("METRICS_ADDR %q is not an address to listen on, such as 127.0.0.1:9090 or :9090", c.MetricsAddr))
		} else if c.MetricsAddr == c.ListenAddr {
			problems = append(problems, "METRICS_ADDR must differ from LISTEN_ADDR: /metrics has a listener of its own")
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// PublicMetrics reports whether /metrics is served on the public address: only in
// development, and only when it has no address of its own.
func (c Config) PublicMetrics() bool { return c.MetricsAddr == "" && !c.Production() }

// Production reports whether the service runs in production.
func (c Config) Production() bool { return c.Env == "production" }

// DevLoginEnabled reports whether /auth/dev exists: only in development and only while the
// service is addressed as localhost, so a server reachable from elsewhere never offers it.
func (c Config) DevLoginEnabled() bool {
	return c.Env == "development" && isLoopbackURL(c.BaseURL)
}

// MailEnabled reports whether the service sends mail, and so offers sign-in by email: when
// an SMTP server is configured, and always in development (to the development mailbox).
func (c Config) MailEnabled() bool { return c.SMTPURL != "" || c.Env == "development" }

// DevMailboxEnabled reports whether /dev/mail exists: mail is kept there instead of sent
// (no SMTP_URL), and only where /auth/dev exists.
func (c Config) DevMailboxEnabled() bool { return c.SMTPURL == "" && c.DevLoginEnabled() }

func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	return isLoopbackHost(u.Hostname())
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func intEnv(key string, fallback int) (int, error) {
	v := os.Getenv(key)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return fallback, fmt.Errorf("%s is %q: use a whole number", key, v)
	}
	return n, nil
}

// limitEnv reads a rate limit as COUNT/PERIOD, such as 30/1m or 20/1h; a bare COUNT keeps
// the default's period, and 0 is no limit.
func limitEnv(key string, fallback models.Limit) (models.Limit, error) {
	v := strings.TrimSpace(os.Getenv(key))
	if v == "" {
		return fallback, nil
	}
	bad := fmt.Errorf("%s is %q: use a number per period such as %d/%s, or 0 for no limit", key, v, fallback.Count, shortDuration(fallback.Per))
	count, period, hasPeriod := strings.Cut(v, "/")
	n, err := strconv.Atoi(strings.TrimSpace(count))
	if err != nil || n < 0 {
		return fallback, bad
	}
	per := fallback.Per
	if hasPeriod {
		period = strings.TrimSpace(period)
		if !strings.ContainsAny(period, "0123456789") {
			period = "1" + period // "30/m"
		}
		if per, err = time.ParseDuration(period); err != nil || per <= 0 {
			return fallback, bad
		}
	}
	if n == 0 {
		return models.Limit{}, nil
	}
	return models.Limit{Count: n, Per: per}, nil
}

// shortDuration writes 10m0s as 10m and 1h0m0s as 1h.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// boolEnv reads true or false (also 1/0, yes/no); unset is false.
func boolEnv(key string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(os.Getenv(key))) {
	case "", "false", "0", "no":
		return false, nil
	case "true", "1", "yes":
		return true, nil
	}
	return false, fmt.Errorf("%s is %q: use true or false", key, os.Getenv(key))
}

// durationEnv reads a duration such as 5s or 1m30s; a bare number is seconds.
func durationEnv(key string, fallback time.Duration) (time.Duration, error) {
	v := strings.TrimSpace(os.Getenv(key))
	if v == "" {
		return fallback, nil
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return fallback, fmt.Errorf("%s is %q: use a duration such as 5s or 1m30s", key, v)
	}
	return d, nil
}
