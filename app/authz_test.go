package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/syniad/syniad/models"
)

// writeRoutes is who may use each write route. Adding a write route without adding it here
// fails TestEveryWriteRouteIsGated.
var writeRoutes = map[string]string{
	"POST /auth/dev": "public",
	"POST /logout":   "public",

	"POST /auth/email":         "public",
	"POST /auth/email/welcome": "public",
	"POST /auth/email/:token":  "public",
	// Authorised by the token in the URL, for that person's notification preferences only.
	"POST /notifications/:token": "public",
	"POST /unsubscribe/:token":   "public",

	"POST /account/delete":                                "account",
	"POST /ideas":                                         "member",
	"POST /ideas/:id<int>/edit":                           "member",
	"POST /ideas/:id<int>/withdraw":                       "member",
	"POST /ideas/:id<int>/vote":                           "member",
	"POST /ideas/:id<int>/follow":                         "member",
	"POST /ideas/:id<int>/unfollow":                       "member",
	"POST /account/notifications":                         "member",
	"POST /ideas/:id<int>/comments":                       "member",
	"POST /comments/:id<int>":                             "member",
	"POST /comments/:id<int>/delete":                      "member",
	"POST /comments/:id<int>/support":                     "member",
	"PUT /api/v1/comments/:id<int>/support":               "member",
	"DELETE /api/v1/comments/:id<int>/support":            "member",
	"POST /ideas/:id<int>/report":                         "member",
	"POST /comments/:id<int>/report":                      "member",
	"POST /api/v1/ideas":                                  "member",
	"PUT /api/v1/ideas/:id<int>/vote":                     "member",
	"DELETE /api/v1/ideas/:id<int>/vote":                  "member",
	"POST /api/v1/ideas/:id<int>/comments":                "member",
	"POST /triage/bulk":                                   "panel",
	"POST /triage/themes":                                 "panel",
	"POST /triage/themes/:id<int>":                        "panel",
	"POST /ideas/:id<int>/status":                         "panel",
	"POST /ideas/:id<int>/themes":                         "panel",
	"POST /ideas/:id<int>/merge":                          "panel",
	"POST /ideas/:id<int>/shortlist":                      "panel",
	"POST /ideas/:id<int>/shortlist/delete":               "panel",
	"POST /consultations/:slug/shortlist/publish":         "panel",
	"POST /moderation/hide":                               "panel",
	"POST /moderation/restore":                            "panel",
	"POST /moderation/dismiss":                            "panel",
	"POST /ideas/:id<int>/agenda":                         "panel",
	"POST /agenda-items/:id<int>/ideas":                   "panel",
	"POST /agenda-items/:id<int>/ideas/:idea<int>/delete": "panel",
	"POST /ideas/record":                                  "staff",
	"POST /consultations":                                 "staff",
	"POST /consultations/:slug":                           "staff",
	"POST /consultations/:slug/status":                    "staff",
	"POST /consultations/:slug/outcome":                   "staff",
	"POST /boards":                                        "staff",
	"POST /boards/:slug":                                  "staff",
	"POST /meetings":                                      "staff",
	"POST /meetings/:id<int>":                             "staff",
	"POST /meetings/:id<int>/status":                      "staff",
	"POST /meetings/:id<int>/items":                       "staff",
	"POST /agenda-items/:id<int>":                         "staff",
	"POST /agenda-items/:id<int>/move":                    "staff",
	"POST /agenda-items/:id<int>/delete":                  "staff",
	"POST /actions":                                       "staff",
	"POST /actions/:id<int>":                              "staff",
	"POST /actions/:id<int>/updates":                      "staff",
	"POST /actions/:id<int>/ideas":                        "staff",
	"POST /ideas/import":                                  "staff",
	"POST /admin/users/:handle/role":                      "admin",
	"POST /admin/users/:handle/block":                     "admin",
	"POST /admin/users/:handle/unblock":                   "admin",
	"POST /admin/mail/:id<int>/retry":                     "admin",
}

// gatedPages are GET pages behind a role.
var gatedPages = map[string]string{
	"GET /account":                     "account",
	"GET /account/data.json":           "account",
	"GET /account/delete":              "account",
	"GET /ideas/new":                   "member",
	"GET /ideas/:id<int>/edit":         "member",
	"GET /ideas/:id<int>/withdraw":     "member",
	"GET /account/notifications":       "member",
	"GET /comments/:id<int>/edit":      "member",
	"GET /triage":                      "panel",
	"GET /triage/themes":               "panel",
	"GET /triage/themes/:id<int>/edit": "panel",
	"GET /moderation":                  "panel",
	"GET /agenda-items/:id<int>/ideas": "panel",
	"GET /exports":                     "panel",
	"GET /exports/ideas":               "panel",
	"GET /meetings/:id<int>/pack":      "panel",
	"GET /meetings/:id<int>/pack.pdf":  "panel",
	"GET /meetings/:id<int>/pack.md":   "panel",
	"GET /ideas/record":                "staff",
	"GET /consultations/new":           "staff",
	"GET /consultations/:slug/edit":    "staff",
	"GET /boards/:slug/edit":           "staff",
	"GET /meetings/new":                "staff",
	"GET /meetings/:id<int>/edit":      "staff",
	"GET /agenda-items/:id<int>/edit":  "staff",
	"GET /actions/new":                 "staff",
	"GET /actions/:id<int>/edit":       "staff",
	"GET /ideas/import":                "staff",
	"GET /admin":                       "admin",
	"GET /admin/events":                "admin",
	"GET /admin/mail":                  "admin",
}

// "account" is anyone signed in, blocked or not: a person's own account stays theirs.
var rank = map[string]int{"public": 0, "account": 1, "member": 1, "panel": 2, "staff": 3, "admin": 4}

func TestEveryWriteRouteIsGated(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	seen := map[string]bool{}
	for _, r := range ta.App.GetRoutes(true) {
		key := r.Method + " " + r.Path
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch:
			if _, ok := writeRoutes[key]; !ok {
				t.Errorf("write route %s is not in the authorisation table (app/authz_test.go)", key)
			}
			seen[key] = true
		}
	}
	for key := range writeRoutes {
		if !seen[key] {
			t.Errorf("the table lists %s, which is not a route", key)
		}
	}
}

func TestAuthorisationTable(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	theme := &models.Theme{Slug: "open-data", Name: "Open data"}
	ta.DB.Create(theme)
	if err := ta.DB.Create(&models.Board{Slug: "digital", Name: "Digital Panel", RefPrefix: "DP"}).Error; err != nil {
		t.Fatal(err)
	}

	roles := []struct {
		name    string
		role    string // "" for anonymous
		blocked bool
	}{
		{"anonymous", "", false}, {"member", "member", false}, {"panel", "panel", false},
		{"staff", "staff", false}, {"admin", "admin", false}, {"blocked", "member", true},
	}
	var n atomic.Int64
	all := map[string]string{}
	for k, v := range writeRoutes {
		all[k] = v
	}
	for k, v := range gatedPages {
		all[k] = v
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	for _, key := range keys {
		need := all[key]
		method, path, _ := strings.Cut(key, " ")
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			ta := ta.withT(t)
			for _, r := range roles {
				c := ta.client()
				var user *models.User
				if r.role != "" {
					user = c.signIn(fmt.Sprintf("%s-%d", r.name, n.Add(1)))
					ta.DB.Exec("UPDATE users SET role = ? WHERE id = ?", r.role, user.ID)
					if r.blocked {
						ta.DB.Exec("UPDATE users SET blocked_at = now() WHERE id = ?", user.ID)
					}
				} else {
					c.get("/")
				}
				target, form, body := ta.authzRequest(t, path, user, theme.ID)

				var res *http.Response
				var text string
				if strings.HasPrefix(path, "/api/") {
					res, text = c.api(method, target, body, true)
				} else if method == http.MethodGet {
					res, text = c.get(target)
				} else {
					res, text = c.post(target, form)
				}

				allowed := r.role != "" && (!r.blocked || need == "account") && rank[r.role] >= rank[need]
				if need == "public" {
					allowed = true
				}
				status := res.StatusCode
				toLogin := status == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login")
				switch {
				case allowed && (status == 401 || status == 403 || toLogin || status >= 500):
					t.Errorf("%s as %s: refused with %d %s, want allowed\n%.300s", key, r.name, status, res.Header.Get("Location"), text)
				case !allowed && r.role == "" && !(status == 401 || toLogin):
					t.Errorf("%s as %s: %d, want 401 or a redirect to sign in", key, r.name, status)
				case !allowed && r.role != "" && status != 403:
					t.Errorf("%s as %s: %d, want 403", key, r.name, status)
				}
			}
		})
	}
}

// authzRequest fills a route's parameters with fresh things the user may act on, and gives a
// plausible form or JSON body so that an allowed request can succeed.
func (ta *testApp) authzRequest(t *testing.T, path string, user *models.User, themeID int64) (string, url.Values, string) {
	t.Helper()
	// One author for every idea here: the table makes more ideas than there are free
	// handles like "author".
	author, err := models.SignIn(t.Context(), ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "authz-author", Handle: "author"})
	if err != nil {
		t.Fatal(err)
	}
	seed := func(title string) *models.Idea {
		idea, errs, err := models.CreateIdea(t.Context(), ta.DB, author.ID, models.NewIdea{Consultation: "digital", Title: title, Body: "About " + title})
		if err != nil || errs.Any() {
			t.Fatalf("seed idea: %v %v", errs, err)
		}
		return idea
	}
	idea := seed("Target " + strconv.Itoa(int(ta.counter())))
	other := seed("Other " + strconv.Itoa(int(ta.counter())))
	id := strconv.FormatInt(idea.ID, 10)
	if user != nil && strings.HasPrefix(path, "/ideas/:id<int>/") && (strings.HasSuffix(path, "/edit") || strings.HasSuffix(path, "/withdraw")) {
		// Only its author edits or withdraws an idea: one of the user's own.
		own, errs, err := models.CreateIdea(t.Context(), ta.DB, user.ID, models.NewIdea{Consultation: "digital", Title: "Own " + id, Body: "Mine"})
		if err != nil || errs.Any() {
			t.Fatalf("own idea: %v %v", errs, err)
		}
		id = strconv.FormatInt(own.ID, 10)
	}
	form := url.Values{"title": {"A title"}, "body": {"A body"}, "consultation": {"digital"}, "vote": {"on"},
		"reason": {"A reason"}, "status": {"under_review"}, "theme_id": {strconv.FormatInt(themeID, 10)},
		"target": {strconv.FormatInt(other.ID, 10)}, "rank": {"1"}, "rationale": {"Because"}, "name": {"Theme " + id},
		"role": {"panel"}, "idea": {id}, "subject_type": {"idea"}, "subject_id": {id}, "source_name": {"@someone"},
		"csv": {"consultation,title,body,source_name\ndigital,Imported,From a thread,@someone\n"}, "confirm": {"yes"},
		"handle": {"devuser"}}
	body := `{"consultation":"digital","title":"From the API","body":"Text"}`
	if strings.HasPrefix(path, "/comments/") || strings.HasPrefix(path, "/api/v1/comments/") {
		authorID := int64(0)
		if user != nil && !strings.HasSuffix(path, "/support") { // support is for others' comments
			authorID = user.ID
		} else {
			author, _ := models.SignIn(t.Context(), ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "c" + id, Handle: "commenter"})
			authorID = author.ID
		}
		comment, _, err := models.CreateComment(t.Context(), ta.DB, idea.ID, authorID, models.CommentInput{Body: "A comment"})
		if err != nil {
			t.Fatal(err)
		}
		id = strconv.FormatInt(comment.ID, 10)
	}
	if strings.HasPrefix(path, "/triage/themes/") {
		id = strconv.FormatInt(themeID, 10)
	}
	if strings.Contains(path, "comments") && strings.HasPrefix(path, "/api/") {
		body = `{"body":"A comment"}`
	}
	if strings.HasPrefix(path, "/api/") && strings.HasSuffix(path, "/vote") {
		body = ""
	}
	switch {
	case path == "/consultations/:slug":
		form.Set("slug", "digital") // an edit that keeps the address the other requests use
	case strings.HasPrefix(path, "/meetings/:id"):
		id = strconv.FormatInt(ta.seedMeeting(t, "digital").ID, 10)
	case strings.HasPrefix(path, "/agenda-items/"):
		item := ta.seedAgendaItem(t, ta.seedMeeting(t, "digital").ID, "An item")
		id = strconv.FormatInt(item.ID, 10)
		ta.linkIdea(t, item.ID, idea.ID)
		form.Set("position", "1")
	case strings.HasPrefix(path, "/actions/:id"):
		id = strconv.FormatInt(ta.seedAction(t, "digital", "An action").ID, 10)
		form.Set("owner_name", "Someone")
		form.Set("description", "An action")
	}
	target := strings.NewReplacer(":id<int>", id, ":slug", "digital", ":idea<int>", strconv.FormatInt(idea.ID, 10)).Replace(path)
	if strings.Contains(path, ":handle") {
		victim, _ := models.SignIn(t.Context(), ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "v" + id, Handle: "victim"})
		target = strings.Replace(target, ":handle", victim.Handle, 1)
	}
	return target, form, body
}

var authzCounter atomic.Int64

func (ta *testApp) counter() int64 { return authzCounter.Add(1) }
