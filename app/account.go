package app

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// showAccount is /account: what the signed-in person wrote and supported, what they follow,
// their notifications, email address, language and ways of signing in. Each list pages on its own (?ideas=2, ?votes=2, ...).
func (s *Server) showAccount(c *fiber.Ctx) error {
	ctx := c.UserContext()
	user := currentUser(c)
	ideas, err := models.AuthoredIdeas(ctx, s.db, user.ID, false, c.QueryInt("ideas", 1))
	if err != nil {
		return err
	}
	votes, err := models.VotedIdeas(ctx, s.db, user.ID, c.QueryInt("votes", 1))
	if err != nil {
		return err
	}
	comments, err := models.AuthoredComments(ctx, s.db, user.ID, false, c.QueryInt("comments", 1))
	if err != nil {
		return err
	}
	supports, err := models.SupportedComments(ctx, s.db, user.ID, c.QueryInt("supports", 1))
	if err != nil {
		return err
	}
	identities, err := models.IdentitiesOf(ctx, s.db, user.ID)
	if err != nil {
		return err
	}
	follows, err := models.FollowedIdeas(ctx, s.db, user.ID)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "account/show", fiber.Map{
		"Ideas": ideas, "Votes": votes, "Comments": comments, "Supports": supports, "Identities": identities,
		"Follows": follows, "OIDCName": s.cfg.OIDCName,
	})
}

// showPerson is /people/:handle: the ideas and comments someone wrote that anyone may see,
// never what they voted for or supported. A deleted account has no page.
func (s *Server) showPerson(c *fiber.Ctx) error {
	ctx := c.UserContext()
	person, err := models.UserByHandle(ctx, s.db, c.Params("handle"))
	if err != nil {
		return err
	}
	if person.Deleted() {
		return models.ErrNotFound
	}
	ideas, err := models.AuthoredIdeas(ctx, s.db, person.ID, true, c.QueryInt("ideas", 1))
	if err != nil {
		return err
	}
	comments, err := models.AuthoredComments(ctx, s.db, person.ID, true, c.QueryInt("comments", 1))
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "people/show", fiber.Map{
		"Person": person, "Ideas": ideas, "Comments": comments,
	})
}

// deleteAccountForm asks the person to confirm that they want their account deleted.
func (s *Server) deleteAccountForm(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "account/delete", fiber.Map{"Errors": map[string]string{}})
}

// deleteAccount removes the signed-in person's personal data once they have confirmed it
// (the confirm field), then signs them out.
func (s *Server) deleteAccount(c *fiber.Ctx) error {
	if c.FormValue("confirm") != "yes" {
		return s.render(c, fiber.StatusUnprocessableEntity, "account/delete", fiber.Map{
			"Errors": map[string]string{"confirm": s.tr.T(currentLang(c), "error.confirm_delete.required")}})
	}
	if err := models.DeleteAccount(c.UserContext(), s.db, currentUser(c).ID); err != nil {
		return err
	}
	if err := currentSession(c).Destroy(); err != nil {
		return err
	}
	c.Locals(ctxUser, nil)
	s.flash(c, "flash.account_deleted")
	return c.Redirect("/", fiber.StatusSeeOther)
}

// downloadAccountData is /account/data.json: everything held about the signed-in person.
func (s *Server) downloadAccountData(c *fiber.Ctx) error {
	user := currentUser(c)
	data, err := models.ExportAccount(c.UserContext(), s.db, user.ID)
	if err != nil {
		return err
	}
	body, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="syniad-`+strings.ToLower(user.Handle)+`-`+strconv.FormatInt(user.ID, 10)+`.json"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(body)
}

// privacyNotice is /privacy: what the service keeps about people, why and for how long, and
// the cookies it sets (only essential ones, so there is no cookie banner).
func (s *Server) privacyNotice(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "privacy/notice", fiber.Map{
		"ContactEmail":     s.cfg.ContactEmail,
		"OrganisationName": s.cfg.OrganisationName,
		"Cookies":          essentialCookies,
	})
}

// essentialCookies are every cookie the service sets, named as the code names them, with the
// message keys of what each is for and how long it lasts. All are essential (strictly
// necessary for a service the person asked for), so no consent banner is needed; a new cookie
// must be added here, and TestPrivacyNoticeListsEveryCookie checks it is.
var essentialCookies = []struct{ Name, Purpose, Lasts string }{
	{sessionCookie, "privacy.cookie.session", "privacy.lasts.session"},
	{csrfCookie, "privacy.cookie.csrf", "privacy.lasts.session"},
	{"lang", "privacy.cookie.lang", "privacy.lasts.year"},
	{flashCookie, "privacy.cookie.flash", "privacy.lasts.flash"},
}
