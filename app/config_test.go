package app

import (
	"strings"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/syniad/syniad/models"
)

func TestConfigValidate(t *testing.T) {
	good := Config{Env: "production", BaseURL: "https://ideas.example.gov.wales",
		DatabaseURL: "postgres://syniad@db.internal/syniad", GitHubClientID: "id", GitHubClientSecret: "secret", WriteLimit: 30,
		SecretKey: "0123456789abcdef0123456789abcdef"}
	if err := good.Validate(); err != nil {
		t.Fatalf("good production config refused: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"http base URL in production", func(c *Config) { c.BaseURL = "http://ideas.example.gov.wales" }, "BASE_URL must start with https://"},
		{"no sign-in in production", func(c *Config) { c.GitHubClientID, c.GitHubClientSecret = "", "" }, "so that people can sign in"},
		{"half of GitHub", func(c *Config) { c.GitHubClientSecret = "" }, "GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET"},
		{"half of OIDC", func(c *Config) { c.OIDCIssuer = "https://login.example" }, "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"},
		{"no secret key in production", func(c *Config) { c.SecretKey = "" }, "SECRET_KEY"},
		{"short secret key", func(c *Config) { c.SecretKey = "hunter2" }, "at least 32 characters"},
		{"unknown environment", func(c *Config) { c.Env = "staging" }, `SYNIAD_ENV is "staging"`},
		{"relative base URL", func(c *Config) { c.BaseURL = "ideas.example" }, "not an absolute http(s) URL"},
		{"contact address with a line break", func(c *Config) { c.ContactEmail = "security@example.gov.wales\nPolicy: https://evil.example" }, "CONTACT_EMAIL"},
		{"contact that is not an address", func(c *Config) { c.ContactEmail = "the clerk" }, "CONTACT_EMAIL"},
		{"unencrypted remote database", func(c *Config) { c.DatabaseURL = "postgres://db.internal/syniad?sslmode=disable" }, "sslmode=disable"},
	} {
		c := good
		tc.change(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want a message containing %q", tc.name, err, tc.want)
		}
	}
	dev := Config{Env: "development", BaseURL: "http://localhost:3000"}
	if err := dev.Validate(); err != nil || !dev.DevLoginEnabled() {
		t.Fatalf("development defaults: %v, dev login %v", err, dev.DevLoginEnabled())
	}
}

func TestMailConfig(t *testing.T) {
	prod := Config{Env: "production", BaseURL: "https://ideas.example.gov.wales",
		DatabaseURL: "postgres://syniad@db.internal/syniad", GitHubClientID: "id", GitHubClientSecret: "secret", WriteLimit: 30,
		SecretKey: "0123456789abcdef0123456789abcdef", MailFrom: "Syniad <syniad@example.gov.wales>"}
	dev := Config{Env: "development", BaseURL: "http://localhost:3000", MailFrom: "syniad@localhost"}
	for _, tc := range []struct {
		cfg     Config
		smtpURL string
		want    string // "" is accepted
	}{
		{prod, "smtp://user:pass@smtp.example.gov.wales:587", ""},
		{prod, "smtps://user:pass@smtp.example.gov.wales", ""},
		{prod, "smtp://127.0.0.1:25", ""},
		{prod, "smtp://localhost:25?tls=none", ""},
		{prod, "smtp://smtp.example.gov.wales:25?tls=none", "must be encrypted"},
		{prod, "http://smtp.example.gov.wales", "SMTP_URL is not a URL such as smtp://"},
		{prod, "smtp://smtp.example.gov.wales:port", "SMTP_URL"},
		{prod, "smtp://smtp.example.gov.wales?tls=maybe", "tls="},
		{dev, "smtp://mailpit:1025", ""},
		{dev, "smtp://mailpit:1025?tls=none", ""},
	} {
		c := tc.cfg
		c.SMTPURL = tc.smtpURL
		err := c.Validate()
		if tc.want == "" && err != nil {
			t.Errorf("%s SMTP_URL=%s refused: %v", c.Env, tc.smtpURL, err)
		}
		if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s SMTP_URL=%s: got %v, want a message containing %q", c.Env, tc.smtpURL, err, tc.want)
		}
	}
	s, err := parseSMTPURL("smtp://user:pass@smtp.example.gov.wales", true)
	if err != nil || s.port != 587 || s.tls != gomail.TLSMandatory || s.user != "user" || s.pass != "pass" {
		t.Errorf("production smtp:// %+v %v: want port 587 and STARTTLS required", s, err)
	}
	if s, _ := parseSMTPURL("smtps://smtp.example.gov.wales", true); s.port != 465 || !s.implicit {
		t.Errorf("smtps:// %+v: want port 465, TLS from the start", s)
	}
	noFrom := prod
	noFrom.SMTPURL, noFrom.MailFrom = "smtps://smtp.example.gov.wales", ""
	if err := noFrom.Validate(); err == nil || !strings.Contains(err.Error(), "MAIL_FROM") {
		t.Errorf("SMTP_URL without MAIL_FROM: %v", err)
	}
	badFrom := prod
	badFrom.SMTPURL, badFrom.MailFrom = "smtps://smtp.example.gov.wales", "the council"
	if err := badFrom.Validate(); err == nil || !strings.Contains(err.Error(), "MAIL_FROM") {
		t.Errorf("MAIL_FROM not an address: %v", err)
	}
	if !dev.MailEnabled() || !dev.DevMailboxEnabled() || prod.MailEnabled() {
		t.Errorf("mail enabled: development %v (mailbox %v), production without SMTP_URL %v",
			dev.MailEnabled(), dev.DevMailboxEnabled(), prod.MailEnabled())
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("SYNIAD_ENV", "production")
	t.Setenv("BASE_URL", "http://example.org")
	t.Setenv("WRITE_RATE_LIMIT", "lots")
	_, err := ConfigFromEnv()
	if err == nil || !strings.Contains(err.Error(), "WRITE_RATE_LIMIT") || !strings.Contains(err.Error(), "https://") {
		t.Fatalf("want both problems named, got %v", err)
	}
}

func TestConfigCSRFAllowSameSite(t *testing.T) {
	for v, want := range map[string]bool{"": false, "false": false, "true": true, "TRUE": true, "1": true} {
		t.Setenv("CSRF_ALLOW_SAME_SITE", v)
		cfg, err := ConfigFromEnv()
		if err != nil || cfg.CSRFAllowSameSite != want {
			t.Errorf("CSRF_ALLOW_SAME_SITE=%q: %v, %v; want %v", v, cfg.CSRFAllowSameSite, err, want)
		}
	}
	t.Setenv("CSRF_ALLOW_SAME_SITE", "perhaps")
	if _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), "CSRF_ALLOW_SAME_SITE") {
		t.Errorf("a wrong value is not named: %v", err)
	}
}

func TestConfigTrustedProxiesFromEnv(t *testing.T) {
	t.Setenv("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.4")
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.TrustedProxies) != 2 || cfg.ProxyIPHeader != "X-Forwarded-For" {
		t.Errorf("trusted %v, header %q", cfg.TrustedProxies, cfg.ProxyIPHeader)
	}
	t.Setenv("TRUSTED_PROXIES", "10.0.0.0/8, load-balancer")
	if _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), `TRUSTED_PROXIES: "load-balancer" is not an IP address or range`) {
		t.Errorf("bad proxy: %v", err)
	}
}

func TestRateLimitsFromEnv(t *testing.T) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.WriteLimit != 30 || cfg.WriteLimitWindow != time.Minute || cfg.PanelWriteLimit != (models.Limit{Count: 120, Per: time.Minute}) ||
		cfg.SignUpLimit != (models.Limit{Count: 20, Per: time.Hour}) || cfg.DownloadLimit != (models.Limit{Count: 30, Per: 10 * time.Minute}) {
		t.Errorf("defaults: write %d/%v, panel %v, sign-up %v, downloads %v", cfg.WriteLimit, cfg.WriteLimitWindow,
			cfg.PanelWriteLimit, cfg.SignUpLimit, cfg.DownloadLimit)
	}
	for _, tc := range []struct {
		in   string
		want models.Limit
	}{
		{"45", models.Limit{Count: 45, Per: time.Minute}},
		{"10/30s", models.Limit{Count: 10, Per: 30 * time.Second}},
		{"5/1h", models.Limit{Count: 5, Per: time.Hour}},
		{"100 / m", models.Limit{Count: 100, Per: time.Minute}},
		{"0", models.Limit{}},
	} {
		t.Setenv("SEARCH_RATE_LIMIT", tc.in)
		got, err := limitEnv("SEARCH_RATE_LIMIT", defaultSearchLimit)
		if err != nil || got != tc.want {
			t.Errorf("%q: %v %v, want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"lots", "-1", "10/", "10/fortnight", "10/-1m", "10/0s"} {
		t.Setenv("PANEL_WRITE_RATE_LIMIT", bad)
		if _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), `PANEL_WRITE_RATE_LIMIT is "`+bad+`": use a number per period such as 120/1m, or 0 for no limit`) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestConfigDatabaseURLs(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://u@pgbouncer:6432/syniad?default_query_exec_mode=exec")
	t.Setenv("DATABASE_REPLICA_URL", " postgres://u@replica:5432/syniad ")
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabaseReplicaURL != "postgres://u@replica:5432/syniad" {
		t.Errorf("DATABASE_REPLICA_URL = %q", cfg.DatabaseReplicaURL)
	}
	// Only a pooled URL: the queue's workers poll instead of listening.
	if got, poll := cfg.queueDatabaseURL(); got != cfg.DatabaseURL || !poll {
		t.Errorf("queue on %q, poll only %v; want DATABASE_URL, polling", got, poll)
	}
	t.Setenv("DATABASE_DIRECT_URL", "postgres://u@primary:5432/syniad")
	if cfg, err = ConfigFromEnv(); err != nil {
		t.Fatal(err)
	}
	if got, poll := cfg.queueDatabaseURL(); got != "postgres://u@primary:5432/syniad" || poll {
		t.Errorf("queue on %q, poll only %v; want DATABASE_DIRECT_URL, listening", got, poll)
	}

	cfg.Env, cfg.BaseURL, cfg.SecretKey = "production", "https://ideas.example.org", strings.Repeat("k", 32)
	cfg.GitHubClientID, cfg.GitHubClientSecret = "id", "secret"
	cfg.DatabaseReplicaURL = "postgres://u@replica:5432/syniad?sslmode=disable"
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "DATABASE_REPLICA_URL must not use sslmode=disable") {
		t.Errorf("a replica without TLS in production: %v", err)
	}
}
