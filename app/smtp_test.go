package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/syniad/syniad/app"
)

// testSMTP is a real SMTP server on 127.0.0.1, run by the test, that keeps what it receives.
type testSMTP struct {
	t    *testing.T
	Addr string // host:port
	mu   sync.Mutex
	got  []receivedMail
	srv  *smtp.Server
}

// receivedMail is one message as it arrived, taken apart.
type receivedMail struct {
	From   string
	To     []string
	Header mail.Header
	Text   string // the text/plain part, decoded
	HTML   string // the text/html part, decoded
	Raw    string
}

// newTestSMTP starts a server on a free port. down leaves the port closed (nothing listens)
// until Start.
func newTestSMTP(t *testing.T, down bool) *testSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &testSMTP{t: t, Addr: ln.Addr().String()}
	if down {
		ln.Close()
		return s
	}
	s.serve(ln)
	return s
}

// Start opens the port of a server made down.
func (s *testSMTP) Start() {
	s.t.Helper()
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		s.t.Fatalf("reopen SMTP port: %v", err)
	}
	s.serve(ln)
}

// Stop closes the port.
func (s *testSMTP) Stop() {
	if s.srv != nil {
		s.srv.Close()
		s.srv = nil
	}
}

func (s *testSMTP) serve(ln net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv = srv
	go srv.Serve(ln)
	s.t.Cleanup(s.Stop)
}

// URL is SMTP_URL for this server.
func (s *testSMTP) URL() string { return "smtp://" + s.Addr }

// Messages is what has arrived so far.
func (s *testSMTP) Messages() []receivedMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]receivedMail{}, s.got...)
}

// Wait waits until n messages have arrived and returns them.
func (s *testSMTP) Wait(n int) []receivedMail {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if got := s.Messages(); len(got) >= n {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("waited 30s for %d messages, got %d", n, len(s.Messages()))
	return nil
}

// WaitFor waits for a message to addr and returns the latest.
func (s *testSMTP) WaitFor(addr string) receivedMail {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		got := s.Messages()
		for i := len(got) - 1; i >= 0; i-- {
			if len(got[i].To) == 1 && got[i].To[0] == addr {
				return got[i]
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("waited 30s for a message to %s", addr)
	return receivedMail{}
}

type smtpSession struct {
	s    *testSMTP
	from string
	to   []string
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error { ss.from = from; return nil }
func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}
func (ss *smtpSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *smtpSession) Logout() error { return nil }
func (ss *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parseReceived(raw)
	if err != nil {
		ss.s.t.Errorf("a message that does not parse: %v\n%s", err, raw)
		return err
	}
	m.From, m.To = ss.from, ss.to
	ss.s.mu.Lock()
	ss.s.got = append(ss.s.got, m)
	ss.s.mu.Unlock()
	return nil
}

func parseReceived(raw []byte) (receivedMail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return receivedMail{}, err
	}
	out := receivedMail{Header: msg.Header, Raw: string(raw)}
	if err := readPart(&out, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body); err != nil {
		return out, err
	}
	return out, nil
}

func readPart(out *receivedMail, contentType, encoding string, body io.Reader) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := readPart(out, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	if strings.EqualFold(encoding, "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch mediaType {
	case "text/plain":
		out.Text = string(b)
	case "text/html":
		out.HTML = string(b)
	}
	return nil
}

// withSMTP sends the app's mail to the test's SMTP server.
func withSMTP(s *testSMTP) func(*app.Config) {
	return func(c *app.Config) { c.SMTPURL, c.MailFrom = s.URL(), "Syniad <syniad@example.gov.wales>" }
}

// startWorkers runs the queue's workers for the app until the test ends.
func (ta *testApp) startWorkers() {
	ta.t.Helper()
	w, err := app.StartWorkers(context.Background(), ta.Cfg, ta.DB, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		ta.t.Fatalf("start workers: %v", err)
	}
	ta.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		w.Stop(ctx)
	})
}
