package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
)

func TestFollowButtonAndOfferAfterVote(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("c")
	idea := ta.seedIdea("c", "Benches in the park")
	page := "/ideas/" + strconv.FormatInt(idea.ID, 10)
	c := ta.client()
	c.signIn("fern")

	if _, body := c.get(page); !strings.Contains(body, `action="`+page+`/follow"`) || !strings.Contains(body, `data-follow-offer="`+strconv.FormatInt(idea.ID, 10)+`" hidden>`) {
		t.Fatalf("idea page lacks a plain follow button:\n%s", body)
	}
	res, _ := c.post(page+"/vote", url.Values{"next": {page}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vote: %d", res.StatusCode)
	}
	if _, body := c.get(page); !strings.Contains(body, `data-follow-offer="`+strconv.FormatInt(idea.ID, 10)+`">Would you like to hear what happens to this idea?`) {
		t.Fatalf("after a vote the page does not offer to follow:\n%s", body)
	}
	if res, _ := c.post(page+"/follow", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("follow: %d", res.StatusCode)
	}
	_, body := c.get(page)
	if !strings.Contains(body, "You follow this idea") || !strings.Contains(body, `action="`+page+`/unfollow"`) {
		t.Fatalf("after following, the page does not say so:\n%s", body)
	}
	u, _ := models.UserByHandle(t.Context(), ta.DB, "fern")
	if ok, _ := models.Following(t.Context(), ta.DB, u.ID, idea.ID); !ok {
		t.Fatal("not following after the follow button")
	}
	// Without the CSRF token, following is refused.
	if res, _ := c.post(page+"/unfollow", url.Values{"_csrf": {"wrong"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("unfollow without CSRF: %d, want 403", res.StatusCode)
	}
	c.post(page+"/unfollow", nil)
	if ok, _ := models.Following(t.Context(), ta.DB, u.ID, idea.ID); ok {
		t.Fatal("still following after unfollowing")
	}
	// The author follows their own idea from the start.
	var authorFollows int64
	ta.DB.Raw(`SELECT count(*) FROM follows f JOIN ideas i ON i.id = f.idea_id AND i.author_id = f.user_id`).Scan(&authorFollows)
	if authorFollows != 1 {
		t.Fatalf("author follows: %d, want 1", authorFollows)
	}
}

func TestNotifPreferencesPage(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	c := ta.client()
	if res, _ := c.get("/account/notifications"); res.StatusCode == http.StatusOK {
		t.Fatal("preferences shown to someone signed out")
	}
	u := c.signIn("gwen")
	_, body := c.get("/account/notifications")
	if !strings.Contains(body, `name="mode_action" type="radio" value="digest" checked`) ||
		!strings.Contains(body, `name="mode_status" type="radio" value="now" checked`) {
		t.Fatalf("defaults not shown:\n%s", body)
	}
	if res, _ := c.post("/account/notifications", url.Values{"mode_status": {"sometimes"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid mode: %d, want 422", res.StatusCode)
	}
	if res, _ := c.post("/account/notifications", url.Values{"mode_status": {"digest"}, "mode_reply": {"never"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	prefs, _ := models.NotifyPrefs(t.Context(), ta.DB, u.ID)
	if prefs["status"] != "digest" || prefs["reply"] != "never" || prefs["agenda"] != "now" {
		t.Fatalf("prefs %v", prefs)
	}
	// In Welsh too.
	if _, body := c.getIn("cy", "/account/notifications"); !strings.Contains(body, "Mewn crynodeb dyddiol") {
		t.Fatalf("Welsh preferences page:\n%s", body)
	}
}

func TestUnsubscribeOneClickAndTokenPages(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	owner := ta.client()
	u := owner.signIn("huw")
	token, err := models.NotifyToken(t.Context(), ta.DB, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	stranger := ta.client() // not signed in, no cookies: a mail program

	// Opening the link changes nothing; it shows a button and a link to the preferences.
	res, body := stranger.get("/unsubscribe/status." + token)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `action="/unsubscribe/status.`+token+`"`) ||
		!strings.Contains(body, `href="/notifications/`+token+`"`) {
		t.Fatalf("unsubscribe page %d:\n%s", res.StatusCode, body)
	}
	if prefs, _ := models.NotifyPrefs(t.Context(), ta.DB, u.ID); prefs["status"] != "now" {
		t.Fatalf("opening the link changed %v", prefs)
	}
	// A Welsh speaker's link opens in Welsh, in a browser that has never been here.
	ta.DB.Exec(`UPDATE users SET locale = 'cy' WHERE id = ?`, u.ID)
	if _, body := ta.client().get("/unsubscribe/status." + token); !strings.Contains(body, "Peidio â chael y negeseuon hyn") {
		t.Fatalf("unsubscribe page not in its recipient's Welsh:\n%s", body)
	}
	if _, body := ta.client().get("/notifications/" + token); !strings.Contains(body, "Hysbysiadau") {
		t.Fatalf("preferences page not in its recipient's Welsh:\n%s", body)
	}
	if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("a page with a token in its URL may be kept or leak it: %v", res.Header)
	}

	// RFC 8058: a POST with List-Unsubscribe=One-Click, no cookie, no CSRF token, from elsewhere.
	req, _ := http.NewRequest(http.MethodPost, "http://localhost:3000/unsubscribe/status."+token, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, _ = ta.App.Test(req, 10000)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
	}
	prefs, _ := models.NotifyPrefs(t.Context(), ta.DB, u.ID)
	if prefs["status"] != "never" || prefs["agenda"] != "now" {
		t.Fatalf("after one-click: %v, want only status off", prefs)
	}

	// The digest's link turns off what comes in the digest (progress on actions, by default),
	// and only that.
	req, _ = http.NewRequest(http.MethodPost, "http://localhost:3000/unsubscribe/digest."+token, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res, _ := ta.App.Test(req, 10000); res.StatusCode != http.StatusOK {
		t.Fatalf("digest one-click: %d", res.StatusCode)
	}
	if prefs, _ := models.NotifyPrefs(t.Context(), ta.DB, u.ID); prefs["action"] != "never" || prefs["reply"] != "now" {
		t.Fatalf("after the digest's one-click: %v", prefs)
	}

	// A wrong token, or a kind that does not exist, changes nothing.
	for _, p := range []string{"/unsubscribe/status." + strings.Repeat("x", 43), "/unsubscribe/everything." + token, "/unsubscribe/" + token} {
		req, _ := http.NewRequest(http.MethodPost, "http://localhost:3000"+p, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if res, _ := ta.App.Test(req, 10000); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", p, res.StatusCode)
		}
	}

	// The preferences page from a message works without signing in, but its form needs the
	// CSRF token like every other write: only one-click unsubscribe goes without.
	res, body = stranger.get("/notifications/" + token)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="mode_agenda"`) {
		t.Fatalf("token preferences page %d:\n%s", res.StatusCode, body)
	}
	if res, _ := stranger.post("/notifications/"+token, url.Values{"mode_agenda": {"never"}, "_csrf": {""}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("token preferences without CSRF: %d, want 403", res.StatusCode)
	}
	if res, _ := stranger.post("/notifications/"+token, url.Values{"mode_agenda": {"digest"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("token preferences with CSRF: %d", res.StatusCode)
	}
	if prefs, _ := models.NotifyPrefs(t.Context(), ta.DB, u.ID); prefs["agenda"] != "digest" {
		t.Fatalf("token preferences not saved: %v", prefs)
	}
	if res, _ := stranger.get("/notifications/" + strings.Repeat("y", 43)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown token: %d, want 404", res.StatusCode)
	}
}

// One-click unsubscribe is the only write without the CSRF check: every other write route,
// even for an admin, refuses a request without the token.
func TestUnsubscribeIsTheOnlyWriteWithoutCSRF(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	c := ta.client()
	u := c.signIn("root")
	ta.DB.Exec(`UPDATE users SET role = 'admin' WHERE id = ?`, u.ID)
	fill := strings.NewReplacer(":id<int>", "1", ":idea<int>", "1", ":slug", "x", ":handle", "root", ":token", "status.x", ":provider", "dev")
	for _, r := range ta.App.GetRoutes(true) {
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch:
		default:
			continue
		}
		path := fill.Replace(r.Path)
		var res *http.Response
		if strings.HasPrefix(path, "/api/") {
			res, _ = c.api(r.Method, path, "{}", false)
		} else {
			res, _ = c.post(path, url.Values{"_csrf": {""}})
		}
		exempt := r.Method+" "+r.Path == "POST /unsubscribe/:token"
		if exempt && res.StatusCode == http.StatusForbidden || !exempt && res.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s without a CSRF token: %d", r.Method, r.Path, res.StatusCode)
		}
	}
}
