package app

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// Signing in by email (on whenever mail is: see Config.MailEnabled):
//
//	POST /auth/email          an address → a link by mail; the same answer for any address
//	GET  /auth/email/sent     "check your email"
//	GET  /auth/email/:token   a page with a button, so a mail scanner that fetches the link
//	                          does not use it up
//	POST /auth/email/:token   the button: uses the link (once, within 15 minutes) and signs in,
//	                          or on a first sign-in asks for a handle
//	GET|POST /auth/email/welcome   the handle (and name) of a new account

// requestEmailLink sends a sign-in link to the address given, in the reader's language. The
// client's address is limited by SignInLimit (the route's), the email address by
// EmailSignInLimit.
func (s *Server) requestEmailLink(c *fiber.Ctx) error {
	if !s.cfg.MailEnabled() {
		return models.ErrNotFound
	}
	typed := strings.TrimSpace(c.FormValue("email"))
	next := sitePath(c.FormValue("next"), "/")
	email := models.NormaliseEmail(typed)
	if email == "" {
		errs := models.Errors{}
		if typed == "" {
			errs.Add("email", "error.email.required")
		} else {
			errs.Add("email", "error.email.invalid")
		}
		return s.render(c, fiber.StatusUnprocessableEntity, "auth/login", s.loginData(c, next, fiber.Map{
			"Form": fiber.Map{"email": typed}, "Errors": s.translateErrors(c, errs)}))
	}
	if !s.cfg.EmailSignInLimit.Off() {
		sum := sha256.Sum256([]byte(email)) // the address itself is not kept in the bucket's key
		err := takeToken(c.UserContext(), s.db, "email-signin:"+hex.EncodeToString(sum[:16]), s.cfg.EmailSignInLimit, "error.too_many.email_signin")
		if err != nil {
			return err
		}
	}
	lang := currentLang(c)
	err := s.db.WithContext(c.UserContext()).Transaction(func(tx *gorm.DB) error {
		token, expires, err := models.CreateEmailLink(c.UserContext(), tx, email, lang, next)
		if err != nil {
			return err
		}
		link := s.cfg.BaseURL + "/auth/email/" + token + "?lang=" + lang
		// Not worth sending once the link has expired: a mail server down for longer than
		// that gets no stale link to deliver later.
		return models.QueueMailUntil(c.UserContext(), tx, s.signInMail(lang, email, link), expires)
	})
	if err != nil {
		return err
	}
	return c.Redirect("/auth/email/sent", fiber.StatusSeeOther)
}

// signInMail is the message with the link, in lang.
func (s *Server) signInMail(lang, to, link string) models.Mail {
	t := func(id string, args ...any) string { return s.tr.T(lang, id, args...) }
	site := t("service.name")
	minutes := int(models.EmailLinkLifetime.Minutes())
	text := t("mail.signin.intro", "Site", site) + "\n\n" +
		t("mail.signin.open", "Minutes", minutes) + "\n\n" + link + "\n\n" +
		t("mail.signin.once") + "\n\n" + t("mail.signin.ignore") + "\n"
	var html strings.Builder
	signInMailHTML.Execute(&html, map[string]any{
		"Lang": lang, "Intro": t("mail.signin.intro", "Site", site), "Open": t("mail.signin.open", "Minutes", minutes),
		"Button": t("mail.signin.button"), "Link": link, "Once": t("mail.signin.once"), "Ignore": t("mail.signin.ignore"),
	})
	return models.Mail{To: to, Lang: lang, Subject: t("mail.signin.subject", "Site", site), Text: text, HTML: html.String()}
}

var signInMailHTML = template.Must(template.New("signin").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Button}}</title></head>
<body style="font-family: system-ui, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c">
<p>{{.Intro}}</p>
<p>{{.Open}}</p>
<p><a href="{{.Link}}" style="display: inline-block; padding: 8px 16px; background: #00703c; color: #ffffff; text-decoration: none">{{.Button}}</a></p>
<p style="word-break: break-all"><a href="{{.Link}}">{{.Link}}</a></p>
<p>{{.Once}}</p>
<p>{{.Ignore}}</p>
</body></html>
`))

// emailLinkSent is the answer to every request for a link, known address or not.
func (s *Server) emailLinkSent(c *fiber.Ctx) error {
	if !s.cfg.MailEnabled() {
		return models.ErrNotFound
	}
	return s.render(c, fiber.StatusOK, "auth/email_sent", fiber.Map{
		"Minutes": int(models.EmailLinkLifetime.Minutes()), "DevMailbox": s.cfg.DevMailboxEnabled()})
}

// emailLinkPage shows the button that signs in. Fetching it changes nothing.
func (s *Server) emailLinkPage(c *fiber.Ctx) error {
	if !s.cfg.MailEnabled() {
		return models.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	token := c.Params("token")
	if _, err := models.EmailLinkByToken(c.UserContext(), s.db, token); err != nil {
		return s.emailLinkGone(c, err)
	}
	return s.render(c, fiber.StatusOK, "auth/email_link", fiber.Map{"Token": token})
}

// useEmailLink uses the link up and signs in, or sends a first sign-in to choose a handle.
func (s *Server) useEmailLink(c *fiber.Ctx) error {
	if !s.cfg.MailEnabled() {
		return models.ErrNotFound
	}
	link, err := models.UseEmailLink(c.UserContext(), s.db, c.Params("token"))
	if err != nil {
		return s.emailLinkGone(c, err)
	}
	known, err := models.HasAccount(c.UserContext(), s.db, models.ProviderEmail, link.Email)
	if err != nil {
		return err
	}
	if known {
		user, err := models.SignIn(c.UserContext(), s.db, models.ExternalAccount{
			Provider: models.ProviderEmail, ProviderUserID: link.Email, Email: link.Email})
		if err != nil {
			return err
		}
		return s.startSession(c, user, link.NextPath)
	}
	// A first sign-in: the address is proven; what is left is choosing a handle. Until then
	// it is a sign-in state, kept as briefly as one.
	sess := currentSession(c)
	if currentUser(c) == nil {
		sess.SetExpiry(signInStateLifetime)
	}
	sess.Set("email_signup", link.Email)
	sess.Set("email_signup_lang", link.Lang)
	sess.Set("email_signup_next", link.NextPath)
	if err := s.saveSession(c); err != nil {
		return err
	}
	return c.Redirect("/auth/email/welcome", fiber.StatusSeeOther)
}

// emailLinkGone answers a link that is unknown, used or expired (410), or passes on err.
func (s *Server) emailLinkGone(c *fiber.Ctx, err error) error {
	if err != models.ErrNotFound {
		return err
	}
	return s.render(c, fiber.StatusGone, "auth/email_gone", fiber.Map{"Minutes": int(models.EmailLinkLifetime.Minutes())})
}

// pendingEmailSignUp is the address a first sign-in by email has proven, if any.
func pendingEmailSignUp(c *fiber.Ctx) (email, lang, next string) {
	sess := currentSession(c)
	if sess == nil {
		return "", "", ""
	}
	email, _ = sess.Get("email_signup").(string)
	lang, _ = sess.Get("email_signup_lang").(string)
	next, _ = sess.Get("email_signup_next").(string)
	return email, lang, next
}

// welcomeForm asks someone signing in by email for the first time for a handle.
func (s *Server) welcomeForm(c *fiber.Ctx) error {
	if email, _, _ := pendingEmailSignUp(c); email == "" {
		return s.emailLinkGone(c, models.ErrNotFound) // the sign-in state expired, or never was
	}
	return s.render(c, fiber.StatusOK, "auth/welcome", fiber.Map{"Form": fiber.Map{}, "Errors": map[string]string{}})
}

// createEmailAccount makes the account of a first sign-in by email and signs it in.
func (s *Server) createEmailAccount(c *fiber.Ctx) error {
	email, lang, next := pendingEmailSignUp(c)
	if email == "" {
		return s.emailLinkGone(c, models.ErrNotFound)
	}
	if err := s.takeAddressToken(c, "signup", s.cfg.SignUpLimit, "error.too_many.signup"); err != nil {
		return err
	}
	in := models.NewEmailAccount{Email: email, Lang: lang,
		Handle: strings.TrimSpace(c.FormValue("handle")), Name: strings.TrimSpace(c.FormValue("name"))}
	user, errs, err := models.CreateEmailAccount(c.UserContext(), s.db, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.render(c, fiber.StatusUnprocessableEntity, "auth/welcome", fiber.Map{
			"Form": fiber.Map{"handle": in.Handle, "name": in.Name}, "Errors": s.translateErrors(c, errs)})
	}
	sess := currentSession(c)
	for _, k := range []string{"email_signup", "email_signup_lang", "email_signup_next"} {
		sess.Delete(k)
	}
	return s.startSession(c, user, next)
}
