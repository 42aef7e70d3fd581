package app

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// home shows the open consultations, each with its most-supported ideas.
func (s *Server) home(c *fiber.Ctx) error {
	ctx := c.UserContext()
	consultations, err := models.ListConsultations(ctx, s.db)
	if err != nil {
		return err
	}
	var open, scheduled, closed, drafts []models.Consultation
	var openIDs []int64
	for _, cs := range consultations {
		switch cs.Stage(s.now(c)) {
		case models.StageOpen:
			open = append(open, cs)
			openIDs = append(openIDs, cs.ID)
		case models.StageScheduled:
			scheduled = append(scheduled, cs)
		default:
			closed = append(closed, cs)
		}
	}
	staff := currentUser(c).Can(models.RoleStaff)
	if staff {
		if drafts, err = models.DraftConsultations(ctx, s.db); err != nil {
			return err
		}
	}
	top, err := models.TopIdeasPerConsultation(ctx, s.db, openIDs, 5, userID(c))
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "home/index", fiber.Map{
		"Open": open, "Scheduled": scheduled, "Closed": closed, "TopIdeas": top, "Staff": staff, "Drafts": drafts,
	})
}

// ideaQuery reads the list filters shared by pages and the API.
func (s *Server) ideaQuery(c *fiber.Ctx) models.IdeaQuery {
	q := models.IdeaQuery{
		Sort:         c.Query("sort"),
		Status:       c.Query("status"),
		Theme:        c.Query("theme"),
		Consultation: c.Query("consultation"),
		Q:            c.Query("q"),
		Page:         c.QueryInt("page", 1),
		PerPage:      c.QueryInt("per_page", 20),
		ViewerID:     userID(c),
		Counts:       s.listCounts,
	}
	q.Normalise()
	return q
}

// listIdeas is /ideas: every visible idea, sorted, filtered, searched and paged.
func (s *Server) listIdeas(c *fiber.Ctx) error {
	ctx := c.UserContext()
	q := s.ideaQuery(c)
	page, err := models.ListIdeas(ctx, s.db, q)
	if err != nil {
		return err
	}
	consultations, themes, err := s.filterChoices(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "ideas/index", fiber.Map{
		"Query": q, "Page": page, "Consultations": consultations, "Themes": themes,
		"Statuses": models.IdeaStatuses, "BasePath": "/ideas",
	})
}

// filterChoices are the consultations and themes that list filters offer. Every list page
// shows them and they seldom change, so while the instance hears the site's version
// (siteversion.go) they are read once per version; callers share them and must not change them.
func (s *Server) filterChoices(c *fiber.Ctx) ([]models.Consultation, []models.Theme, error) {
	version, live := s.version.current() // read before the rows, so rows are never older than it
	if kept := s.choices.Load(); live && kept != nil && kept.version == version {
		return kept.consultations, kept.themes, nil
	}
	consultations, err := models.ListConsultations(c.UserContext(), s.db)
	if err != nil {
		return nil, nil, err
	}
	themes, err := models.AllThemes(c.UserContext(), s.db)
	if err != nil {
		return nil, nil, err
	}
	if live {
		s.choices.Store(&keptChoices{version: version, consultations: consultations, themes: themes})
	}
	return consultations, themes, nil
}

// keptChoices are the list filters' choices as read at a version of the site.
type keptChoices struct {
	version       int64
	consultations []models.Consultation
	themes        []models.Theme
}

// showTheme is a theme's public page: what it covers and its ideas.
func (s *Server) showTheme(c *fiber.Ctx) error {
	ctx := c.UserContext()
	theme, err := models.ThemeBySlug(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	q := s.ideaQuery(c)
	q.Theme = theme.Slug
	page, err := models.ListIdeas(ctx, s.db, q)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "themes/show", fiber.Map{
		"Theme": theme, "Query": q, "Page": page, "BasePath": "/themes/" + theme.Slug,
	})
}

// showIdea is one idea with its votes, comments and history.
func (s *Server) showIdea(c *fiber.Ctx) error {
	data, err := s.ideaPage(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "ideas/show", data)
}

// ideaPage gathers what the idea page shows; the comment handlers reuse it to show their
// validation messages in place.
func (s *Server) ideaPage(c *fiber.Ctx) (fiber.Map, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, err
	}
	return s.ideaPageFor(c, id)
}

func (s *Server) ideaPageFor(c *fiber.Ctx, id int64) (fiber.Map, error) {
	ctx := c.UserContext()
	idea, err := models.IdeaByID(ctx, s.db, id, userID(c))
	if err != nil {
		return nil, err
	}
	user := currentUser(c)
	if idea.HiddenAt != nil && !user.Can(models.RolePanel) {
		return fiber.Map{"Idea": idea, "Hidden": true}, nil
	}
	comments, err := models.CommentsForIdea(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := models.MarkSupportedComments(ctx, s.db, userID(c), comments); err != nil {
		return nil, err
	}
	history, err := models.IdeaHistory(ctx, s.db, id, currentUser(c))
	if err != nil {
		return nil, err
	}
	agenda, err := models.IdeaAgendaLinks(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	actions, err := models.ActionsForIdea(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	data := fiber.Map{
		"Idea": idea, "Comments": comments, "History": history, "Agenda": agenda, "Actions": actions,
		"Errors": map[string]string{}, "Form": fiber.Map{}, "ReportFor": "",
		"EditMinutes": models.EditWindowMins,
	}
	if user != nil {
		following, err := models.Following(ctx, s.db, user.ID, id)
		if err != nil {
			return nil, err
		}
		// Just after a vote or a comment, the page offers to follow the idea.
		flash := s.peekFlash(c)
		data["Following"] = following
		data["OfferFollow"] = !following && (flash == flashKindKey+"flash.voted" || flash == flashKindKey+"flash.comment_added")
	}
	if user.Can(models.RolePanel) {
		// The panel's tools: status and response, themes, merge, shortlist.
		themes, err := models.AllThemes(ctx, s.db)
		if err != nil {
			return nil, err
		}
		entry, err := models.ShortlistEntryFor(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		openItems, err := models.OpenAgendaItems(ctx, s.db, s.now(c), id)
		if err != nil {
			return nil, err
		}
		// Merging offers the ideas this one most likely repeats, so nobody has to find a number.
		var duplicates []models.IdeaSummary
		if idea.MergedIntoID == nil {
			if duplicates, err = models.LikelyDuplicates(ctx, s.db, &idea.Idea); err != nil {
				return nil, err
			}
		}
		data["Triage"] = fiber.Map{"Themes": themes, "Statuses": models.IdeaStatuses, "Shortlist": entry,
			"AgendaItems": openItems, "Duplicates": duplicates}
	}
	return data, nil
}

// newIdeaForm shows the form for a new idea.
func (s *Server) newIdeaForm(c *fiber.Ctx) error {
	open, err := models.OpenConsultations(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	form := fiber.Map{"consultation": c.Query("consultation")}
	if len(open) == 1 {
		form["consultation"] = open[0].Slug
	}
	return s.render(c, fiber.StatusOK, "ideas/new", fiber.Map{
		"Consultations": open, "Form": form, "Errors": map[string]string{},
	})
}

// createIdea stores a new idea, or shows the form again with what to fix.
func (s *Server) createIdea(c *fiber.Ctx) error {
	ctx := c.UserContext()
	in := models.NewIdea{Consultation: c.FormValue("consultation"), Title: c.FormValue("title"), Body: c.FormValue("body"),
		Lang: currentLang(c)}
	idea, errs, err := models.CreateIdea(ctx, s.db, currentUser(c).ID, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		open, err := models.OpenConsultations(ctx, s.db)
		if err != nil {
			return err
		}
		status, notSent := fiber.StatusUnprocessableEntity, false
		if errs["consultation"] == models.ErrKeyConsultationClosed {
			// Closed while it was being written: 409, and the text comes back to be copied.
			status, notSent = fiber.StatusConflict, true
			if len(open) == 0 {
				if cs, err := models.ConsultationBySlug(ctx, s.db, in.Consultation); err == nil {
					open = []models.Consultation{*cs}
				}
			}
		}
		return s.render(c, status, "ideas/new", fiber.Map{
			"Consultations": open, "Errors": s.translateErrors(c, errs), "NotSent": notSent,
			"ErrorOrder": []string{"consultation", "title", "body"},
			"Form":       fiber.Map{"consultation": in.Consultation, "title": in.Title, "body": in.Body},
		})
	}
	s.flash(c, "flash.idea_created")
	return c.Redirect("/ideas/"+strconv.FormatInt(idea.ID, 10), fiber.StatusSeeOther)
}

// voteOnIdea is the form post behind the vote button: vote=on adds, vote=off removes.
func (s *Server) voteOnIdea(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	on := c.FormValue("vote") != "off"
	if _, err := models.SetVote(c.UserContext(), s.db, id, currentUser(c).ID, on); err != nil {
		return err
	}
	if on {
		s.flash(c, "flash.voted")
	} else {
		s.flash(c, "flash.unvoted")
	}
	back := sitePath(c.FormValue("next"), "/")
	if back == "/" {
		back = "/ideas/" + strconv.FormatInt(id, 10)
	}
	return c.Redirect(back, fiber.StatusSeeOther)
}

// timeNow is the clock handlers use.
// now is the time for this request: the models' clock, which tests may fix (Config.Clock).
func (s *Server) now(c *fiber.Ctx) time.Time { return models.Now(c.UserContext()) }
