package models_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// demoNow is the moment TestSeedDemo seeds and checks the demo at. The demo is built around
// the time it is seeded (meetings on working days before and after it, actions due and
// overdue), so the seed runs on the models' clock fixed here and the checks' "now" (in Go and
// in SQL, where now() would be the wall clock's) is the same moment: what is past, to come,
// due or overdue does not depend on when the test runs. It is in the past: the seed makes rows
// through the model functions, which the database stamps with the wall clock, and then moves
// those stamps back to the demo's own times ("WHERE created_at > @at"), so a clock ahead of the
// wall clock would leave them where they were. (Tried at the clock changes of 2026, New Year
// 2025/6, 29 Feb 2024 and 31 Jan 2026, just before and after midnight: all pass.)
var demoNow = time.Date(2026, time.June, 11, 12, 30, 0, 0, models.London)

// atDemoNow writes a check's SQL with demoNow in place of the database's now().
func atDemoNow(sql string) string {
	return strings.ReplaceAll(sql, "now()", "'"+demoNow.UTC().Format(time.RFC3339Nano)+"'::timestamptz")
}

func TestSeedDemo(t *testing.T) {
	db := newDB(t)
	ctx := models.WithClock(ctx, func() time.Time { return demoNow })
	if err := models.SeedDemo(ctx, db); err != nil {
		t.Fatalf("first seed: %v", err)
	}
	first, firstDigest := seedCounts(t, db), seedDigest(t, db)
	for table, n := range first {
		if n == 0 {
			t.Errorf("demo has no %s", table)
		}
	}
	if err := models.SeedDemo(ctx, db); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	second := seedCounts(t, db)
	for table, n := range first {
		if second[table] != n {
			t.Errorf("second seed changed %s: %d, then %d", table, n, second[table])
		}
	}
	if seedDigest(t, db) != firstDigest {
		t.Error("second seed changed the status or dates of ideas, meetings or actions")
	}

	// Each query counts rows that break a promise the demo must keep; every one should be 0.
	for _, check := range []struct{ what, sql string }{
		{"ideas whose vote_count differs from their votes",
			`SELECT count(*) FROM ideas i WHERE vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)`},
		{"ideas whose comment_count differs from their visible comments",
			`SELECT count(*) FROM ideas i WHERE comment_count <> (SELECT count(*) FROM comments c
				WHERE c.idea_id = i.id AND c.deleted_at IS NULL AND c.hidden_at IS NULL)`},
		{"ideas without exactly one creation event, dated when they were shared",
			`SELECT count(*) FROM ideas i WHERE (SELECT count(*) FROM events e
				WHERE e.idea_id = i.id AND e.verb IN ('idea.created', 'idea.recorded')) <> 1
				OR NOT EXISTS (SELECT 1 FROM events e WHERE e.idea_id = i.id AND e.created_at = i.created_at
					AND e.verb = CASE WHEN i.author_id IS NULL THEN 'idea.recorded' ELSE 'idea.created' END)`},
		{"ideas gathered elsewhere not recorded by demo-staff under their source",
			`SELECT count(*) FROM ideas i WHERE i.author_id IS NULL AND NOT EXISTS (SELECT 1 FROM events e
				JOIN users u ON u.id = e.actor_id WHERE e.idea_id = i.id AND e.verb = 'idea.recorded'
				AND u.handle = 'demo-staff' AND e.to_value = i.source_name AND i.recorded_by_id = u.id)`},
		{"triaged ideas whose last status change does not end at their status",
			`SELECT count(*) FROM ideas i WHERE i.status NOT IN ('new', 'duplicate') AND (SELECT e.to_value FROM events e
				WHERE e.idea_id = i.id AND e.verb = 'idea.status_changed' ORDER BY e.created_at DESC, e.id DESC LIMIT 1)
				IS DISTINCT FROM i.status`},
		{"new ideas with a status change",
			`SELECT count(*) FROM ideas i WHERE i.status = 'new'
				AND EXISTS (SELECT 1 FROM events e WHERE e.idea_id = i.id AND e.verb = 'idea.status_changed')`},
		{"duplicates without a reasoned merge into their target",
			`SELECT count(*) FROM ideas i WHERE i.status = 'duplicate' AND NOT EXISTS (SELECT 1 FROM events e
				WHERE e.idea_id = i.id AND e.verb = 'idea.merged' AND e.to_value = i.merged_into_id::text AND e.reason <> '')`},
		{"merged ideas still holding votes",
			`SELECT count(*) FROM ideas i WHERE i.merged_into_id IS NOT NULL
				AND (i.vote_count <> 0 OR EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id))`},
		{"theme assignments without an idea.themed event",
			`SELECT count(*) FROM idea_themes it JOIN themes t ON t.id = it.theme_id WHERE NOT EXISTS (SELECT 1 FROM events e
				WHERE e.idea_id = it.idea_id AND e.verb = 'idea.themed' AND e.to_value = t.name)`},
		{"hidden comments without a comment.hidden event giving the reason",
			`SELECT count(*) FROM comments c WHERE c.hidden_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e
				WHERE e.verb = 'comment.hidden' AND e.subject_id = c.id AND e.idea_id = c.idea_id
				AND e.reason = c.hidden_reason AND e.created_at = c.hidden_at)`},
		// Putting an idea on an agenda moves it to on_agenda; the secretariat does that, not the panel.
		{"panel decisions not made by demo-panel",
			`SELECT count(*) FROM events e LEFT JOIN users u ON u.id = e.actor_id
				WHERE e.verb IN ('idea.status_changed', 'idea.responded', 'idea.themed', 'idea.merged', 'idea.merged_in',
					'idea.shortlisted', 'comment.hidden', 'consultation.shortlist_published')
				AND u.handle IS DISTINCT FROM 'demo-panel'
				AND NOT (e.verb = 'idea.status_changed' AND e.to_value = 'on_agenda' AND EXISTS (SELECT 1 FROM events l
					WHERE l.verb = 'idea.agenda_linked' AND l.idea_id = e.idea_id AND l.actor_id = e.actor_id
					AND l.created_at = e.created_at AND l.id < e.id))`},
		{"events on an idea dated before it was shared, or decisions made the moment it was",
			`SELECT count(*) FROM events e JOIN ideas i ON i.id = e.idea_id
				WHERE e.created_at < i.created_at OR (e.created_at = i.created_at AND e.verb NOT IN ('idea.created', 'idea.recorded'))`},
		{"ideas decided on before the panel gave them their themes",
			`SELECT count(*) FROM ideas i WHERE (SELECT min(created_at) FROM events WHERE idea_id = i.id
				AND verb IN ('idea.status_changed', 'idea.responded', 'idea.merged', 'idea.shortlisted'))
				< (SELECT max(created_at) FROM events WHERE idea_id = i.id AND verb = 'idea.themed')`},
		{"responses dated apart from the event that records them",
			`SELECT count(*) FROM ideas i WHERE i.responded_at IS DISTINCT FROM
				(SELECT max(created_at) FROM events e WHERE e.idea_id = i.id AND e.verb = 'idea.responded')`},
		{"ideas updated before their last change",
			`SELECT count(*) FROM ideas i WHERE i.updated_at < i.created_at OR i.updated_at < (SELECT max(created_at) FROM events e
				WHERE e.idea_id = i.id AND e.verb IN ('idea.status_changed', 'idea.responded', 'idea.merged', 'idea.merged_in'))`},
		{"rows dated in the future",
			`SELECT (SELECT count(*) FROM ideas WHERE greatest(created_at, updated_at, responded_at, hidden_at) > now())
				+ (SELECT count(*) FROM comments WHERE greatest(created_at, updated_at, deleted_at, hidden_at) > now())
				+ (SELECT count(*) FROM votes WHERE created_at > now()) + (SELECT count(*) FROM events WHERE created_at > now())
				+ (SELECT count(*) FROM themes WHERE created_at > now())
				+ (SELECT count(*) FROM shortlist_entries WHERE greatest(created_at, updated_at) > now())
				+ (SELECT count(*) FROM reports WHERE greatest(created_at, resolved_at) > now())
				+ (SELECT count(*) FROM consultations WHERE greatest(updated_at, shortlist_published_at) > now())
				+ (SELECT count(*) FROM boards WHERE greatest(created_at, updated_at) > now())
				+ (SELECT count(*) FROM meetings WHERE greatest(created_at, updated_at, minutes_published_at) > now())
				+ (SELECT count(*) FROM agenda_items WHERE greatest(created_at, updated_at) > now())
				+ (SELECT count(*) FROM agenda_item_ideas WHERE created_at > now())
				+ (SELECT count(*) FROM actions WHERE greatest(created_at, updated_at, closed_at) > now())
				+ (SELECT count(*) FROM action_updates WHERE created_at > now())`},
		{"votes or comments older than their idea",
			`SELECT (SELECT count(*) FROM votes v JOIN ideas i ON i.id = v.idea_id WHERE v.created_at < i.created_at)
				+ (SELECT count(*) FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.created_at < i.created_at)`},
		{"replies older than their parent, or replies to replies",
			`SELECT count(*) FROM comments r JOIN comments p ON p.id = r.parent_id
				WHERE r.created_at <= p.created_at OR p.parent_id IS NOT NULL`},
		{"votes on a closed consultation cast after it closed",
			`SELECT count(*) FROM votes v JOIN ideas i ON i.id = v.idea_id JOIN consultations c ON c.id = i.consultation_id
				WHERE v.created_at > c.closes_at`},
		{"triaged ideas without a bilingual response from the panel",
			`SELECT count(*) FROM ideas i LEFT JOIN users u ON u.id = i.response_by_id WHERE i.status <> 'new'
				AND (i.response = '' OR i.response_cy = '' OR i.responded_at IS NULL OR u.handle IS DISTINCT FROM 'demo-panel')`},
		{"duplicates not merged into another idea",
			`SELECT count(*) FROM ideas WHERE (status = 'duplicate') <> (merged_into_id IS NOT NULL)`},
	} {
		var n int64
		if err := db.Raw(atDemoNow(check.sql)).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", check.what, err)
		}
		if n != 0 {
			t.Errorf("%d %s", n, check.what)
		}
	}

	// Each query counts something the demo should show at least once.
	for _, want := range []struct{ what, sql string }{
		{"ideas written in Welsh", `SELECT count(*) FROM ideas WHERE title ~ '\m(yn|pob|dylai|ar gyfer)\M' OR body ~ '\m(mae|yn)\M'`},
		{"ideas gathered elsewhere", `SELECT count(*) FROM ideas WHERE author_id IS NULL AND source_name <> '' AND source_url LIKE 'https://%'`},
		{"Welsh comments", `SELECT count(*) FROM comments WHERE body ~ '\m(mae|yn)\M'`},
		{"replies", `SELECT count(*) FROM comments WHERE parent_id IS NOT NULL`},
		{"hidden comments", `SELECT count(*) FROM comments WHERE hidden_at IS NOT NULL AND hidden_reason <> ''`},
		{"ideas with Markdown lists", `SELECT count(*) FROM ideas WHERE body_html LIKE '%<li>%'`},
		{"ideas with themes", `SELECT count(DISTINCT idea_id) FROM idea_themes`},
		{"themes in Welsh", `SELECT count(*) FROM themes WHERE name_cy <> '' AND description_cy <> ''`},
		{"closed consultations", `SELECT count(*) FROM consultations WHERE status = 'closed' AND closes_at < now()`},
		{"ideas without votes", `SELECT count(*) FROM ideas WHERE vote_count = 0`},
		{"ideas with ten or more votes", `SELECT count(*) FROM ideas WHERE vote_count >= 10`},
	} {
		var n int64
		if err := db.Raw(atDemoNow(want.sql)).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", want.what, err)
		}
		if n == 0 {
			t.Errorf("demo has no %s", want.what)
		}
	}
	// The panel's shortlist for digital-in-wales is public: four ideas, ranked, each with the
	// panel's reasons in both languages, published after they were ranked. Meetings have since
	// taken them up, so they are on an agenda or in progress.
	var shortlist []struct {
		Rank                   int
		Rationale, RationaleCy string
		Status                 string
		Ranked                 time.Time
		Published              *time.Time
	}
	err := db.Raw(`SELECT e.rank, e.rationale, e.rationale_cy, i.status, e.created_at AS ranked, c.shortlist_published_at AS published
		FROM shortlist_entries e JOIN consultations c ON c.id = e.consultation_id JOIN ideas i ON i.id = e.idea_id
		WHERE c.slug = 'digital-in-wales' ORDER BY e.rank`).Scan(&shortlist).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(shortlist) != 4 {
		t.Errorf("digital-in-wales has %d ideas on its shortlist, want 4", len(shortlist))
	}
	for n, e := range shortlist {
		taken := e.Status == models.StatusOnAgenda || e.Status == models.StatusInProgress
		if e.Rank != n+1 || e.Rationale == "" || e.RationaleCy == "" || !taken || e.Published == nil || e.Published.Before(e.Ranked) {
			t.Errorf("shortlist entry %d should be ranked %d, on an agenda or in progress, with reasons in both languages and published later: %+v",
				n+1, n+1, e)
		}
	}
	var published int64
	db.Raw(`SELECT count(*) FROM events e JOIN consultations c ON c.id = e.subject_id AND e.subject_type = 'consultation'
		WHERE e.verb = 'consultation.shortlist_published' AND c.slug = 'digital-in-wales' AND e.created_at = c.shortlist_published_at`).Scan(&published)
	if published != 1 {
		t.Errorf("%d events record publishing the shortlist, want 1", published)
	}

	// One report waits for a moderator, on something still shown; the advert's report was acted on.
	queue, err := models.ModerationQueue(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(queue) != 1 || queue[0].Reporters != 1 || queue[0].Hidden || len(queue[0].Reasons) != 1 {
		t.Errorf("moderation queue should hold one open report on something still shown: %+v", queue)
	}
	var actioned int64
	db.Raw(`SELECT count(*) FROM reports WHERE status = 'actioned' AND resolved_at > created_at`).Scan(&actioned)
	if actioned == 0 {
		t.Error("demo has no report a moderator acted on")
	}

	var statuses int64
	db.Raw(`SELECT count(DISTINCT status) FROM ideas`).Scan(&statuses)
	if statuses < 6 {
		t.Errorf("ideas use %d statuses, want a spread of at least 6", statuses)
	}

	// The staff accounts have their roles, and the development sign-in reaches the same accounts.
	for handle, role := range map[string]string{"demo-admin": models.RoleAdmin, "demo-staff": models.RoleStaff,
		"demo-panel": models.RolePanel, "carys-j": models.RoleMember} {
		u, err := models.UserByHandle(ctx, db, handle)
		if err != nil {
			t.Fatalf("%s: %v", handle, err)
		}
		if u.Role != role {
			t.Errorf("%s has role %q, want %q", handle, u.Role, role)
		}
		signedIn, err := models.SignIn(ctx, db, models.ExternalAccount{Provider: "dev", ProviderUserID: handle, Handle: handle})
		if err != nil || signedIn.ID != u.ID {
			t.Errorf("dev sign-in as %s found user %v (%v), want %d", handle, signedIn, err, u.ID)
		}
	}

	c, err := models.ConsultationBySlug(ctx, db, "digital-in-wales")
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsOpen(demoNow) || c.TitleCy == "" || c.DescriptionCy == "" || c.ClosesAt == nil {
		t.Errorf("digital-in-wales should be open with Welsh text and a closing date: %+v", c)
	}

	// Dates are spread so that the orders people can choose really differ.
	order := func(sort string) []int64 {
		page, err := models.ListIdeas(ctx, db, models.IdeaQuery{Sort: sort, PerPage: 5})
		if err != nil {
			t.Fatalf("%s: %v", sort, err)
		}
		ids := make([]int64, len(page.Ideas))
		for n, i := range page.Ideas {
			ids[n] = i.ID
		}
		return ids
	}
	top, newest, trending := order(models.SortTop), order(models.SortNew), order(models.SortTrending)
	if top[0] == newest[0] || top[0] == trending[0] || newest[0] == trending[0] {
		t.Errorf("top %v, new %v and trending %v should lead with different ideas", top, newest, trending)
	}

	checkDemoMeetings(ctx, t, db)
}

func seedCounts(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	counts := map[string]int64{}
	for _, table := range []string{"users", "identities", "consultations", "themes", "ideas", "idea_themes", "votes", "comments", "events",
		"shortlist_entries", "reports", "boards", "meetings", "agenda_items", "agenda_item_ideas", "actions", "action_ideas",
		"action_updates", "action_counters"} {
		var n int64
		if err := db.Table(table).Count(&n).Error; err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// checkDemoMeetings checks the demo's boards, meetings and action logs: that they keep the
// promises the rest of the site relies on, and that they show what the pages need to show.
func checkDemoMeetings(ctx context.Context, t *testing.T, db *gorm.DB) {
	t.Helper()

	// The Digital Panel runs two consultations; the standards board runs the one on NHS Wales code.
	var boards []struct {
		Slug, RefPrefix, NameCy, DescriptionCy string
		Consultations                          int64
	}
	if err := db.Raw(`SELECT b.slug, b.ref_prefix, b.name_cy, b.description_cy,
			(SELECT count(*) FROM consultations c WHERE c.board_id = b.id) AS consultations
		FROM boards b ORDER BY b.slug`).Scan(&boards).Error; err != nil {
		t.Fatal(err)
	}
	wantBoards := map[string]struct {
		prefix        string
		consultations int64
	}{"digital-panel": {"DP", 2}, "welsh-technical-standards-board": {"WTSB", 1}}
	for _, b := range boards {
		w, ok := wantBoards[b.Slug]
		if !ok || b.RefPrefix != w.prefix || b.Consultations != w.consultations || b.NameCy == "" || b.DescriptionCy == "" {
			t.Errorf("board %+v, want prefix %q, %d consultations and Welsh text", b, w.prefix, w.consultations)
		}
		delete(wantBoards, b.Slug)
	}
	if len(wantBoards) > 0 {
		t.Errorf("demo has no board %v", wantBoards)
	}
	var markerBoard string
	db.Raw(`SELECT b.slug FROM consultations c JOIN boards b ON b.id = c.board_id WHERE c.slug = 'digital-in-wales'`).Scan(&markerBoard)
	if markerBoard != "digital-panel" {
		t.Errorf("digital-in-wales is run for board %q, want digital-panel", markerBoard)
	}

	// A meeting in every status, planned ones still to come and the rest past.
	for _, status := range models.MeetingStatuses {
		var n, wrongSide int64
		db.Raw(`SELECT count(*) FROM meetings WHERE status = ?`, status).Scan(&n)
		db.Raw(`SELECT count(*) FROM meetings WHERE status = ? AND (starts_at > ?) <> (status = 'planned')`, status, demoNow).Scan(&wrongSide)
		if n == 0 || wrongSide != 0 {
			t.Errorf("%d meetings %s, %d of them on the wrong side of now; want some, all planned ones to come and the rest past",
				n, status, wrongSide)
		}
	}

	// Each query counts rows that break a promise; every one should be 0.
	for _, check := range []struct{ what, sql string }{
		{"meetings on a weekend, or meetings and agenda items without Welsh",
			`SELECT (SELECT count(*) FROM meetings WHERE extract(isodow FROM starts_at AT TIME ZONE 'Europe/London') > 5
					OR title_cy = '' OR description_cy = '')
				+ (SELECT count(*) FROM agenda_items WHERE title_cy = '' OR (outcome <> '' AND outcome_cy = ''))`},
		{"agendas not numbered 1, 2, 3…",
			`SELECT count(*) FROM (SELECT meeting_id FROM agenda_items GROUP BY meeting_id
				HAVING min(position) <> 1 OR max(position) <> count(*)) x`},
		{"agendas not opening with the minutes and the action log, or items without presenters and a duration",
			`SELECT (SELECT count(*) FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM agenda_items a WHERE a.meeting_id = m.id
					AND a.position = 1 AND a.title ILIKE '%minutes%action log%'))
				+ (SELECT count(*) FROM agenda_items WHERE presenters = '' OR duration_minutes IS NULL)`},
		{"agendas running longer than their meeting",
			`SELECT count(*) FROM meetings m WHERE (SELECT sum(duration_minutes) FROM agenda_items a WHERE a.meeting_id = m.id)
				* interval '1 minute' > m.ends_at - m.starts_at`},
		{"held meetings without attendees, Markdown minutes in both languages (a paragraph a line) or an outcome for every item",
			`SELECT count(*) FROM meetings m WHERE m.status IN ('held', 'minutes_published') AND (m.attendees = '' OR m.apologies = ''
				OR m.minutes_html NOT LIKE '%<h2%' OR m.minutes_cy_html NOT LIKE '%<h2%' OR m.minutes || m.minutes_cy ~ '\{[a-z-]+\}'
				OR m.minutes_html || m.minutes_cy_html LIKE '%<br>%'
				OR EXISTS (SELECT 1 FROM agenda_items a WHERE a.meeting_id = m.id AND (a.outcome = '' OR a.outcome_cy = '')))`},
		{"outcomes or actions recorded for meetings not held",
			`SELECT (SELECT count(*) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
					WHERE a.outcome <> '' AND m.status NOT IN ('held', 'minutes_published'))
				+ (SELECT count(*) FROM actions a JOIN meetings m ON m.id = a.meeting_id WHERE m.status NOT IN ('held', 'minutes_published'))`},
		{"meetings whose status history does not lead to their status, or whose minutes were published at another time",
			`SELECT count(*) FROM meetings m WHERE coalesce((SELECT e.to_value FROM events e WHERE e.subject_type = 'meeting'
					AND e.subject_id = m.id AND e.verb = 'meeting.status_changed' ORDER BY e.created_at DESC, e.id DESC LIMIT 1), 'planned')
					<> m.status
				OR (m.status = 'minutes_published') <> (m.minutes_published_at IS NOT NULL)
				OR m.minutes_published_at <> (SELECT max(e.created_at) FROM events e WHERE e.subject_type = 'meeting'
					AND e.subject_id = m.id AND e.to_value = 'minutes_published')`},
		{"meetings marked held, or minutes published, before the meeting ended",
			`SELECT count(*) FROM events e JOIN meetings m ON m.id = e.subject_id AND e.subject_type = 'meeting'
				WHERE e.verb = 'meeting.status_changed' AND e.to_value IN ('held', 'minutes_published') AND e.created_at < m.ends_at`},
		{"meetings without a meeting.created event when they were scheduled, or changed after their last update",
			`SELECT count(*) FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.verb = 'meeting.created'
					AND e.subject_type = 'meeting' AND e.subject_id = m.id AND e.created_at = m.created_at)
				OR m.updated_at <> (SELECT max(e.created_at) FROM events e WHERE e.subject_type = 'meeting' AND e.subject_id = m.id
					AND e.verb IN ('meeting.created', 'meeting.updated', 'meeting.status_changed'))`},
		{"agenda items added before their meeting was scheduled or after it started",
			`SELECT count(*) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
				WHERE a.created_at < m.created_at OR a.created_at >= m.starts_at`},
		{"ideas put on an agenda without an idea.agenda_linked event by the same person at the same moment",
			`SELECT count(*) FROM agenda_item_ideas l WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.verb = 'idea.agenda_linked'
				AND e.idea_id = l.idea_id AND e.subject_type = 'agenda_item' AND e.subject_id = l.agenda_item_id
				AND e.created_at = l.created_at AND e.actor_id = l.linked_by_id)`},
		{"ideas put on an agenda before they were shared, before the item existed or once the meeting had started",
			`SELECT count(*) FROM agenda_item_ideas l JOIN agenda_items a ON a.id = l.agenda_item_id
				JOIN meetings m ON m.id = a.meeting_id JOIN ideas i ON i.id = l.idea_id
				WHERE l.created_at < i.created_at OR l.created_at < a.created_at OR l.created_at >= m.starts_at`},
		{"ideas on the agenda of a meeting still to come that are not on_agenda",
			`SELECT count(*) FROM agenda_item_ideas l JOIN agenda_items a ON a.id = l.agenda_item_id
				JOIN meetings m ON m.id = a.meeting_id JOIN ideas i ON i.id = l.idea_id
				WHERE m.status = 'planned' AND i.status <> 'on_agenda'`},
		{"ideas on_agenda that no meeting still to come takes up",
			`SELECT count(*) FROM ideas i WHERE i.status = 'on_agenda' AND NOT EXISTS (SELECT 1 FROM agenda_item_ideas l
				JOIN agenda_items a ON a.id = l.agenda_item_id JOIN meetings m ON m.id = a.meeting_id
				WHERE l.idea_id = i.id AND m.status = 'planned')`},
		{"outcomes missing from the history of the ideas their item took up",
			`SELECT count(*) FROM agenda_item_ideas l JOIN agenda_items a ON a.id = l.agenda_item_id WHERE a.outcome <> ''
				AND NOT EXISTS (SELECT 1 FROM events e WHERE e.verb = 'idea.decision_recorded' AND e.idea_id = l.idea_id
					AND e.subject_id = a.id AND e.to_value = a.outcome AND e.created_at = a.updated_at)`},
		{"action references out of sequence for their board and year",
			`SELECT count(*) FROM (SELECT a.reference, b.ref_prefix || '-' || y || '-' ||
					lpad((row_number() OVER (PARTITION BY a.board_id, y ORDER BY a.created_at, a.id))::text, 3, '0') AS expected
				FROM actions a JOIN boards b ON b.id = a.board_id,
					LATERAL (SELECT extract(year FROM a.created_at AT TIME ZONE 'Europe/London')::int AS y) ly) x
				WHERE reference <> expected`},
		{"action counters out of step with the references handed out",
			`SELECT count(*) FROM action_counters c WHERE c.last <> (SELECT count(*) FROM actions a
				WHERE a.board_id = c.board_id AND a.reference LIKE '%-' || c.year || '-%')`},
		{"actions not raised at an item of one of their board's meetings, on the day, once it had ended",
			`SELECT count(*) FROM actions a LEFT JOIN meetings m ON m.id = a.meeting_id LEFT JOIN agenda_items i ON i.id = a.agenda_item_id
				WHERE m.id IS NULL OR i.meeting_id IS DISTINCT FROM m.id OR a.board_id <> m.board_id OR a.created_at < m.ends_at
					OR (a.created_at AT TIME ZONE 'Europe/London')::date <> (m.starts_at AT TIME ZONE 'Europe/London')::date`},
		{"actions without an action.created event when they were raised, or the ideas they follow up without idea.action_linked",
			`SELECT (SELECT count(*) FROM actions a WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.verb = 'action.created'
					AND e.subject_type = 'action' AND e.subject_id = a.id AND e.to_value = a.reference AND e.created_at = a.created_at))
				+ (SELECT count(*) FROM action_ideas x JOIN actions a ON a.id = x.action_id WHERE NOT EXISTS (SELECT 1 FROM events e
					WHERE e.verb = 'idea.action_linked' AND e.idea_id = x.idea_id AND e.subject_id = a.id AND e.created_at = a.created_at))`},
		{"progress dated before its action was raised",
			`SELECT count(*) FROM action_updates u JOIN actions a ON a.id = u.action_id WHERE u.created_at <= a.created_at`},
		{"actions whose status or last change is not where their progress left them",
			`SELECT count(*) FROM actions a WHERE a.status <> coalesce((SELECT u.status_to FROM action_updates u WHERE u.action_id = a.id
					ORDER BY u.created_at DESC, u.id DESC LIMIT 1), 'open')
				OR a.updated_at <> greatest(a.created_at, (SELECT max(u.created_at) FROM action_updates u WHERE u.action_id = a.id))`},
		{"closed actions without the progress that closed them, at that moment",
			`SELECT count(*) FROM actions a WHERE a.closed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM action_updates u
				WHERE u.action_id = a.id AND u.status_to = a.status AND u.status_from <> u.status_to AND u.created_at = a.closed_at)`},
		{"progress missing from the record, or from the history of an idea its action follows up",
			`SELECT count(*) FROM action_updates u JOIN actions a ON a.id = u.action_id
				WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.verb = 'action.updated' AND e.subject_id = a.id
					AND e.created_at = u.created_at AND e.from_value = u.status_from AND e.to_value = u.status_to)
				OR EXISTS (SELECT 1 FROM action_ideas x WHERE x.action_id = a.id AND NOT EXISTS (SELECT 1 FROM events e
					WHERE e.verb = 'action.updated' AND e.subject_id = a.id AND e.idea_id = x.idea_id AND e.created_at = u.created_at))`},
		{"actions or progress without Welsh",
			`SELECT (SELECT count(*) FROM actions WHERE description_cy = '') + (SELECT count(*) FROM action_updates WHERE body_cy = '')`},
		{"progress written by someone other than the action's owner, or the secretariat for owners without an account",
			`SELECT count(*) FROM action_updates u JOIN actions a ON a.id = u.action_id
				WHERE u.author_id IS DISTINCT FROM coalesce(a.owner_id, (SELECT id FROM users WHERE handle = 'demo-staff'))`},
		{"board work not done by the secretariat",
			`SELECT count(*) FROM events e LEFT JOIN users u ON u.id = e.actor_id
				WHERE (e.verb LIKE 'board.%' OR e.verb LIKE 'meeting.%' OR e.verb LIKE 'agenda_item.%'
					OR e.verb IN ('idea.agenda_linked', 'idea.decision_recorded', 'action.created', 'idea.action_linked'))
				AND u.handle IS DISTINCT FROM 'demo-staff'`},
	} {
		var n int64
		if err := db.Raw(atDemoNow(check.sql)).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", check.what, err)
		}
		if n != 0 {
			t.Errorf("%d %s", n, check.what)
		}
	}

	// Each query counts something the demo should show at least once.
	for _, want := range []struct{ what, sql string }{
		{"overdue actions still open, with a note of why",
			`SELECT count(*) FROM actions a WHERE a.status = 'open' AND a.due_on < (now() AT TIME ZONE 'Europe/London')::date
				AND EXISTS (SELECT 1 FROM action_updates u WHERE u.action_id = a.id)`},
		{"actions done before they were due", `SELECT count(*) FROM actions WHERE status = 'done' AND closed_at::date <= due_on`},
		{"actions in progress and not yet due",
			`SELECT count(*) FROM actions WHERE status = 'in_progress' AND due_on >= (now() AT TIME ZONE 'Europe/London')::date`},
		{"actions following up an idea", `SELECT count(DISTINCT action_id) FROM action_ideas`},
		{"ideas taken up by two meetings",
			`SELECT count(*) FROM (SELECT l.idea_id FROM agenda_item_ideas l JOIN agenda_items a ON a.id = l.agenda_item_id
				GROUP BY l.idea_id HAVING count(DISTINCT a.meeting_id) > 1) x`},
		{"ideas the panel moved on after a meeting took them up",
			`SELECT count(*) FROM events e WHERE e.verb = 'idea.status_changed' AND e.from_value = 'on_agenda'
				AND e.to_value = 'in_progress' AND EXISTS (SELECT 1 FROM events d WHERE d.verb = 'idea.decision_recorded'
					AND d.idea_id = e.idea_id AND d.created_at < e.created_at)`},
		{"ideas the panel had left under review that a meeting took up",
			`SELECT count(*) FROM events e WHERE e.verb = 'idea.status_changed' AND e.from_value = 'under_review' AND e.to_value = 'on_agenda'`},
		{"meetings online", `SELECT count(*) FROM meetings WHERE online_url LIKE 'https://%'`},
		{"standards board meetings in Cathays Park",
			`SELECT count(*) FROM meetings m JOIN boards b ON b.id = m.board_id
				WHERE b.ref_prefix = 'WTSB' AND m.location LIKE '%Cathays Park%' AND m.postcode = 'CF10 3NQ'`},
		{"cancelled meetings that say why, in both languages",
			`SELECT count(*) FROM meetings m WHERE m.status = 'cancelled' AND m.description LIKE 'Postponed.%'
				AND m.description_cy LIKE 'Wedi%' AND EXISTS (SELECT 1 FROM events e WHERE e.subject_type = 'meeting'
					AND e.subject_id = m.id AND e.to_value = 'cancelled' AND e.reason <> '')`},
		{"meetings whose minutes await sign-off", `SELECT count(*) FROM meetings WHERE status = 'held' AND minutes <> ''`},
		{"decisions recorded in the words \"It was decided\"", `SELECT count(*) FROM agenda_items WHERE outcome LIKE '%It was decided%'`},
	} {
		var n int64
		if err := db.Raw(atDemoNow(want.sql)).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", want.what, err)
		}
		if n == 0 {
			t.Errorf("demo has no %s", want.what)
		}
	}

	// The pages' own queries see the same: the overdue filter of the action log…
	now := demoNow
	overdue, err := models.ListActions(ctx, db, models.ActionQuery{Overdue: true}, now)
	if err != nil {
		t.Fatal(err)
	}
	if overdue.Total == 0 {
		t.Error("the action log's overdue filter finds nothing")
	}
	for _, a := range overdue.Actions {
		if !a.Overdue || a.DueOn == nil || !a.DueOn.Before(models.Today(now)) {
			t.Errorf("%s is listed as overdue, due %v", a.Reference, a.DueOn)
		}
	}

	// …the Digital Panel's latest minuted meeting, its agenda and the log it reviewed…
	var recent struct {
		ID, BoardID int64
		StartsAt    time.Time
	}
	db.Raw(`SELECT m.id, m.board_id, m.starts_at FROM meetings m JOIN boards b ON b.id = m.board_id
		WHERE b.slug = 'digital-panel' AND m.status = 'minutes_published' ORDER BY m.starts_at DESC LIMIT 1`).Scan(&recent)
	agenda, err := models.Agenda(ctx, db, recent.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var linked, raised int
	for n, item := range agenda {
		if item.Position != n+1 || item.DurationMinutes == nil || item.Outcome == "" {
			t.Errorf("item %d of the latest minuted meeting: position %d, duration %v, outcome %q", n+1, item.Position, item.DurationMinutes, item.Outcome)
		}
		linked, raised = linked+len(item.Ideas), raised+len(item.Actions)
	}
	if len(agenda) < 4 || len(agenda) > 5 || linked < 2 || raised < 3 {
		t.Errorf("the latest minuted meeting has %d items taking up %d ideas and raising %d actions; want 4–5, 2 or more and 3 or more",
			len(agenda), linked, raised)
	}
	reviewed, err := models.ActionLogAt(ctx, db, recent.BoardID, recent.StartsAt, recent.ID)
	if err != nil {
		t.Errorf("the action log as the latest minuted meeting reviewed it: %v", err)
	}
	var reviewedOverdue bool
	for _, a := range reviewed {
		reviewedOverdue = reviewedOverdue || a.Overdue
		if a.StatusThen != models.ActionOpen && a.StatusThen != models.ActionInProgress {
			t.Errorf("the log reviewed at the latest meeting lists %s, %s then", a.Reference, a.StatusThen)
		}
	}
	if len(reviewed) < 2 || !reviewedOverdue {
		t.Errorf("the log reviewed at the latest meeting holds %d actions (overdue among them: %v); want 2 or more, one overdue",
			len(reviewed), reviewedOverdue)
	}

	// …and the meetings to come, soonest first, with the ideas they will take up.
	upcoming, err := models.ListMeetings(ctx, db, models.MeetingQuery{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if upcoming.Total < 2 {
		t.Errorf("%d meetings to come, want one for each board", upcoming.Total)
	}
	for n, m := range upcoming.Meetings {
		if m.Status != models.MeetingPlanned || (n > 0 && m.StartsAt.Before(upcoming.Meetings[n-1].StartsAt)) {
			t.Errorf("meetings to come should be planned, soonest first: %d. %s (%s, %s)", n+1, m.Title, m.Status, m.StartsAt)
		}
	}
	var twice int64
	db.Raw(`SELECT l.idea_id FROM agenda_item_ideas l GROUP BY l.idea_id HAVING count(*) > 1 LIMIT 1`).Scan(&twice)
	links, err := models.IdeaAgendaLinks(ctx, db, twice)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 2 || links[0].MeetingStatus != models.MeetingMinutesPublished || links[0].Outcome == "" ||
		links[1].MeetingStatus != models.MeetingPlanned {
		t.Errorf("idea %d should have gone to a minuted meeting, with an outcome, and be on the agenda of one to come: %+v", twice, links)
	}
}

// seedDigest sums up the state and dates of what the seed's later work changes, so a second run
// that touched any of it shows.
func seedDigest(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var digest string
	err := db.Raw(`SELECT md5(concat_ws('|',
		(SELECT string_agg(concat_ws(',', id, status, updated_at, responded_at), ';' ORDER BY id) FROM ideas),
		(SELECT string_agg(concat_ws(',', id, status, sequence, updated_at, minutes_published_at), ';' ORDER BY id) FROM meetings),
		(SELECT string_agg(concat_ws(',', id, outcome, updated_at), ';' ORDER BY id) FROM agenda_items),
		(SELECT string_agg(concat_ws(',', id, reference, status, updated_at, closed_at), ';' ORDER BY id) FROM actions),
		(SELECT string_agg(concat_ws(',', id, created_at), ';' ORDER BY id) FROM events)))`).Scan(&digest).Error
	if err != nil {
		t.Fatalf("digest: %v", err)
	}
	return digest
}
