package models

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"gorm.io/gorm"
)

// SeedDemo loads a small demo site (seed_demo_data.go): staff, panel and citizen accounts,
// themes, two boards, three consultations, ideas (some in Welsh, some gathered from social media),
// votes, comments, and the panel's work on them: themes, decisions with public responses, a merged
// duplicate, a published shortlist, a hidden advert and a report awaiting review. The boards'
// meetings (seed_demo_meetings.go) take ideas onto their agendas, record outcomes and keep an
// action log. Everything goes in through the same model functions the site uses, so counts and
// the public history are exact, then is dated back over the past weeks. It runs in one
// transaction and does nothing when the demo is already there: running it again changes
// nothing, and a failure leaves nothing half-loaded.
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
		s := &demoSeeder{ctx: ctx, tx: tx, now: Now(ctx),
			users: map[string]*User{}, consultations: map[string]*Consultation{},
			themes: map[string]int64{}, ideas: map[string]*Idea{}, ranks: map[int64]int{},
			boards: map[string]*Board{}, meetings: map[string]int64{}, ends: map[string]time.Time{}, items: map[string][]int64{},
			actionIDs: map[string]int64{}, refs: map[string]string{}}
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
	work          []demoWork    // the panel's and staff's work, replayed in date order once every idea is in
	ranks         map[int64]int // idea id → its place on the shortlist, to check the result

	boards    map[string]*Board    // by slug
	meetings  map[string]int64     // meeting key → id
	ends      map[string]time.Time // meeting key → when it ends (or ended)
	items     map[string][]int64   // meeting key → its agenda items' ids, in order
	actionIDs map[string]int64     // action key → id
	refs      map[string]string    // action key → its reference in the board's log
}

// demoWork is one thing the panel or staff did, at the time they did it.
type demoWork struct {
	at   time.Time
	what string
	run  func() error
}

func (s *demoSeeder) load() error {
	if err := s.seedUsers(); err != nil {
		return fmt.Errorf("users: %w", err)
	}
	if err := s.seedThemes(); err != nil {
		return fmt.Errorf("themes: %w", err)
	}
	if err := s.seedBoards(); err != nil {
		return fmt.Errorf("boards: %w", err)
	}
	if err := s.seedConsultations(); err != nil {
		return fmt.Errorf("consultations: %w", err)
	}
	// Ideas, votes and comments go in while every consultation still accepts them and every idea
	// is new; the panel's decisions (some of which close voting) and the closing of the old
	// consultation come afterwards. Oldest first, so ids follow the order in which ideas were
	// shared.
	ideas := slices.Clone(demoIdeas)
	slices.SortStableFunc(ideas, func(a, b demoIdea) int { return cmp.Compare(b.age, a.age) })
	for n, d := range ideas {
		if err := s.seedIdea(n, d); err != nil {
			return fmt.Errorf("idea %q: %w", d.key, err)
		}
	}
	for _, d := range demoShortlists {
		if err := s.planPublish(d); err != nil {
			return fmt.Errorf("shortlist of %q: %w", d.consultation, err)
		}
	}
	for _, d := range demoMeetings {
		if err := s.planMeeting(d); err != nil {
			return fmt.Errorf("meeting %q: %w", d.key, err)
		}
	}
	// The work happens in the order it was done, so that the shortlist fills rank by rank, a
	// merge finds its target as it was then, and an idea is shortlisted before a meeting takes it
	// up.
	slices.SortStableFunc(s.work, func(a, b demoWork) int { return a.at.Compare(b.at) })
	for _, w := range s.work {
		if err := w.run(); err != nil {
			return fmt.Errorf("%s: %w", w.what, err)
		}
	}
	if err := s.checkShortlists(); err != nil {
		return err
	}
	return s.closeConsultations()
}

// seedUsers signs each person in through the development provider, so that /auth/dev with
// the same handle finds the same account, and gives staff their roles: the admin's from the
// command line, the others' from the admin.
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
			var grantedBy *int64
			if admin := s.users[demoAdmin]; admin != nil && admin.ID != u.ID {
				grantedBy = &admin.ID
			}
			if _, err := GrantRole(s.ctx, s.tx, grantedBy, d.handle, d.role); err != nil {
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

// seedThemes has the panel create the demo themes, keeping any theme that already has one of
// their slugs.
func (s *demoSeeder) seedThemes() error {
	created := s.now.Add(-demoAge(200, 0))
	for _, d := range demoThemes {
		var id int64
		if err := s.tx.Raw(`SELECT id FROM themes WHERE slug = ?`, d.slug).Scan(&id).Error; err != nil {
			return err
		}
		if id == 0 {
			since, err := s.lastEvent()
			if err != nil {
				return err
			}
			theme, errs, err := SaveTheme(s.ctx, s.tx, s.users[demoPanel], 0, ThemeInput{Slug: d.slug, Name: d.name, NameCy: d.nameCy,
				Description: d.description, DescriptionCy: d.descriptionCy})
			if err := invalid(errs, err); err != nil {
				return fmt.Errorf("%s: %w", d.slug, err)
			}
			id = theme.ID
			if err := s.tx.Exec(`UPDATE themes SET created_at = ? WHERE id = ?`, created, id).Error; err != nil {
				return err
			}
			if err := s.dateEvents(since, created, `subject_type = 'theme' AND subject_id = ?`, id); err != nil {
				return err
			}
		}
		s.themes[d.slug] = id
	}
	return nil
}

// seedConsultations creates the consultations open with no dates, each run for its board, so
// every demo idea can be submitted and voted on; closeConsultations then gives them their real
// dates and status.
func (s *demoSeeder) seedConsultations() error {
	staff := s.users[demoStaff]
	for _, d := range demoConsultations {
		since, err := s.lastEvent()
		if err != nil {
			return err
		}
		in := ConsultationInput{Slug: d.slug, Title: d.title, TitleCy: d.titleCy, Description: d.description,
			DescriptionCy: d.descriptionCy, Board: d.board, Themes: d.themes}
		if d.status == StageScheduled || d.status == StageDraft {
			in.OpensOn, in.ClosesOn = PartsOf(s.now.Add(-d.opened)), PartsOf(s.now.Add(d.closes))
		}
		c, errs, err := CreateConsultation(s.ctx, s.tx, staff, in)
		if err := invalid(errs, err); err != nil {
			return err
		}
		created := s.now.Add(-d.opened - 3*demoDay)
		if d.status != StageDraft {
			errs, err := PublishConsultation(s.ctx, s.tx, staff, c.ID, Reason{})
			if err := invalid(errs, err); err != nil {
				return err
			}
		}
		if d.status == StageScheduled || d.status == StageDraft {
			created = s.now.Add(-2 * demoDay) // prepared lately, to open later
		}
		published := created.Add(demoDay)
		err = s.tx.Exec(`UPDATE consultations SET created_at = ?, updated_at = ?,
				published_at = CASE WHEN published_at IS NOT NULL THEN ?::timestamptz END WHERE id = ?`,
			created, created, published, c.ID).Error
		if err == nil {
			err = s.dateEvents(since, created, `subject_type IN ('consultation', 'theme') AND verb <> ?`, VerbConsultationPublished)
		}
		if err == nil {
			err = s.dateEvents(since, published, `verb = ?`, VerbConsultationPublished)
		}
		if err != nil {
			return err
		}
		if c, err = ConsultationBySlugForStaff(s.ctx, s.tx, d.slug); err != nil {
			return err
		}
		s.consultations[d.slug] = c
	}
	return nil
}

// closeConsultations gives the consultations that took the demo's ideas their real dates (they
// were open with no dates while the ideas went in), and closes the one that has closed, with
// the function staff use, at the time it closed.
func (s *demoSeeder) closeConsultations() error {
	for _, d := range demoConsultations {
		if d.status == StageScheduled || d.status == StageDraft {
			continue
		}
		opens, closes := s.now.Add(-d.opened), s.now.Add(d.closes)
		updated := opens
		if d.closes < 0 {
			updated = closes
		}
		for _, sl := range demoShortlists {
			if published := s.now.Add(-sl.published); sl.consultation == d.slug && published.After(updated) {
				updated = published
			}
		}
		id := s.consultations[d.slug].ID
		endsAt := &closes
		if d.status == StageClosed {
			endsAt = nil // open until CloseConsultation, below
		}
		err := s.tx.Exec(`UPDATE consultations SET opens_at = ?, closes_at = ?, published_at = ? WHERE id = ?`,
			opens, endsAt, opens.Add(-2*demoDay), id).Error
		if err != nil {
			return err
		}
		if d.status == StageClosed {
			since, err := s.lastEvent()
			if err != nil {
				return err
			}
			errs, err := CloseConsultation(WithClock(s.ctx, func() time.Time { return closes }), s.tx, s.users[demoStaff], id, Reason{Text: d.closeReason})
			if err := invalid(errs, err); err != nil {
				return err
			}
			if err := s.dateEvents(since, closes, `subject_type = 'consultation' AND subject_id = ?`, id); err != nil {
				return err
			}
		}
		if d.outcome != "" {
			published := s.now.Add(-d.outcomePublished)
			since, err := s.lastEvent()
			if err != nil {
				return err
			}
			errs, err := PublishOutcome(WithClock(s.ctx, func() time.Time { return published }), s.tx, s.users[demoStaff], id, d.outcome, d.outcomeCy)
			if err := invalid(errs, err); err != nil {
				return err
			}
			if err := s.dateEvents(since, published, `subject_type = 'consultation' AND subject_id = ?`, id); err != nil {
				return err
			}
			if published.After(updated) {
				updated = published
			}
		}
		if err := s.tx.Exec(`UPDATE consultations SET updated_at = ? WHERE id = ?`, updated, id).Error; err != nil {
			return err
		}
		if err := s.dateEvents(0, opens.Add(-2*demoDay), `verb = ? AND subject_id = ?`, VerbConsultationPublished, id); err != nil {
			return err
		}
	}
	return nil
}

// seedIdea shares one idea with its votes and comments, dates them all, and plans what the
// panel did with it afterwards.
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
	// So far the idea's only event says that it was shared (or recorded).
	if err := s.tx.Exec(`UPDATE events SET created_at = ? WHERE idea_id = ?`, created, idea.ID).Error; err != nil {
		return err
	}
	votingEnds, err := s.planTriage(n, d, idea.ID, created)
	if err != nil {
		return err
	}
	if err := s.vote(n, d, idea.ID, created, votingEnds); err != nil {
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
// would: with its source instead of an author.
func (s *demoSeeder) createIdea(d demoIdea) (*Idea, error) {
	if d.author != "" {
		author, ok := s.users[d.author]
		if !ok {
			return nil, fmt.Errorf("unknown author %q", d.author)
		}
		idea, errs, err := CreateIdea(s.ctx, s.tx, author.ID, NewIdea{Consultation: d.consultation, Title: d.title, Body: d.body})
		return idea, invalid(errs, err)
	}
	idea, errs, err := RecordExternalIdea(s.ctx, s.tx, s.users[demoStaff], ExternalIdea{Consultation: d.consultation,
		Title: d.title, Body: d.body, SourceName: d.sourceName, SourceURL: d.sourceURL})
	return idea, invalid(errs, err)
}

// planTriage plans the panel's work on one idea: its themes a day or so after it was shared,
// then each decision in turn. It returns when voting on the idea ended: at the first decision
// that closed it, or else not yet.
func (s *demoSeeder) planTriage(n int, d demoIdea, ideaID int64, created time.Time) (time.Time, error) {
	themed := created.Add(min(d.age/3, demoDay+time.Duration(n%4)*6*time.Hour))
	if len(d.themes) > 0 {
		s.work = append(s.work, demoWork{at: themed, what: fmt.Sprintf("themes of %q", d.key), run: func() error {
			since, err := s.lastEvent()
			if err != nil {
				return err
			}
			for _, slug := range d.themes {
				theme, ok := s.themes[slug]
				if !ok {
					return fmt.Errorf("unknown theme %q", slug)
				}
				if err := SetIdeaTheme(s.ctx, s.tx, s.users[demoPanel], ideaID, theme, true); err != nil {
					return err
				}
			}
			return s.dateIdeas(since, themed, ideaID)
		}})
	}
	votingEnds, last := s.now, themed
	var response, responseCy string
	for _, st := range d.steps {
		at := s.now.Add(-st.ago)
		switch {
		case !ValidIdeaStatus(st.status) || st.status == StatusNew:
			return votingEnds, fmt.Errorf("no decision moves an idea to %q", st.status)
		case st.ago <= 0 || !at.After(last):
			return votingEnds, fmt.Errorf("decision %q, %s ago, comes before the themes or decision that led to it", st.status, st.ago)
		case (st.status == StatusDuplicate) != (st.mergedInto != ""):
			return votingEnds, fmt.Errorf("decision %q: only a duplicate, and every duplicate, names the idea it repeats", st.status)
		case st.shortlist != nil && st.status != StatusShortlisted:
			return votingEnds, fmt.Errorf("decision %q puts the idea on the shortlist", st.status)
		}
		last = at
		if VotingClosedStatus(st.status) && at.Before(votingEnds) {
			votingEnds = at
		}
		if st.response != "" {
			response, responseCy = st.response, st.responseCy
		}
		if st.shortlist != nil {
			s.ranks[ideaID] = st.shortlist.rank
		}
		en, cy := response, responseCy
		s.work = append(s.work, demoWork{at: at, what: fmt.Sprintf("%s of %q", st.status, d.key),
			run: func() error { return s.decide(ideaID, st, en, cy, at) }})
	}
	return votingEnds, nil
}

// decide has the panel make one decision on an idea, with the public response it stands by
// then, and dates what that wrote.
func (s *demoSeeder) decide(ideaID int64, st demoStep, response, responseCy string, at time.Time) error {
	if st.status == StatusDuplicate {
		return s.merge(ideaID, st.mergedInto, response, responseCy, at)
	}
	since, err := s.lastEvent()
	if err != nil {
		return err
	}
	panel := s.users[demoPanel]
	if st.shortlist != nil {
		// This makes a new or under-review idea shortlisted; the response follows.
		errs, err := SetShortlistEntry(s.ctx, s.tx, panel, ideaID, ShortlistInput{Rank: st.shortlist.rank,
			Rationale: st.shortlist.rationale, RationaleCy: st.shortlist.rationaleCy})
		if err := invalid(errs, err); err != nil {
			return err
		}
	}
	errs, err := SetIdeaStatus(s.ctx, s.tx, panel, ideaID, StatusChange{Status: st.status, Response: response, ResponseCy: responseCy})
	if err := invalid(errs, err); err != nil {
		return err
	}
	return s.dateIdeas(since, at, ideaID)
}

// merge has the panel answer a duplicate in public (a merged idea takes no more responses), then
// merge it into the idea it repeats, whose voters become everyone who supported either.
func (s *demoSeeder) merge(dupID int64, targetKey, response, responseCy string, at time.Time) error {
	target, ok := s.ideas[targetKey]
	if !ok {
		return fmt.Errorf("merged into unknown idea %q", targetKey)
	}
	since, err := s.lastEvent()
	if err != nil {
		return err
	}
	var status string
	var supporters int64
	err = s.tx.Raw(`SELECT status FROM ideas WHERE id = ?`, dupID).Scan(&status).Error
	if err == nil {
		err = s.tx.Raw(`SELECT count(DISTINCT user_id) FROM votes WHERE idea_id IN ?`, []int64{dupID, target.ID}).Scan(&supporters).Error
	}
	if err != nil {
		return err
	}
	panel := s.users[demoPanel]
	errs, err := SetIdeaStatus(s.ctx, s.tx, panel, dupID, StatusChange{Status: status, Response: response, ResponseCy: responseCy})
	if err := invalid(errs, err); err != nil {
		return err
	}
	errs, err = MergeIdea(s.ctx, s.tx, panel, dupID, target.ID, response)
	if err := invalid(errs, err); err != nil {
		return err
	}
	var votes int64
	if err := s.tx.Raw(`SELECT vote_count FROM ideas WHERE id = ?`, target.ID).Scan(&votes).Error; err != nil {
		return err
	}
	if votes != supporters {
		return fmt.Errorf("merge left %d votes on %q, want %d", votes, targetKey, supporters)
	}
	return s.dateIdeas(since, at, dupID, target.ID)
}

// planPublish plans the panel's publishing of a consultation's shortlist.
func (s *demoSeeder) planPublish(d demoShortlist) error {
	c, ok := s.consultations[d.consultation]
	if !ok {
		return fmt.Errorf("unknown consultation")
	}
	at := s.now.Add(-d.published)
	s.work = append(s.work, demoWork{at: at, what: "publishing the shortlist of " + d.consultation, run: func() error {
		since, err := s.lastEvent()
		if err != nil {
			return err
		}
		if err := PublishShortlist(s.ctx, s.tx, s.users[demoPanel], c.ID, true); err != nil {
			return err
		}
		if err := s.tx.Exec(`UPDATE consultations SET shortlist_published_at = ?, updated_at = ? WHERE id = ?`, at, at, c.ID).Error; err != nil {
			return err
		}
		return s.dateEvents(since, at, `subject_type = 'consultation' AND subject_id = ?`, c.ID)
	}})
	return nil
}

// checkShortlists makes sure the shortlists came out as written: every entry at its rank, and
// none published before the panel ranked its entries.
func (s *demoSeeder) checkShortlists() error {
	if len(s.ranks) == 0 {
		return nil
	}
	var rows []struct {
		IdeaID      int64
		Rank        int
		CreatedAt   time.Time
		PublishedAt *time.Time
	}
	err := s.tx.Raw(`SELECT e.idea_id, e.rank, e.created_at, c.shortlist_published_at AS published_at
		FROM shortlist_entries e JOIN consultations c ON c.id = e.consultation_id
		WHERE e.idea_id IN ?`, slices.Collect(maps.Keys(s.ranks))).Scan(&rows).Error
	if err != nil {
		return err
	}
	if len(rows) != len(s.ranks) {
		return fmt.Errorf("shortlists hold %d of the %d ideas ranked", len(rows), len(s.ranks))
	}
	for _, r := range rows {
		switch {
		case r.Rank != s.ranks[r.IdeaID]:
			return fmt.Errorf("idea %d is ranked %d on its shortlist, want %d", r.IdeaID, r.Rank, s.ranks[r.IdeaID])
		case r.PublishedAt != nil && r.PublishedAt.Before(r.CreatedAt):
			return fmt.Errorf("a shortlist was published before idea %d was ranked", r.IdeaID)
		}
	}
	return nil
}

// vote casts d.votes votes from members other than the author, starting at a different member
// for each idea so support is spread around, and dates them over the idea's first days, before
// voting on it ended.
func (s *demoSeeder) vote(n int, d demoIdea, ideaID int64, created, votingEnds time.Time) error {
	end := votingEnds
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

// comment adds one comment and its replies, then has a member report it, and its author delete
// it or the panel hide it, as the data says, keeping the idea's comment count equal to what
// readers can see.
func (s *demoSeeder) comment(ideaID int64, ideaCreated time.Time, parent *Comment, d demoComment) error {
	at := ideaCreated.Add(d.after)
	removed := at
	switch {
	case d.deleted:
		removed = at.Add(time.Hour)
	case d.hiddenReason != "":
		removed = at.Add(2 * time.Hour)
	}
	if !removed.Before(s.now) || (parent != nil && !at.After(parent.CreatedAt)) {
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
	if err := invalid(errs, err); err != nil {
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
	if d.report != nil {
		if err := s.report(c, removed, d.report); err != nil {
			return err
		}
	}
	switch {
	case d.deleted:
		if _, err := DeleteComment(s.ctx, s.tx, author, c.ID); err != nil {
			return err
		}
		return s.tx.Exec(`UPDATE comments SET deleted_at = ?, updated_at = ? WHERE id = ?`, removed, removed, c.ID).Error
	case d.hiddenReason != "":
		return s.hide(ideaID, c.ID, removed, d.hiddenReason)
	}
	return nil
}

// report has a member report a comment, fewer reports than would hide it. A comment taken down
// at removed was reported before then.
func (s *demoSeeder) report(c *Comment, removed time.Time, d *demoReport) error {
	reporter, ok := s.users[d.by]
	if !ok {
		return fmt.Errorf("unknown reporter %q", d.by)
	}
	at := c.CreatedAt.Add(d.after)
	if d.after <= 0 || !at.Before(s.now) || (removed.After(c.CreatedAt) && !at.Before(removed)) {
		return fmt.Errorf("report by %s is dated %s, outside the comment's life", d.by, at.Format(time.RFC3339))
	}
	errs, err := ReportContent(s.ctx, s.tx, reporter, SubjectComment, c.ID, d.reason, demoReportThreshold)
	if err := invalid(errs, err); err != nil {
		return err
	}
	return s.tx.Exec(`UPDATE reports SET created_at = ? WHERE subject_type = ? AND subject_id = ? AND reporter_id = ?`,
		at, SubjectComment, c.ID, reporter.ID).Error
}

// hide has the panel hide a comment, which resolves the reports on it, and dates the decision.
func (s *demoSeeder) hide(ideaID, commentID int64, at time.Time, reason string) error {
	since, err := s.lastEvent()
	if err != nil {
		return err
	}
	errs, err := Moderate(s.ctx, s.tx, s.users[demoPanel], SubjectComment, commentID, true, reason)
	if err := invalid(errs, err); err != nil {
		return err
	}
	err = s.tx.Exec(`UPDATE comments SET hidden_at = ?, updated_at = ? WHERE id = ?`, at, at, commentID).Error
	if err == nil {
		err = s.tx.Exec(`UPDATE reports SET resolved_at = ? WHERE subject_type = ? AND subject_id = ? AND resolved_at IS NOT NULL`,
			at, SubjectComment, commentID).Error
	}
	if err != nil {
		return err
	}
	return s.dateEvents(since, at, `idea_id = ?`, ideaID)
}

// lastEvent is the id of the newest event, so that what an action records after it can be
// dated; ids only grow.
func (s *demoSeeder) lastEvent() (int64, error) {
	var id int64
	err := s.tx.Raw(`SELECT coalesce(max(id), 0) FROM events`).Scan(&id).Error
	return id, err
}

// dateEvents dates the events recorded after event since that match where.
func (s *demoSeeder) dateEvents(since int64, at time.Time, where string, args ...any) error {
	return s.tx.Exec(`UPDATE events SET created_at = ? WHERE id > ? AND `+where, append([]any{at, since}, args...)...).Error
}

// dateIdeas dates what one action on these ideas wrote after event since: its events, and the
// ideas' update and response times and shortlist entries. The action stamped what it changed
// with the current time, later than at; what it left alone keeps its earlier date.
func (s *demoSeeder) dateIdeas(since int64, at time.Time, ids ...int64) error {
	if err := s.dateEvents(since, at, `idea_id IN ?`, ids); err != nil {
		return err
	}
	err := s.tx.Exec(`UPDATE ideas SET updated_at = CASE WHEN updated_at > ? THEN ? ELSE updated_at END,
			responded_at = CASE WHEN responded_at > ? THEN ? ELSE responded_at END
		WHERE id IN ?`, at, at, at, at, ids).Error
	if err != nil {
		return err
	}
	return s.tx.Exec(`UPDATE shortlist_entries SET created_at = CASE WHEN created_at > ? THEN ? ELSE created_at END,
			updated_at = CASE WHEN updated_at > ? THEN ? ELSE updated_at END
		WHERE idea_id IN ?`, at, at, at, at, ids).Error
}

// invalid turns a model function's complaints about its input into an error: the demo's data
// should never be refused.
func invalid(errs Errors, err error) error {
	if err == nil && errs.Any() {
		return fmt.Errorf("invalid: %v", errs)
	}
	return err
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
