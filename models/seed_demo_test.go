package models_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

func TestSeedDemo(t *testing.T) {
	db := newDB(t)
	if err := models.SeedDemo(ctx, db); err != nil {
		t.Fatalf("first seed: %v", err)
	}
	first := seedCounts(t, db)
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
		{"panel decisions not made by demo-panel",
			`SELECT count(*) FROM events e LEFT JOIN users u ON u.id = e.actor_id
				WHERE e.verb IN ('idea.status_changed', 'idea.responded', 'idea.themed', 'idea.merged', 'idea.merged_in',
					'idea.shortlisted', 'comment.hidden', 'consultation.shortlist_published')
				AND u.handle IS DISTINCT FROM 'demo-panel'`},
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
				+ (SELECT count(*) FROM consultations WHERE greatest(updated_at, shortlist_published_at) > now())`},
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
		if err := db.Raw(check.sql).Scan(&n).Error; err != nil {
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
		if err := db.Raw(want.sql).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", want.what, err)
		}
		if n == 0 {
			t.Errorf("demo has no %s", want.what)
		}
	}
	// The panel's shortlist for digital-in-wales is public: four ideas, ranked, each with the
	// panel's reasons in both languages, published after they were ranked.
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
		if e.Rank != n+1 || e.Rationale == "" || e.RationaleCy == "" || e.Status != models.StatusShortlisted ||
			e.Published == nil || e.Published.Before(e.Ranked) {
			t.Errorf("shortlist entry %d should be ranked %d, shortlisted, with reasons in both languages and published later: %+v", n+1, n+1, e)
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
	if !c.IsOpen(time.Now()) || c.TitleCy == "" || c.DescriptionCy == "" || c.ClosesAt == nil {
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
}

func seedCounts(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	counts := map[string]int64{}
	for _, table := range []string{"users", "identities", "consultations", "themes", "ideas", "idea_themes", "votes", "comments", "events",
		"shortlist_entries", "reports"} {
		var n int64
		if err := db.Table(table).Count(&n).Error; err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}
