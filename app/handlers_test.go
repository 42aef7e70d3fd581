package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/app"
)

func TestSubmitVoteCommentThroughForms(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	c := ta.client()
	c.signIn("alice")

	// Invalid input re-renders the form with messages beside the fields and keeps the text.
	res, body := c.post("/ideas", url.Values{"consultation": {"digital"}, "title": {"  "}, "body": {"Kept text ŵ"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter your idea in one line") ||
		!strings.Contains(body, "Kept text ŵ") || !strings.Contains(body, `href="#field-title"`) {
		t.Fatalf("invalid idea: status %d\n%s", res.StatusCode, body)
	}

	res, _ = c.post("/ideas", url.Values{"consultation": {"digital"}, "title": {"Open data for buses"}, "body": {"**Publish** timetables"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/ideas/") {
		t.Fatalf("create idea: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
	ideaPath := res.Header.Get("Location")
	_, body = c.get(ideaPath)
	if !strings.Contains(body, "<strong>Publish</strong> timetables") || !strings.Contains(body, "Your idea has been published") {
		t.Fatalf("idea page lacks rendered body or flash:\n%s", body)
	}

	res, _ = c.post(ideaPath+"/vote", url.Values{"vote": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vote: %d", res.StatusCode)
	}
	_, body = c.get(ideaPath)
	if !strings.Contains(body, `data-vote-count="`) || !strings.Contains(body, ">1</span>") || !strings.Contains(body, "Remove my support") {
		t.Fatalf("vote not shown:\n%s", body)
	}

	res, _ = c.post(ideaPath+"/comments", url.Values{"body": {"Great idea <script>alert(1)</script>"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", res.StatusCode)
	}
	_, body = c.get(ideaPath)
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "Great idea") {
		t.Fatalf("comment not shown safely:\n%s", body)
	}
	res, body = c.post(ideaPath+"/comments", url.Values{"body": {strings.Repeat("x", 2001)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "too long") {
		t.Fatalf("long comment: %d", res.StatusCode)
	}
}

func TestAnonymousAndCSRF(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Existing idea")
	ideaPath := "/ideas/" + strconv.FormatInt(idea.ID, 10)

	anon := ta.client()
	anon.get("/")
	for _, path := range []string{"/ideas", ideaPath + "/vote", ideaPath + "/comments"} {
		res, _ := anon.post(path, url.Values{"title": {"x"}, "body": {"x"}})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("anonymous POST %s: %d %s", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/api/v1/ideas", `{"consultation":"digital","title":"x","body":"y"}`},
		{"PUT", "/api/v1" + ideaPath + "/vote", ""},
		{"DELETE", "/api/v1" + ideaPath + "/vote", ""},
		{"POST", "/api/v1" + ideaPath + "/comments", `{"body":"x"}`},
	} {
		res, body := anon.api(tc.method, tc.path, tc.body, true)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"error"`) {
			t.Errorf("anonymous %s %s: %d %s", tc.method, tc.path, res.StatusCode, body)
		}
	}

	member := ta.client()
	member.signIn("bob")
	res, _ := member.post(ideaPath+"/vote", url.Values{"_csrf": {""}, "vote": {"on"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("vote without CSRF token: %d", res.StatusCode)
	}
	res, _ = member.post(ideaPath+"/vote", url.Values{"_csrf": {"forged-token"}, "vote": {"on"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("vote with a forged token: %d", res.StatusCode)
	}
	res, _ = member.api("PUT", "/api/v1"+ideaPath+"/vote", "", false)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("API vote without CSRF header: %d", res.StatusCode)
	}
	var votes int64
	ta.DB.Raw("SELECT count(*) FROM votes").Scan(&votes)
	if votes != 0 {
		t.Fatalf("refused writes stored %d votes", votes)
	}
}

func TestJSONAPI(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	ta.DB.Exec(`INSERT INTO consultations (slug, title, status) VALUES ('closed-one', 'Closed', 'closed')`)
	c := ta.client()
	c.signIn("carys")

	res, body := c.api("POST", "/api/v1/ideas", `{"consultation":"digital","title":"","body":"x"}`, true)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"title":"Enter your idea in one line"`) {
		t.Fatalf("invalid API idea: %d %s", res.StatusCode, body)
	}
	res, body = c.api("POST", "/api/v1/ideas", `{"consultation":"digital","title":"Gwasanaethau digidol","body":"Mwy yn Gymraeg"}`, true)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", res.StatusCode, body)
	}
	var idea map[string]any
	json.Unmarshal([]byte(body), &idea)
	id := int64(idea["id"].(float64))
	for _, k := range []string{"id", "title", "body", "status", "consultation", "themes", "votes", "comments", "author", "source", "response", "created_at", "url"} {
		if _, ok := idea[k]; !ok {
			t.Errorf("IDEA lacks %q: %s", k, body)
		}
	}
	if idea["author"].(map[string]any)["handle"] != "carys" || idea["source"] != nil {
		t.Errorf("author/source: %s", body)
	}

	path := "/api/v1/ideas/" + strconv.FormatInt(id, 10)
	for range 2 {
		res, body = c.api("PUT", path+"/vote", "", true)
		if res.StatusCode != 200 || !strings.Contains(body, `"voted":true`) || !strings.Contains(body, `"votes":1`) {
			t.Fatalf("vote: %d %s", res.StatusCode, body)
		}
	}
	res, body = c.api("DELETE", path+"/vote", "", true)
	if !strings.Contains(body, `"voted":false`) || !strings.Contains(body, `"votes":0`) {
		t.Fatalf("unvote: %s", body)
	}
	res, body = c.api("POST", path+"/comments", `{"body":"Da iawn"}`, true)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("comment: %d %s", res.StatusCode, body)
	}

	res, body = c.api("GET", path, "", false)
	var detail map[string]any
	json.Unmarshal([]byte(body), &detail)
	if comments, ok := detail["comments"].([]any); !ok || len(comments) != 1 {
		t.Errorf("detail comments: %s", body)
	}
	if history, ok := detail["history"].([]any); !ok || len(history) == 0 {
		t.Errorf("detail history: %s", body)
	}

	res, body = c.api("GET", "/api/v1/ideas?q=digidol&per_page=500", "", false)
	if !strings.Contains(body, `"per_page":100`) || !strings.Contains(body, `"total":1`) {
		t.Errorf("list: %s", body)
	}
	res, body = c.api("GET", "/api/v1/ideas/similar?title=gwasanaethau+digidol", "", false)
	if !strings.Contains(body, "Gwasanaethau digidol") {
		t.Errorf("similar: %s", body)
	}

	ta.DB.Exec("UPDATE ideas SET status = 'declined' WHERE id = ?", id)
	res, body = c.api("PUT", path+"/vote", "", true)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `"error"`) {
		t.Errorf("vote on declined: %d %s", res.StatusCode, body)
	}
	res, body = c.api("GET", "/api/v1/ideas/999999", "", false)
	if res.StatusCode != 404 || !strings.Contains(body, `"error"`) {
		t.Errorf("missing idea: %d %s", res.StatusCode, body)
	}
	res, body = c.api("POST", "/api/v1/ideas", `{"consultation":"closed-one","title":"x","body":"y"}`, true)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "not taking ideas") { // issue 15: 409
		t.Errorf("idea for a closed consultation: %d %s", res.StatusCode, body)
	}
	res, body = c.api("POST", "/api/v1/ideas", `{"title":`, true)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d %s", res.StatusCode, body)
	}
}

func TestErrorPagesAndLanguage(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	c := ta.client()
	res, body := c.get("/no-such-page")
	if res.StatusCode != 404 || !strings.Contains(body, "Page not found") {
		t.Fatalf("404: %d", res.StatusCode)
	}
	res, _ = c.get("/ideas?lang=cy")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ideas" {
		t.Fatalf("language switch: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get("/no-such-page")
	if !strings.Contains(body, `<html lang="cy"`) || !strings.Contains(body, "Heb ddod o hyd i&#39;r dudalen") {
		t.Fatalf("Welsh 404:\n%s", body)
	}
	req, _ := http.NewRequest("GET", "http://localhost:3000/ideas", nil)
	req.Header.Set("Accept-Language", "cy-GB,cy;q=0.9,en;q=0.5")
	fresh := ta.client()
	_, body = fresh.do(req)
	if !strings.Contains(body, `<html lang="cy"`) {
		t.Fatalf("Accept-Language cy not honoured")
	}
}

func TestDevSignInOnlyOnLocalDevelopment(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env, base string
		want      int
	}{
		{"development", "http://localhost:3000", 200},
		{"development", "http://127.0.0.1:3000", 200},
		{"development", "https://ideas.example.gov.wales", 404},
		{"production", "https://localhost", 404},
	} {
		t.Run(tc.env+" "+tc.base, func(t *testing.T) {
			ta := newTestApp(t, func(c *app.Config) { c.Env, c.BaseURL = tc.env, tc.base })
			c := ta.client()
			res, _ := c.get("/auth/dev")
			if res.StatusCode != tc.want {
				t.Fatalf("GET /auth/dev: %d, want %d", res.StatusCode, tc.want)
			}
			res, _ = c.post("/auth/dev", url.Values{"handle": {"mallory"}})
			if tc.want == 404 && res.StatusCode != 404 {
				t.Fatalf("POST /auth/dev: %d, want 404", res.StatusCode)
			}
		})
	}
}

func TestWriteRateLimit(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) { c.WriteLimit = 3 })
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Limited")
	c := ta.client()
	c.get("/auth/dev")
	c.post("/auth/dev", url.Values{"handle": {"dai"}}) // sign-in is not a member write
	c.get("/")
	path := "/ideas/" + strconv.FormatInt(idea.ID, 10) + "/vote"
	codes := []int{}
	for range 5 {
		res, _ := c.post(path, url.Values{"vote": {"on"}})
		codes = append(codes, res.StatusCode)
	}
	if codes[2] != http.StatusSeeOther || codes[3] != http.StatusTooManyRequests || codes[4] != http.StatusTooManyRequests {
		t.Fatalf("codes %v: want 3 allowed then 429", codes)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	c := ta.client()
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		res, body := c.get(path)
		if res.StatusCode != 200 || body != want {
			t.Errorf("%s: %d %q", path, res.StatusCode, body)
		}
	}
	c.get("/ideas")
	_, body := c.get("/metrics")
	if !strings.Contains(body, `syniad_http_requests_total{method="GET",route="/ideas",status="200"}`) {
		t.Errorf("metrics lack the /ideas request")
	}
}

func TestBlockedUserReadsButCannotWrite(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Something")
	c := ta.client()
	u := c.signIn("eve")
	ta.DB.Exec("UPDATE users SET blocked_at = now() WHERE id = ?", u.ID) // takes effect at once
	path := "/ideas/" + strconv.FormatInt(idea.ID, 10)
	if res, _ := c.get(path); res.StatusCode != 200 {
		t.Fatalf("blocked user reading: %d", res.StatusCode)
	}
	res, body := c.post(path+"/vote", url.Values{"vote": {"on"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "blocked") {
		t.Fatalf("blocked user voting: %d", res.StatusCode)
	}
	res, _ = c.api("PUT", "/api/v1"+path+"/vote", "", true)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("blocked user voting through the API: %d", res.StatusCode)
	}
}

func TestRubbishInputIsRefusedNotCrashed(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	c := ta.client()
	for _, path := range []string{"/ideas?q=%FF", "/ideas?q=%00", "/api/v1/ideas/similar?title=ab%FFcd", "/api/v1/ideas?consultation=%FF", "/consultations/%FF", "/ideas/abc"} {
		res, _ := c.get(path)
		if res.StatusCode >= 500 {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
	}
	c.signIn("gareth")
	res, body := c.api("POST", "/api/v1/ideas", "{\"consultation\":\"digital\",\"title\":\"bad \xff\",\"body\":\"x\"}", true)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "cannot read") {
		t.Errorf("invalid UTF-8 JSON: %d %s", res.StatusCode, body)
	}
	res, body = c.api("POST", "/api/v1/ideas", `{"consultation":"digital","title":"nul \u0000 here","body":"x"}`, true)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "control characters") {
		t.Errorf("NUL in JSON: %d %s", res.StatusCode, body)
	}
	res, _ = c.post("/ideas", url.Values{"consultation": {"digital"}, "title": {"bad \xff title"}, "body": {"x"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("invalid UTF-8 form: %d", res.StatusCode)
	}
	var n int64
	ta.DB.Raw("SELECT count(*) FROM ideas").Scan(&n)
	if n != 0 {
		t.Fatalf("%d bad ideas stored", n)
	}
}
