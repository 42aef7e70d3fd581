package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// showOutcome is a consultation's outcome report, "you said, we did". It is public once
// published; until then staff see a preview with the form that publishes it.
func (s *Server) showOutcome(c *fiber.Ctx) error {
	cs, err := s.consultationFor(c)
	if err != nil {
		return err
	}
	staff := currentUser(c).Can(models.RoleStaff)
	if cs.OutcomePublishedAt == nil && !staff {
		return models.ErrNotFound
	}
	form := fiber.Map{"outcome_intro": cs.OutcomeIntro, "outcome_intro_cy": cs.OutcomeIntroCy}
	return s.renderOutcome(c, fiber.StatusOK, cs, nil, form)
}

func (s *Server) renderOutcome(c *fiber.Ctx, status int, cs *models.Consultation, errs models.Errors, form fiber.Map) error {
	report, err := models.Outcome(c.UserContext(), s.db, cs)
	if err != nil {
		return err
	}
	return s.render(c, status, "consultations/outcome", fiber.Map{"Consultation": cs, "Report": report,
		"Groups": models.OutcomeGroups, "Staff": currentUser(c).Can(models.RoleStaff), "Stage": cs.Stage(s.now(c)),
		"Errors": s.translateErrors(c, errs), "Form": form})
}

// publishOutcome publishes the outcome report with the introduction staff wrote.
func (s *Server) publishOutcome(c *fiber.Ctx) error {
	ctx := c.UserContext()
	cs, err := models.ConsultationBySlugForStaff(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	intro, introCy := c.FormValue("outcome_intro"), c.FormValue("outcome_intro_cy")
	errs, err := models.PublishOutcome(ctx, s.db, currentUser(c), cs.ID, intro, introCy)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderOutcome(c, fiber.StatusUnprocessableEntity, cs, errs,
			fiber.Map{"outcome_intro": intro, "outcome_intro_cy": introCy})
	}
	s.flash(c, "flash.outcome_published")
	return c.Redirect("/consultations/"+cs.Slug+"/outcome", fiber.StatusSeeOther)
}

// apiOutcome is GET /api/v1/consultations/:slug/outcome: the published report as data.
func (s *Server) apiOutcome(c *fiber.Ctx) error {
	ctx := c.UserContext()
	cs, err := models.ConsultationBySlug(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	if cs.OutcomePublishedAt == nil {
		return models.ErrNotFound
	}
	report, err := models.Outcome(ctx, s.db, cs)
	if err != nil {
		return err
	}
	weeks := []fiber.Map{}
	for _, w := range report.Weeks {
		weeks = append(weeks, fiber.Map{"week": w.Week.Format("2006-01-02"), "ideas": w.Ideas, "votes": w.Votes, "comments": w.Comments})
	}
	groups := fiber.Map{}
	for _, g := range models.OutcomeGroups {
		ideas := []fiber.Map{}
		for _, idea := range report.Groups[g] {
			m := fiber.Map{"id": idea.ID, "title": idea.Title, "status": idea.Status, "votes": idea.VoteCount,
				"comments": idea.CommentCount, "url": s.cfg.BaseURL + "/ideas/" + strconv.FormatInt(idea.ID, 10),
				"response": nil, "merged_into": nil}
			if idea.Response != "" {
				m["response"] = fiber.Map{"en": idea.Response, "cy": idea.ResponseCy}
			}
			if idea.MergedIntoID != nil {
				m["merged_into"] = fiber.Map{"id": *idea.MergedIntoID, "title": idea.MergedIntoTitle,
					"url": s.cfg.BaseURL + "/ideas/" + strconv.FormatInt(*idea.MergedIntoID, 10)}
			}
			if g == models.OutcomeTakenUp {
				decisions, actions := []fiber.Map{}, []fiber.Map{}
				for _, a := range idea.Agenda {
					decisions = append(decisions, fiber.Map{"agenda_item": a.Title, "agenda_item_cy": a.TitleCy,
						"decision": a.Outcome, "decision_cy": a.OutcomeCy, "meeting": a.MeetingTitle,
						"meeting_at": rfc3339(a.StartsAt), "meeting_url": s.cfg.BaseURL + "/meetings/" + strconv.FormatInt(a.MeetingID, 10)})
				}
				for _, a := range idea.Actions {
					actions = append(actions, fiber.Map{"reference": a.Reference, "description": a.Description,
						"status": a.Status, "url": s.cfg.BaseURL + "/actions/" + strconv.FormatInt(a.ID, 10)})
				}
				m["decisions"], m["actions"] = decisions, actions
			}
			ideas = append(ideas, m)
		}
		groups[g] = ideas
	}
	return c.JSON(fiber.Map{"consultation": s.consultationJSON(cs, s.now(c)), "intro": cs.OutcomeIntro,
		"intro_cy": cs.OutcomeIntroCy, "published_at": rfc3339(*cs.OutcomePublishedAt), "counts": report.Counts,
		"weeks": weeks, "ideas": groups, "url": s.cfg.BaseURL + "/consultations/" + cs.Slug + "/outcome"})
}
