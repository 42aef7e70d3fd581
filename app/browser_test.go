package app_test

// The browser suite: a real Chromium drives the whole app, started on its own port and
// database, through its pages as a person would, with JavaScript on. One browser process is
// shared by every journey; each journey has its own server, database and browser context
// (so its own cookies), and they run in parallel.
//
// The browser is CHROME_PATH, else /usr/bin/chromium, else chromium or chromium-browser on
// PATH. Without one the suite skips, except under CI, where it fails. Screenshots go to
// SCREENSHOT_DIR (default: screenshots/ at the repository root).

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/syniad/syniad/models"
)

// browserTimeout bounds each journey: its tab and everything it runs.
const browserTimeout = 60 * time.Second

func TestBrowser(t *testing.T) {
	browserCtx := startBrowser(t)

	t.Run("SignIn", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		p := newPage(t, browserCtx, ta)
		p.signIn("ada")
		p.screenshot("signed-in")
	})

	t.Run("SubmitIdea", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		existing := ta.seedIdea("digital", "Publish bus timetables as open data")
		p := newPage(t, browserCtx, ta)
		p.signIn("bryn")

		p.navigate("/ideas/new")
		const title = "Open data for bus timetables"
		p.do("type the title", chromedp.SendKeys(chromedp.ID("field-title"), title))
		// The similar-ideas region appears once the page's script has asked the API, which
		// matches by trigram similarity or full-text search.
		p.do("wait for similar ideas", chromedp.WaitVisible(chromedp.ID("similar-ideas")))
		similar := p.text(chromedp.CSS("#similar-ideas"))
		if !strings.Contains(similar, existing.Title) {
			t.Errorf("similar ideas = %q, want it to list %q", similar, existing.Title)
		}
		href := evaluate[string](p, `document.querySelector("#similar-ideas li a").getAttribute("href")`)
		if want := "/ideas/" + strconv.FormatInt(existing.ID, 10); !strings.HasSuffix(href, want) {
			t.Errorf("similar idea links to %q, want %q", href, want)
		}
		p.screenshot("new-idea-similar")

		p.do("type the body", chromedp.SendKeys(chromedp.ID("field-body"),
			"Put the timetables online as open data so that apps and signs can use them."))
		status := p.submit(chromedp.CSS(`form[action="/ideas"] button[type="submit"]`))
		if status != 200 {
			t.Errorf("after publishing: status %d, want 200", status)
		}
		if loc := p.location(); !regexp.MustCompile(`/ideas/\d+$`).MatchString(loc) {
			t.Errorf("after publishing: at %s, want an idea page", loc)
		}
		if h1 := p.text(chromedp.CSS("h1")); h1 != title {
			t.Errorf("idea page heading = %q, want %q", h1, title)
		}
		if flash := p.text(chromedp.CSS(".govuk-notification-banner")); !strings.Contains(flash, "Your idea has been published") {
			t.Errorf("flash = %q, want it to say the idea was published", flash)
		}
		p.screenshot("idea-published")
	})

	t.Run("VoteWithJavaScript", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Free wifi on every bus")
		p := newPage(t, browserCtx, ta)
		p.signIn("carys")
		p.navigate(fmt.Sprintf("/ideas/%d", idea.ID))

		count := chromedp.CSS(fmt.Sprintf(`[data-vote-count="%d"]`, idea.ID))
		label := chromedp.CSS("form[data-vote-form] [data-vote-label]")
		button := chromedp.CSS("form[data-vote-form] button")
		if got := p.text(count); got != "0" {
			t.Fatalf("count before voting = %q, want 0", got)
		}

		// A marker on window survives only if the page is not reloaded or replaced.
		p.do("set the marker", chromedp.Evaluate[chromedp.Void](`window.__syniadNoReload = true`))
		p.do("support the idea", chromedp.Click(button))
		p.waitText(count, "1")
		p.expectVote(idea.ID, "Remove my support", 1)
		p.screenshot("voted")

		p.do("reload", chromedp.Reload())
		if got := p.text(count); got != "1" {
			t.Errorf("count after reload = %q, want 1", got)
		}
		if got := p.text(label); got != "Remove my support" {
			t.Errorf("button after reload = %q, want %q", got, "Remove my support")
		}

		p.do("set the marker", chromedp.Evaluate[chromedp.Void](`window.__syniadNoReload = true`))
		p.do("remove support", chromedp.Click(button))
		p.waitText(count, "0")
		p.expectVote(idea.ID, "Support this idea", 0)
	})

	t.Run("CommentAndReply", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Library cards on your phone")
		p := newPage(t, browserCtx, ta)
		p.signIn("dafydd")
		ideaPath := fmt.Sprintf("/ideas/%d", idea.ID)
		p.navigate(ideaPath)

		p.do("write a comment", chromedp.SendKeys(chromedp.ID("field-body"),
			"This is **bold** <img src=x onerror=alert(1)>"))
		// The form for a new comment is the only one that skips browser validation.
		p.submit(chromedp.CSS(fmt.Sprintf(`form[novalidate][action="%s/comments"] button[type="submit"]`, ideaPath)))

		if got := p.text(chromedp.CSS(".syniad-comment .syniad-prose strong")); got != "bold" {
			t.Errorf("comment's bold text = %q, want %q", got, "bold")
		}
		if n := evaluate[int](p, `document.querySelectorAll("main img, [onerror]").length`); n != 0 {
			html := evaluate[string](p, `document.querySelector(".syniad-comments").outerHTML`)
			t.Errorf("the comment's hostile HTML reached the page (%d elements):\n%s", n, html)
		}
		var comment models.Comment
		if err := ta.DB.Where("idea_id = ? AND parent_id IS NULL", idea.ID).First(&comment).Error; err != nil {
			t.Fatalf("the comment was not stored: %v", err)
		}
		commentSel := fmt.Sprintf("#comment-%d", comment.ID)
		// Edit and Delete sit together under the comment: the browser must not have split them
		// apart (as it does with a form inside a <p>).
		actions := fmt.Sprintf(`document.querySelectorAll('%s > .syniad-comment__actions > a[href$="/edit"] ~ form[action$="/delete"]').length`, commentSel)
		if n := evaluate[int](p, actions); n != 1 {
			t.Errorf("the comment's Edit link and Delete button are not together in its actions (%d found)", n)
		}

		// Reply, through the disclosure under the comment.
		p.do("open Reply", chromedp.Click(chromedp.CSS(commentSel+" details summary")))
		p.do("write a reply", chromedp.SendKeys(chromedp.ID(fmt.Sprintf("reply-%d", comment.ID)), "I agree, and the app should work offline."))
		p.submit(chromedp.CSS(commentSel + " details form button[type=\"submit\"]"))
		reply := p.text(chromedp.CSS(commentSel + " .syniad-comments .syniad-comment .syniad-prose"))
		if !strings.Contains(reply, "work offline") {
			t.Errorf("nested reply = %q, want the reply's text", reply)
		}
		p.screenshot("comment-and-reply")

		// Edit the first comment.
		p.submit(chromedp.CSS(fmt.Sprintf(`%s a[href="/comments/%d/edit"]`, commentSel, comment.ID)))
		p.do("change the comment",
			chromedp.Clear(chromedp.ID("field-body")),
			chromedp.SendKeys(chromedp.ID("field-body"), "This is **bold**, and now edited."))
		p.submit(chromedp.CSS(fmt.Sprintf(`form[action="/comments/%d"] button[type="submit"]`, comment.ID)))
		if meta := p.text(chromedp.CSS(commentSel + " > .syniad-meta")); !strings.Contains(meta, "edited") {
			t.Errorf("edited comment's byline = %q, want it to say edited", meta)
		}
		if body := p.text(chromedp.CSS(commentSel + " > .syniad-prose")); !strings.Contains(body, "now edited") {
			t.Errorf("edited comment = %q, want the new text", body)
		}
		p.screenshot("comment-edited")
	})

	t.Run("Validation", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		p := newPage(t, browserCtx, ta)
		p.signIn("eira")
		p.navigate("/ideas/new")

		const body = "A body worth keeping when the title is missing."
		p.do("type only the body", chromedp.SendKeys(chromedp.ID("field-body"), body))
		status := p.submit(chromedp.CSS(`form[action="/ideas"] button[type="submit"]`))
		if status != 422 {
			t.Errorf("status = %d, want 422", status)
		}
		if summary := p.text(chromedp.CSS(".govuk-error-summary")); !strings.Contains(summary, "There is a problem") {
			t.Errorf("error summary = %q, want %q", summary, "There is a problem")
		}
		if n := evaluate[int](p, `document.querySelectorAll('.govuk-error-summary a[href="#field-title"]').length`); n != 1 {
			t.Errorf("error summary has %d links to the title field, want 1", n)
		}
		if got := p.value(chromedp.ID("field-body")); got != body {
			t.Errorf("body after the error = %q, want %q kept", got, body)
		}
		p.screenshot("new-idea-error")
	})

	t.Run("TriageToShortlist", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Teach digital skills in libraries")
		theme := &models.Theme{Slug: "skills", Name: "Skills", NameCy: "Sgiliau"}
		ta.DB.Create(theme)
		p := newPage(t, browserCtx, ta)
		p.signIn("panel-pam")
		ta.DB.Exec("UPDATE users SET role = 'panel' WHERE handle = 'panel-pam'")

		// From the queue to the idea's panel tools.
		p.navigate("/triage")
		if q := p.text("main"); !strings.Contains(q, idea.Title) {
			t.Fatalf("the triage queue does not list %q:\n%s", idea.Title, q)
		}
		p.screenshot("triage-queue")
		p.submit(chromedp.CSS(fmt.Sprintf(`a[href="/ideas/%d#triage"]`, idea.ID)))

		p.do("choose a status and write a response",
			chromedp.SetValue(chromedp.ID("field-status"), "under_review"),
			chromedp.SendKeys(chromedp.ID("field-response"), "The panel will discuss this in June."),
			chromedp.SendKeys(chromedp.ID("field-response_cy"), "Bydd y panel yn trafod hyn ym mis Mehefin."))
		p.submit(chromedp.CSS(fmt.Sprintf(`form[action="/ideas/%d/status"] button`, idea.ID)))
		p.do("choose a theme", chromedp.SetValue(chromedp.ID("field-theme_id"), strconv.FormatInt(theme.ID, 10)))
		p.submit(chromedp.CSS(fmt.Sprintf(`form[action="/ideas/%d/themes"] button[type="submit"]`, idea.ID)))
		p.do("rank and explain", chromedp.SendKeys(chromedp.ID("field-rationale"), "Libraries already reach people offline."))
		p.submit(chromedp.CSS(fmt.Sprintf(`form[action="/ideas/%d/shortlist"] button`, idea.ID)))
		page := p.text("main")
		for _, want := range []string{"The panel will discuss this in June.", "Shortlisted", "On the shortlist at number 1",
			"added the theme Skills", "put this idea on the shortlist at number 1"} {
			if !strings.Contains(page, want) {
				t.Errorf("after triage the idea page lacks %q", want)
			}
		}
		p.screenshot("idea-triaged")

		// Publish the shortlist; then anyone can read it, with the rationale.
		p.navigate("/consultations/digital/shortlist")
		p.submit(chromedp.CSS(`form[action="/consultations/digital/shortlist/publish"] button`))
		public, err := http.Get(ta.URL + "/consultations/digital/shortlist")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(public.Body)
		public.Body.Close()
		if public.StatusCode != 200 || !strings.Contains(string(body), "Libraries already reach people offline.") {
			t.Errorf("the published shortlist, signed out: %d", public.StatusCode)
		}
		p.screenshot("shortlist-published")
	})

	t.Run("MeetingAgendaAndActions", func(t *testing.T) {
		t.Parallel()
		meetingJourney(t, browserCtx)
	})

	t.Run("NarrowScreen", func(t *testing.T) {
		t.Parallel()
		// The tables hold dates, whose width is their month's: fixed in July (Gorffennaf, the
		// longest name in Welsh), so the page is measured at its widest whenever the test runs.
		ta := startTestServer(t, fixedClock(time.Date(2027, time.July, 14, 12, 30, 0, 0, models.London)))
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Plain-language letters from every council department")
		p := newPage(t, browserCtx, ta)
		p.signIn("ffion")
		p.do("narrow the window", chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile))
		p.navigate(fmt.Sprintf("/ideas/%d", idea.ID))
		p.do("write a comment", chromedp.SendKeys(chromedp.ID("field-body"), "Yes please – letters I can understand first time."))
		p.submit(chromedp.CSS(fmt.Sprintf(`form[novalidate][action="/ideas/%d/comments"] button[type="submit"]`, idea.ID)))
		p.screenshot("idea-320px")
		noSidewaysScroll(t, p)

		// The action log's table and a meeting's page, in Welsh: a wide table scrolls in its own
		// box, the page does not.
		actor := ta.staffActor(t)
		if _, errs, err := models.SaveBoard(t.Context(), ta.DB, actor, 0, models.BoardInput{Name: "Digital Panel", NameCy: "Panel Digidol", Slug: "digital", RefPrefix: "DP"}); err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
		m := ta.seedMeeting(t, "digital")
		ta.linkIdea(t, ta.seedAgendaItem(t, m.ID, "Syniadau gan y cyhoedd").ID, idea.ID)
		late := ta.seedAction(t, "digital", "Cyhoeddi'r map ffordd a'r amserlen ar gyfer pob gwasanaeth digidol newydd")
		ta.DB.Exec("UPDATE actions SET due_on = ? WHERE id = ?", models.Today(ta.now()).AddDate(0, 0, -3).Format(time.DateOnly), late.ID)
		for _, path := range []string{"/actions?lang=cy", fmt.Sprintf("/meetings/%d", m.ID)} {
			p.navigate(path)
			noSidewaysScroll(t, p)
		}
		p.screenshot("actions-320px-cy")

		// The meeting pack with its charts, the export form and the open data page, in Welsh.
		ta.DB.Exec("UPDATE users SET role = 'panel' WHERE handle = 'ffion'")
		for _, path := range []string{fmt.Sprintf("/meetings/%d/pack", m.ID), "/exports", "/open-data"} {
			p.navigate(path)
			noSidewaysScroll(t, p)
		}
		p.navigate(fmt.Sprintf("/meetings/%d/pack", m.ID))
		p.screenshot("pack-320px-cy")
	})
}

// noSidewaysScroll fails when the page is wider than its 320 px viewport, naming what sticks out.
func noSidewaysScroll(t *testing.T, p *browserPage) {
	t.Helper()
	if w := evaluate[int](p, `document.documentElement.scrollWidth`); w > 320 {
		wide := evaluate[string](p, `Array.from(document.querySelectorAll("body *"))
			.filter(e => e.getBoundingClientRect().right > 320)
			.slice(0, 5).map(e => e.tagName + "." + e.className).join(", ")`)
		t.Errorf("%s is %d px wide at a 320 px viewport: it scrolls sideways (wide: %s)", p.location(), w, wide)
	}
}

// startBrowser starts the shared headless Chromium, stopped when the test ends.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromePath()
	if path == "" {
		msg := "no Chromium found: set CHROME_PATH, or install Debian's chromium (apt-get install chromium)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })

	// The first run starts the browser, whose life is that of ctx, so it cannot carry the
	// timeout itself: watch it instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start %s: %v", path, err)
		}
	case <-time.After(browserTimeout):
		t.Fatalf("start %s: no answer after %s", path, browserTimeout)
	}
	return ctx
}

// chromePath finds the browser to drive, or returns "".
func chromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if lp, err := exec.LookPath(p); err == nil {
			return lp
		}
		return ""
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserPage is one journey's tab, in a browser context of its own, on one test server.
type browserPage struct {
	t   *testing.T
	ta  *testApp
	ctx context.Context

	mu         sync.Mutex
	dialogs    []string // messages of JavaScript dialogs: none may open
	exceptions []string // uncaught JavaScript errors: none may happen
}

func newPage(t *testing.T, browserCtx context.Context, ta *testApp) *browserPage {
	t.Helper()
	return newPageWithin(t, browserCtx, ta, browserTimeout)
}

// newPageWithin is newPage for a journey that may take longer than browserTimeout.
func newPageWithin(t *testing.T, browserCtx context.Context, ta *testApp, timeout time.Duration) *browserPage {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tabCtx, timeout)
	p := &browserPage{t: t, ta: ta, ctx: ctx}
	dismiss := make(chan struct{}, 16)
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			p.mu.Lock()
			p.dialogs = append(p.dialogs, string(ev.Type)+": "+ev.Message)
			p.mu.Unlock()
			select {
			case dismiss <- struct{}{}:
			default:
			}
		case *runtime.EventExceptionThrown:
			p.mu.Lock()
			p.exceptions = append(p.exceptions, exceptionText(ev.ExceptionDetails))
			p.mu.Unlock()
		}
	})
	if err != nil {
		cancel()
		cancelTab()
		t.Fatalf("open a tab: %v", err)
	}
	// A dialog blocks the page, so close it (the test fails anyway) to let the journey go on.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dismiss:
				chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()
	t.Cleanup(func() {
		p.mu.Lock()
		for _, d := range p.dialogs {
			t.Errorf("a JavaScript dialog opened: %s", d)
		}
		for _, e := range p.exceptions {
			t.Errorf("uncaught JavaScript error: %s", e)
		}
		p.mu.Unlock()
		cancel()
		cancelTab()
	})
	return p
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	s := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		s += " " + d.Exception.Description
	}
	return fmt.Sprintf("%s (%s:%d:%d)", s, d.URL, d.LineNumber, d.ColumnNumber)
}

// do runs actions, failing the journey with what it was doing when one fails.
func (p *browserPage) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v%s", what, err, p.where())
	}
}

// where says which page the tab is on, for failure messages.
func (p *browserPage) where() string {
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return ""
	}
	return " (on " + loc + ")"
}

// navigate opens a path of the test server and checks that it answered 200.
func (p *browserPage) navigate(path string) {
	p.t.Helper()
	res, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.ta.URL+path))
	if err != nil {
		p.t.Fatalf("open %s: %v", path, err)
	}
	if res.Status != 200 {
		p.t.Fatalf("open %s: status %d", path, res.Status)
	}
}

// submit clicks a button or link that loads a new page, waits for it, and returns the status
// of the page it lands on (after any redirect).
func (p *browserPage) submit(sel chromedp.CSS) int64 {
	p.t.Helper()
	res, err := chromedp.RunResponse(p.ctx, chromedp.Click(sel))
	if err != nil {
		p.t.Fatalf("click %s: %v%s", sel, err, p.where())
	}
	if res == nil {
		p.t.Fatalf("click %s: no page loaded%s", sel, p.where())
	}
	return res.Status
}

func (p *browserPage) text(sel chromedp.CSS) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(sel))
	if err != nil {
		p.t.Fatalf("read %s: %v%s", sel, err, p.where())
	}
	return strings.TrimSpace(s)
}

func (p *browserPage) value(sel chromedp.ID) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Value(sel))
	if err != nil {
		p.t.Fatalf("read %s: %v%s", sel, err, p.where())
	}
	return s
}

func (p *browserPage) location() string {
	p.t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.t.Fatalf("read the location: %v", err)
	}
	return loc
}

// waitText waits until an element's text is want, and fails with what it shows otherwise.
func (p *browserPage) waitText(sel chromedp.CSS, want string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	js := fmt.Sprintf(`(document.querySelector(%q) || {}).textContent?.trim() === %q`, string(sel), want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		got, _ := chromedp.Run(p.ctx, chromedp.Text(sel))
		p.t.Fatalf("wait for %s to read %q: %v (it reads %q)", sel, want, err, strings.TrimSpace(got))
	}
}

func evaluate[T any](p *browserPage, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// signIn is the sign-in journey: from the sign-in page, through the development sign-in
// link and form, to a header that offers to sign out.
func (p *browserPage) signIn(handle string) {
	p.t.Helper()
	p.navigate("/login")
	p.submit(`a[href^="/auth/dev"]`)
	if h1 := p.text("h1"); h1 == "" {
		p.t.Fatal("the development sign-in page has no heading")
	}
	p.do("type the username", chromedp.SendKeys(chromedp.ID("field-handle"), handle))
	if status := p.submit(`form[action="/auth/dev"] button[type="submit"]`); status != 200 {
		p.t.Fatalf("signing in landed on status %d%s", status, p.where())
	}
	if header := p.text(".syniad-header"); !strings.Contains(header, "Sign out") {
		p.t.Fatalf("after signing in the header reads %q, want Sign out", header)
	}
}

// screenshot saves a full-page PNG to SCREENSHOT_DIR.
func (p *browserPage) screenshot(name string) {
	p.t.Helper()
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join("..", "screenshots") // the repository root, from app/
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatalf("screenshot dir: %v", err)
	}
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
}

// expectVote checks, after a vote changed in place, that the page was not reloaded, the button
// reads label, and the idea has votes stored votes. (Call it with the window marker set.)
func (p *browserPage) expectVote(ideaID int64, label string, votes int64) {
	p.t.Helper()
	if !evaluate[bool](p, `window.__syniadNoReload === true`) {
		p.t.Error("voting navigated away from the page: the vote should update in place")
	}
	if got := p.text("form[data-vote-form] [data-vote-label]"); got != label {
		p.t.Errorf("button after voting = %q, want %q", got, label)
	}
	if n := voteRows(p.t, p.ta, ideaID); n != votes {
		p.t.Errorf("votes rows after voting = %d, want %d", n, votes)
	}
}

// voteRows counts the stored votes on an idea.
func voteRows(t *testing.T, ta *testApp, ideaID int64) int64 {
	t.Helper()
	var n int64
	if err := ta.DB.Table("votes").Where("idea_id = ?", ideaID).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
