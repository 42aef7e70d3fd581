package app_test

import (
	"mime"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

func testMail(to, subject string) models.Mail {
	return models.Mail{To: to, Lang: "cy", Subject: subject,
		Text:    "Mae eich syniad wedi symud ymlaen.\nhttps://localhost:3000/ideas/1",
		HTML:    `<p>Mae eich syniad wedi <a href="https://localhost:3000/ideas/1">symud ymlaen</a>.</p>`,
		Headers: map[string]string{"List-Unsubscribe": "<https://localhost:3000/unsubscribe/x>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}}
}

// jobStates counts the mail jobs in each state.
func (ta *testApp) jobStates() map[string]int {
	var rows []struct {
		State string
		N     int
	}
	ta.DB.Raw(`SELECT state::text AS state, count(*) AS n FROM river_job WHERE kind = 'mail' GROUP BY 1`).Scan(&rows)
	out := map[string]int{}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out
}

// waitForJobs waits until the mail jobs are in the states wanted.
func (ta *testApp) waitForJobs(want func(map[string]int) bool) map[string]int {
	ta.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if got := ta.jobStates(); want(got) {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
	ta.t.Fatalf("mail jobs did not reach the state wanted: %v", ta.jobStates())
	return nil
}

// A message queued in a transaction is sent once the transaction commits, once, as plain
// text with an HTML alternative, in the recipient's language, with the headers asked for.
func TestMailQueuedInTransactionIsDeliveredOnce(t *testing.T) {
	t.Parallel()
	smtp := newTestSMTP(t, false)
	ta := newTestApp(t, withSMTP(smtp))
	ta.startWorkers()
	err := ta.DB.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO users (handle) VALUES ('ann')`).Error; err != nil {
			return err
		}
		return models.QueueMail(t.Context(), tx, testMail("ann@example.org", "Diweddariad i’ch syniad"))
	})
	if err != nil {
		t.Fatal(err)
	}
	got := smtp.Wait(1)[0]
	ta.waitForJobs(func(s map[string]int) bool { return s["completed"] == 1 })
	time.Sleep(300 * time.Millisecond) // a second delivery would have had time to arrive
	if n := len(smtp.Messages()); n != 1 {
		t.Fatalf("%d messages delivered, want 1", n)
	}
	if got.From != "syniad@example.gov.wales" || len(got.To) != 1 || got.To[0] != "ann@example.org" {
		t.Errorf("envelope from %q to %v", got.From, got.To)
	}
	dec := new(mime.WordDecoder)
	for header, want := range map[string]string{
		"Subject": "Diweddariad i’ch syniad", "Content-Language": "cy",
		"List-Unsubscribe": "<https://localhost:3000/unsubscribe/x>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	} {
		if v, _ := dec.DecodeHeader(got.Header.Get(header)); v != want {
			t.Errorf("%s: %q, want %q", header, v, want)
		}
	}
	if !strings.Contains(got.Text, "Mae eich syniad wedi symud ymlaen.") || !strings.Contains(got.HTML, `<a href="https://localhost:3000/ideas/1">`) {
		t.Errorf("bodies: text %q, html %q", got.Text, got.HTML)
	}
	if !strings.HasPrefix(got.Header.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("Content-Type %q, want multipart/alternative", got.Header.Get("Content-Type"))
	}
}

// A message queued in a transaction that rolls back is never sent.
func TestMailRolledBackTransactionSendsNothing(t *testing.T) {
	t.Parallel()
	smtp := newTestSMTP(t, false)
	ta := newTestApp(t, withSMTP(smtp))
	ta.startWorkers()
	tx := ta.DB.Begin()
	if err := models.QueueMail(t.Context(), tx, testMail("rolled-back@example.org", "Never")); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	// Then one that commits: once it has arrived, the first would have too.
	if err := models.QueueMail(t.Context(), ta.DB, testMail("kept@example.org", "Sent")); err != nil {
		t.Fatal(err)
	}
	smtp.WaitFor("kept@example.org")
	time.Sleep(300 * time.Millisecond)
	for _, m := range smtp.Messages() {
		if m.To[0] != "kept@example.org" {
			t.Errorf("a message from a rolled-back transaction was sent, to %v", m.To)
		}
	}
	if s := ta.jobStates(); len(s) != 1 || s["completed"] != 1 {
		t.Errorf("jobs %v, want one completed", s)
	}
}

// With the SMTP server down, a message is tried, shown to admins as failing, and sent once
// the server is back.
func TestMailRetriedUntilSMTPIsBack(t *testing.T) {
	t.Parallel()
	smtp := newTestSMTP(t, true)
	ta := newTestApp(t, withSMTP(smtp))
	ta.startWorkers()
	if err := models.QueueMail(t.Context(), ta.DB, testMail("patient@example.org", "Eventually")); err != nil {
		t.Fatal(err)
	}
	// Tried, and tried again by itself after River's first backoff (a second).
	var failures []models.MailFailure
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var err error
		if failures, err = models.FailedMail(t.Context(), ta.DB, 10); err != nil {
			t.Fatal(err)
		}
		if len(failures) == 1 && failures[0].Attempt >= 2 && failures[0].State == "retryable" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("failures %+v: want one message tried twice, retrying", failures)
		}
	}
	if !strings.Contains(failures[0].LastError, "connection refused") {
		t.Errorf("last error %q, want the refused connection", failures[0].LastError)
	}
	admin := ta.signInAs("ada", models.RoleAdmin)
	res, body := admin.get("/admin/mail")
	if res.StatusCode != 200 || !strings.Contains(body, "Eventually") || !strings.Contains(body, "p••••••@example.org") ||
		strings.Contains(body, "patient@example.org") {
		t.Errorf("/admin/mail: %d, want the failing message with its recipient masked\n%s", res.StatusCode, body)
	}
	if res, _ := ta.signInAs("sam", models.RoleStaff).get("/admin/mail"); res.StatusCode != 403 {
		t.Errorf("/admin/mail for staff: %d, want 403", res.StatusCode)
	}

	// The server is back; rather than wait for the next backoff (16 s), the admin tries again.
	smtp.Start()
	if res, _ := admin.post("/admin/mail/"+strconv.FormatInt(failures[0].ID, 10)+"/retry", nil); res.StatusCode != 303 {
		t.Errorf("retry: %d, want 303", res.StatusCode)
	}
	got := smtp.WaitFor("patient@example.org")
	if got.Header.Get("Subject") != "Eventually" {
		t.Errorf("subject %q", got.Header.Get("Subject"))
	}
	ta.waitForJobs(func(s map[string]int) bool { return s["completed"] == 1 })
}

// Without SMTP_URL, development keeps mail in the development mailbox at /dev/mail, which
// exists only where /auth/dev does.
func TestMailDevelopmentMailbox(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.startWorkers()
	if err := models.QueueMail(t.Context(), ta.DB, testMail("dev@example.org", "Kept for development")); err != nil {
		t.Fatal(err)
	}
	ta.waitForJobs(func(s map[string]int) bool { return s["completed"] == 1 })
	res, body := ta.client().get("/dev/mail")
	if res.StatusCode != 200 || !strings.Contains(body, "Kept for development") || !strings.Contains(body, "dev@example.org") ||
		!strings.Contains(body, `href="https://localhost:3000/ideas/1"`) {
		t.Errorf("/dev/mail: %d\n%s", res.StatusCode, body)
	}
	for name, ta := range map[string]*testApp{
		"production":     newTestApp(t, func(c *app.Config) { c.Env = "production" }),
		"remote address": newTestApp(t, func(c *app.Config) { c.BaseURL = "http://ideas.example.org" }),
	} {
		if res, _ := ta.client().get("/dev/mail"); res.StatusCode != 404 {
			t.Errorf("%s: /dev/mail %d, want 404", name, res.StatusCode)
		}
	}
}

// Messages that could never be sent are refused when queued.
func TestMailRefusesBrokenMessages(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	for name, m := range map[string]models.Mail{
		"no address":     {Subject: "S", Text: "T"},
		"two addresses":  {To: "a@example.org, b@example.org", Subject: "S", Text: "T"},
		"no body":        {To: "a@example.org", Subject: "S"},
		"header break":   {To: "a@example.org", Subject: "S", Text: "T", Headers: map[string]string{"X-A": "1\r\nBcc: x@example.org"}},
		"subject break":  {To: "a@example.org", Subject: "S\nBcc: x@example.org", Text: "T"},
		"other language": {To: "a@example.org", Lang: "fr", Subject: "S", Text: "T"},
	} {
		if err := models.QueueMail(t.Context(), ta.DB, m); err == nil {
			t.Errorf("%s: queued", name)
		}
	}
	if s := ta.jobStates(); len(s) != 0 {
		t.Errorf("jobs %v, want none", s)
	}
}
