package app_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// Issue 17: blocked users still saw the vote and comment forms and lost what they typed on a
// 403 page. They see why they cannot write instead, and a form sent from a page opened before
// the block gives back what was typed.
func TestBlockedUsersSeeWhyAndLoseNothing(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Bus times in one place")
	id := strconv.FormatInt(idea.ID, 10)
	writer := ta.signInAs("awdur", "member")
	writer.post("/ideas/"+id+"/comments", url.Values{"body": {"A comment to support"}})

	c := ta.client()
	u := c.signIn("blocked")
	_, before := c.get("/ideas/" + id)
	for _, form := range []string{`action="/ideas/` + id + `/vote"`, `action="/ideas/` + id + `/comments"`, `action="/ideas/` + id + `/report"`, `/support"`} {
		if !strings.Contains(before, form) {
			t.Fatalf("before the block the page lacks %s", form)
		}
	}
	ta.DB.Exec("UPDATE users SET blocked_at = now() WHERE id = ?", u.ID)

	_, page := c.get("/ideas/" + id)
	for _, form := range []string{`action="/ideas/` + id + `/vote"`, `action="/ideas/` + id + `/comments"`, `action="/ideas/` + id + `/report"`, `/support"`} {
		if strings.Contains(page, form) {
			t.Errorf("a blocked user is offered the form %s", form)
		}
	}
	if !strings.Contains(html.UnescapeString(page), "Your account has been blocked from making changes") {
		t.Error("the page does not say why there is no form")
	}

	typed := "A long comment I spent ten minutes on"
	res, body := c.post("/ideas/"+id+"/comments", url.Values{"body": {typed}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, typed) || !strings.Contains(body, "What you wrote") {
		t.Errorf("a comment sent after the block: %d, want 403 giving the text back", res.StatusCode)
	}
}
