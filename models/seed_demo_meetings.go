package models

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The demo's boards, their meetings and their action logs (data in seed_demo_data.go). Staff (the
// secretariat) create the boards, schedule the meetings, draw up agendas, put ideas on them,
// record outcomes and minutes and keep the action log; the panel decides what becomes of the ideas
// afterwards. Like the panel's triage, each piece of work is planned at the time it was done and
// replayed in date order with the rest, so an idea is shortlisted before a meeting takes it up,
// and what it wrote is then dated back to that time.

// seedBoards has staff create the demo boards, keeping any board that already has one of their
// slugs.
func (s *demoSeeder) seedBoards() error {
	for _, d := range demoBoards {
		board, err := BoardBySlug(s.ctx, s.tx, d.slug)
		if err == ErrNotFound {
			since, err := s.lastEvent()
			if err != nil {
				return err
			}
			var errs Errors
			board, errs, err = SaveBoard(s.ctx, s.tx, s.users[demoStaff], 0, BoardInput{Slug: d.slug, Name: d.name, NameCy: d.nameCy,
				Description: d.description, DescriptionCy: d.descriptionCy, RefPrefix: d.refPrefix})
			if err := invalid(errs, err); err != nil {
				return fmt.Errorf("%s: %w", d.slug, err)
			}
			created := s.now.Add(-d.created)
			if err := s.tx.Exec(`UPDATE boards SET created_at = ?, updated_at = ? WHERE id = ?`, created, created, board.ID).Error; err != nil {
				return err
			}
			if err := s.dateEvents(since, created, `subject_type = 'board' AND subject_id = ?`, board.ID); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		s.boards[d.slug] = board
	}
	return nil
}

// planMeeting plans the work on one meeting: it is scheduled, its agenda drawn up and ideas put
// on it, then it is cancelled, or held and followed up, or it is still to come.
func (s *demoSeeder) planMeeting(d demoMeeting) error {
	board, ok := s.boards[d.board]
	if !ok {
		return fmt.Errorf("unknown board %q", d.board)
	}
	start, end, err := s.meetingTimes(d)
	if err != nil {
		return err
	}
	// Whatever is done before a meeting is done before it starts, and before the seed runs.
	before := start
	if s.now.Before(before) {
		before = s.now
	}
	if _, dup := s.ends[d.key]; dup {
		return fmt.Errorf("two meetings have this key")
	}
	s.ends[d.key] = end
	scheduled, drawn := s.now.Add(-d.scheduled), s.now.Add(-d.agendaDrawn)
	if d.after != "" {
		arranged, ok := s.ends[d.after]
		if !ok {
			return fmt.Errorf("arranged at %q, which is not an earlier demo meeting", d.after)
		}
		scheduled, drawn = arranged.Add(d.scheduled), arranged.Add(d.agendaDrawn)
	}
	if !scheduled.Before(drawn) || !drawn.Before(before) {
		return fmt.Errorf("scheduled %s and agenda drawn up %s should come in that order, before %s",
			stamp(scheduled), stamp(drawn), stamp(before))
	}
	staff := s.users[demoStaff]
	err = s.plan(scheduled, "scheduling "+d.key, func() error {
		m, errs, err := SaveMeeting(s.ctx, s.tx, staff, 0, MeetingInput{BoardID: board.ID, Title: d.title, TitleCy: d.titleCy,
			Description: d.description, DescriptionCy: d.descriptionCy, Date: PartsOf(start), StartTime: d.start, EndTime: d.end,
			Location: d.location, LocationCy: d.locationCy, Postcode: d.postcode, OnlineURL: d.onlineURL})
		if err := invalid(errs, err); err != nil {
			return err
		}
		s.meetings[d.key] = m.ID
		return nil
	})
	if err != nil {
		return err
	}
	err = s.plan(drawn, "drawing up the agenda of "+d.key, func() error {
		for _, it := range d.items {
			item, errs, err := AddAgendaItem(s.ctx, s.tx, staff, s.meetings[d.key], AgendaItemInput{Title: it.title, TitleCy: it.titleCy,
				Description: it.description, DescriptionCy: it.descriptionCy, Presenters: it.presenters, Duration: strconv.Itoa(it.minutes)})
			if err := invalid(errs, err); err != nil {
				return fmt.Errorf("%q: %w", it.title, err)
			}
			s.items[d.key] = append(s.items[d.key], item.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.planAgendaIdeas(d, drawn, before); err != nil {
		return err
	}
	switch d.status {
	case MeetingPlanned:
		if !start.After(s.now) {
			return fmt.Errorf("planned, but it started %s", stamp(start))
		}
		return nil
	case MeetingCancelled:
		return s.planCancel(d, drawn, before)
	case MeetingHeld, MeetingMinutesPublished:
		return s.planFollowUp(d, board, start, end)
	}
	return fmt.Errorf("no demo meeting ends up %q", d.status)
}

// planAgendaIdeas puts each item's ideas on it when the agenda is drawn up, or an hour after the
// panel's last decision on an idea if that came later.
func (s *demoSeeder) planAgendaIdeas(d demoMeeting, drawn, before time.Time) error {
	for n, it := range d.items {
		for _, key := range it.ideas {
			idea, ok := s.ideas[key]
			if !ok {
				return fmt.Errorf("item %d takes up unknown idea %q", n+1, key)
			}
			at := s.decidedAt(key).Add(time.Hour)
			if at.Before(drawn) {
				at = drawn
			}
			if !at.Before(before) {
				return fmt.Errorf("idea %q is ready for the agenda only at %s, too late", key, stamp(at))
			}
			err := s.plan(at, fmt.Sprintf("putting %q on item %d of %s", key, n+1, d.key), func() error {
				errs, err := LinkAgendaIdeas(s.ctx, s.tx, s.users[demoStaff], s.items[d.key][n], []int64{idea.ID})
				return invalid(errs, err)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// planCancel has staff cancel a meeting, saying why on its page first.
func (s *demoSeeder) planCancel(d demoMeeting, drawn, before time.Time) error {
	at := s.now.Add(-d.cancelled)
	if !at.After(drawn) || !at.Before(before) {
		return fmt.Errorf("cancelled %s, outside the time between drawing up its agenda and the meeting", stamp(at))
	}
	return s.plan(at, "cancelling "+d.key, func() error {
		staff := s.users[demoStaff]
		m, err := MeetingByID(s.ctx, s.tx, s.meetings[d.key])
		if err != nil {
			return err
		}
		in := m.InputOf()
		in.Description, in.DescriptionCy = d.cancelNote+"\n\n"+in.Description, d.cancelNoteCy+"\n\n"+in.DescriptionCy
		_, errs, err := SaveMeeting(s.ctx, s.tx, staff, m.ID, in)
		if err := invalid(errs, err); err != nil {
			return err
		}
		errs, err = SetMeetingStatus(s.ctx, s.tx, staff, m.ID, MeetingCancelled, d.cancelReason)
		return invalid(errs, err)
	})
}

// planFollowUp plans what staff and the panel did once a meeting had been held: marked it held,
// recorded each item's outcome, raised its actions (and their progress since), the panel's
// decisions on the ideas it took up, and the minutes, written and perhaps published.
func (s *demoSeeder) planFollowUp(d demoMeeting, board *Board, start, end time.Time) error {
	staff := s.users[demoStaff]
	err := s.plan(end.Add(10*time.Minute), "holding "+d.key, func() error {
		errs, err := SetMeetingStatus(s.ctx, s.tx, staff, s.meetings[d.key], MeetingHeld, "")
		return invalid(errs, err)
	})
	if err != nil {
		return err
	}
	// Each item's outcome, then the actions raised at it, which the decisions and minutes cite.
	recorded := end.Add(30 * time.Minute)
	for n, it := range d.items {
		if it.outcome == "" {
			continue
		}
		err := s.plan(recorded.Add(time.Duration(n)*5*time.Minute), fmt.Sprintf("outcome of item %d of %s", n+1, d.key), func() error {
			item, _, err := AgendaItemByID(s.ctx, s.tx, s.items[d.key][n])
			if err != nil {
				return err
			}
			in := item.InputOf()
			if in.Outcome, err = s.withRefs(it.outcome); err != nil {
				return err
			}
			if in.OutcomeCy, err = s.withRefs(it.outcomeCy); err != nil {
				return err
			}
			errs, err := UpdateAgendaItem(s.ctx, s.tx, staff, item.ID, in)
			return invalid(errs, err)
		})
		if err != nil {
			return err
		}
	}
	raised := end.Add(time.Hour)
	for n, it := range d.items {
		for _, a := range it.actions {
			if err := s.planAction(d, board, n, a, start, raised); err != nil {
				return fmt.Errorf("action %q: %w", a.key, err)
			}
			raised = raised.Add(2 * time.Minute)
		}
	}
	for _, f := range d.decisions {
		if err := s.planDecision(f, end); err != nil {
			return err
		}
	}
	if d.minutesDrafted <= 0 {
		return fmt.Errorf("held, but nobody wrote its minutes")
	}
	err = s.plan(end.Add(d.minutesDrafted), "minutes of "+d.key, func() error {
		m, err := MeetingByID(s.ctx, s.tx, s.meetings[d.key])
		if err != nil {
			return err
		}
		in := m.InputOf()
		in.Attendees, in.Apologies = strings.Join(d.attendees, "\n"), strings.Join(d.apologies, "\n")
		if in.Minutes, err = s.withRefs(unwrap(d.minutes)); err != nil {
			return err
		}
		if in.MinutesCy, err = s.withRefs(unwrap(d.minutesCy)); err != nil {
			return err
		}
		_, errs, err := SaveMeeting(s.ctx, s.tx, staff, m.ID, in)
		return invalid(errs, err)
	})
	if err != nil {
		return err
	}
	switch {
	case d.status == MeetingHeld && d.published == 0:
		return nil
	case d.status != MeetingMinutesPublished || d.published <= d.minutesDrafted:
		return fmt.Errorf("%s, but its minutes are published %s after it ended and written %s after", d.status, d.published, d.minutesDrafted)
	}
	return s.plan(end.Add(d.published), "publishing the minutes of "+d.key, func() error {
		errs, err := SetMeetingStatus(s.ctx, s.tx, staff, s.meetings[d.key], MeetingMinutesPublished, "")
		return invalid(errs, err)
	})
}

// planAction plans an action raised at item n of a meeting, and each note of its progress. Its
// due date counts from the meeting day.
func (s *demoSeeder) planAction(d demoMeeting, board *Board, n int, a demoBoardAction, start, raised time.Time) error {
	if _, dup := s.actionIDs[a.key]; dup {
		return fmt.Errorf("two actions have this key")
	}
	s.actionIDs[a.key] = 0
	var ideaIDs []int64
	for _, key := range a.ideas {
		idea, ok := s.ideas[key]
		if !ok {
			return fmt.Errorf("follows up unknown idea %q", key)
		}
		ideaIDs = append(ideaIDs, idea.ID)
	}
	err := s.plan(raised, "raising "+a.key, func() error {
		action, errs, err := CreateAction(s.ctx, s.tx, s.users[demoStaff], ActionInput{BoardID: board.ID, AgendaItemID: s.items[d.key][n],
			Description: a.description, DescriptionCy: a.descriptionCy, OwnerName: a.owner, OwnerHandle: a.ownerHandle,
			Due: PartsOf(start.AddDate(0, 0, a.due)), IdeaIDs: ideaIDs}, raised)
		if err := invalid(errs, err); err != nil {
			return err
		}
		s.actionIDs[a.key], s.refs[a.key] = action.ID, action.Reference
		return nil
	})
	if err != nil {
		return err
	}
	// Owners with an account here write their own progress; the secretariat records the rest.
	author := s.users[demoStaff]
	if a.ownerHandle != "" {
		if author = s.users[a.ownerHandle]; author == nil {
			return fmt.Errorf("unknown owner %q", a.ownerHandle)
		}
	}
	last := raised
	for _, u := range a.updates {
		at := raised.Add(u.after)
		if u.ago > 0 {
			at = s.now.Add(-u.ago)
		}
		if !at.After(last) {
			return fmt.Errorf("progress dated %s comes before the action or the progress before it", stamp(at))
		}
		last = at
		err := s.plan(at, "progress on "+a.key, func() error {
			body, err := s.withRefs(u.body)
			if err != nil {
				return err
			}
			bodyCy, err := s.withRefs(u.bodyCy)
			if err != nil {
				return err
			}
			errs, err := AddActionUpdate(s.ctx, s.tx, author, s.actionIDs[a.key], ActionUpdateInput{Body: body, BodyCy: bodyCy, Status: u.status})
			return invalid(errs, err)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// planDecision plans the panel's decision on an idea a meeting took up, with its public response.
func (s *demoSeeder) planDecision(f demoFollowUp, end time.Time) error {
	idea, ok := s.ideas[f.idea]
	if !ok {
		return fmt.Errorf("decision on unknown idea %q", f.idea)
	}
	return s.plan(end.Add(f.after), fmt.Sprintf("%s of %q", f.status, f.idea), func() error {
		response, err := s.withRefs(f.response)
		if err != nil {
			return err
		}
		responseCy, err := s.withRefs(f.responseCy)
		if err != nil {
			return err
		}
		errs, err := SetIdeaStatus(s.ctx, s.tx, s.users[demoPanel], idea.ID, StatusChange{Status: f.status, Response: response, ResponseCy: responseCy})
		return invalid(errs, err)
	})
}

// plan adds one piece of board work to the timeline. When it runs, everything it wrote is dated
// at.
func (s *demoSeeder) plan(at time.Time, what string, run func() error) error {
	// A minute's margin: the rows a model function stamps with the database's clock carry the
	// transaction's start, a little before s.now, and must still be later than at to be re-dated.
	if !at.Before(s.now.Add(-time.Minute)) {
		return fmt.Errorf("%s is dated %s, not in the past", what, stamp(at))
	}
	s.work = append(s.work, demoWork{at: at, what: what, run: func() error {
		since, err := s.lastEvent()
		if err != nil {
			return err
		}
		if err := run(); err != nil {
			return err
		}
		return s.dateWork(since, at)
	}})
	return nil
}

// dateWork dates what one piece of board work wrote after event since: its events, and the
// times it stamped on meetings, agenda items, actions, their progress and the ideas it touched.
// The work is replayed in date order, so any of those times later than at is one it stamped.
func (s *demoSeeder) dateWork(since int64, at time.Time) error {
	args := map[string]any{"at": at, "since": since}
	for _, q := range []string{
		`UPDATE ideas SET updated_at = least(updated_at, @at),
				responded_at = CASE WHEN responded_at > @at THEN @at ELSE responded_at END
			WHERE id IN (SELECT idea_id FROM events WHERE id > @since) AND greatest(updated_at, responded_at) > @at`,
		`UPDATE meetings SET created_at = least(created_at, @at), updated_at = least(updated_at, @at),
				minutes_published_at = CASE WHEN minutes_published_at > @at THEN @at ELSE minutes_published_at END
			WHERE greatest(created_at, updated_at, minutes_published_at) > @at`,
		`UPDATE agenda_items SET created_at = least(created_at, @at), updated_at = least(updated_at, @at)
			WHERE greatest(created_at, updated_at) > @at`,
		`UPDATE agenda_item_ideas SET created_at = @at WHERE created_at > @at`,
		`UPDATE actions SET created_at = least(created_at, @at), updated_at = least(updated_at, @at),
				closed_at = CASE WHEN closed_at > @at THEN @at ELSE closed_at END
			WHERE greatest(created_at, updated_at, closed_at) > @at`,
		`UPDATE action_updates SET created_at = @at WHERE created_at > @at`,
		`UPDATE events SET created_at = @at WHERE id > @since`,
	} {
		if err := s.tx.Exec(q, args).Error; err != nil {
			return err
		}
	}
	return nil
}

// meetingTimes puts a meeting on a working day: the last one on which it starts at least d.ago
// before the seed runs, or the first on which it starts at least d.ahead after.
func (s *demoSeeder) meetingTimes(d demoMeeting) (start, end time.Time, err error) {
	if (d.ago > 0) == (d.ahead > 0) {
		return start, end, fmt.Errorf("give how long ago it is, or how far ahead, not both")
	}
	from, err1 := time.Parse("15:04", d.start)
	to, err2 := time.Parse("15:04", d.end)
	if err1 != nil || err2 != nil || !to.After(from) {
		return start, end, fmt.Errorf("runs from %q to %q", d.start, d.end)
	}
	on := func(day, clock time.Time) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, London)
	}
	step, bound := -1, s.now.Add(-d.ago)
	if d.ahead > 0 {
		step, bound = 1, s.now.Add(d.ahead)
	}
	for day := Today(bound); ; day = day.AddDate(0, 0, step) {
		start = on(day, from)
		weekday := day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
		if weekday && (step < 0 && !start.After(bound) || step > 0 && !start.Before(bound)) {
			return start, on(day, to), nil
		}
	}
}

// decidedAt is when the panel last decided on a demo idea, or when it was shared if never.
func (s *demoSeeder) decidedAt(key string) time.Time {
	for _, d := range demoIdeas {
		if d.key == key {
			ago := d.age
			for _, st := range d.steps {
				ago = min(ago, st.ago)
			}
			return s.now.Add(-ago)
		}
	}
	return s.now
}

var actionCitation = regexp.MustCompile(`\{[a-z0-9-]+\}`)

// withRefs puts each action's reference where a text cites it by key ("{letter}").
func (s *demoSeeder) withRefs(text string) (string, error) {
	var missing string
	out := actionCitation.ReplaceAllStringFunc(text, func(cite string) string {
		ref, ok := s.refs[strings.Trim(cite, "{}")]
		if !ok {
			missing = cite
		}
		return ref
	})
	if missing != "" {
		return "", fmt.Errorf("cites %s, an action not yet raised", missing)
	}
	return out, nil
}

// unwrap joins the lines of each paragraph and list item: the demo's minutes are wrapped to be
// read in the source, and the site's Markdown keeps every line break.
func unwrap(markdown string) string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(markdown), "\n") {
		if n := len(out); n > 0 && line != "" && out[n-1] != "" && !strings.HasPrefix(line, "- ") &&
			!strings.HasPrefix(line, "#") && !strings.HasPrefix(out[n-1], "#") {
			out[n-1] += " " + line
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func stamp(t time.Time) string { return t.In(London).Format("Mon 2 Jan 2006 15:04") }
