package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/syniad/syniad/models"
)

// TestVisitorsPagesAreKeptButNeverStale checks the pages kept for visitors who are not signed
// in: each visitor gets their own CSRF token in a kept page, and it works; any write, through
// the service or straight to the database, shows on the next view; someone signed in never
// gets a kept page.
func TestVisitorsPagesAreKeptButNeverStale(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("kept")
	idea := ta.seedIdea("kept", "Kept page idea")
	path := fmt.Sprintf("/ideas/%d", idea.ID)
	count := regexp.MustCompile(fmt.Sprintf(`data-vote-count="%d">(\d+)<`, idea.ID))
	votesSeen := func(c *client) string {
		t.Helper()
		res, body := c.get(path)
		m := count.FindStringSubmatch(body)
		if res.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("GET %s: status %d, no vote count", path, res.StatusCode)
		}
		return m[1]
	}

	first, second := ta.client(), ta.client()
	if votesSeen(first) != "0" || votesSeen(second) != "0" {
		t.Fatal("want no votes yet")
	}
	if first.CSRF == "" || first.CSRF == second.CSRF {
		t.Fatalf("two visitors got tokens %q and %q from the kept page; each needs their own", first.CSRF, second.CSRF)
	}
	// The second visitor's token, from the kept page, signs them in.
	if res, body := second.post("/auth/dev", url.Values{"handle": {"kept-voter"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the token from a kept page: status %d\n%s", res.StatusCode, body)
	}

	// A vote through the service shows to visitors at once.
	second.get("/")
	if res, body := second.post(path+"/vote", url.Values{"vote": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vote: status %d\n%s", res.StatusCode, body)
	}
	if got := votesSeen(first); got != "1" {
		t.Fatalf("after a vote a visitor sees %s votes, want 1", got)
	}
	// So does a write made straight to the database, by the triggers on its tables.
	if err := ta.DB.Exec(`UPDATE ideas SET vote_count = 7 WHERE id = ?`, idea.ID).Error; err != nil {
		t.Fatal(err)
	}
	if got := votesSeen(first); got != "7" {
		t.Fatalf("after a write to the database a visitor sees %s votes, want 7", got)
	}
	// Someone signed in gets a page of their own: it shows them signed in, with their vote.
	res, body := second.get(path)
	if res.StatusCode != http.StatusOK || !regexp.MustCompile(`kept-voter`).MatchString(body) {
		t.Fatalf("signed-in view: status %d, not shown as signed in", res.StatusCode)
	}
	if _, err := models.UserByHandle(t.Context(), ta.DB, "kept-voter"); err != nil {
		t.Fatal(err)
	}
	if _, body := first.get(path); regexp.MustCompile(`kept-voter`).MatchString(body) {
		t.Fatal("a visitor was shown a page rendered for someone signed in")
	}
}
