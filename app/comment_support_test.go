package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// supportForm is the start of a comment's support form on the idea page.
func supportForm(commentID int64) string {
	return fmt.Sprintf(`action="/comments/%d/support"`, commentID)
}

// postComment has c comment on an idea through the form and returns the new comment's id.
func postComment(t *testing.T, c *client, ideaPath, body string) int64 {
	t.Helper()
	res, _ := c.post(ideaPath+"/comments", url.Values{"body": {body}})
	loc := res.Header.Get("Location")
	_, anchor, ok := strings.Cut(loc, "#comment-")
	id, err := strconv.ParseInt(anchor, 10, 64)
	if res.StatusCode != http.StatusSeeOther || !ok || err != nil {
		t.Fatalf("comment: %d %q", res.StatusCode, loc)
	}
	return id
}

func TestCommentSupportOnTheIdeaPage(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Open data for buses")
	ideaPath := "/ideas/" + strconv.FormatInt(idea.ID, 10)

	carol := ta.client()
	carol.signIn("carol")
	commentID := postComment(t, carol, ideaPath, "Include the rural routes")
	commentPath := "/comments/" + strconv.FormatInt(commentID, 10) + "/support"

	// Its author sees the count, not a button.
	_, body := carol.get(ideaPath)
	if strings.Contains(body, supportForm(commentID)) || !strings.Contains(body, "0 supporters") {
		t.Fatalf("author's own comment offers support or lacks the count:\n%s", body)
	}

	// A reader who is not signed in sees the count and a way to sign in that names the comment.
	anon := ta.client()
	_, body = anon.get(ideaPath)
	if strings.Contains(body, supportForm(commentID)) || !strings.Contains(body, "0 supporters") ||
		!strings.Contains(body, fmt.Sprintf(`href="/login?next=%s%%23comment-%d"`, ideaPath, commentID)) ||
		!strings.Contains(body, "Sign in to support this comment") {
		t.Fatalf("signed-out view of a comment's support:\n%s", body)
	}

	// Another member gets the button, named for the comment it is about.
	bob := ta.client()
	bob.signIn("bob")
	_, body = bob.get(ideaPath)
	if !strings.Contains(body, supportForm(commentID)) || !strings.Contains(body, "Support (0)") ||
		!strings.Contains(body, `<span class="govuk-visually-hidden">: the comment by carol, `) ||
		!strings.Contains(body, `name="support" value="1"`) {
		t.Fatalf("no support button for bob:\n%s", body)
	}

	// Without JavaScript: the form post supports, then returns to the comment with a message.
	// Posting twice still counts once.
	for range 2 {
		res, _ := bob.post(commentPath, url.Values{"support": {"1"}})
		if want := fmt.Sprintf("%s#comment-%d", ideaPath, commentID); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Fatalf("support form: %d %q, want 303 to %s", res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	_, body = bob.get(ideaPath)
	if !strings.Contains(body, "You support this comment.") || !strings.Contains(body, "Supported (1) — remove") ||
		!strings.Contains(body, `name="support" value="0"`) {
		t.Fatalf("supported comment not shown:\n%s", body)
	}
	_, body = anon.get(ideaPath)
	if !strings.Contains(body, "1 supporter") {
		t.Fatalf("count not shown to readers:\n%s", body)
	}
	_, body = bob.getIn("cy", ideaPath)
	if !strings.Contains(body, "Wedi cefnogi (1)") {
		t.Fatalf("Welsh button:\n%s", body)
	}

	res, _ := bob.post(commentPath, url.Values{"support": {"0"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove support: %d", res.StatusCode)
	}
	_, body = bob.getIn("en", ideaPath)
	if !strings.Contains(body, "Your support for this comment has been removed.") || !strings.Contains(body, "Support (0)") {
		t.Fatalf("removed support not shown:\n%s", body)
	}

	// Refusals through the form: no CSRF token, and the author backing their own comment.
	if res, _ := bob.post(commentPath, url.Values{"_csrf": {""}, "support": {"1"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("support without a CSRF token: %d", res.StatusCode)
	}
	if res, _ := carol.post(commentPath, url.Values{"support": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("supporting one's own comment: %d", res.StatusCode)
	}
	if res, _ := anon.post(commentPath, url.Values{"support": {"1"}}); res.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("signed-out support: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var count int
	ta.DB.Raw("SELECT support_count FROM comments WHERE id = ?", commentID).Scan(&count)
	if count != 0 {
		t.Fatalf("refused supports changed the count to %d", count)
	}
}

func TestCommentSupportAPI(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Open data for buses")
	ideaPath := "/ideas/" + strconv.FormatInt(idea.ID, 10)

	carol := ta.client()
	carol.signIn("carol")
	commentID := postComment(t, carol, ideaPath, "Include the rural routes")
	hiddenID := postComment(t, carol, ideaPath, "Hidden by a moderator")
	deletedID := postComment(t, carol, ideaPath, "Deleted by its author")
	ta.DB.Exec("UPDATE comments SET hidden_at = now(), hidden_reason = 'rude' WHERE id = ?", hiddenID)
	carol.post(fmt.Sprintf("/comments/%d/delete", deletedID), nil)
	api := func(id int64) string { return fmt.Sprintf("/api/v1/comments/%d/support", id) }

	bob := ta.client()
	bob.signIn("bob")
	for _, step := range []struct {
		method string
		want   string
	}{
		{"PUT", `{"supported":true,"supports":1}`},
		{"PUT", `{"supported":true,"supports":1}`},
		{"DELETE", `{"supported":false,"supports":0}`},
		{"DELETE", `{"supported":false,"supports":0}`},
		{"PUT", `{"supported":true,"supports":1}`},
	} {
		res, body := bob.api(step.method, api(commentID), "", true)
		var got, want struct {
			Supported bool `json:"supported"`
			Supports  int  `json:"supports"`
			Label     string
		}
		json.Unmarshal([]byte(body), &got)
		json.Unmarshal([]byte(step.want), &want)
		if res.StatusCode != http.StatusOK || got.Supported != want.Supported || got.Supports != want.Supports || got.Label == "" {
			t.Fatalf("%s: %d %s, want %s", step.method, res.StatusCode, body, step.want)
		}
	}

	// The idea's API entry gives each comment its count, and whether the reader supports it.
	_, body := bob.api("GET", "/api/v1"+ideaPath, "", false)
	var detail struct {
		Comments []struct {
			ID        int64 `json:"id"`
			Supports  *int  `json:"supports"`
			Supported bool  `json:"supported"`
		} `json:"comments"`
	}
	if err := json.Unmarshal([]byte(body), &detail); err != nil || len(detail.Comments) != 3 {
		t.Fatalf("idea detail: %v %s", err, body)
	}
	if c := detail.Comments[0]; c.ID != commentID || c.Supports == nil || *c.Supports != 1 || !c.Supported {
		t.Fatalf("comment in the API: %+v", c)
	}

	for _, tc := range []struct {
		name     string
		who      *client
		id       int64
		withCSRF bool
		status   int
	}{
		{"signed out", ta.client(), commentID, true, http.StatusUnauthorized},
		{"no CSRF header", bob, commentID, false, http.StatusForbidden},
		{"own comment", carol, commentID, true, http.StatusConflict},
		{"deleted comment", bob, deletedID, true, http.StatusConflict},
		{"hidden comment", bob, hiddenID, true, http.StatusNotFound},
		{"missing comment", bob, 999999, true, http.StatusNotFound},
	} {
		for _, method := range []string{"PUT", "DELETE"} {
			res, body := tc.who.api(method, api(tc.id), "", tc.withCSRF)
			if res.StatusCode != tc.status || !strings.Contains(body, `"error":`) {
				t.Errorf("%s %s: %d %s, want %d", tc.name, method, res.StatusCode, body, tc.status)
			}
		}
	}
	var rows int64
	ta.DB.Raw("SELECT count(*) FROM comment_supports").Scan(&rows)
	if rows != 1 {
		t.Fatalf("%d support rows, want bob's one", rows)
	}
}
