package app_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// TestMembersKeptPagesAreTheirOwn checks the pages kept for members (pagecache.go): on every
// public page, a member served a kept page gets exactly the bytes a service that keeps nothing
// renders for them, whether they have done nothing on the site, or voted for every idea,
// commented, followed and supported a comment, and in Welsh too; and a kept page costs a
// member no more than their session, their account and the site's version.
func TestMembersKeptPagesAreTheirOwn(t *testing.T) {
	t.Parallel()
	site := newQueryCountSite(t, models.BenchSizes{Ideas: 30, Users: 20, Votes: 60, Comments: 40, Themes: 3, Meetings: 4}, 1)
	ta := site.ta
	fresh := newTestAppOn(t, ta.DB, ta.Cfg.DatabaseURL, func(cfg *app.Config) {
		cfg.Clock = ta.Cfg.Clock
		cfg.NoKeptPages = true
	})

	quiet, busy, welsh := ta.client(), ta.client(), ta.client()
	quiet.signIn("quiet-member")
	busyUser := busy.signIn("busy-member")
	welsh.signIn("welsh-member")
	if res, _ := welsh.get("/?lang=cy"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choose Welsh: status %d", res.StatusCode)
	}
	var idea int64
	if err := ta.DB.Raw(`SELECT min(id) FROM ideas`).Scan(&idea).Error; err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		`INSERT INTO votes (idea_id, user_id) SELECT id, @user FROM ideas ON CONFLICT DO NOTHING`,
		`UPDATE ideas i SET vote_count = (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)`,
		`INSERT INTO follows (user_id, idea_id) VALUES (@user, @idea)`,
		`INSERT INTO comments (idea_id, author_id, body, lang) VALUES (@idea, @user, 'A comment of my own', 'en')`,
		`INSERT INTO comment_supports (comment_id, user_id) SELECT min(id), @user FROM comments WHERE idea_id = @idea AND author_id <> @user`,
	} {
		var args []any
		if strings.Contains(sql, "@") {
			args = append(args, map[string]any{"user": busyUser.ID, "idea": idea})
		}
		if err := ta.DB.Exec(sql, args...).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}

	for _, p := range site.paths {
		if p.signedIn || strings.HasPrefix(p.url, "/feeds/") {
			continue
		}
		for name, member := range map[string]*client{"quiet": quiet, "busy": busy, "welsh": welsh} {
			same := &client{t: t, ta: fresh, jar: member.jar}
			_, want := same.get(p.url)
			for _, round := range []string{"first", "kept"} {
				res, got := member.get(p.url)
				if res.StatusCode != http.StatusOK || got != want {
					t.Errorf("%s member, %s, %s view: status %d, and the page differs from the one rendered for them:\n%s",
						name, p.name, round, res.StatusCode, firstDifference(got, want))
				}
			}
		}
	}

	// A kept page costs a member one query for their session and account, and one for the
	// site's version; an idea's page also asks whether it holds anything of theirs.
	for path, most := range map[string]int64{"/ideas": 2, "/": 2, "/ideas/" + strconv.FormatInt(idea, 10): 3} {
		quiet.get(path)
		if n := site.queriesAs(t, quiet, path); n > most {
			t.Errorf("%s from a kept page: %d queries, want at most %d", path, n, most)
		}
	}
}

// firstDifference shows where two pages part, with some text either side.
func firstDifference(got, want string) string {
	n := 0
	for n < len(got) && n < len(want) && got[n] == want[n] {
		n++
	}
	from := max(0, n-120)
	return "got:  …" + got[from:min(len(got), n+120)] + "…\nwant: …" + want[from:min(len(want), n+120)] + "…"
}
