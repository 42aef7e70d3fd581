package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/app"
)

// Issue 14: a write marked Sec-Fetch-Site: same-site (another subdomain, perhaps someone
// else's) is refused unless the operator allows it; cross-site always is.
func TestCSRFSecFetchSite(t *testing.T) {
	t.Parallel()
	for _, allow := range []bool{false, true} {
		ta := newTestApp(t, func(c *app.Config) { c.CSRFAllowSameSite = allow })
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Bus times in one place")
		c := ta.client()
		c.signIn("elin")
		for site, want := range map[string]int{
			"":            http.StatusSeeOther,
			"same-origin": http.StatusSeeOther,
			"none":        http.StatusSeeOther,
			"same-site":   map[bool]int{false: http.StatusForbidden, true: http.StatusSeeOther}[allow],
			"cross-site":  http.StatusForbidden,
			"nonsense":    http.StatusForbidden,
		} {
			req, _ := http.NewRequest(http.MethodPost, "http://localhost:3000/ideas/"+strconv.FormatInt(idea.ID, 10)+"/vote",
				strings.NewReader(url.Values{"_csrf": {c.CSRF}, "vote": {"on"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if site != "" {
				req.Header.Set("Sec-Fetch-Site", site)
			}
			if res, _ := c.do(req); res.StatusCode != want {
				t.Errorf("allow same-site %v, Sec-Fetch-Site %q: %d, want %d", allow, site, res.StatusCode, want)
			}
		}
	}
}

// Issue 14: answers to a signed-in request, API and pages, errors included, are not kept by
// caches.
func TestSignedInAnswersArePrivate(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Bus times in one place")
	c := ta.client()
	c.signIn("elin")
	for _, path := range []string{"/api/v1/ideas", "/api/v1/ideas/" + strconv.FormatInt(idea.ID, 10),
		"/api/v1/consultations", "/api/v1/themes", "/api/v1/meetings", "/api/v1/actions", "/api/v1/ideas/999999",
		"/", "/ideas", "/ideas/" + strconv.FormatInt(idea.ID, 10)} {
		res, _ := c.api(http.MethodGet, path, "", false)
		if got := res.Header.Get("Cache-Control"); got != "private, no-store" {
			t.Errorf("signed in, GET %s: %d Cache-Control %q, want private, no-store", path, res.StatusCode, got)
		}
	}
	res, _ := c.api(http.MethodPut, "/api/v1/ideas/"+strconv.FormatInt(idea.ID, 10)+"/vote", "", true)
	if got := res.Header.Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("signed in, PUT vote: %d Cache-Control %q", res.StatusCode, got)
	}
}
