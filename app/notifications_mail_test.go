package app_test

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// notifSite is a running app with its workers and a real SMTP server, an idea by an author
// (English), a follower (Welsh), and a panel member signed in who follows it too.
type notifSite struct {
	ta       *testApp
	smtp     *testSMTP
	panel    *client
	idea     *models.Idea
	page     string
	follower *models.User
}

func newNotifSite(t *testing.T, configure ...func(*app.Config)) notifSite {
	t.Helper()
	smtp := newTestSMTP(t, false)
	ta := newTestApp(t, append([]func(*app.Config){withSMTP(smtp)}, configure...)...)
	ta.startWorkers()
	ta.seedOpenConsultation("c")
	idea := ta.seedIdea("c", "Benches in the park")
	s := notifSite{ta: ta, smtp: smtp, idea: idea, page: "/ideas/" + strconv.FormatInt(idea.ID, 10)}

	fc := ta.client()
	s.follower = fc.signIn("ffion")
	fc.post(s.page+"/follow", nil)
	s.panel = ta.client()
	s.panel.signIn("pat")
	if _, err := models.GrantRole(t.Context(), ta.DB, nil, "pat", models.RolePanel); err != nil {
		t.Fatal(err)
	}
	s.panel.get(s.page)
	s.panel.post(s.page+"/follow", nil)
	for handle, locale := range map[string]string{"author": "en", "ffion": "cy", "pat": "en"} {
		if err := ta.DB.Exec(`UPDATE users SET email = ?, locale = ? WHERE handle = ?`, handle+"@example.org", locale, handle).Error; err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func (s notifSite) setStatus(status, response string) {
	s.ta.t.Helper()
	res, body := s.panel.post(s.page+"/status", url.Values{"status": {status}, "response": {response}})
	if res.StatusCode != http.StatusSeeOther {
		s.ta.t.Fatalf("status %s: %d\n%s", status, res.StatusCode, body)
	}
}

func header(m receivedMail, name string) string {
	v, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get(name))
	return v
}

// onlyTo checks that the messages arrived for exactly these addresses, in any order.
func onlyTo(t *testing.T, got []receivedMail, want ...string) {
	t.Helper()
	seen := map[string]int{}
	for _, m := range got {
		seen[strings.Join(m.To, ",")]++
	}
	for _, w := range want {
		seen[w]--
	}
	for _, n := range seen {
		if n != 0 {
			t.Fatalf("messages to %v (count less wanted), want %v", seen, want)
		}
	}
}

func TestNotifStatusChangeMailsAuthorAndFollowerAtOnceNotActor(t *testing.T) {
	t.Parallel()
	s := newNotifSite(t)
	s.setStatus(models.StatusShortlisted, "We will take this to the board.")
	got := s.smtp.Wait(2)
	time.Sleep(300 * time.Millisecond) // time for a message to the actor, were one sent
	got = s.smtp.Messages()
	onlyTo(t, got, "author@example.org", "ffion@example.org")

	author := s.smtp.WaitFor("author@example.org")
	if v := header(author, "Subject"); v != "New status for “Benches in the park”: Shortlisted" {
		t.Errorf("author's subject %q", v)
	}
	if !strings.Contains(author.Text, "We will take this to the board.") || !strings.Contains(author.Text, "http://localhost:3000"+s.page+"?lang=en") ||
		!strings.Contains(author.HTML, `href="http://localhost:3000`+s.page+`?lang=en"`) {
		t.Errorf("author's message:\n%s\n%s", author.Text, author.HTML)
	}
	// The Welsh follower's message is in Welsh.
	cy := s.smtp.WaitFor("ffion@example.org")
	if v := header(cy, "Subject"); v != "Statws newydd i “Benches in the park”: Ar y rhestr fer" {
		t.Errorf("Welsh subject %q", v)
	}
	if header(cy, "Content-Language") != "cy" || !strings.Contains(cy.Text, "Gweld y syniad") || !strings.Contains(cy.HTML, `lang="cy"`) {
		t.Errorf("Welsh message:\n%v\n%s", cy.Header, cy.Text)
	}
	if v := header(cy, "List-Unsubscribe-Post"); v != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", v)
	}
	lu := header(cy, "List-Unsubscribe")
	if !strings.HasPrefix(lu, "<http://localhost:3000/unsubscribe/status.") || !strings.HasSuffix(lu, ">") {
		t.Fatalf("List-Unsubscribe %q", lu)
	}

	// One-click unsubscribe, as a mail program does it: a POST of List-Unsubscribe=One-Click
	// to the header's URL, with no cookie and no CSRF token.
	req, _ := http.NewRequest(http.MethodPost, strings.Trim(lu, "<>"), strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := s.ta.App.Test(req, 10000)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %v %v", res.StatusCode, err)
	}
	s.setStatus(models.StatusInProgress, "We will take this to the board.")
	s.smtp.Wait(3)
	time.Sleep(300 * time.Millisecond)
	onlyTo(t, s.smtp.Messages(), "author@example.org", "ffion@example.org", "author@example.org")

	// The preferences link in the message works without signing in.
	i := strings.Index(cy.Text, "http://localhost:3000/notifications/")
	if i < 0 {
		t.Fatalf("no preferences link:\n%s", cy.Text)
	}
	link := strings.Fields(cy.Text[i:])[0]
	stranger := s.ta.client()
	res2, body := stranger.get(strings.TrimPrefix(link, "http://localhost:3000"))
	if res2.StatusCode != http.StatusOK || !strings.Contains(body, `name="mode_status" type="radio" value="never" checked`) {
		t.Fatalf("preferences from the message: %d\n%s", res2.StatusCode, body)
	}
}

func TestNotifNeverSendsNothing(t *testing.T) {
	t.Parallel()
	s := newNotifSite(t)
	fc := s.ta.client()
	fc.signIn("ffion")
	fc.get("/account/notifications")
	if res, _ := fc.post("/account/notifications", url.Values{"mode_status": {"never"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save preferences: %d", res.StatusCode)
	}
	s.setStatus(models.StatusUnderReview, "")
	s.smtp.Wait(1)
	time.Sleep(500 * time.Millisecond)
	onlyTo(t, s.smtp.Messages(), "author@example.org")
}

func TestNotifDigestCollectsTwoChangesIntoOneMail(t *testing.T) {
	t.Parallel()
	day := time.Date(2030, 3, 5, 9, 30, 0, 0, models.London)
	s := newNotifSite(t, func(c *app.Config) { c.Clock = func() time.Time { return day } })
	if errs, err := models.SetNotifyPrefs(t.Context(), s.ta.DB, s.follower.ID, map[string]string{models.NotifyStatus: models.ModeDigest}); err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	s.setStatus(models.StatusUnderReview, "")
	s.setStatus(models.StatusShortlisted, "On the list for June.")
	s.smtp.Wait(2) // the author's two, at once
	time.Sleep(300 * time.Millisecond)
	onlyTo(t, s.smtp.Messages(), "author@example.org", "author@example.org")

	ctx := models.WithSiteURL(models.WithClock(t.Context(), func() time.Time { return day.Add(time.Hour) }), s.ta.Cfg.BaseURL)
	if n, err := models.SendDigests(ctx, s.ta.DB); err != nil || n != 1 {
		t.Fatalf("SendDigests: %d %v, want 1", n, err)
	}
	// A second run (another instance, or a retry) sends nothing more.
	if n, err := models.SendDigests(ctx, s.ta.DB); err != nil || n != 0 {
		t.Fatalf("second SendDigests: %d %v, want 0", n, err)
	}
	digest := s.smtp.WaitFor("ffion@example.org")
	time.Sleep(300 * time.Millisecond)
	onlyTo(t, s.smtp.Messages(), "author@example.org", "author@example.org", "ffion@example.org")
	if v := header(digest, "Subject"); v != "Eich crynodeb dyddiol o'r syniadau rydych chi'n eu dilyn" {
		t.Errorf("digest subject %q", v)
	}
	for _, want := range []string{"Statws newydd i “Benches in the park”: Yn cael ei adolygu", "Statws newydd i “Benches in the park”: Ar y rhestr fer", "On the list for June."} {
		if !strings.Contains(digest.Text, want) {
			t.Errorf("digest lacks %q:\n%s", want, digest.Text)
		}
	}
	if lu := header(digest, "List-Unsubscribe"); !strings.Contains(lu, "/unsubscribe/digest.") {
		t.Errorf("digest List-Unsubscribe %q", lu)
	}
	var sentAt time.Time
	s.ta.DB.Raw(`SELECT max(digest_sent_at) FROM notifications`).Scan(&sentAt)
	if !sentAt.Equal(day.Add(time.Hour)) {
		t.Errorf("digest_sent_at %v, want the fixed clock's %v", sentAt, day.Add(time.Hour))
	}
}

// The workers of a running instance work the digest job (the one River's schedule enqueues
// daily at 7am) on the configured clock.
func TestNotifDigestJobIsWorked(t *testing.T) {
	t.Parallel()
	day := time.Date(2030, 3, 5, 9, 30, 0, 0, models.London)
	s := newNotifSite(t, func(c *app.Config) { c.Clock = func() time.Time { return day } })
	if errs, err := models.SetNotifyPrefs(t.Context(), s.ta.DB, s.follower.ID, map[string]string{models.NotifyStatus: models.ModeDigest}); err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	s.setStatus(models.StatusUnderReview, "")
	if err := models.QueueDigests(t.Context(), s.ta.DB); err != nil {
		t.Fatal(err)
	}
	digest := s.smtp.WaitFor("ffion@example.org")
	if !strings.Contains(digest.Text, "Yn cael ei adolygu") {
		t.Fatalf("digest:\n%s", digest.Text)
	}
	var sentAt time.Time
	s.ta.DB.Raw(`SELECT max(digest_sent_at) FROM notifications`).Scan(&sentAt)
	if !sentAt.Equal(day) {
		t.Errorf("digest_sent_at %v, want the configured clock's %v", sentAt, day)
	}
}
