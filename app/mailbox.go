package app

import (
	"regexp"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// adminMail lists the messages that failed: retrying, given up or cancelled, with the
// recipient masked, the attempts and the last error.
func (s *Server) adminMail(c *fiber.Ctx) error {
	failures, err := models.FailedMail(c.UserContext(), s.db, 200)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "admin/mail", fiber.Map{"Failures": failures})
}

// retryMail tries a failing message again now.
func (s *Server) retryMail(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil {
		return models.ErrNotFound
	}
	if err := models.RetryMail(c.UserContext(), s.db, int64(id)); err != nil {
		return err
	}
	s.flash(c, "flash.mail_retried")
	return c.Redirect("/admin/mail", fiber.StatusSeeOther)
}

// devMailbox shows the development mailbox: what would have been sent, with its links to
// follow. It exists only in development on a loopback BASE_URL without SMTP_URL; otherwise 404.
func (s *Server) devMailbox(c *fiber.Ctx) error {
	if !s.cfg.DevMailboxEnabled() {
		return models.ErrNotFound
	}
	mails, err := models.DevMailbox(c.UserContext(), s.db, 50)
	if err != nil {
		return err
	}
	type shown struct {
		models.DevMail
		Parts []textPart
	}
	out := make([]shown, len(mails))
	for i, m := range mails {
		out[i] = shown{DevMail: m, Parts: linkParts(m.TextBody)}
	}
	return s.render(c, fiber.StatusOK, "dev/mail", fiber.Map{"Mails": out})
}

// textPart is a piece of plain text, or a link in it.
type textPart struct{ Text, URL string }

var textURL = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkParts cuts text into plain pieces and the web addresses in it, to show as links.
func linkParts(text string) []textPart {
	var out []textPart
	last := 0
	for _, m := range textURL.FindAllStringIndex(text, -1) {
		if m[0] > last {
			out = append(out, textPart{Text: text[last:m[0]]})
		}
		out = append(out, textPart{Text: text[m[0]:m[1]], URL: text[m[0]:m[1]]})
		last = m[1]
	}
	if last < len(text) {
		out = append(out, textPart{Text: text[last:]})
	}
	return out
}
