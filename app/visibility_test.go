package app_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
)

// Issue 14: a draft shortlist's rationale was in the API's history while the page and the
// shortlist hid it. One rule decides which events anyone sees, wherever they are shown.
func TestDraftShortlistStaysInTheDraft(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	cs := ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Bus times in one place")
	panel := ta.signInAs("pat", models.RolePanel)
	panelUser, err := models.UserByHandle(t.Context(), ta.DB, "pat")
	if err != nil {
		t.Fatal(err)
	}
	const rationale = "Cheap to build and asked for in every workshop"
	if errs, err := models.SetShortlistEntry(t.Context(), ta.DB, panelUser, idea.ID,
		models.ShortlistInput{Rank: 1, Rationale: rationale}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	visitor := ta.client()
	citizen := ta.client()
	citizen.signIn("elin")
	apiPath := "/api/v1/ideas/" + strconv.FormatInt(idea.ID, 10)
	pagePath := "/ideas/" + strconv.FormatInt(idea.ID, 10)
	check := func(when string, c *client, who string, want bool) {
		t.Helper()
		res, body := c.api(http.MethodGet, apiPath, "", false)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s, %s: GET %s %d", when, who, apiPath, res.StatusCode)
		}
		for _, s := range []string{rationale, models.VerbIdeaShortlisted} {
			if got := strings.Contains(body, s); got != want {
				t.Errorf("%s, %s: API history shows %q: %v, want %v", when, who, s, got, want)
			}
		}
		_, page := c.get(pagePath)
		if got := strings.Contains(page, "on the shortlist at number"); got != want {
			t.Errorf("%s, %s: the page's history shows the shortlisting: %v, want %v", when, who, got, want)
		}
	}
	check("draft", visitor, "a visitor", false)
	check("draft", citizen, "a citizen", false)
	check("draft", panel, "the panel", true)

	if err := models.PublishShortlist(t.Context(), ta.DB, panelUser, cs.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := models.BumpSiteVersion(t.Context(), ta.DB); err != nil { // what a publish through the page does
		t.Fatal(err)
	}
	check("published", visitor, "a visitor", true)
	check("published", citizen, "a citizen", true)
	check("published", panel, "the panel", true)
}
