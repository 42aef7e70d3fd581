package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// followIdea starts (on) or stops following an idea, then goes back to it.
func (s *Server) followIdea(on bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := parseID(c, "id")
		if err != nil {
			return err
		}
		if err := models.Follow(c.UserContext(), s.db, currentUser(c).ID, id, on); err != nil {
			return err
		}
		if on {
			s.flash(c, "flash.followed")
		} else {
			s.flash(c, "flash.unfollowed")
		}
		return c.Redirect("/ideas/"+strconv.FormatInt(id, 10)+"#follow", fiber.StatusSeeOther)
	}
}

// notificationsForm shows the signed-in person's choices of what they hear about.
func (s *Server) notificationsForm(c *fiber.Ctx) error {
	return s.showNotifyPrefs(c, currentUser(c), "/account/notifications", fiber.StatusOK, nil, nil)
}

// saveNotifications saves them.
func (s *Server) saveNotifications(c *fiber.Ctx) error {
	return s.saveNotifyPrefs(c, currentUser(c), "/account/notifications")
}

// tokenUser is the owner of the notification token in the URL: it lets the reader of a
// message change their notification preferences, and nothing else, without signing in.
func (s *Server) tokenUser(c *fiber.Ctx) (*models.User, error) {
	noStoreToken(c)
	u, err := models.UserByNotifyToken(c.UserContext(), s.db, c.Params("token"))
	if err == nil {
		speakTo(c, u)
	}
	return u, err
}

// speakTo shows a page reached from a message in its recipient's language, unless the reader
// has chosen one here (signed in, or the language switch's cookie).
func speakTo(c *fiber.Ctx, u *models.User) {
	if currentUser(c) == nil && c.Cookies("lang") == "" && validLanguage(u.Locale) {
		lang := ownLanguage(u.Locale)
		c.Locals(ctxLang, lang)
		c.Set(fiber.HeaderContentLanguage, lang)
	}
}

// tokenNotificationsForm is the preferences page linked from every message.
func (s *Server) tokenNotificationsForm(c *fiber.Ctx) error {
	u, err := s.tokenUser(c)
	if err != nil {
		return err
	}
	return s.showNotifyPrefs(c, u, "/notifications/"+c.Params("token"), fiber.StatusOK, nil, nil)
}

// saveTokenNotifications saves the preferences from that page (a form with its CSRF token).
func (s *Server) saveTokenNotifications(c *fiber.Ctx) error {
	u, err := s.tokenUser(c)
	if err != nil {
		return err
	}
	return s.saveNotifyPrefs(c, u, "/notifications/"+c.Params("token"))
}

func (s *Server) showNotifyPrefs(c *fiber.Ctx, u *models.User, action string, status int, prefs map[string]string, errs map[string]string) error {
	if prefs == nil {
		var err error
		if prefs, err = models.NotifyPrefs(c.UserContext(), s.db, u.ID); err != nil {
			return err
		}
	}
	if errs == nil {
		errs = map[string]string{}
	}
	return s.render(c, status, "notifications/edit", fiber.Map{
		"Action": action, "Kinds": models.NotifyKinds, "Modes": models.NotifyModes, "Prefs": prefs,
		"HasEmail": u.Email != "", "Errors": errs,
	})
}

func (s *Server) saveNotifyPrefs(c *fiber.Ctx, u *models.User, action string) error {
	prefs := map[string]string{}
	for _, kind := range models.NotifyKinds {
		if v := c.FormValue("mode_" + kind); v != "" {
			prefs[kind] = v
		}
	}
	errs, err := models.SetNotifyPrefs(c.UserContext(), s.db, u.ID, prefs)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.showNotifyPrefs(c, u, action, fiber.StatusUnprocessableEntity, prefs, s.translateErrors(c, errs))
	}
	s.flash(c, "flash.notifications_saved")
	return c.Redirect(action, fiber.StatusSeeOther)
}

// unsubscribePage is where a message's unsubscribe link leads: a button, so that a mail
// scanner fetching the link changes nothing, and a link to all the preferences.
func (s *Server) unsubscribePage(c *fiber.Ctx) error {
	return s.showUnsubscribe(c, false)
}

// unsubscribe turns one kind of message off. It is the RFC 8058 one-click POST, which a mail
// program sends from elsewhere with no cookie and no CSRF token (the body says
// List-Unsubscribe=One-Click), and the page's button: the token in the URL is the only
// authority, and all it can do is this.
func (s *Server) unsubscribe(c *fiber.Ctx) error {
	return s.showUnsubscribe(c, true)
}

func (s *Server) showUnsubscribe(c *fiber.Ctx, do bool) error {
	noStoreToken(c)
	kind, token, ok := models.ParseUnsubscribeLink(c.Params("token"))
	var u *models.User
	if ok {
		var err error
		if u, err = models.UserByNotifyToken(c.UserContext(), s.db, token); err == models.ErrNotFound {
			ok = false
		} else if err != nil {
			return err
		}
	}
	if !ok {
		return s.render(c, fiber.StatusNotFound, "notifications/unsubscribe", fiber.Map{"Invalid": true})
	}
	speakTo(c, u)
	if do {
		if err := models.Unsubscribe(c.UserContext(), s.db, u.ID, kind); err != nil {
			return err
		}
	}
	return s.render(c, fiber.StatusOK, "notifications/unsubscribe", fiber.Map{
		"Kind": kind, "Token": token, "Link": c.Params("token"), "Done": do,
	})
}

// peekFlash is the waiting flash message as stored (kind and key), left for the page to show.
func (s *Server) peekFlash(c *fiber.Ctx) string {
	if raw, _ := c.Locals(ctxFlash).(string); raw != "" {
		return raw
	}
	return s.readFlash(c.Cookies(flashCookie))
}

// noStoreToken keeps a page whose URL holds a notification token out of caches and out of
// the Referer of anything it links to.
func noStoreToken(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
}
