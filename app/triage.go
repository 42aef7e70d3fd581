package app

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// triageQueue is /triage: new and under-review ideas, oldest first, with filters and a form to
// act on several at once.
func (s *Server) triageQueue(c *fiber.Ctx) error {
	return s.renderTriage(c, fiber.StatusOK, nil)
}

func (s *Server) renderTriage(c *fiber.Ctx, status int, errs models.Errors) error {
	ctx := c.UserContext()
	f := models.TriageFilter{
		Consultation: c.Query("consultation"), Theme: c.Query("theme"), Status: c.Query("status"),
		NoTheme: c.Query("theme") == "none", Page: c.QueryInt("page", 1), Counts: s.listCounts,
	}
	if f.NoTheme {
		f.Theme = ""
	}
	page, err := models.TriageQueue(ctx, s.db, f)
	if err != nil {
		return err
	}
	consultations, themes, err := s.filterChoices(c)
	if err != nil {
		return err
	}
	query := models.IdeaQuery{Consultation: f.Consultation, Theme: c.Query("theme"), Status: f.Status}
	return s.render(c, status, "triage/index", fiber.Map{
		"Filter": f, "ThemeFilter": c.Query("theme"), "Page": page, "Query": query, "BasePath": "/triage",
		"Consultations": consultations, "Themes": themes, "Statuses": models.IdeaStatuses,
		"Errors": s.translateErrors(c, errs),
	})
}

// bulkTriage assigns a theme and/or sets a status on the selected ideas.
func (s *Server) bulkTriage(c *fiber.Ctx) error {
	var ids []int64
	for _, raw := range formValues(c, "idea") {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return &httpError{status: fiber.StatusBadRequest, key: "error.bad_request"}
		}
		ids = append(ids, id)
	}
	themeID, _ := strconv.ParseInt(c.FormValue("theme_id"), 10, 64)
	errs, err := models.BulkTriage(c.UserContext(), s.db, currentUser(c), ids, themeID, c.FormValue("status"))
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderTriage(c, fiber.StatusUnprocessableEntity, errs)
	}
	s.flash(c, "flash.triage_done")
	return c.Redirect(sitePath(c.FormValue("next"), "/"), fiber.StatusSeeOther)
}

// formValues returns every value of a repeated form field (checkboxes).
func formValues(c *fiber.Ctx, name string) []string {
	var out []string
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if string(k) == name {
			out = append(out, string(v))
		}
	})
	return out
}

// setIdeaStatus records the panel's status and public response.
func (s *Server) setIdeaStatus(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	in := models.StatusChange{Status: c.FormValue("status"), Response: c.FormValue("response"), ResponseCy: c.FormValue("response_cy")}
	errs, err := models.SetIdeaStatus(c.UserContext(), s.db, currentUser(c), id, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.ideaPageWithErrors(c, errs, fiber.Map{"status": in.Status, "response": in.Response, "response_cy": in.ResponseCy})
	}
	s.flash(c, "flash.status_saved")
	return c.Redirect("/ideas/"+strconv.FormatInt(id, 10)+"#triage", fiber.StatusSeeOther)
}

// setIdeaTheme adds or removes one theme.
func (s *Server) setIdeaTheme(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	themeID, err := strconv.ParseInt(c.FormValue("theme_id"), 10, 64)
	if err != nil {
		return s.ideaPageWithErrors(c, models.Errors{"theme_id": "error.theme.choose"}, nil)
	}
	if err := models.SetIdeaTheme(c.UserContext(), s.db, currentUser(c), id, themeID, c.FormValue("action") != "remove"); err != nil {
		return err
	}
	s.flash(c, "flash.themes_saved")
	return c.Redirect("/ideas/"+strconv.FormatInt(id, 10)+"#triage", fiber.StatusSeeOther)
}

// mergeIdea marks this idea a duplicate of another.
func (s *Server) mergeIdea(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	raw := strings.TrimPrefix(strings.TrimSpace(c.FormValue("target")), "#")
	target, err := strconv.ParseInt(raw, 10, 64)
	form := fiber.Map{"target": c.FormValue("target"), "merge_reason": c.FormValue("reason")}
	if err != nil || target <= 0 {
		return s.ideaPageWithErrors(c, models.Errors{"target": "error.target.required"}, form)
	}
	errs, err := models.MergeIdea(c.UserContext(), s.db, currentUser(c), id, target, c.FormValue("reason"))
	if err != nil {
		if err == models.ErrNotFound {
			return s.ideaPageWithErrors(c, models.Errors{"target": "error.target.required"}, form)
		}
		return err
	}
	if errs.Any() {
		return s.ideaPageWithErrors(c, errs, form)
	}
	s.flash(c, "flash.merged")
	return c.Redirect("/ideas/"+strconv.FormatInt(target, 10), fiber.StatusSeeOther)
}

// shortlistIdea puts the idea on its consultation's shortlist at a rank, with a rationale.
func (s *Server) shortlistIdea(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	in := models.ShortlistInput{Rationale: c.FormValue("rationale"), RationaleCy: c.FormValue("rationale_cy")}
	if rank, err := strconv.Atoi(strings.TrimSpace(c.FormValue("rank"))); err == nil {
		in.Rank = rank
	}
	errs, err := models.SetShortlistEntry(c.UserContext(), s.db, currentUser(c), id, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.ideaPageWithErrors(c, errs, fiber.Map{"rank": c.FormValue("rank"), "rationale": in.Rationale, "rationale_cy": in.RationaleCy})
	}
	s.flash(c, "flash.shortlisted")
	return c.Redirect("/ideas/"+strconv.FormatInt(id, 10)+"#triage", fiber.StatusSeeOther)
}

// unshortlistIdea takes the idea off the shortlist.
func (s *Server) unshortlistIdea(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	if err := models.RemoveFromShortlist(c.UserContext(), s.db, currentUser(c), id, c.FormValue("reason")); err != nil {
		return err
	}
	s.flash(c, "flash.unshortlisted")
	return c.Redirect("/ideas/"+strconv.FormatInt(id, 10)+"#triage", fiber.StatusSeeOther)
}

// ideaPageWithErrors shows the idea page again with the panel's form messages and input.
func (s *Server) ideaPageWithErrors(c *fiber.Ctx, errs models.Errors, form fiber.Map) error {
	data, err := s.ideaPage(c)
	if err != nil {
		return err
	}
	data["Errors"] = s.translateErrors(c, errs)
	if form != nil {
		data["Form"] = form
	}
	return s.render(c, fiber.StatusUnprocessableEntity, "ideas/show", data)
}

// showShortlist is a consultation's published shortlist: the panel's ranked choice and why,
// shown apart from the public's vote ranking. The panel sees a draft before it is published.
func (s *Server) showShortlist(c *fiber.Ctx) error {
	ctx := c.UserContext()
	consultation, err := models.ConsultationBySlug(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	panel := currentUser(c).Can(models.RolePanel)
	if consultation.ShortlistPublishedAt == nil && !panel {
		return models.ErrNotFound
	}
	entries, err := models.Shortlist(ctx, s.db, consultation.ID, userID(c))
	if err != nil {
		return err
	}
	top, err := models.ListIdeas(ctx, s.db, models.IdeaQuery{Consultation: consultation.Slug, Sort: models.SortTop, PerPage: 10})
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "consultations/shortlist", fiber.Map{
		"Consultation": consultation, "Entries": entries, "PublicTop": top.Ideas, "CanPublish": panel,
	})
}

// publishShortlist publishes or withdraws a consultation's shortlist.
func (s *Server) publishShortlist(c *fiber.Ctx) error {
	consultation, err := models.ConsultationBySlug(c.UserContext(), s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	publish := c.FormValue("publish") != "no"
	if err := models.PublishShortlist(c.UserContext(), s.db, currentUser(c), consultation.ID, publish); err != nil {
		return err
	}
	if publish {
		s.flash(c, "flash.shortlist_published")
	} else {
		s.flash(c, "flash.shortlist_withdrawn")
	}
	return c.Redirect("/consultations/"+consultation.Slug+"/shortlist", fiber.StatusSeeOther)
}
