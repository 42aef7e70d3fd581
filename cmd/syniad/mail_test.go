package main

import (
	"fmt"
	"io"
	"net"
	"net/mail"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// subjectCounter is an SMTP server on 127.0.0.1 that counts the messages it receives by subject.
type subjectCounter struct {
	mu  sync.Mutex
	got map[string]int
	// slow, when set, makes each message wait this long before it is accepted, and
	// receiving is told of each message as it starts to arrive.
	slow      time.Duration
	receiving chan string
}

func startSubjectCounter(t *testing.T, slow time.Duration) (*subjectCounter, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sc := &subjectCounter{got: map[string]int{}, slow: slow, receiving: make(chan string, 100)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &countSession{sc: sc}, nil }))
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return sc, "smtp://" + ln.Addr().String()
}

func (sc *subjectCounter) counts() map[string]int {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	out := map[string]int{}
	for k, v := range sc.got {
		out[k] = v
	}
	return out
}

// waitFor waits until every subject has arrived.
func (sc *subjectCounter) waitFor(t *testing.T, subjects []string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		got, all := sc.counts(), true
		for _, s := range subjects {
			all = all && got[s] > 0
		}
		if all {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("waited 30s for %d messages; got %v", len(subjects), sc.counts())
}

type countSession struct{ sc *subjectCounter }

func (s *countSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *countSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *countSession) Reset()                               {}
func (s *countSession) Logout() error                        { return nil }
func (s *countSession) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, m.Body)
	if s.sc.slow > 0 {
		s.sc.receiving <- m.Header.Get("Subject")
		time.Sleep(s.sc.slow)
	}
	s.sc.mu.Lock()
	s.sc.got[m.Header.Get("Subject")]++
	s.sc.mu.Unlock()
	return nil
}

func queueMessages(t *testing.T, db *gorm.DB, subjects ...string) {
	t.Helper()
	err := db.Transaction(func(tx *gorm.DB) error {
		for _, s := range subjects {
			if err := models.QueueMail(t.Context(), tx, models.Mail{To: "someone@example.org", Lang: "en", Subject: s, Text: "Hello"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Mail queued while the service is stopped is sent once it starts again: exactly once, even
// with two instances starting together.
func TestMailQueuedWhileStoppedIsSentOnceAfterStart(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	counter, smtpURL := startSubjectCounter(t, 0)
	env := []string{"SMTP_URL=" + smtpURL, "MAIL_FROM=syniad@example.org"}

	first := startServe(t, dbURL, env...)
	queueMessages(t, db, "before the restart")
	counter.waitFor(t, []string{"before the restart"})
	first.Signal(syscall.SIGTERM)
	if code := first.Wait(30 * time.Second); code != 0 {
		t.Fatalf("serve exited %d\n%s", code, first.Log())
	}

	var subjects []string
	for i := range 10 {
		subjects = append(subjects, fmt.Sprintf("while stopped %d", i))
	}
	queueMessages(t, db, subjects...)
	time.Sleep(500 * time.Millisecond)
	if got := counter.counts(); len(got) != 1 {
		t.Fatalf("sent with the service stopped: %v", got)
	}

	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { startServe(t, dbURL, env...) })
	}
	wg.Wait()
	counter.waitFor(t, subjects)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var left int64
		db.Raw(`SELECT count(*) FROM river_job WHERE kind = 'mail' AND state <> 'completed'`).Scan(&left)
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d mail jobs not completed", left)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	for s, n := range counter.counts() {
		if n != 1 {
			t.Errorf("%q delivered %d times, want once", s, n)
		}
	}
	if got := len(counter.counts()); got != 11 {
		t.Errorf("%d distinct messages delivered, want 11", got)
	}
}

// A message being sent when the service is told to stop is sent, once, before it exits.
func TestMailBeingSentAtShutdownIsFinished(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	counter, smtpURL := startSubjectCounter(t, 2*time.Second)
	p := startServe(t, dbURL, "SMTP_URL="+smtpURL, "MAIL_FROM=syniad@example.org", "SHUTDOWN_TIMEOUT=20s")
	queueMessages(t, db, "in flight")
	select {
	case <-counter.receiving:
	case <-time.After(30 * time.Second):
		t.Fatal("the message never started to arrive")
	}
	p.Signal(syscall.SIGTERM)
	if code := p.Wait(30 * time.Second); code != 0 {
		t.Fatalf("serve exited %d\n%s", code, p.Log())
	}
	var state string
	db.Raw(`SELECT state::text FROM river_job WHERE kind = 'mail'`).Scan(&state)
	if got := counter.counts(); got["in flight"] != 1 || state != "completed" {
		t.Errorf("after shutdown: delivered %v, job %s; want once, completed", got, state)
	}
}
