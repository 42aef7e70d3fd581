package models

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// SeedDemo loads a small demo site (seed_demo_data.go): staff, panel and citizen accounts,
// themes, three consultations, ideas (some in Welsh, some gathered from social media), votes,
// comments and the panel's public responses. Everything goes in through the same model
// functions the site uses, so counts and history are exact, then is dated back over the past
// weeks. It runs in one transaction and does nothing when the demo is already there: running
// it again changes nothing, and a failure leaves nothing half-loaded.
func SeedDemo(ctx context.Context, db *gorm.DB) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Two seeds started together would both find no demo; the second waits here, then sees
		// the first one's work.
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtext('syniad.seed_demo'))`).Error; err != nil {
			return err
		}
		var loaded bool
		err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM consultations WHERE slug = ?)`, demoMarkerSlug).Scan(&loaded).Error
		if err != nil || loaded {
			return err
		}
		s := &demoSeeder{ctx: ctx, tx: tx, now: time.Now(),
			users: map[string]*User{}, consultations: map[string]*Consultation{},
			themes: map[string]int64{}, ideas: map[string]*Idea{}}
		return s.load()
	})
}

// demoSeeder carries what one run has created so far, by handle, slug and key.
type demoSeeder struct {
	ctx           context.Context
	tx            *gorm.DB
	now           time.Time
	users         map[string]*User
	voters        []*User
	consultations map[string]*Consultation
	themes        map[string]int64
	ideas         map[string]*Idea
}

func (s *demoSeeder) load() error {
	if err := s.seedUsers(); err != nil {
		return fmt.Errorf("users: %w", err)
	}
	if err := s.seedThemes(); err != nil {
		return fmt.Errorf("themes: %w", err)
	}
	if err := s.seedConsultations(); err != nil {
		return fmt.Errorf("consultations: %w", err)
	}
	// Ideas, votes and comments go in while every consultation still accepts them; the panel's
	// responses and the closing of the old consultation come afterwards, as they did in life.
	// Oldest first, so ids follow the order in which ideas were shared.
	ideas := slices.Clone(demoIdeas)
	slices.SortStableFunc(ideas, func(a, b demoIdea) int { return cmp.Compare(b.age, a.age) })
	for n, d := range ideas {
		if err := s.seedIdea(n, d); err != nil {
			return fmt.Errorf("idea %q: %w", d.key, err)
		}
	}
	for _, d := range demoIdeas {
		if err := s.respond(d); err != nil {
			return fmt.Errorf("response to %q: %w", d.key, err)
		}
	}
	return s.closeConsultations()
}

// seedUsers signs each person in through the development provider, so that /auth/dev with
// the same handle finds the same account, and gives staff their roles.
func (s *demoSeeder) seedUsers() error {
	for _, d := range demoUsers {
		u, err := SignIn(s.ctx, s.tx, ExternalAccount{Provider: "dev", ProviderUserID: d.handle, Handle: d.handle, Name: d.name})
		if err != nil {
			return err
		}
		s.users[d.handle] = u
		if d.voter {
			s.voters = append(s.voters, u)
		}
		if d.role != "" {
			if _, err := GrantRole(s.ctx, s.tx, nil, d.handle, d.role); err != nil {
				return err
			}
		}
		if u.CreatedAt.Before(s.now) {
			continue // someone already signed in under this handle: leave their account alone
		}
		joined := s.now.Add(-d.joined)
		err = s.tx.Exec(`UPDATE users SET created_at = ?, updated_at = ?, locale = ? WHERE id = ?`,
			joined, joined, d.locale, u.ID).Error
		if err == nil {
			err = s.tx.Exec(`UPDATE identities SET created_at = ? WHERE user_id = ?`, joined, u.ID).Error
		}
		if err == nil {
			err = s.tx.Exec(`UPDATE events SET created_at = ? WHERE verb = ? AND subject_type = 'user' AND subject_id = ?`,
				joined, VerbRoleGranted, u.ID).Error
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// seedThemes adds the demo themes, keeping any theme that already has one of their slugs.
func (s *demoSeeder) seedThemes() error {
	created := s.now.Add(-demoAge(200, 0))
	for _, d := range demoThemes {
		var id int64
		err := s.tx.Raw(`INSERT INTO themes (slug, name, name_cy, description, description_cy, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING RETURNING id`,
			d.slug, d.name, d.nameCy, d.description, d.descriptionCy, created).Scan(&id).Error
		if err == nil && id == 0 {
			err = s.tx.Raw(`SELECT id FROM themes WHERE slug = ?`, d.slug).Scan(&id).Error
		}
		if err != nil {
			return err
		}
		s.themes[d.slug] = id
	}
	return nil
}

// seedConsultations creates the consultations open with no dates, so every demo idea can be
// submitted and voted on; closeConsultations then gives them their real dates and status.
func (s *demoSeeder) seedConsultations() error {
	for _, d := range demoConsultations {
		c := &Consultation{Slug: d.slug, Title: d.title, TitleCy: d.titleCy,
			Description: d.description, DescriptionCy: d.descriptionCy, Status: "open",
			CreatedAt: s.now.Add(-d.opened - 3*demoDay), UpdatedAt: s.now.Add(-d.opened)}
		if err := s.tx.Create(c).Error; err != nil {
			return err
		}
		s.consultations[d.slug] = c
	}
	return nil
}

func (s *demoSeeder) closeConsultations() error {
	for _, d := range demoConsultations {
		opens, closes := s.now.Add(-d.opened), s.now.Add(d.closes)
		updated := opens
		if d.closes < 0 {
			updated = closes
		}
		err := s.tx.Exec(`UPDATE consultations SET status = ?, opens_at = ?, closes_at = ?, updated_at = ? WHERE id = ?`,
			d.status, opens, closes, updated, s.consultations[d.slug].ID).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// seedIdea shares one idea, with its themes, votes and comments, and dates them all.
func (s *demoSeeder) seedIdea(n int, d demoIdea) error {
	created := s.now.Add(-d.age)
	idea, err := s.createIdea(d)
	if err != nil {
		return err
	}
	s.ideas[d.key] = idea
	if err := s.tx.Exec(`UPDATE ideas SET created_at = ?, updated_at = ? WHERE id = ?`, created, created, idea.ID).Error; err != nil {
		return err
	}
	if err := s.tx.Exec(`UPDATE events SET created_at = ? WHERE idea_id = ? AND verb = ?`, created, idea.ID, VerbIdeaCreated).Error; err != nil {
		return err
	}
	for _, slug := range d.themes {
		theme, ok := s.themes[slug]
		if !ok {
			return fmt.Errorf("unknown theme %q", slug)
		}
		if err := s.tx.Exec(`INSERT INTO idea_themes (idea_id, theme_id) VALUES (?, ?)`, idea.ID, theme).Error; err != nil {
			return err
		}
	}
	if err := s.vote(n, d, idea.ID, created); err != nil {
		return err
	}
	for _, c := range d.comments {
		if err := s.comment(idea.ID, created, nil, c); err != nil {
			return err
		}
	}
	return nil
}

// createIdea shares a member's idea as they would, or records one gathered elsewhere as staff
// would: with its source instead of an author, and the same "created" event.
func (s *demoSeeder) createIdea(d demoIdea) (*Idea, error) {
	if d.author != "" {
		author, ok := s.users[d.author]
		if !ok {
			return nil, fmt.Errorf("unknown author %q", d.author)
		}
		idea, errs, err := CreateIdea(s.ctx, s.tx, author.ID, NewIdea{Consultation: d.consultation, Title: d.title, Body: d.body})
		if err == nil && errs.Any() {
			err = fmt.Errorf("invalid: %v", errs)
		}
		return idea, err
	}
	errs := Errors{}
	title := checkText(errs, "title", d.title, true, MaxTitle)
	body := checkText(errs, "body", d.body, true, MaxIdeaBody)
	if errs.Any() {
		return nil, fmt.Errorf("invalid: %v", errs)
	}
	idea := &Idea{ConsultationID: s.consultations[d.consultation].ID, SourceName: d.sourceName, SourceURL: d.sourceURL,
		Title: title, Body: body, BodyHTML: RenderMarkdown(body), Status: StatusNew}
	if err := s.tx.Create(idea).Error; err != nil {
		return nil, err
	}
	return idea, recordEvent(s.tx, Event{Verb: VerbIdeaCreated, SubjectType: "idea",
		SubjectID: idea.ID, IdeaID: &idea.ID, ToValue: StatusNew})
}

// vote casts d.votes votes from members other than the author, starting at a different member
// for each idea so support is spread around, and dates them over the idea's first days.
func (s *demoSeeder) vote(n int, d demoIdea, ideaID int64, created time.Time) error {
	end := s.now
	if c := s.closesAt(d.consultation); c.Before(end) {
		end = c
	}
	span := end.Sub(created)
	if span > 10*demoDay {
		span = 10 * demoDay
	}
	var authorID int64
	if author := s.users[d.author]; author != nil {
		authorID = author.ID
	}
	cast := 0
	for k := 0; k < len(s.voters) && cast < d.votes; k++ {
		voter := s.voters[(n*5+k)%len(s.voters)]
		if voter.ID == authorID {
			continue
		}
		if _, err := SetVote(s.ctx, s.tx, ideaID, voter.ID, true); err != nil {
			return err
		}
		cast++
		at := created.Add(span * time.Duration(cast) / time.Duration(d.votes+1))
		if err := s.tx.Exec(`UPDATE votes SET created_at = ? WHERE idea_id = ? AND user_id = ?`, at, ideaID, voter.ID).Error; err != nil {
			return err
		}
	}
	if cast < d.votes {
		return fmt.Errorf("wants %d votes but only %d members may vote", d.votes, cast)
	}
	return nil
}

// comment adds one comment and its replies, then removes it if its author deleted it or a
// moderator hid it, keeping the idea's comment count equal to what readers can see.
func (s *demoSeeder) comment(ideaID int64, ideaCreated time.Time, parent *Comment, d demoComment) error {
	at := ideaCreated.Add(d.after)
	if !at.Before(s.now) || (parent != nil && !at.After(parent.CreatedAt)) {
		return fmt.Errorf("comment by %s is dated %s, outside its thread", d.author, at.Format(time.RFC3339))
	}
	author, ok := s.users[d.author]
	if !ok {
		return fmt.Errorf("unknown commenter %q", d.author)
	}
	in := CommentInput{Body: d.body}
	if parent != nil {
		in.ParentID = &parent.ID
	}
	c, errs, err := CreateComment(s.ctx, s.tx, ideaID, author.ID, in)
	if err == nil && errs.Any() {
		err = fmt.Errorf("invalid: %v", errs)
	}
	if err != nil {
		return err
	}
	c.CreatedAt = at
	if err := s.tx.Exec(`UPDATE comments SET created_at = ?, updated_at = ? WHERE id = ?`, at, at, c.ID).Error; err != nil {
		return err
	}
	for _, r := range d.replies {
		if err := s.comment(ideaID, ideaCreated, c, r); err != nil {
			return err
		}
	}
	switch {
	case d.deleted:
		if _, err := DeleteComment(s.ctx, s.tx, author, c.ID); err != nil {
			return err
		}
		return s.tx.Exec(`UPDATE comments SET deleted_at = ?, updated_at = ? WHERE id = ?`, at.Add(time.Hour), at.Add(time.Hour), c.ID).Error
	case d.hiddenReason != "":
		hidden := at.Add(2 * time.Hour)
		err := s.tx.Exec(`UPDATE comments SET hidden_at = ?, hidden_reason = ?, updated_at = ? WHERE id = ? AND hidden_at IS NULL`,
			hidden, d.hiddenReason, hidden, c.ID).Error
		if err != nil {
			return err
		}
		return s.tx.Exec(`UPDATE ideas SET comment_count = comment_count - 1 WHERE id = ?`, ideaID).Error
	}
	return nil
}

// respond records the panel's triage: status, public response in both languages and, for a
// duplicate, the idea it was merged into. It runs after all votes are in, because voting
// closes on done, declined and duplicate ideas.
func (s *demoSeeder) respond(d demoIdea) error {
	if d.status == "" || d.status == StatusNew {
		return nil
	}
	if !ValidIdeaStatus(d.status) {
		return fmt.Errorf("unknown status %q", d.status)
	}
	var mergedInto *int64
	if d.mergedInto != "" {
		target, ok := s.ideas[d.mergedInto]
		if !ok {
			return fmt.Errorf("merged into unknown idea %q", d.mergedInto)
		}
		mergedInto = &target.ID
	}
	// The panel answers some way into the idea's life: within days for a recent idea, after the
	// consultation closed for an old one.
	created := s.now.Add(-d.age)
	responded := created.Add(s.now.Sub(created) * 3 / 5)
	return s.tx.Exec(`UPDATE ideas SET status = ?, response = ?, response_cy = ?, response_by_id = ?, responded_at = ?,
			merged_into_id = ?, updated_at = ? WHERE id = ?`,
		d.status, d.response, d.responseCy, s.users[demoPanel].ID, responded, mergedInto, responded, s.ideas[d.key].ID).Error
}

// closesAt is when a demo consultation closes (or closed).
func (s *demoSeeder) closesAt(slug string) time.Time {
	for _, d := range demoConsultations {
		if d.slug == slug {
			return s.now.Add(d.closes)
		}
	}
	return s.now
}
