package app

import (
	"strings"
	"testing"
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
