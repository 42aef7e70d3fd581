package modeltest

import (
	"strings"
	"testing"
)

// calls records what a helper told the test, instead of stopping it.
type calls struct {
	testing.TB
	fatal, skip string
}

func (c *calls) Helper()           {}
func (c *calls) Fatal(args ...any) { c.fatal = args[0].(string) }
func (c *calls) Skip(args ...any)  { c.skip = args[0].(string) }

func TestRequireToolFailsUnderCIAndSkipsOtherwise(t *testing.T) {
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		c := &calls{TB: t}
		if got := RequireTool(c, "syniad-no-such-tool"); got != "" {
			t.Fatalf("found %q", got)
		}
		if ci == "true" && (c.fatal == "" || c.skip != "") {
			t.Errorf("CI=true: fatal %q, skip %q; want a failure", c.fatal, c.skip)
		}
		if ci == "" && (c.skip == "" || c.fatal != "") {
			t.Errorf("outside CI: fatal %q, skip %q; want a skip", c.fatal, c.skip)
		}
		if msg := c.fatal + c.skip; !strings.Contains(msg, "syniad-no-such-tool is not installed") {
			t.Errorf("message %q does not say what is missing", msg)
		}
	}
	if RequireTool(t, "sh") == "" {
		t.Error("sh not found")
	}
}
