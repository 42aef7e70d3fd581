package app

import (
	"strings"
	"testing"
	"time"
)

func TestMetricsAndShutdownConfig(t *testing.T) {
	for _, key := range []string{"SYNIAD_ENV", "BASE_URL", "GITHUB_CLIENT_ID", "OIDC_ISSUER"} {
		t.Setenv(key, "")
	}
	t.Setenv("LISTEN_ADDR", ":3000")
	t.Setenv("SHUTDOWN_DRAIN", "")
	t.Setenv("SHUTDOWN_TIMEOUT", "")
	t.Setenv("METRICS_ADDR", "")
	cfg, err := ConfigFromEnv()
	if err != nil || cfg.ShutdownDrain != 5*time.Second || cfg.ShutdownTimeout != 30*time.Second || !cfg.PublicMetrics() {
		t.Fatalf("defaults: %v, drain %s, timeout %s, public metrics %v", err, cfg.ShutdownDrain, cfg.ShutdownTimeout, cfg.PublicMetrics())
	}
	t.Setenv("SHUTDOWN_DRAIN", "2")
	t.Setenv("SHUTDOWN_TIMEOUT", "1m30s")
	t.Setenv("METRICS_ADDR", "127.0.0.1:9090")
	if cfg, err = ConfigFromEnv(); err != nil || cfg.ShutdownDrain != 2*time.Second || cfg.ShutdownTimeout != 90*time.Second || cfg.PublicMetrics() {
		t.Fatalf("set: %v, drain %s, timeout %s, public metrics %v", err, cfg.ShutdownDrain, cfg.ShutdownTimeout, cfg.PublicMetrics())
	}
	for _, tc := range []struct{ key, value, want string }{
		{"SHUTDOWN_DRAIN", "soon", `SHUTDOWN_DRAIN is "soon": use a duration such as 5s`},
		{"SHUTDOWN_DRAIN", "-1s", `SHUTDOWN_DRAIN is "-1s"`},
		{"SHUTDOWN_TIMEOUT", "0", "SHUTDOWN_TIMEOUT is 0"},
		{"METRICS_ADDR", "9090", `METRICS_ADDR "9090" is not an address to listen on`},
		{"METRICS_ADDR", ":3000", "METRICS_ADDR must differ from LISTEN_ADDR"},
	} {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.key, tc.value)
			if _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a message containing %q", err, tc.want)
			}
		})
	}
	prod := Config{Env: "production"}
	if prod.PublicMetrics() {
		t.Error("production serves /metrics on the public address")
	}
}
