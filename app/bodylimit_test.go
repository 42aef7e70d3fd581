package app_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
)

// These tests talk to a real listener over raw TCP, as a browser or Python's urllib does:
// write the whole request, and only then read the answer.

// signedIn is what a raw client needs to post as a signed-in person.
type signedIn struct {
	cookies string // the Cookie header
	csrf    string
}

// signInOverHTTP signs handle in through the development sign-in on a real listener, with the
// given role, and returns the session's cookies and a CSRF token for it.
func signInOverHTTP(t *testing.T, ta *testApp, handle, role string) signedIn {
	t.Helper()
	b := newBrowser(t, ta.URL)
	b.get("/auth/dev")
	if res, body := b.post("/auth/dev", url.Values{"handle": {handle}, "_csrf": {b.CSRF}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dev sign-in as %s: %d\n%s", handle, res.StatusCode, body)
	}
	if role != "" {
		ta.DB.Exec("UPDATE users SET role = ? WHERE handle = ?", role, handle)
	}
	b.get("/ideas/new")
	var parts []string
	for _, c := range b.jar.Cookies(b.base) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return signedIn{cookies: strings.Join(parts, "; "), csrf: b.CSRF}
}

// rawRequest is one HTTP/1.1 request written by hand.
type rawRequest struct {
	path    string
	headers []string // "Name: value"
	body    io.Reader
	size    int64 // the body's length, sent as Content-Length unless chunked
	chunked bool
}

// send writes the request's head and then its whole body, and only then reads the answer.
func (r rawRequest) send(t *testing.T, addr string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(60 * time.Second))
	w := bufio.NewWriterSize(conn, 64<<10)
	fmt.Fprintf(w, "POST %s HTTP/1.1\r\nHost: %s\r\n", r.path, addr)
	for _, h := range r.headers {
		fmt.Fprintf(w, "%s\r\n", h)
	}
	if r.chunked {
		fmt.Fprintf(w, "Transfer-Encoding: chunked\r\n\r\n")
		buf := make([]byte, 64<<10)
		for {
			n, rerr := io.ReadFull(r.body, buf)
			if n > 0 {
				fmt.Fprintf(w, "%x\r\n", n)
				w.Write(buf[:n])
				fmt.Fprintf(w, "\r\n")
			}
			if rerr != nil {
				break
			}
		}
		fmt.Fprintf(w, "0\r\n\r\n")
	} else {
		fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", r.size)
		io.Copy(w, r.body)
	}
	if err := w.Flush(); err != nil {
		t.Fatalf("POST %s: sending the body: %v", r.path, err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("POST %s: reading the answer after sending the body: %v", r.path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("POST %s: reading the answer's body: %v", r.path, err)
	}
	return res, string(body)
}

// repeated is n bytes of b over and over, without holding them all.
func repeated(b byte, n int64) io.Reader {
	return io.LimitReader(bytesReader(b), n)
}

type bytesReader byte

func (b bytesReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// oversizedForm is a form post of an idea whose body alone is size bytes.
func oversizedForm(csrf string, size int64) (io.Reader, int64) {
	head := "_csrf=" + url.QueryEscape(csrf) + "&consultation=digital&title=Too+big&body="
	return io.MultiReader(strings.NewReader(head), repeated('a', size)), int64(len(head)) + size
}

// oversizedUpload is a CSV import whose file is size bytes.
func oversizedUpload(csrf string, size int64) (io.Reader, int64, string) {
	var head bytes.Buffer
	w := multipart.NewWriter(&head)
	w.WriteField("_csrf", csrf)
	w.CreateFormFile("file", "ideas.csv")
	tail := "\r\n--" + w.Boundary() + "--\r\n"
	return io.MultiReader(&head, strings.NewReader("consultation,title,body\n"), repeated('a', size-24), strings.NewReader(tail)),
		int64(head.Len()) + size + int64(len(tail)), w.FormDataContentType()
}

func TestOversizedBodyGetsA413Page(t *testing.T) {
	t.Parallel()
	ta := startTestServer(t)
	ta.seedOpenConsultation("digital")
	addr := strings.TrimPrefix(ta.URL, "http://")
	member := signInOverHTTP(t, ta, "bronwen", "")
	staff := signInOverHTTP(t, ta, "sam", "staff")
	const size = 3 << 20
	formType := "Content-Type: application/x-www-form-urlencoded"
	referer := func(path string) string { return "Referer: " + ta.URL + path }

	for _, tc := range []struct {
		name      string
		path      string
		as        *signedIn
		headers   []string
		upload    bool
		chunked   bool
		welsh     bool
		wantLimit string
		wantBack  string
	}{
		{name: "signed in", path: "/ideas", as: &member, headers: []string{formType, referer("/ideas/new")},
			wantLimit: "1 MB", wantBack: "/ideas/new"},
		{name: "signed in, chunked, Welsh by Accept-Language", path: "/ideas", as: &member, chunked: true, welsh: true,
			headers: []string{formType, referer("/ideas/new"), "Accept-Language: cy"}, wantLimit: "1 MB", wantBack: "/ideas/new"},
		{name: "signed out, Welsh by cookie", path: "/ideas", headers: []string{formType, referer("/ideas/new"), "Cookie: lang=cy"},
			welsh: true, wantLimit: "1 MB", wantBack: "/ideas/new"},
		{name: "signed out, chunked", path: "/ideas", headers: []string{formType, referer("/ideas/new")}, chunked: true,
			wantLimit: "1 MB", wantBack: "/ideas/new"},
		{name: "signed out, no Referer", path: "/ideas", headers: []string{formType}, wantLimit: "1 MB"},
		{name: "signed out, Referer elsewhere", path: "/ideas", headers: []string{formType, "Referer: https://evil.example/ideas/new"},
			wantLimit: "1 MB"},
		// The import takes a file: its route accepts more, and the page names the file's limit.
		{name: "CSV import", path: "/ideas/import", as: &staff, upload: true, headers: []string{referer("/ideas/import")},
			wantLimit: "512 KB", wantBack: "/ideas/import"},
		{name: "CSV import, chunked, Welsh", path: "/ideas/import", as: &staff, upload: true, chunked: true, welsh: true,
			headers: []string{referer("/ideas/import"), "Accept-Language: cy"}, wantLimit: "512 KB", wantBack: "/ideas/import"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := rawRequest{path: tc.path, headers: tc.headers, chunked: tc.chunked}
			csrf := ""
			if tc.as != nil {
				req.headers = append(req.headers, "Cookie: "+tc.as.cookies)
				csrf = tc.as.csrf
			}
			if tc.upload {
				var ctype string
				req.body, req.size, ctype = oversizedUpload(csrf, size)
				req.headers = append(req.headers, "Content-Type: "+ctype)
			} else {
				req.body, req.size = oversizedForm(csrf, size)
			}
			res, body := req.send(t, addr)
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413\n%s", res.StatusCode, body)
			}
			if !res.Close {
				t.Error("the connection stays open after a refused body")
			}
			heading, signOut, signIn := "That is too large", "Sign out", "Sign in"
			if tc.welsh {
				heading, signOut, signIn = "Mae hynny&#39;n rhy fawr", "Allgofnodi", "Mewngofnodi"
			}
			if !strings.Contains(body, heading) || !strings.Contains(body, tc.wantLimit) {
				t.Errorf("page lacks %q or the limit %q:\n%s", heading, tc.wantLimit, body)
			}
			if tc.as != nil && !strings.Contains(body, signOut) {
				t.Errorf("page lacks the signed-in header (%q):\n%s", signOut, body)
			}
			if tc.as == nil && (strings.Contains(body, signOut) || !strings.Contains(body, signIn)) {
				t.Errorf("signed-out page lacks %q or offers %q:\n%s", signIn, signOut, body)
			}
			backLink := strings.Contains(body, "Go back to the form") || strings.Contains(body, "Mynd yn ôl i&#39;r ffurflen")
			if tc.wantBack != "" && (!backLink || !strings.Contains(body, `href="`+tc.wantBack+`"`)) {
				t.Errorf("page lacks the link back to %s:\n%s", tc.wantBack, body)
			}
			if tc.wantBack == "" && backLink {
				t.Errorf("page links back without a page of this site to go back to:\n%s", body)
			}
		})
	}

	t.Run("API", func(t *testing.T) {
		for _, chunked := range []bool{false, true} {
			head := `{"consultation":"digital","title":"Too big","body":"`
			req := rawRequest{path: "/api/v1/ideas", chunked: chunked,
				headers: []string{"Content-Type: application/json", "Accept: application/json", "X-CSRF-Token: " + member.csrf, "Cookie: " + member.cookies},
				body:    io.MultiReader(strings.NewReader(head), repeated('a', size), strings.NewReader(`"}`)), size: int64(len(head)) + size + 2}
			res, body := req.send(t, addr)
			var answer struct{ Error string }
			if res.StatusCode != http.StatusRequestEntityTooLarge || json.Unmarshal([]byte(body), &answer) != nil ||
				!strings.Contains(answer.Error, "1 MB") {
				t.Fatalf("chunked %v: status %d, want 413 with JSON naming 1 MB:\n%s", chunked, res.StatusCode, body)
			}
		}
	})

	var n int64
	ta.DB.Raw("SELECT count(*) FROM ideas").Scan(&n)
	if n != 0 {
		t.Fatalf("%d oversized ideas stored", n)
	}
}

// A client that sends Expect: 100-continue (curl does for a large body) is told 413 at once
// and never asked for the body.
func TestOversizedBodyWithExpectContinueIsNotAskedFor(t *testing.T) {
	t.Parallel()
	ta := startTestServer(t)
	addr := strings.TrimPrefix(ta.URL, "http://")
	for _, tc := range []struct{ path, limit string }{{"/ideas", "1 MB"}, {"/ideas/import", "512 KB"}, {"/api/v1/ideas", "1 MB"}} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
			"Accept-Language: cy\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", tc.path, addr, 3<<20)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		body, _ := io.ReadAll(res.Body)
		conn.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !res.Close || !strings.Contains(string(body), tc.limit) ||
			!strings.Contains(string(body), "Y mwyaf") && !strings.Contains(string(body), "Y ffeil fwyaf") {
			t.Fatalf("%s: status %d (close %v), want 413 in Welsh naming %s without asking for the body\n%s",
				tc.path, res.StatusCode, res.Close, tc.limit, body)
		}
	}
	// Within the limit the body is asked for, and read, as before.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	form := `{"title":"Small"}`
	fmt.Fprintf(conn, "POST /api/v1/ideas HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
		"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n", addr, len(form))
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil || res.StatusCode != http.StatusContinue {
		t.Fatalf("small body with Expect: %v %v, want 100 Continue", res, err)
	}
	fmt.Fprint(conn, form)
	if res, err = http.ReadResponse(br, nil); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("small body without a session: %v %v, want 401", res, err)
	}
}

// Bodies within the limit are read whole, however they are sent, and what a handler does not
// read is never taken for the next request on the connection.
func TestBodiesWithinTheLimitAreReadWhole(t *testing.T) {
	t.Parallel()
	ta := startTestServer(t)
	ta.seedOpenConsultation("digital")
	addr := strings.TrimPrefix(ta.URL, "http://")
	member := signInOverHTTP(t, ta, "bronwen", "")

	// A large idea, just within the limit: the form's token and fields are read from the
	// end of it, and the idea is refused as too long (not as a forgery, nor too large).
	for _, chunked := range []bool{false, true} {
		body, size := oversizedForm(member.csrf, 900<<10)
		res, page := rawRequest{path: "/ideas", chunked: chunked, body: body, size: size,
			headers: []string{"Content-Type: application/x-www-form-urlencoded", "Cookie: " + member.cookies}}.send(t, addr)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("chunked %v: 900 KB idea: status %d, want 422\n%s", chunked, res.StatusCode, page)
		}
	}

	// A request hidden in a body that nobody reads stays body. It sits past the first 8 KB,
	// which fasthttp reads ahead with the headers.
	for _, chunked := range []bool{false, true} {
		hidden := strings.Repeat("x", 10<<10) + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		if chunked {
			fmt.Fprintf(conn, "POST /healthz HTTP/1.1\r\nHost: %s\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", addr, len(hidden), hidden)
		} else {
			fmt.Fprintf(conn, "POST /healthz HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n\r\n%s", addr, len(hidden), hidden)
		}
		fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
		br := bufio.NewReader(conn)
		first, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, first.Body)
		second, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("chunked %v: second answer: %v", chunked, err)
		}
		io.Copy(io.Discard, second.Body)
		conn.Close()
		if first.StatusCode != http.StatusNotFound || second.StatusCode != http.StatusOK {
			t.Fatalf("chunked %v: answers %d then %d, want 404 (POST /healthz) then 200 (GET /healthz), not the hidden request's",
				chunked, first.StatusCode, second.StatusCode)
		}
	}

	// A compressed body is refused rather than inflated in memory.
	res, page := rawRequest{path: "/api/v1/ideas", body: strings.NewReader("{}"), size: 2,
		headers: []string{"Content-Type: application/json", "Content-Encoding: gzip", "X-CSRF-Token: " + member.csrf, "Cookie: " + member.cookies}}.send(t, addr)
	if res.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(page, "Content-Encoding") {
		t.Fatalf("gzip body: status %d, want 415\n%s", res.StatusCode, page)
	}
}

// A body over the limit is thrown away as it arrives, never held whole: sending 30 MB
// allocates a small part of that in the whole process. Not parallel, so that no other test
// allocates meanwhile.
func TestOversizedBodyIsNotHeldInMemory(t *testing.T) {
	ta := startTestServer(t)
	ta.seedOpenConsultation("digital")
	addr := strings.TrimPrefix(ta.URL, "http://")
	staff := signInOverHTTP(t, ta, "sam", "staff")
	const size = 30 << 20
	for _, tc := range []struct {
		name    string
		upload  bool
		chunked bool
	}{{"form", false, false}, {"chunked form", false, true}, {"CSV import", true, false}, {"chunked CSV import", true, true}} {
		req := rawRequest{path: "/ideas", chunked: tc.chunked, headers: []string{"Cookie: " + staff.cookies}}
		if tc.upload {
			var ctype string
			req.path = "/ideas/import"
			req.body, req.size, ctype = oversizedUpload(staff.csrf, size)
			req.headers = append(req.headers, "Content-Type: "+ctype)
		} else {
			req.body, req.size = oversizedForm(staff.csrf, size)
			req.headers = append(req.headers, "Content-Type: application/x-www-form-urlencoded")
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res, _ := req.send(t, addr)
		runtime.ReadMemStats(&after)
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("%s: status %d, want 413", tc.name, res.StatusCode)
		}
		t.Logf("%s: %d KB", tc.name, (after.TotalAlloc-before.TotalAlloc)>>10)
		if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
			t.Errorf("%s: refusing a 30 MB body allocated %d MB", tc.name, got>>20)
		}
	}
}
