package app

import (
	"strings"
	"testing"
	"time"

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
