package app_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// The journeys of mail in a browser (issue 16): the service runs on its own port with its
// queue's workers, sending to a real SMTP server run by the test; the test reads what arrives
// and follows its links in the browser, as the recipient would.

// mailSite is a running app with its workers, sending to a test SMTP server, its clock fixed.
func mailSite(t *testing.T) (*testApp, *testSMTP, *movableClock) {
	t.Helper()
	smtp := newTestSMTP(t, false)
	clock := newMovableClock(london(2030, 3, 4, 9, 30))
	ta := startTestServer(t, withSMTP(smtp), func(c *app.Config) { c.Clock = clock.now })
	ta.startWorkers()
	return ta, smtp, clock
}

// open navigates to a path or a URL of the test server and returns the status it lands on.
func (p *browserPage) open(pathOrURL string) int64 {
	p.t.Helper()
	res, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.ta.URL+strings.TrimPrefix(pathOrURL, p.ta.URL)))
	if err != nil {
		p.t.Fatalf("open %s: %v", pathOrURL, err)
	}
	return res.Status
}

// checked reports whether the radio button or checkbox with this id is checked.
func (p *browserPage) checked(id string) bool {
	p.t.Helper()
	return evaluate[bool](p, fmt.Sprintf(`document.getElementById(%q).checked`, id))
}

// askForSignInLink is the visitor's part on /login: choose the language with the switch if
// it is not the one shown, give the address, and be told to check their email. It returns
// the message that arrives.
func (p *browserPage) askForSignInLink(smtp *testSMTP, lang, address string) receivedMail {
	p.t.Helper()
	p.navigate("/login")
	if evaluate[string](p, `document.documentElement.lang`) != lang {
		p.submit(`.syniad-lang a`)
		if got := evaluate[string](p, `document.documentElement.lang`); got != lang {
			p.t.Fatalf("after the language switch the page is in %q, want %q", got, lang)
		}
	}
	before := len(smtp.Messages())
	p.do("type the address", chromedp.SendKeys(chromedp.ID("field-email"), address))
	if status := p.submit(`form[action="/auth/email"] button[type="submit"]`); status != http.StatusOK {
		p.t.Fatalf("asking for a link: status %d%s", status, p.where())
	}
	if loc := p.location(); !strings.HasSuffix(loc, "/auth/email/sent") {
		p.t.Fatalf("after asking for a link: at %s", loc)
	}
	smtp.Wait(before + 1)
	return smtp.WaitFor(address)
}

// signInLinkIn finds the sign-in link in a message (its plain text and its HTML agree).
func signInLinkIn(t *testing.T, ta *testApp, m receivedMail, lang string) string {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(ta.URL) + `/auth/email/[A-Za-z0-9_-]{43}\?lang=` + lang)
	link := re.FindString(m.Text)
	if link == "" {
		t.Fatalf("no sign-in link in %s in the mail:\n%s", lang, m.Text)
	}
	if !strings.Contains(m.HTML, `href="`+link+`"`) {
		t.Errorf("the HTML part lacks the link %s:\n%s", link, m.HTML)
	}
	return link
}

// useSignInLink opens a sign-in link, presses its button and, as it is a first sign-in,
// chooses a handle on the welcome page; it checks the header then shows the handle.
func (p *browserPage) useSignInLink(link, handle string) {
	p.t.Helper()
	if status := p.open(link); status != http.StatusOK {
		p.t.Fatalf("opening the sign-in link: status %d%s", status, p.where())
	}
	p.submit(`form[action^="/auth/email/"] button[type="submit"]`)
	if loc := p.location(); !strings.HasSuffix(loc, "/auth/email/welcome") {
		p.t.Fatalf("after pressing the button: at %s, want the welcome page", loc)
	}
	p.do("choose a handle", chromedp.SendKeys(chromedp.ID("field-handle"), handle))
	if status := p.submit(`form[action="/auth/email/welcome"] button[type="submit"]`); status != http.StatusOK {
		p.t.Fatalf("choosing a handle: status %d%s", status, p.where())
	}
	if who := p.text(".syniad-header__who"); who != handle {
		p.t.Fatalf("after signing in the header shows %q, want %q", who, handle)
	}
}

// signInByEmail is the whole journey for someone new, in lang, in this page's browser.
func (p *browserPage) signInByEmail(smtp *testSMTP, lang, address, handle string) *models.User {
	p.t.Helper()
	m := p.askForSignInLink(smtp, lang, address)
	p.useSignInLink(signInLinkIn(p.t, p.ta, m, lang), handle)
	u, err := models.UserByHandle(p.t.Context(), p.ta.DB, handle)
	if err != nil {
		p.t.Fatal(err)
	}
	return u
}

// TestBrowserEmailSignInWelsh: a visitor chooses Welsh on /login and asks for a link; the
// Welsh mail arrives; the link, opened in another browser, shows a button that signs in; a
// first sign-in chooses a handle and is signed in. The link then no longer works, anywhere.
func TestBrowserEmailSignInWelsh(t *testing.T) {
	browserCtx := startBrowser(t)
	ta, smtp, _ := mailSite(t)
	const address = "angharad@example.org"

	asker := newPage(t, browserCtx, ta)
	m := asker.askForSignInLink(smtp, "cy", address)
	if h1 := asker.text("h1"); h1 != "Gwiriwch eich e-bost" {
		t.Errorf("after asking, the page's heading is %q", h1)
	}
	asker.screenshot("email-signin-sent-cy")
	if subject := header(m, "Subject"); subject != "Eich dolen i fewngofnodi i Syniad" || header(m, "Content-Language") != "cy" {
		t.Errorf("the mail's subject %q, language %q; want the Welsh", subject, header(m, "Content-Language"))
	}
	if len(m.To) != 1 || m.To[0] != address {
		t.Errorf("the mail went to %v", m.To)
	}
	if !strings.Contains(m.HTML, `lang="cy"`) || !strings.Contains(m.Text, "15 munud") {
		t.Errorf("the mail is not all in Welsh:\n%s", m.Text)
	}
	link := signInLinkIn(t, ta, m, "cy")

	// Another browser, with nothing of the first's: the link is in Welsh there too.
	other := newPage(t, browserCtx, ta)
	if status := other.open(link); status != http.StatusOK {
		t.Fatalf("opening the link: status %d", status)
	}
	if lang := evaluate[string](other, `document.documentElement.lang`); lang != "cy" {
		t.Errorf("the link's page is in %q, want cy", lang)
	}
	if button := other.text(`form[action^="/auth/email/"] button`); button != "Mewngofnodi" {
		t.Errorf("the link's button reads %q", button)
	}
	other.screenshot("email-signin-link-cy")
	other.useSignInLink(link, "angharad")
	other.screenshot("email-signin-welcome-done-cy")
	user, err := models.UserByHandle(t.Context(), ta.DB, "angharad")
	if err != nil || user.Email != address || user.Locale != "cy" {
		t.Fatalf("the new account: %+v %v", user, err)
	}
	if body := other.text("body"); strings.Contains(body, address) {
		t.Error("the email address is shown on the page")
	}

	// The same link again, in the browser that asked for it: used, so gone.
	if status := asker.open(link); status != http.StatusGone {
		t.Errorf("opening the used link: status %d, want 410", status)
	}
	if h1 := asker.text("h1"); h1 != "Nid yw'r ddolen fewngofnodi hon yn gweithio mwyach" {
		t.Errorf("the used link's page reads %q", h1)
	}
	asker.screenshot("email-signin-used-cy")
}
