package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// MaxOutcomeIntro limits the introduction staff write to an outcome report.
const MaxOutcomeIntro = 5000

// PublishOutcome publishes a closed consultation's outcome report ("you said, we did") with
// the introduction staff wrote; publishing again replaces the introduction. Everything else in
// the report is drawn from the record when it is read, so it stays true as actions move on.
func PublishOutcome(ctx context.Context, db *gorm.DB, actor *User, id int64, intro, introCy string) (Errors, error) {
	errs := Errors{}
	intro = checkTextAs(errs, "outcome_intro", "outcome_intro", intro, true, MaxOutcomeIntro)
	introCy = checkTextAs(errs, "outcome_intro_cy", "outcome_intro", introCy, false, MaxOutcomeIntro)
	if errs.Any() {
		return errs, nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := lockConsultation(tx, id)
		if err != nil {
			return err
		}
		now := Now(ctx)
		if c.Stage(now) != StageClosed {
			errs.Add("outcome_intro", "error.outcome.not_closed")
			return nil
		}
		published := now
		if c.OutcomePublishedAt != nil {
			published = *c.OutcomePublishedAt // first published then; the introduction changes
		}
		err = tx.Model(&Consultation{}).Where("id = ?", id).Updates(map[string]any{"outcome_intro": intro,
			"outcome_intro_cy": introCy, "outcome_published_at": published, "updated_at": now}).Error
		if err != nil {
			return err
		}
		return recordEvent(tx, Event{ActorID: actorID(actor), Verb: VerbConsultationOutcomePublished,
			SubjectType: "consultation", SubjectID: id, ToValue: c.Title, Data: EventData{ConsultationID: id}})
	})
	return errs, err
}

// What happened to an idea, as the outcome report groups them.
const (
	OutcomeTakenUp     = "taken_up"    // on a board's agenda, with its decisions and actions
	OutcomeShortlisted = "shortlisted" // on the panel's shortlist, not yet taken up
	OutcomeDeclined    = "declined"    // with the panel's response
	OutcomeMerged      = "merged"      // into another idea
	OutcomeStillOpen   = "still_open"  // new or under review
	OutcomeWithdrawn   = "withdrawn"   // by its author
)

// OutcomeGroups is the order in which the report shows its groups.
var OutcomeGroups = []string{OutcomeTakenUp, OutcomeShortlisted, OutcomeDeclined, OutcomeMerged, OutcomeWithdrawn, OutcomeStillOpen}

// OutcomeIdea is one idea in the report, with what became of it.
type OutcomeIdea struct {
	IdeaSummary
	MergedIntoTitle string
	Agenda          []AgendaLink    // the agenda items that took it up, with their decisions
	Actions         []ActionListing // the actions that follow it up, with their status
}

// OutcomeWeek is one week's figures, from the Monday (London) it starts.
type OutcomeWeek struct {
	Week                   time.Time
	Ideas, Votes, Comments int64
}

// OutcomeReport is what a consultation's outcome report shows.
type OutcomeReport struct {
	Consultation *Consultation
	Counts       ConsultationCounts
	Weeks        []OutcomeWeek
	Groups       map[string][]OutcomeIdea
}

// Outcome draws a consultation's outcome report from the record: its figures, week by week,
// and every visible idea grouped by what happened to it.
func Outcome(ctx context.Context, db *gorm.DB, c *Consultation) (*OutcomeReport, error) {
	r := &OutcomeReport{Consultation: c, Groups: map[string][]OutcomeIdea{}}
	var err error
	if r.Counts, err = CountConsultation(ctx, db, c.ID); err != nil {
		return nil, err
	}
	err = db.WithContext(ctx).Raw(`SELECT week, sum(ideas) AS ideas, sum(votes) AS votes, sum(comments) AS comments FROM (
			SELECT date_trunc('week', i.created_at AT TIME ZONE 'Europe/London') AS week, 1 AS ideas, 0 AS votes, 0 AS comments
				FROM ideas i WHERE i.consultation_id = @id AND i.hidden_at IS NULL
			UNION ALL SELECT date_trunc('week', v.created_at AT TIME ZONE 'Europe/London'), 0, 1, 0
				FROM votes v JOIN ideas i ON i.id = v.idea_id WHERE i.consultation_id = @id AND i.hidden_at IS NULL
			UNION ALL SELECT date_trunc('week', cm.created_at AT TIME ZONE 'Europe/London'), 0, 0, 1
				FROM comments cm JOIN ideas i ON i.id = cm.idea_id
				WHERE i.consultation_id = @id AND i.hidden_at IS NULL AND cm.deleted_at IS NULL AND cm.hidden_at IS NULL
		) AS activity GROUP BY week ORDER BY week`, map[string]any{"id": c.ID}).Scan(&r.Weeks).Error
	if err != nil {
		return nil, err
	}
	var ideas []struct {
		IdeaSummary
		MergedIntoTitle string
		OnShortlist     bool
		TakenUp         bool
	}
	err = db.WithContext(ctx).Raw(`SELECT `+ideaSummarySelect+`, false AS voted, t.title AS merged_into_title,
			EXISTS (SELECT 1 FROM shortlist_entries e WHERE e.idea_id = i.id) AS on_shortlist,
			(EXISTS (SELECT 1 FROM agenda_item_ideas l WHERE l.idea_id = i.id)
				OR EXISTS (SELECT 1 FROM action_ideas ai WHERE ai.idea_id = i.id)) AS taken_up
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id LEFT JOIN users u ON u.id = i.author_id
		LEFT JOIN ideas t ON t.id = i.merged_into_id
		WHERE i.consultation_id = ? AND i.hidden_at IS NULL
		ORDER BY i.vote_count DESC, i.id`, openArgs(ctx, c.ID)...).Scan(&ideas).Error
	if err != nil {
		return nil, err
	}
	for _, row := range ideas {
		idea := OutcomeIdea{IdeaSummary: row.IdeaSummary, MergedIntoTitle: row.MergedIntoTitle}
		group := OutcomeStillOpen
		switch {
		case idea.MergedIntoID != nil:
			group = OutcomeMerged
		case idea.Status == StatusWithdrawn:
			group = OutcomeWithdrawn
		case row.TakenUp || idea.Status == StatusOnAgenda || idea.Status == StatusInProgress || idea.Status == StatusDone:
			group = OutcomeTakenUp
			if idea.Agenda, err = IdeaAgendaLinks(ctx, db, idea.ID); err != nil {
				return nil, err
			}
			if idea.Actions, err = ActionsForIdea(ctx, db, idea.ID); err != nil {
				return nil, err
			}
		case idea.Status == StatusDeclined:
			group = OutcomeDeclined
		case row.OnShortlist || idea.Status == StatusShortlisted:
			group = OutcomeShortlisted
		}
		r.Groups[group] = append(r.Groups[group], idea)
	}
	return r, nil
}

// OutcomeIntroHTML is the outcome report's introduction, rendered and sanitised.
func (c *Consultation) OutcomeIntroHTML() string { return RenderMarkdown(c.OutcomeIntro) }

// OutcomeIntroCyHTML is the Welsh introduction, rendered and sanitised.
func (c *Consultation) OutcomeIntroCyHTML() string { return RenderMarkdown(c.OutcomeIntroCy) }
