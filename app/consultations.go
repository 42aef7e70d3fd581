package app

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// consultationFor loads the consultation named in the address: staff see drafts (a preview),
// everyone else gets 404 for them.
func (s *Server) consultationFor(c *fiber.Ctx) (*models.Consultation, error) {
	if currentUser(c).Can(models.RoleStaff) {
		return models.ConsultationBySlugForStaff(c.UserContext(), s.db, c.Params("slug"))
	}
	return models.ConsultationBySlug(c.UserContext(), s.db, c.Params("slug"))
}

// showConsultation is one consultation, where it stands, and its ideas.
func (s *Server) showConsultation(c *fiber.Ctx) error {
	consultation, err := s.consultationFor(c)
	if err != nil {
		return err
	}
	data, err := s.consultationPage(c, consultation)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "consultations/show", data)
}

// consultationPage gathers what the consultation page shows; the status actions reuse it to
// show their messages in place.
func (s *Server) consultationPage(c *fiber.Ctx, consultation *models.Consultation) (fiber.Map, error) {
	ctx := c.UserContext()
	q := s.ideaQuery(c)
	q.Consultation = consultation.Slug
	page, err := models.ListIdeas(ctx, s.db, q)
	if err != nil {
		return nil, err
	}
	history, err := models.ConsultationHistory(ctx, s.db, consultation.ID, currentUser(c))
	if err != nil {
		return nil, err
	}
	var board *models.Board
	if consultation.BoardID != nil {
		if board, err = models.BoardByID(ctx, s.db, *consultation.BoardID); err != nil {
			return nil, err
		}
	}
	meetings, err := models.ConsultationMeetings(ctx, s.db, consultation.ID)
	if err != nil {
		return nil, err
	}
	now := s.now(c)
	return fiber.Map{
		"Consultation": consultation, "Stage": consultation.Stage(now), "IsOpen": consultation.IsOpen(now),
		"Steps": consultationSteps(consultation, now, meetings), "Meetings": meetings,
		"Board": board, "History": history, "Query": q, "Page": page,
		"BasePath": "/consultations/" + consultation.Slug, "Errors": map[string]string{}, "Form": fiber.Map{"closes_on": models.DateParts{}},
		"Staff": currentUser(c).Can(models.RoleStaff),
	}, nil
}

// consultationInput reads the consultation form.
func consultationInput(c *fiber.Ctx) models.ConsultationInput {
	return models.ConsultationInput{Slug: c.FormValue("slug"), Title: c.FormValue("title"), TitleCy: c.FormValue("title_cy"),
		Description: c.FormValue("description"), DescriptionCy: c.FormValue("description_cy"), Board: c.FormValue("board"),
		OpensOn: dateParts(c, "opens_on"), ClosesOn: dateParts(c, "closes_on"), Themes: c.FormValue("themes"),
		Reason: c.FormValue("reason"), ReasonCy: c.FormValue("reason_cy")}
}

// inputOf is a stored consultation as its edit form shows it.
func inputOf(cs *models.Consultation, boards []models.Board) models.ConsultationInput {
	in := models.ConsultationInput{Slug: cs.Slug, Title: cs.Title, TitleCy: cs.TitleCy, Description: cs.Description,
		DescriptionCy: cs.DescriptionCy}
	if cs.OpensAt != nil {
		in.OpensOn = models.PartsOf(*cs.OpensAt)
	}
	if cs.ClosesAt != nil {
		in.ClosesOn = models.PartsOf(*cs.ClosesAt)
	}
	for _, b := range boards {
		if cs.BoardID != nil && b.ID == *cs.BoardID {
			in.Board = b.Slug
		}
	}
	return in
}

func (s *Server) renderConsultationForm(c *fiber.Ctx, status int, cs *models.Consultation, errs models.Errors, form models.ConsultationInput) error {
	boards, err := models.ListBoards(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.render(c, status, "consultations/form", fiber.Map{"Consultation": cs, "Boards": boards, "Form": form,
		"Errors": s.translateErrors(c, errs)})
}

// newConsultationForm shows the form for a new consultation.
func (s *Server) newConsultationForm(c *fiber.Ctx) error {
	return s.renderConsultationForm(c, fiber.StatusOK, nil, nil, models.ConsultationInput{})
}

// createConsultation stores a new consultation as a draft and shows its preview.
func (s *Server) createConsultation(c *fiber.Ctx) error {
	in := consultationInput(c)
	cs, errs, err := models.CreateConsultation(c.UserContext(), s.db, currentUser(c), in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderConsultationForm(c, fiber.StatusUnprocessableEntity, nil, errs, in)
	}
	s.flash(c, "flash.consultation_created")
	return c.Redirect("/consultations/"+cs.Slug, fiber.StatusSeeOther)
}

// editConsultationForm shows a consultation's fields.
func (s *Server) editConsultationForm(c *fiber.Ctx) error {
	cs, err := models.ConsultationBySlugForStaff(c.UserContext(), s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	boards, err := models.ListBoards(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.renderConsultationForm(c, fiber.StatusOK, cs, nil, inputOf(cs, boards))
}

// updateConsultation saves a consultation's changes; extending it is a change of closing date.
func (s *Server) updateConsultation(c *fiber.Ctx) error {
	ctx := c.UserContext()
	cs, err := models.ConsultationBySlugForStaff(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	in := consultationInput(c)
	updated, errs, err := models.UpdateConsultation(ctx, s.db, currentUser(c), cs.ID, in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderConsultationForm(c, fiber.StatusUnprocessableEntity, cs, errs, in)
	}
	s.flash(c, "flash.consultation_saved")
	return c.Redirect("/consultations/"+updated.Slug, fiber.StatusSeeOther)
}

// setConsultationStatus publishes a draft, closes a consultation early or reopens it, each
// with a reason for the public record.
func (s *Server) setConsultationStatus(c *fiber.Ctx) error {
	ctx := c.UserContext()
	cs, err := models.ConsultationBySlugForStaff(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	action, reason := c.FormValue("action"), models.Reason{Text: c.FormValue("reason"), Cy: c.FormValue("reason_cy")}
	var errs models.Errors
	var flash string
	switch action {
	case "publish":
		errs, err = models.PublishConsultation(ctx, s.db, currentUser(c), cs.ID, reason)
		flash = "flash.consultation_publish"
	case "close":
		errs, err = models.CloseConsultation(ctx, s.db, currentUser(c), cs.ID, reason)
		flash = "flash.consultation_close"
	case "reopen":
		errs, err = models.ReopenConsultation(ctx, s.db, currentUser(c), cs.ID, dateParts(c, "closes_on"), reason)
		flash = "flash.consultation_reopen"
	default:
		return fiber.NewError(fiber.StatusBadRequest, "unknown action")
	}
	if err != nil {
		return err
	}
	if errs.Any() {
		data, err := s.consultationPage(c, cs)
		if err != nil {
			return err
		}
		data["Errors"] = s.translateErrors(c, errs)
		data["Form"] = fiber.Map{"action": action, "reason": strings.TrimSpace(reason.Text),
			"reason_cy": strings.TrimSpace(reason.Cy), "closes_on": dateParts(c, "closes_on")}
		return s.render(c, fiber.StatusUnprocessableEntity, "consultations/show", data)
	}
	s.flash(c, flash)
	return c.Redirect("/consultations/"+cs.Slug, fiber.StatusSeeOther)
}

// consultationStep is one stage of a consultation's public life, as its page shows it.
type consultationStep struct {
	Key   string     // consultation.step.<Key> names it
	State string     // done, current or upcoming
	Date  *time.Time // when it happened (or will)
	Until *time.Time // for the time ideas are taken: when it closes
	Link  string
}

// consultationSteps says where a consultation stands: open for ideas, the panel reviewing,
// the shortlist published, at the board (its meetings), the outcome published.
func consultationSteps(cs *models.Consultation, now time.Time, meetings []models.ConsultationMeeting) []consultationStep {
	stage := cs.Stage(now)
	state := func(done, current bool) string {
		switch {
		case done:
			return "done"
		case current:
			return "current"
		}
		return "upcoming"
	}
	base := "/consultations/" + cs.Slug
	ideas := consultationStep{Key: "ideas", State: state(stage == models.StageClosed, stage == models.StageOpen),
		Date: cs.OpensAt, Until: cs.ClosesAt}
	if ideas.Date == nil {
		ideas.Date = cs.PublishedAt
	}
	review := consultationStep{Key: "review", State: state(cs.ShortlistPublishedAt != nil, stage == models.StageClosed)}
	shortlist := consultationStep{Key: "shortlist", State: state(cs.ShortlistPublishedAt != nil, false), Date: cs.ShortlistPublishedAt}
	if cs.ShortlistPublishedAt != nil {
		shortlist.Link = base + "/shortlist"
	}
	board := consultationStep{Key: "board", State: state(len(meetings) > 0 && cs.OutcomePublishedAt != nil, len(meetings) > 0)}
	if len(meetings) > 0 {
		board.Date = &meetings[0].StartsAt
	}
	outcome := consultationStep{Key: "outcome", State: state(cs.OutcomePublishedAt != nil, false), Date: cs.OutcomePublishedAt}
	if cs.OutcomePublishedAt != nil {
		outcome.Link = base + "/outcome"
	}
	return []consultationStep{ideas, review, shortlist, board, outcome}
}
