package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// Mail is queued with models.QueueMail in the transaction of the change that causes it, and
// sent by the workers (queue.go) through SMTP, or in development without SMTP_URL kept in the
// development mailbox (/dev/mail).

// smtpSettings is SMTP_URL taken apart.
type smtpSettings struct {
	host       string
	port       int
	implicit   bool // smtps://: TLS from the first byte
	user, pass string
	tls        gomail.TLSPolicy // for smtp://: STARTTLS required, or used when offered
}

// parseSMTPURL reads smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465. An
// smtp:// server must offer STARTTLS, except on this machine (loopback) and in development
// (a mail catcher such as Mailpit, which offers none); ?tls=none turns STARTTLS off where
// that is allowed, and production refuses it for a server on another host.
func parseSMTPURL(raw string, production bool) (smtpSettings, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return smtpSettings{}, fmt.Errorf("SMTP_URL is not a URL such as smtp://user:password@smtp.example.gov.wales:587 (STARTTLS) or smtps://user:password@smtp.example.gov.wales:465")
	}
	s := smtpSettings{host: u.Hostname(), implicit: u.Scheme == "smtps", port: 587}
	if s.implicit {
		s.port = 465
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil || s.port < 1 || s.port > 65535 {
			return smtpSettings{}, fmt.Errorf("SMTP_URL has port %q: use a number such as 587", p)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	loopback := isLoopbackHost(s.host)
	s.tls = gomail.TLSOpportunistic
	if production && !loopback {
		s.tls = gomail.TLSMandatory
	}
	switch mode := u.Query().Get("tls"); mode {
	case "":
	case "none":
		if s.implicit {
			return smtpSettings{}, errors.New("SMTP_URL: smtps:// is TLS from the start; tls=none is for smtp:// only")
		}
		if production && !loopback {
			return smtpSettings{}, fmt.Errorf("SMTP_URL: in production mail to %s must be encrypted: drop tls=none and use a server that offers STARTTLS, or smtps://", s.host)
		}
		s.tls = gomail.NoTLS
	default:
		return smtpSettings{}, fmt.Errorf("SMTP_URL has tls=%q: leave it out (STARTTLS), or use tls=none for a local mail catcher", mode)
	}
	if production && !loopback && s.tls != gomail.TLSMandatory && !s.implicit {
		return smtpSettings{}, fmt.Errorf("SMTP_URL: in production mail to %s must use STARTTLS or smtps://", s.host)
	}
	return s, nil
}

// mailSender sends one message, or says why it could not.
type mailSender func(ctx context.Context, m models.Mail) error

// newMailSender is the SMTP server of SMTP_URL; without one, development's mailbox; and
// otherwise nil: production without SMTP_URL sends nothing.
func newMailSender(cfg Config, db *gorm.DB) (mailSender, error) {
	if cfg.SMTPURL == "" {
		if cfg.Env == "development" {
			return func(ctx context.Context, m models.Mail) error { return models.SaveDevMail(ctx, db, m) }, nil
		}
		return nil, nil
	}
	smtp, err := parseSMTPURL(cfg.SMTPURL, cfg.Production())
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, m models.Mail) error {
		msg, err := composeMessage(cfg.MailFrom, m)
		if err != nil {
			return err
		}
		client, err := smtp.client()
		if err != nil {
			return err
		}
		return client.DialAndSendWithContext(ctx, msg)
	}, nil
}

func (s smtpSettings) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(30 * time.Second)}
	if s.implicit {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(s.tls))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.user), gomail.WithPassword(s.pass))
	}
	return gomail.NewClient(s.host, opts...)
}

// composeMessage is m as a MIME message: plain text, and HTML as the alternative when given.
func composeMessage(from string, m models.Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("MAIL_FROM: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	msg.SetMessageID()
	msg.SetDate()
	msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	msg.SetGenHeader("Auto-Submitted", "auto-generated") // no out-of-office replies, please
	for k, v := range m.Headers {
		msg.SetGenHeaderPreformatted(gomail.Header(k), v)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if strings.TrimSpace(m.HTML) != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
