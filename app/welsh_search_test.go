package app_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestSearchWelshMutations: the ideas page and the API find a Welsh word in its mutated forms.
func TestSearchWelshMutations(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digidol")
	ta.seedIdea("digidol", "Band eang yng Nghymru")
	ta.seedIdea("digidol", "Bysiau i Gaerdydd")
	c := ta.client()

	for _, tc := range []struct{ q, finds, misses string }{
		{"Cymru", "Band eang yng Nghymru", "Bysiau i Gaerdydd"},
		{"caerdydd", "Bysiau i Gaerdydd", "Band eang yng Nghymru"},
		{"ŵyl OR nghaerdydd", "Bysiau i Gaerdydd", "Band eang yng Nghymru"},
	} {
		res, body := c.get("/ideas?q=" + url.QueryEscape(tc.q))
		if res.StatusCode != 200 || !strings.Contains(body, tc.finds) || strings.Contains(body, tc.misses) {
			t.Errorf("/ideas?q=%s: %d, want %q and not %q", tc.q, res.StatusCode, tc.finds, tc.misses)
		}
	}
	_, body := c.api("GET", "/api/v1/ideas?q=Gymru", "", false)
	if !strings.Contains(body, "Band eang yng Nghymru") || !strings.Contains(body, `"total":1`) {
		t.Errorf("api q=Gymru: %s", body)
	}
}
