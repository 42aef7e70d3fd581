package app_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

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

// decide is the panel's triage form on an idea's page: a status and a public response in
// both languages, saved.
func (p *browserPage) decide(ideaID int64, status, response, responseCy string) {
	p.t.Helper()
	p.navigate(fmt.Sprintf("/ideas/%d", ideaID))
	p.do("choose a status and write the response",
		chromedp.SetValue(chromedp.ID("field-status"), status),
		// The last response is there to edit: this one replaces it.
		chromedp.Evaluate[chromedp.Void](`document.getElementById("field-response").value = document.getElementById("field-response_cy").value = ""`),
		chromedp.SendKeys(chromedp.ID("field-response"), response),
		chromedp.SendKeys(chromedp.ID("field-response_cy"), responseCy))
	if code := p.submit(chromedp.CSS(fmt.Sprintf(`form[action="/ideas/%d/status"] button[type="submit"]`, ideaID))); code != http.StatusOK {
		p.t.Fatalf("saving the decision: status %d%s", code, p.where())
	}
	if got := p.value(chromedp.ID("field-status")); got != status {
		p.t.Fatalf("after saving, the status is %q, want %q%s", got, status, p.where())
	}
}

// panelMember signs someone in by the development sign-in and makes them a panel member.
func panelMember(t *testing.T, browserCtx context.Context, ta *testApp, handle string) *browserPage {
	t.Helper()
	p := newPageWithin(t, browserCtx, ta, 2*browserTimeout)
	p.signIn(handle)
	if _, err := models.GrantRole(t.Context(), ta.DB, nil, handle, models.RolePanel); err != nil {
		t.Fatal(err)
	}
	return p
}

// waitForQueue waits until the queue has no job waiting or running, so that every message
// the changes so far caused has reached the SMTP server (or failed).
func (ta *testApp) waitForQueue() {
	ta.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var waiting int64
		if err := ta.DB.Raw(`SELECT count(*) FROM river_job WHERE state IN ('available', 'pending', 'running', 'retryable')`).Scan(&waiting).Error; err != nil {
			ta.t.Fatal(err)
		}
		if waiting == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	ta.t.Fatal("waited 30s for the queue's jobs to finish")
}

// messagesTo is the messages that reached one address.
func messagesTo(got []receivedMail, address string) []receivedMail {
	var out []receivedMail
	for _, m := range got {
		if len(m.To) == 1 && m.To[0] == address {
			out = append(out, m)
		}
	}
	return out
}

// linkAfter is the first URL in a message's text after label.
func linkAfter(t *testing.T, m receivedMail, label string) string {
	t.Helper()
	i := strings.Index(m.Text, label)
	if i < 0 {
		t.Fatalf("no %q in the message:\n%s", label, m.Text)
	}
	for _, f := range strings.Fields(m.Text[i+len(label):]) {
		if strings.HasPrefix(f, "http") {
			return f
		}
	}
	t.Fatalf("no link after %q in the message:\n%s", label, m.Text)
	return ""
}

func TestBrowserHearingBack(t *testing.T) {
	browserCtx := startBrowser(t)

	// The author of an idea (English) and someone who follows it (Welsh), both signed in by
	// email, hear at once of the panel's decision, each in their language. The follower's
	// mail program unsubscribes with one click; the preferences page from the message then
	// shows that kind off, to a reader not signed in, and the next change reaches only the
	// author.
	t.Run("AtOnce", func(t *testing.T) {
		t.Parallel()
		ta, smtp, _ := mailSite(t)
		ta = ta.withT(t)
		ta.seedOpenConsultation("digital")

		author := newPageWithin(t, browserCtx, ta, 2*browserTimeout)
		author.signInByEmail(smtp, "en", "awen@example.org", "awen")
		author.navigate("/ideas/new")
		author.do("type the title", chromedp.SendKeys(chromedp.ID("field-title"), "Bilingual signs at every station"))
		author.do("type the body", chromedp.SendKeys(chromedp.ID("field-body"), "Every station announces itself in Welsh and English."))
		author.submit(`form[action="/ideas"] button[type="submit"]`)
		var idea models.Idea
		if err := ta.DB.Where("title = ?", "Bilingual signs at every station").First(&idea).Error; err != nil {
			t.Fatalf("the idea was not stored: %v", err)
		}
		ideaPath := fmt.Sprintf("/ideas/%d", idea.ID)

		follower := newPageWithin(t, browserCtx, ta, 2*browserTimeout)
		follower.signInByEmail(smtp, "cy", "gwion@example.org", "gwion")
		follower.navigate(ideaPath)
		follower.submit(chromedp.CSS(fmt.Sprintf(`form[action="%s/follow"] button[type="submit"]`, ideaPath)))
		if got := follower.text("#follow"); !strings.Contains(got, "Rydych chi'n dilyn") {
			t.Errorf("after following, the box reads %q", got)
		}
		follower.screenshot("hearing-back-following-cy")

		panel := panelMember(t, browserCtx, ta, "pennaeth")
		panel.decide(idea.ID, models.StatusShortlisted, "We will take this to the board in June.", "Byddwn yn mynd â hwn at y bwrdd ym mis Mehefin.")
		panel.screenshot("hearing-back-decided")
		smtp.WaitFor("awen@example.org")
		smtp.WaitFor("gwion@example.org")
		ta.waitForQueue()
		got := smtp.Messages()
		// Two sign-in links, then one message each; none to the panel member.
		onlyTo(t, got, "awen@example.org", "gwion@example.org", "awen@example.org", "gwion@example.org")

		en := messagesTo(got, "awen@example.org")[1]
		if subject := header(en, "Subject"); subject != "New status for “Bilingual signs at every station”: Shortlisted" {
			t.Errorf("the author's subject is %q", subject)
		}
		if !strings.Contains(en.Text, "We will take this to the board in June.") || !strings.Contains(en.Text, ta.URL+ideaPath) {
			t.Errorf("the author's message:\n%s", en.Text)
		}
		cy := messagesTo(got, "gwion@example.org")[1]
		if subject := header(cy, "Subject"); subject != "Statws newydd i “Bilingual signs at every station”: Ar y rhestr fer" {
			t.Errorf("the follower's subject is %q", subject)
		}
		if !strings.Contains(cy.Text, "Byddwn yn mynd â hwn at y bwrdd ym mis Mehefin.") || !strings.Contains(cy.Text, "Gweld y syniad") ||
			header(cy, "Content-Language") != "cy" {
			t.Errorf("the follower's message is not in Welsh:\n%s", cy.Text)
		}

		// One-click unsubscribe (RFC 8058), as a mail program sends it: no cookie, no token.
		if v := header(cy, "List-Unsubscribe-Post"); v != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post is %q", v)
		}
		unsubscribe := strings.Trim(header(cy, "List-Unsubscribe"), "<>")
		if !strings.HasPrefix(unsubscribe, ta.URL+"/unsubscribe/status.") {
			t.Fatalf("List-Unsubscribe is %q", header(cy, "List-Unsubscribe"))
		}
		res, err := http.Post(unsubscribe, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("one-click unsubscribe: status %d", res.StatusCode)
		}

		// The preferences link in the message, in a browser that never signed in.
		stranger := newPage(t, browserCtx, ta)
		if code := stranger.open(linkAfter(t, cy, "Dewiswch beth rydych chi'n clywed amdano a pha mor aml:")); code != http.StatusOK {
			t.Fatalf("the preferences link: status %d", code)
		}
		if h1 := stranger.text("h1"); h1 != "Hysbysiadau" {
			t.Errorf("the preferences page's heading is %q, want the Welsh", h1)
		}
		if !stranger.checked("field-mode_status-never") {
			t.Error("after unsubscribing, status changes are not off on the preferences page")
		}
		if !stranger.checked("field-mode_agenda") {
			t.Error("unsubscribing from status changes changed the agenda's choice")
		}
		if header := stranger.text(".syniad-header"); strings.Contains(header, "gwion") {
			t.Errorf("the preferences page signed the reader in: %q", header)
		}
		stranger.screenshot("hearing-back-preferences-cy")

		// The idea's link in the Welsh message, in that browser, opens the idea in Welsh.
		if code := stranger.open(linkAfter(t, cy, "Gweld y syniad:")); code != http.StatusOK {
			t.Fatalf("the idea's link: status %d", code)
		}
		if lang := evaluate[string](stranger, `document.documentElement.lang`); lang != "cy" || !strings.HasSuffix(stranger.location(), ideaPath) {
			t.Errorf("the Welsh message's link to the idea opened %s in %q, want the idea in Welsh", stranger.location(), lang)
		}

		// The next change reaches the author alone.
		panel.decide(idea.ID, models.StatusInProgress, "The board agreed: work has started.", "Cytunodd y bwrdd: mae'r gwaith wedi dechrau.")
		ta.waitForQueue()
		onlyTo(t, smtp.Messages(), "awen@example.org", "gwion@example.org", "awen@example.org", "gwion@example.org", "awen@example.org")

		// Changing their mind on the same page, still not signed in: at once again.
		stranger.open(linkAfter(t, cy, "Dewiswch beth rydych chi'n clywed amdano a pha mor aml:"))
		stranger.do("choose at once", chromedp.Click(chromedp.CSS(`label[for="field-mode_status"]`)))
		if code := stranger.submit(`form[action^="/notifications/"] button[type="submit"]`); code != http.StatusOK {
			t.Fatalf("saving the preferences from the message: status %d", code)
		}
		if !stranger.checked("field-mode_status") || evaluate[string](stranger, `document.documentElement.lang`) != "cy" {
			t.Errorf("after saving from the message, status changes are not at once, or the page is not in Welsh")
		}
		if flash := stranger.text(".govuk-notification-banner"); flash == "" {
			t.Error("no message after saving the preferences from the message")
		}
		stranger.screenshot("hearing-back-preferences-saved-cy")
		panel.decide(idea.ID, models.StatusDone, "Every station now has bilingual signs.", "Mae gan bob gorsaf arwyddion dwyieithog nawr.")
		ta.waitForQueue()
		onlyTo(t, smtp.Messages(), "awen@example.org", "gwion@example.org", "awen@example.org", "gwion@example.org", "awen@example.org",
			"awen@example.org", "gwion@example.org")
	})
	// Someone who follows an idea chooses, on their notifications page, to hear of status
	// changes in the daily digest. The panel makes two changes: no mail at once. The next
	// morning's digest job, worked by the queue, sends one message with both.
	t.Run("InADigest", func(t *testing.T) {
		t.Parallel()
		ta, smtp, clock := mailSite(t)
		ta = ta.withT(t)
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Free wifi on every bus")
		ideaPath := fmt.Sprintf("/ideas/%d", idea.ID)
		const address = "dewi@example.org"

		follower := newPageWithin(t, browserCtx, ta, 2*browserTimeout)
		user := follower.signInByEmail(smtp, "en", address, "dewi")
		follower.navigate(ideaPath)
		follower.submit(chromedp.CSS(fmt.Sprintf(`form[action="%s/follow"] button[type="submit"]`, ideaPath)))
		follower.submit(`#follow a[href="/account/notifications"]`)
		if !follower.checked("field-mode_status") {
			t.Error("status changes are not told at once until chosen otherwise")
		}
		follower.do("choose the digest", chromedp.Click(chromedp.CSS(`label[for="field-mode_status-digest"]`)))
		if code := follower.submit(`form[action="/account/notifications"] button[type="submit"]`); code != http.StatusOK {
			t.Fatalf("saving the preferences: status %d", code)
		}
		if flash := follower.text(".govuk-notification-banner"); flash == "" {
			t.Error("no message after saving the preferences")
		}
		if !follower.checked("field-mode_status-digest") {
			t.Fatal("after saving, status changes are not in the digest")
		}
		follower.screenshot("hearing-back-digest-chosen")

		panel := panelMember(t, browserCtx, ta, "pennaeth")
		panel.decide(idea.ID, models.StatusUnderReview, "The panel is looking at the costs.", "Mae'r panel yn edrych ar y costau.")
		clock.advance(2 * time.Hour)
		panel.decide(idea.ID, models.StatusShortlisted, "On the list for the board in June.", "Ar y rhestr i'r bwrdd ym mis Mehefin.")
		ta.waitForQueue()
		if n := len(messagesTo(smtp.Messages(), address)); n != 1 {
			t.Fatalf("%d messages to the follower before the digest, want only the sign-in link", n)
		}

		// The next morning, at the digest's hour.
		clock.set(london(2030, 3, 5, models.DigestHour, 0))
		if err := models.QueueDigests(ta.ctx(), ta.DB); err != nil {
			t.Fatal(err)
		}
		smtp.Wait(2)
		ta.waitForQueue()
		got := messagesTo(smtp.Messages(), address)
		if len(got) != 2 {
			t.Fatalf("%d messages to the follower after the digest, want the sign-in link and one digest", len(got))
		}
		digest := got[1]
		if subject := header(digest, "Subject"); subject != "Your daily summary of the ideas you follow" {
			t.Errorf("the digest's subject is %q", subject)
		}
		for _, want := range []string{
			"New status for “Free wifi on every bus”: Under review", "The panel is looking at the costs.",
			"New status for “Free wifi on every bus”: Shortlisted", "On the list for the board in June.",
			ta.URL + ideaPath,
		} {
			if !strings.Contains(digest.Text, want) {
				t.Errorf("the digest lacks %q:\n%s", want, digest.Text)
			}
		}
		if strings.Index(digest.Text, "Under review") > strings.Index(digest.Text, "Shortlisted") {
			t.Errorf("the digest's changes are out of order:\n%s", digest.Text)
		}
		if lu := header(digest, "List-Unsubscribe"); !strings.HasPrefix(lu, "<"+ta.URL+"/unsubscribe/digest.") {
			t.Errorf("the digest's List-Unsubscribe is %q", lu)
		}
		var sentAt time.Time
		ta.DB.Raw(`SELECT max(digest_sent_at) FROM notifications WHERE user_id = ?`, user.ID).Scan(&sentAt)
		if want := london(2030, 3, 5, models.DigestHour, 0); !sentAt.Equal(want) {
			t.Errorf("digest_sent_at is %v, want the service's clock's %v", sentAt, want)
		}

		// The digest's own "stop" link, in a browser not signed in: a page with a button (a mail
		// scanner fetching the link changes nothing), which turns off every kind in the digest.
		reader := newPage(t, browserCtx, ta)
		if code := reader.open(linkAfter(t, digest, "Stop these messages:")); code != http.StatusOK {
			t.Fatalf("the digest's stop link: status %d", code)
		}
		if prefs, _ := models.NotifyPrefs(t.Context(), ta.DB, user.ID); prefs[models.NotifyStatus] != models.ModeDigest {
			t.Errorf("opening the stop link changed the preferences: %v", prefs)
		}
		reader.submit(`form[action^="/unsubscribe/digest."] button[type="submit"]`)
		if done := reader.text("#unsubscribed"); done != "Done: you will no longer get messages about: The daily summary" {
			t.Errorf("after pressing the button the page reads %q", done)
		}
		reader.screenshot("hearing-back-digest-stopped")
		reader.submit(`a[href^="/notifications/"]`)
		for _, id := range []string{"field-mode_status-never", "field-mode_action-never", "field-mode_agenda", "field-mode_reply"} {
			if !reader.checked(id) {
				t.Errorf("after stopping the digest, %s is not chosen", id)
			}
		}
	})
}
