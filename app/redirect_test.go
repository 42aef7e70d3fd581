package app_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// rawGet sends a request line exactly as written over a real connection: net/http and
// app.Test would tidy the target first.
func rawGet(t *testing.T, ta *testApp, target string) *http.Response {
	t.Helper()
	host := strings.TrimPrefix(ta.URL, "http://")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	res.Body.Close()
	return res
}

// offSite reports whether a Location header would take a browser to another site.
func offSite(loc string) bool {
	if loc == "" {
		return false
	}
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t\r\n") {
		return true
	}
	d, _ := url.PathUnescape(strings.SplitN(loc, "?", 2)[0])
	return strings.HasPrefix(d, "//") || strings.ContainsAny(d, "\\\t\r\n")
}

// Issue 14: the language switch sent visitors to another site. Whatever the request's path,
// every redirect stays on this site.
func TestRedirectsStayOnSite(t *testing.T) {
	t.Parallel()
	ta := startTestServer(t)
	for _, target := range []string{
		"///evil.example/?lang=cy",
		"//evil.example/?lang=cy",
		"////evil.example/?lang=cy",
		`/\evil.example/?lang=cy`,
		`/\\evil.example/?lang=cy`,
		"/%2F%2Fevil.example/?lang=cy",
		"/%2F/evil.example/?lang=cy",
		"/%5Cevil.example/?lang=cy",
		"/%5C%5Cevil.example/?lang=cy",
		"/%09/evil.example/?lang=cy",
		"///evil.example/ideas/new",
		"/ideas/new?lang=cy&x=//evil.example",
	} {
		res := rawGet(t, ta, target)
		if loc := res.Header.Get("Location"); offSite(loc) {
			t.Errorf("GET %s: %d Location %q leaves the site", target, res.StatusCode, loc)
		}
	}
	// The switch still works and keeps the page's own query.
	res := rawGet(t, ta, "/ideas?sort=new&lang=cy")
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/ideas?sort=new" {
		t.Errorf("language switch: %d %q, want 303 /ideas?sort=new", res.StatusCode, loc)
	}

	// Return addresses in forms, the sign-in page and the Referer.
	member := ta.client()
	member.signIn("elin")
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Bus times in one place")
	for _, next := range []string{"//evil.example/", "///evil.example", `/\evil.example`, "/%2F%2Fevil.example",
		"https://evil.example/", "https:evil.example", "javascript:alert(1)", "/\t/evil.example"} {
		res, _ := member.post("/ideas/"+strconv.FormatInt(idea.ID, 10)+"/vote", url.Values{"vote": {"on"}, "next": {next}})
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || offSite(loc) {
			t.Errorf("vote with next=%q: %d Location %q", next, res.StatusCode, loc)
		}
		_, body := ta.client().get("/auth/dev?next=" + url.QueryEscape(next))
		if !strings.Contains(body, `name="next" value="/"`) {
			t.Errorf("sign-in form keeps next=%q", next)
		}
	}
	visitor := ta.client()
	visitor.get("/")
	for _, ref := range []string{"https://evil.example/ideas", "http://localhost:3000//evil.example/",
		"http://user@localhost:3000/ideas", "http://localhost:3000/%5Cevil.example"} {
		req, _ := http.NewRequest(http.MethodPost, "http://localhost:3000/ideas/"+strconv.FormatInt(idea.ID, 10)+"/vote",
			strings.NewReader(url.Values{"_csrf": {visitor.CSRF}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", ref)
		res, _ := visitor.do(req)
		loc := res.Header.Get("Location")
		next, _ := url.Parse(loc)
		if res.StatusCode != http.StatusSeeOther || offSite(loc) || (next != nil && offSite(next.Query().Get("next"))) {
			t.Errorf("signed-out vote from %q: %d Location %q", ref, res.StatusCode, loc)
		}
	}
}
