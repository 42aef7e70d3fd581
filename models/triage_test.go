package models_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// mustRole signs a user in and grants them a role.
func mustRole(t *testing.T, db *gorm.DB, handle, role string) *models.User {
	t.Helper()
	mustUser(t, db, handle)
	u, err := models.GrantRole(ctx, db, nil, handle, role)
	if err != nil {
		t.Fatalf("grant %s to %s: %v", role, handle, err)
	}
	return u
}

func mustVote(t *testing.T, db *gorm.DB, ideaID, userID int64, on bool) {
	t.Helper()
	if _, err := models.SetVote(ctx, db, ideaID, userID, on); err != nil {
		t.Fatalf("vote %d by %d: %v", ideaID, userID, err)
	}
}

func mustTheme(t *testing.T, db *gorm.DB, actor *models.User, name string) *models.Theme {
	t.Helper()
	theme, errs, err := models.SaveTheme(ctx, db, actor, 0, models.ThemeInput{Name: name})
	if err != nil || errs.Any() {
		t.Fatalf("theme %q: %v %v", name, errs, err)
	}
	return theme
}

func mustComment(t *testing.T, db *gorm.DB, author *models.User, ideaID int64, body string) *models.Comment {
	t.Helper()
	c, errs, err := models.CreateComment(ctx, db, ideaID, author.ID, models.CommentInput{Body: body})
	if err != nil || errs.Any() {
		t.Fatalf("comment: %v %v", errs, err)
	}
	return c
}

// limitPool keeps a concurrency test from taking more of the shared server's connections than
// it needs to make real contention.
func limitPool(t *testing.T, db *gorm.DB, n int) {
	t.Helper()
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
}

func loadIdea(t *testing.T, db *gorm.DB, id int64) models.Idea {
	t.Helper()
	var idea models.Idea
	if err := db.First(&idea, id).Error; err != nil {
		t.Fatalf("load idea %d: %v", id, err)
	}
	return idea
}

func lastEventID(t *testing.T, db *gorm.DB) int64 {
	t.Helper()
	var id int64
	if err := db.Raw("SELECT coalesce(max(id), 0) FROM events").Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}

func eventsAfter(t *testing.T, db *gorm.DB, id int64) []models.Event {
	t.Helper()
	var events []models.Event
	if err := db.Where("id > ?", id).Order("id").Find(&events).Error; err != nil {
		t.Fatal(err)
	}
	return events
}

// snapshot fingerprints every table a triage or moderation action can touch, so a test can
// say "nothing changed at all", timestamps included.
func snapshot(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"ideas", "votes", "events", "idea_themes", "themes", "shortlist_entries",
		"reports", "comments", "users", "consultations"} {
		var sum string
		err := db.Raw(`SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM ` + table + ` t`).Scan(&sum).Error
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%s ", table, sum)
	}
	return b.String()
}

// ev is an event a change should record; zero actor and idea mean none.
type ev struct {
	verb      string
	actor     int64
	subject   string
	subjectID int64
	idea      int64
	from, to  string
	reason    string
}

func (e ev) String() string {
	return fmt.Sprintf("%s actor=%d %s/%d idea=%d from=%q to=%q reason=%q", e.verb, e.actor, e.subject, e.subjectID, e.idea, e.from, e.to, e.reason)
}

func asEv(e models.Event) ev {
	got := ev{verb: e.Verb, subject: e.SubjectType, subjectID: e.SubjectID, from: e.FromValue, to: e.ToValue, reason: e.Reason}
	if e.ActorID != nil {
		got.actor = *e.ActorID
	}
	if e.IdeaID != nil {
		got.idea = *e.IdeaID
	}
	return got
}

func checkEvents(t *testing.T, got []models.Event, want []ev) {
	t.Helper()
	var g []string
	for _, e := range got {
		g = append(g, asEv(e).String())
	}
	var w []string
	for _, e := range want {
		w = append(w, e.String())
	}
	if !slices.Equal(g, w) {
		t.Errorf("events:\n got  %s\n want %s", strings.Join(g, "\n      "), strings.Join(w, "\n      "))
	}
}

// rowRef names a row the change wrote; its xmin (the writing transaction) must be the events'.
type rowRef struct {
	sql  string
	args []any
}

func row(table string, id int64) *rowRef {
	return &rowRef{sql: "SELECT xmin::text FROM " + table + " WHERE id = ?", args: []any{id}}
}

func xminOf(t *testing.T, db *gorm.DB, r *rowRef) string {
	t.Helper()
	var x string
	if err := db.Raw(r.sql, r.args...).Scan(&x).Error; err != nil || x == "" {
		t.Fatalf("xmin of %s %v: %q %v", r.sql, r.args, x, err)
	}
	return x
}

func id64(id int64) string { return strconv.FormatInt(id, 10) }

// TestMergeIsExactWhileVotesArrive merges one idea into another while 120 people vote on and
// off both of them. Each person's votes are sequential, so whatever the interleaving, the
// merge fell somewhere in that person's sequence: after their last accepted vote on the
// duplicate and before their first refused one. The test replays every such position and
// requires the person's final support for the target to be one that some position explains.
func TestMergeIsExactWhileVotesArrive(t *testing.T) {
	for _, tc := range []struct {
		name       string
		dupIsOlder bool
	}{
		{"duplicate is the older idea", true},
		{"duplicate is the newer idea", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			limitPool(t, db, 20)
			panel := mustRole(t, db, "panel", models.RolePanel)
			mustConsultation(t, db, "open", "open")
			older := mustIdea(t, db, panel, "open", "Free wifi on buses")
			newer := mustIdea(t, db, panel, "open", "Wifi on every bus")
			dup, target := older, newer
			if !tc.dupIsOlder {
				dup, target = newer, older
			}

			// 0-39 support the duplicate only, 40-79 the target only, 80-119 both, 120-159 neither.
			users := manyUsers(t, db, 160)
			type support struct{ dup, target bool }
			before := make([]support, len(users))
			for i, u := range users {
				before[i] = support{dup: i < 40 || (i >= 80 && i < 120), target: i >= 40 && i < 120}
				if before[i].dup {
					mustVote(t, db, dup.ID, u.ID, true)
				}
				if before[i].target {
					mustVote(t, db, target.ID, u.ID, true)
				}
			}

			type voteOp struct {
				onDup, on bool
				refused   bool // the duplicate had been merged
				err       error
			}
			ops := make([][]voteOp, len(users))
			var (
				wg       sync.WaitGroup
				done     atomic.Int64
				merged   atomic.Bool
				mergeNow = make(chan struct{})
			)
			// Every fourth person stays still, so some outcomes are known exactly.
			for i, u := range users {
				if i%4 == 0 {
					continue
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(i), 7))
					// Vote until the merge is over, then four more times.
					for after := 0; after < 4 && len(ops[i]) < 5000; {
						if merged.Load() {
							after++
						}
						op := voteOp{onDup: rng.IntN(2) == 0, on: rng.IntN(2) == 0}
						id := target.ID
						if op.onDup {
							id = dup.ID
						}
						res, err := models.SetVote(ctx, db, id, u.ID, op.on)
						var conflict *models.ConflictError
						switch {
						case err == nil && res.Voted != op.on:
							op.err = fmt.Errorf("SetVote(%v) answered voted=%v", op.on, res.Voted)
						case err == nil:
						case op.onDup && errors.As(err, &conflict) && conflict.Key == "vote.closed.duplicate":
							op.refused = true
						default:
							op.err = err
						}
						ops[i] = append(ops[i], op)
						if done.Add(1) == 300 {
							close(mergeNow)
						}
					}
				}()
			}

			<-mergeNow
			errs, err := models.MergeIdea(ctx, db, panel, dup.ID, target.ID, "Same idea in other words")
			merged.Store(true)
			wg.Wait()
			if err != nil || errs.Any() {
				t.Fatalf("merge: %v %v", errs, err)
			}

			var accepted, refused int
			for i, seq := range ops {
				for _, op := range seq {
					if op.err != nil {
						t.Fatalf("person %d: vote: %v", i, op.err)
					}
					if op.onDup && op.refused {
						refused++
					} else if op.onDup {
						accepted++
					}
				}
			}
			// Both sides of the merge were exercised.
			if accepted == 0 || refused == 0 {
				t.Fatalf("votes on the duplicate: %d accepted, %d refused; want some of each", accepted, refused)
			}

			var d, tg struct {
				Status       string
				MergedIntoID *int64
				VoteCount    int64
				VoteRows     int64
				Voters       int64
			}
			load := func(id int64, into any) {
				err := db.Raw(`SELECT i.status, i.merged_into_id, i.vote_count,
					(SELECT count(*) FROM votes v WHERE v.idea_id = i.id) AS vote_rows,
					(SELECT count(DISTINCT user_id) FROM votes v WHERE v.idea_id = i.id) AS voters
					FROM ideas i WHERE i.id = ?`, id).Scan(into).Error
				if err != nil {
					t.Fatal(err)
				}
			}
			load(dup.ID, &d)
			load(target.ID, &tg)
			if d.Status != models.StatusDuplicate || d.MergedIntoID == nil || *d.MergedIntoID != target.ID {
				t.Errorf("duplicate: status %s merged into %v, want duplicate of %d", d.Status, d.MergedIntoID, target.ID)
			}
			if d.VoteCount != 0 || d.VoteRows != 0 {
				t.Errorf("duplicate keeps vote_count %d and %d vote rows, want 0 and 0", d.VoteCount, d.VoteRows)
			}
			if tg.VoteCount != tg.VoteRows {
				t.Errorf("target vote_count %d, vote rows %d", tg.VoteCount, tg.VoteRows)
			}
			if tg.Voters != tg.VoteRows {
				t.Errorf("target has %d vote rows from %d people: someone counted twice", tg.VoteRows, tg.Voters)
			}

			var supporters []int64
			db.Raw("SELECT user_id FROM votes WHERE idea_id = ?", target.ID).Scan(&supporters)
			supports := map[int64]bool{}
			for _, id := range supporters {
				supports[id] = true
			}

			ambiguous := 0
			for i, u := range users {
				got := supports[u.ID]
				if i%4 == 0 { // stood still: the merge alone decides
					if want := before[i].dup || before[i].target; got != want {
						t.Errorf("person %d (before: %+v) supports target: %v, want %v", i, before[i], got, want)
					}
					continue
				}
				possible := possibleTargetSupport(before[i].dup, before[i].target, len(ops[i]),
					func(n int) (bool, bool, bool) { op := ops[i][n]; return op.onDup, op.on, op.refused })
				if len(possible) == 0 {
					t.Errorf("person %d: a vote on the duplicate was accepted after one was refused: %+v", i, ops[i])
					continue
				}
				if len(possible) > 1 {
					ambiguous++
				}
				if !possible[got] {
					t.Errorf("person %d (before: %+v, votes %+v) supports target: %v; no merge point explains that", i, before[i], ops[i], got)
				}
			}
			t.Logf("%d votes on the duplicate accepted, %d refused; %d people whose outcome depended on timing", accepted, refused, ambiguous)

			events := eventsAfter(t, db, 0)
			var mergeEvents []models.Event
			for _, e := range events {
				if e.Verb == models.VerbIdeaMerged || e.Verb == models.VerbIdeaMergedIn {
					mergeEvents = append(mergeEvents, e)
				}
			}
			checkEvents(t, mergeEvents, []ev{
				{models.VerbIdeaMerged, panel.ID, "idea", dup.ID, dup.ID, models.StatusNew, id64(target.ID), "Same idea in other words"},
				{models.VerbIdeaMergedIn, panel.ID, "idea", target.ID, target.ID, id64(dup.ID), "", "Same idea in other words"},
			})
		})
	}
}

// possibleTargetSupport replays one person's votes with the merge at every position their
// answers allow (accepted votes on the duplicate before it, refused ones after) and returns
// whether they end up supporting the target, for each position.
func possibleTargetSupport(dupBefore, targetBefore bool, n int, op func(int) (onDup, on, refused bool)) map[bool]bool {
	out := map[bool]bool{}
	for k := 0; k <= n; k++ {
		consistent := true
		for i := range n {
			onDup, _, refused := op(i)
			if onDup && refused != (i >= k) {
				consistent = false
				break
			}
		}
		if !consistent {
			continue
		}
		dup, target := dupBefore, targetBefore
		for i := 0; i <= n; i++ {
			if i == k {
				target, dup = target || dup, false
			}
			if i == n {
				break
			}
			onDup, on, _ := op(i)
			switch {
			case !onDup:
				target = on
			case i < k:
				dup = on
			}
		}
		out[target] = true
	}
	return out
}

func TestMergeMovesVotesWithoutDoubleCounting(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	mustConsultation(t, db, "open", "open")
	dup := mustIdea(t, db, panel, "open", "Duplicate")
	target := mustIdea(t, db, panel, "open", "Target")
	users := manyUsers(t, db, 6)
	// 0, 1: duplicate only; 2, 3: both; 4: target only; 5: neither.
	for _, i := range []int{0, 1, 2, 3} {
		mustVote(t, db, dup.ID, users[i].ID, true)
	}
	for _, i := range []int{2, 3, 4} {
		mustVote(t, db, target.ID, users[i].ID, true)
	}
	if errs, err := models.MergeIdea(ctx, db, panel, dup.ID, target.ID, ""); err != nil || errs.Any() {
		t.Fatalf("merge: %v %v", errs, err)
	}
	if got := loadIdea(t, db, target.ID).VoteCount; got != 5 {
		t.Errorf("target vote_count %d, want 5", got)
	}
	for i, want := range []bool{true, true, true, true, true, false} {
		s, err := models.IdeaByID(ctx, db, target.ID, users[i].ID)
		if err != nil || s.Voted != want {
			t.Errorf("person %d voted for target: %v %v, want %v", i, s.Voted, err, want)
		}
	}
	// Votes on the duplicate are refused from now on; the target takes them.
	_, err := models.SetVote(ctx, db, dup.ID, users[5].ID, true)
	var conflict *models.ConflictError
	if !errors.As(err, &conflict) || conflict.Key != "vote.closed.duplicate" {
		t.Errorf("vote on merged idea: %v", err)
	}
	if res, err := models.SetVote(ctx, db, target.ID, users[5].ID, true); err != nil || res.Votes != 6 {
		t.Errorf("vote on target after merge: %+v %v", res, err)
	}
	// A merged idea's status cannot be changed.
	_, err = models.SetIdeaStatus(ctx, db, panel, dup.ID, models.StatusChange{Status: models.StatusUnderReview})
	if !errors.As(err, &conflict) || conflict.Key != "error.idea_merged" {
		t.Errorf("status of merged idea: %v", err)
	}
}

func TestMergeRefusals(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	mustConsultation(t, db, "open", "open")
	a := mustIdea(t, db, panel, "open", "A")
	b := mustIdea(t, db, panel, "open", "B")
	c := mustIdea(t, db, panel, "open", "C")
	merged := mustIdea(t, db, panel, "open", "Merged already")
	hidden := mustIdea(t, db, panel, "open", "Hidden")
	voter := mustUser(t, db, "voter")
	mustVote(t, db, a.ID, voter.ID, true)
	mustVote(t, db, b.ID, panel.ID, true)
	if errs, err := models.MergeIdea(ctx, db, panel, merged.ID, c.ID, ""); err != nil || errs.Any() {
		t.Fatalf("setup merge: %v %v", errs, err)
	}
	if errs, err := models.Moderate(ctx, db, panel, models.SubjectIdea, hidden.ID, true, "Personal details"); err != nil || errs.Any() {
		t.Fatalf("setup hide: %v %v", errs, err)
	}

	for _, tc := range []struct {
		name        string
		dup, target int64
		reason      string
		want        models.Errors
		wantErr     error
	}{
		{"into itself", a.ID, a.ID, "", models.Errors{"target": "error.merge.self"}, nil},
		{"already merged", merged.ID, b.ID, "", models.Errors{"target": "error.merge.already"}, nil},
		{"into a merged target", a.ID, merged.ID, "", models.Errors{"target": "error.merge.target_merged"}, nil},
		{"into a hidden target", a.ID, hidden.ID, "", models.Errors{"target": "error.merge.target_hidden"}, nil},
		{"reason too long", a.ID, b.ID, strings.Repeat("x", models.MaxResponse+1), models.Errors{"reason": "error.reason.too_long"}, nil},
		{"unknown target", a.ID, 999999, "", nil, models.ErrNotFound},
		{"unknown duplicate", 999999, a.ID, "", nil, models.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			errs, err := models.MergeIdea(ctx, db, panel, tc.dup, tc.target, tc.reason)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr != nil) != (err != nil) {
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
			if !sameErrors(errs, tc.want) {
				t.Errorf("errors %v, want %v", errs, tc.want)
			}
			if after := snapshot(t, db); after != before {
				t.Errorf("a refused merge changed something:\n%s\n%s", before, after)
			}
		})
	}
}

func sameErrors(a, b models.Errors) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestEveryChangeIsRecorded makes each kind of change in turn and checks the events it wrote:
// who, what, from and to, and that they share a transaction (xmin) with the row changed.
func TestEveryChangeIsRecorded(t *testing.T) {
	db := newDB(t)
	admin := mustRole(t, db, "admin", models.RoleAdmin)
	panel := mustRole(t, db, "panel", models.RolePanel)
	staff := mustRole(t, db, "staff", models.RoleStaff)
	m1 := mustUser(t, db, "member1")
	m2 := mustUser(t, db, "member2")
	open := mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, m1, "open", "Bilingual forms")
	dup := mustIdea(t, db, m2, "open", "Forms in Welsh")
	target := mustIdea(t, db, m1, "open", "Welsh-language forms")
	short := mustIdea(t, db, m1, "open", "Open data portal")
	hide := mustIdea(t, db, m2, "open", "Something to hide")
	reported := mustIdea(t, db, m2, "open", "Something reported")
	comment := mustComment(t, db, m2, idea.ID, "A comment")
	theme := mustTheme(t, db, panel, "Language")
	var themeID, recordedID int64

	commentCount := func(t *testing.T, want int) {
		t.Helper()
		if got := loadIdea(t, db, idea.ID).CommentCount; got != want {
			t.Errorf("comment_count %d, want %d", got, want)
		}
	}

	for _, tc := range []struct {
		name string
		do   func(t *testing.T) ([]ev, *rowRef)
	}{
		{"status change", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusUnderReview}))
			return []ev{{models.VerbIdeaStatusChanged, panel.ID, "idea", idea.ID, idea.ID, "new", "under_review", ""}}, row("ideas", idea.ID)
		}},
		{"response", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusUnderReview,
				Response: "We are looking at this.", ResponseCy: "Rydym yn edrych ar hyn."}))
			got := loadIdea(t, db, idea.ID)
			if got.ResponseByID == nil || *got.ResponseByID != panel.ID || got.RespondedAt == nil || got.ResponseCy != "Rydym yn edrych ar hyn." {
				t.Errorf("response not stored: %+v", got)
			}
			return []ev{{models.VerbIdeaResponded, panel.ID, "idea", idea.ID, idea.ID, "", "We are looking at this.", ""}}, row("ideas", idea.ID)
		}},
		{"status and response together", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusInProgress,
				Response: "Under way."}))
			return []ev{
				{models.VerbIdeaStatusChanged, panel.ID, "idea", idea.ID, idea.ID, "under_review", "in_progress", ""},
				{models.VerbIdeaResponded, panel.ID, "idea", idea.ID, idea.ID, "We are looking at this.", "Under way.", ""},
			}, row("ideas", idea.ID)
		}},
		{"same status and response again records nothing", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusInProgress, Response: "Under way."}))
			return nil, nil
		}},
		{"theme added", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.SetIdeaTheme(ctx, db, panel, idea.ID, theme.ID, true))
			return []ev{{models.VerbIdeaThemed, panel.ID, "idea", idea.ID, idea.ID, "", "Language", ""}},
				&rowRef{"SELECT xmin::text FROM idea_themes WHERE idea_id = ? AND theme_id = ?", []any{idea.ID, theme.ID}}
		}},
		{"theme added twice records nothing", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.SetIdeaTheme(ctx, db, panel, idea.ID, theme.ID, true))
			return nil, nil
		}},
		{"theme removed", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.SetIdeaTheme(ctx, db, panel, idea.ID, theme.ID, false))
			return []ev{{models.VerbIdeaUnthemed, panel.ID, "idea", idea.ID, idea.ID, "", "Language", ""}}, nil
		}},
		{"theme removed twice records nothing", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.SetIdeaTheme(ctx, db, panel, idea.ID, theme.ID, false))
			return nil, nil
		}},
		{"merge", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.MergeIdea(ctx, db, panel, dup.ID, target.ID, "Same request"))
			return []ev{
				{models.VerbIdeaMerged, panel.ID, "idea", dup.ID, dup.ID, "new", id64(target.ID), "Same request"},
				{models.VerbIdeaMergedIn, panel.ID, "idea", target.ID, target.ID, id64(dup.ID), "", "Same request"},
			}, row("ideas", dup.ID)
		}},
		{"shortlisted", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.SetShortlistEntry(ctx, db, panel, short.ID, models.ShortlistInput{Rank: 1, Rationale: "Cheap and quick"}))
			return []ev{
				{models.VerbIdeaShortlisted, panel.ID, "idea", short.ID, short.ID, "", "1", "Cheap and quick"},
				{models.VerbIdeaStatusChanged, panel.ID, "idea", short.ID, short.ID, "new", "shortlisted", ""},
			}, &rowRef{"SELECT xmin::text FROM shortlist_entries WHERE idea_id = ?", []any{short.ID}}
		}},
		{"unshortlisted", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.RemoveFromShortlist(ctx, db, panel, short.ID, "Too costly after all"))
			return []ev{{models.VerbIdeaUnshortlisted, panel.ID, "idea", short.ID, short.ID, "", "", "Too costly after all"}}, nil
		}},
		{"unshortlisted twice records nothing", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.RemoveFromShortlist(ctx, db, panel, short.ID, "Again"))
			return nil, nil
		}},
		{"shortlist published", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.PublishShortlist(ctx, db, panel, open.ID, true))
			var c models.Consultation
			db.First(&c, open.ID)
			if c.ShortlistPublishedAt == nil {
				t.Error("shortlist_published_at not set")
			}
			return []ev{{models.VerbShortlistPublished, panel.ID, "consultation", open.ID, 0, "", "", ""}}, row("consultations", open.ID)
		}},
		{"shortlist published twice records nothing", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.PublishShortlist(ctx, db, panel, open.ID, true))
			return nil, nil
		}},
		{"shortlist withdrawn", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.PublishShortlist(ctx, db, panel, open.ID, false))
			var c models.Consultation
			db.First(&c, open.ID)
			if c.ShortlistPublishedAt != nil {
				t.Error("shortlist_published_at still set")
			}
			return []ev{{models.VerbShortlistWithdrawn, panel.ID, "consultation", open.ID, 0, "", "", ""}}, row("consultations", open.ID)
		}},
		{"idea hidden", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectIdea, hide.ID, true, "Personal details"))
			if got := loadIdea(t, db, hide.ID); got.HiddenAt == nil || got.HiddenReason != "Personal details" {
				t.Errorf("idea not hidden: %v %q", got.HiddenAt, got.HiddenReason)
			}
			return []ev{{models.VerbIdeaHidden, panel.ID, "idea", hide.ID, hide.ID, "", "", "Personal details"}}, row("ideas", hide.ID)
		}},
		{"idea restored", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectIdea, hide.ID, false, "Details removed by author"))
			if got := loadIdea(t, db, hide.ID); got.HiddenAt != nil || got.HiddenReason != "" {
				t.Errorf("idea still hidden: %v %q", got.HiddenAt, got.HiddenReason)
			}
			return []ev{{models.VerbIdeaRestored, panel.ID, "idea", hide.ID, hide.ID, "", "", "Details removed by author"}}, row("ideas", hide.ID)
		}},
		{"comment hidden", func(t *testing.T) ([]ev, *rowRef) {
			commentCount(t, 1)
			mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectComment, comment.ID, true, "Abusive"))
			commentCount(t, 0)
			return []ev{{models.VerbCommentHidden, panel.ID, "comment", comment.ID, idea.ID, "", "", "Abusive"}}, row("comments", comment.ID)
		}},
		{"comment restored", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectComment, comment.ID, false, "On reflection, fair comment"))
			commentCount(t, 1)
			return []ev{{models.VerbCommentRestored, panel.ID, "comment", comment.ID, idea.ID, "", "", "On reflection, fair comment"}}, row("comments", comment.ID)
		}},
		{"one report below the threshold records nothing", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.ReportContent(ctx, db, m1, models.SubjectIdea, reported.ID, "Spam", 2))
			return nil, nil
		}},
		{"auto-hidden at the threshold", func(t *testing.T) ([]ev, *rowRef) {
			mustNoErrs(t)(models.ReportContent(ctx, db, panel, models.SubjectIdea, reported.ID, "Advertising", 2))
			if got := loadIdea(t, db, reported.ID); got.HiddenAt == nil || got.HiddenReason != "reported" {
				t.Errorf("idea not auto-hidden: %v %q", got.HiddenAt, got.HiddenReason)
			}
			return []ev{{models.VerbAutoHidden, 0, "idea", reported.ID, reported.ID, "", "", "reported"}}, row("ideas", reported.ID)
		}},
		{"reports dismissed", func(t *testing.T) ([]ev, *rowRef) {
			mustOK(t, models.DismissReports(ctx, db, panel, models.SubjectIdea, reported.ID))
			if got := loadIdea(t, db, reported.ID); got.HiddenAt != nil || got.HiddenReason != "" {
				t.Errorf("auto-hidden idea not shown again: %v %q", got.HiddenAt, got.HiddenReason)
			}
			var open int64
			db.Raw("SELECT count(*) FROM reports WHERE status = 'open'").Scan(&open)
			if open != 0 {
				t.Errorf("%d reports still open", open)
			}
			return []ev{{models.VerbReportDismissed, panel.ID, "idea", reported.ID, reported.ID, "", "", ""}}, row("ideas", reported.ID)
		}},
		{"role granted", func(t *testing.T) ([]ev, *rowRef) {
			if _, err := models.GrantRole(ctx, db, &admin.ID, "member2", models.RolePanel); err != nil {
				t.Fatal(err)
			}
			return []ev{{models.VerbRoleGranted, admin.ID, "user", m2.ID, 0, "member", "panel", ""}}, row("users", m2.ID)
		}},
		{"same role again records nothing", func(t *testing.T) ([]ev, *rowRef) {
			if _, err := models.GrantRole(ctx, db, &admin.ID, "MEMBER2", models.RolePanel); err != nil {
				t.Fatal(err)
			}
			return nil, nil
		}},
		{"blocked", func(t *testing.T) ([]ev, *rowRef) {
			u, errs, err := models.SetBlocked(ctx, db, admin, "member1", true, "Spam")
			if err != nil || errs.Any() || !u.Blocked() {
				t.Fatalf("block: %v %v %v", u, errs, err)
			}
			return []ev{{models.VerbUserBlocked, admin.ID, "user", m1.ID, 0, "", "", "Spam"}}, row("users", m1.ID)
		}},
		{"unblocked", func(t *testing.T) ([]ev, *rowRef) {
			u, errs, err := models.SetBlocked(ctx, db, admin, "member1", false, "Appeal upheld")
			if err != nil || errs.Any() || u.Blocked() {
				t.Fatalf("unblock: %v %v %v", u, errs, err)
			}
			return []ev{{models.VerbUserUnblocked, admin.ID, "user", m1.ID, 0, "", "", "Appeal upheld"}}, row("users", m1.ID)
		}},
		{"theme created", func(t *testing.T) ([]ev, *rowRef) {
			th, errs, err := models.SaveTheme(ctx, db, panel, 0, models.ThemeInput{Name: "Open data", NameCy: "Data agored"})
			if err != nil || errs.Any() || th.Slug != "open-data" {
				t.Fatalf("create theme: %+v %v %v", th, errs, err)
			}
			themeID = th.ID
			return []ev{{models.VerbThemeCreated, panel.ID, "theme", th.ID, 0, "", "Open data", ""}}, row("themes", th.ID)
		}},
		{"theme updated", func(t *testing.T) ([]ev, *rowRef) {
			th, errs, err := models.SaveTheme(ctx, db, panel, themeID, models.ThemeInput{Name: "Open and shared data", Slug: "open-data"})
			if err != nil || errs.Any() {
				t.Fatalf("update theme: %v %v", errs, err)
			}
			if got, _ := models.ThemeByID(ctx, db, themeID); got.Name != "Open and shared data" || got.Slug != "open-data" {
				t.Errorf("theme after update: %+v", got)
			}
			return []ev{{models.VerbThemeUpdated, panel.ID, "theme", th.ID, 0, "", "Open and shared data", ""}}, row("themes", themeID)
		}},
		{"external idea recorded", func(t *testing.T) ([]ev, *rowRef) {
			rec, errs, err := models.RecordExternalIdea(ctx, db, staff, models.ExternalIdea{Consultation: "open",
				Title: "Night buses", Body: "From the workshop", SourceName: "Workshop, Bangor"})
			if err != nil || errs.Any() {
				t.Fatalf("record: %v %v", errs, err)
			}
			recordedID = rec.ID
			return []ev{{models.VerbIdeaRecorded, staff.ID, "idea", rec.ID, rec.ID, "", "Workshop, Bangor", ""}}, row("ideas", rec.ID)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			last := lastEventID(t, db)
			want, changed := tc.do(t)
			got := eventsAfter(t, db, last)
			checkEvents(t, got, want)
			if changed == nil || len(got) == 0 {
				return
			}
			x := xminOf(t, db, changed)
			for _, e := range got {
				if ex := xminOf(t, db, row("events", e.ID)); ex != x {
					t.Errorf("event %s written by transaction %s, the change by %s", e.Verb, ex, x)
				}
			}
		})
	}
	if recordedID == 0 {
		t.Fatal("external idea was not recorded")
	}
	// The admin's view of the record filters by verb, actor and idea.
	for _, tc := range []struct {
		filter models.EventFilter
		want   int64
	}{
		{models.EventFilter{Verb: models.VerbIdeaStatusChanged}, 3},
		{models.EventFilter{Actor: "ADMIN"}, 3},
		{models.EventFilter{IdeaID: idea.ID}, 9},
		{models.EventFilter{Verb: models.VerbIdeaStatusChanged, IdeaID: short.ID}, 1},
		{models.EventFilter{Actor: "nobody"}, 0},
		{models.EventFilter{Verb: "\xff\x00"}, 0},
	} {
		page, err := models.ListEvents(ctx, db, tc.filter)
		if err != nil || page.Total != tc.want || int64(len(page.Events)) != tc.want {
			t.Errorf("ListEvents(%+v): total %d, %d events, %v; want %d", tc.filter, page.Total, len(page.Events), err, tc.want)
		}
		for _, e := range page.Events {
			if e.ActorID != nil && (e.Actor == nil || e.Actor.ID != *e.ActorID) {
				t.Errorf("event %d: actor not loaded", e.ID)
			}
		}
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// mustNoErrs fails the test when a model call returns validation errors or an error.
func mustNoErrs(t *testing.T) func(models.Errors, error) {
	return func(errs models.Errors, err error) {
		t.Helper()
		if err != nil || errs.Any() {
			t.Fatalf("%v %v", errs, err)
		}
	}
}

// TestChangeAndEventCommitTogether makes the database refuse one event, and checks that the
// change that event records (and everything else in its transaction) was not kept either.
func TestChangeAndEventCommitTogether(t *testing.T) {
	db := newDB(t)
	for _, stmt := range []string{
		`CREATE TABLE refused_events (verb text NOT NULL, to_value text, subject_id bigint)`,
		`CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF EXISTS (SELECT 1 FROM refused_events r WHERE r.verb = NEW.verb AND (r.to_value IS NULL OR r.to_value = NEW.to_value)
				AND (r.subject_id IS NULL OR r.subject_id = NEW.subject_id)) THEN
				RAISE EXCEPTION 'test refuses event %', NEW.verb;
			END IF;
			RETURN NEW;
		END $$`,
		`CREATE TRIGGER refuse_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_event()`,
	} {
		mustOK(t, db.Exec(stmt).Error)
	}
	admin := mustRole(t, db, "admin", models.RoleAdmin)
	panel := mustRole(t, db, "panel", models.RolePanel)
	member := mustUser(t, db, "member")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, member, "open", "Idea")
	dup := mustIdea(t, db, member, "open", "Duplicate")
	first := mustIdea(t, db, member, "open", "First on the shortlist")
	mustVote(t, db, dup.ID, member.ID, true)
	mustNoErrs(t)(models.SetShortlistEntry(ctx, db, panel, first.ID, models.ShortlistInput{Rank: 1, Rationale: "Best"}))
	comment := mustComment(t, db, member, idea.ID, "Comment")
	mustNoErrs(t)(models.ReportContent(ctx, db, panel, models.SubjectComment, comment.ID, "Rude", 0))
	theme := mustTheme(t, db, panel, "Transport")

	csvFile := "consultation,title,body,source_name\nopen,One,Body,Source one\nopen,Two,Body,Source two\nopen,Three,Body,Source three\n"
	var openID int64
	db.Raw("SELECT id FROM consultations WHERE slug = 'open'").Scan(&openID)
	for _, tc := range []struct {
		name    string
		verb    string // the event to refuse
		to      string // if set, only with this to_value
		subject int64  // if set, only about this subject
		do      func() error
	}{
		{"status changed, then response refused", models.VerbIdeaResponded, "", 0, func() error {
			_, err := models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusUnderReview, Response: "Looking"})
			return err
		}},
		{"merge", models.VerbIdeaMergedIn, "", 0, func() error {
			_, err := models.MergeIdea(ctx, db, panel, dup.ID, idea.ID, "Same")
			return err
		}},
		{"shortlist insert, then status refused", models.VerbIdeaStatusChanged, "", 0, func() error {
			_, err := models.SetShortlistEntry(ctx, db, panel, idea.ID, models.ShortlistInput{Rank: 1, Rationale: "Better"})
			return err
		}},
		{"shortlist removal", models.VerbIdeaUnshortlisted, "", 0, func() error {
			return models.RemoveFromShortlist(ctx, db, panel, first.ID, "")
		}},
		{"theme", models.VerbIdeaThemed, "", 0, func() error {
			return models.SetIdeaTheme(ctx, db, panel, idea.ID, theme.ID, true)
		}},
		{"bulk triage, last idea refused", models.VerbIdeaStatusChanged, "", dup.ID, func() error {
			_, err := models.BulkTriage(ctx, db, panel, []int64{idea.ID, dup.ID}, theme.ID, models.StatusUnderReview)
			return err
		}},
		{"comment hidden", models.VerbCommentHidden, "", 0, func() error {
			_, err := models.Moderate(ctx, db, panel, models.SubjectComment, comment.ID, true, "Rude")
			return err
		}},
		{"auto-hide", models.VerbAutoHidden, "", 0, func() error {
			_, err := models.ReportContent(ctx, db, member, models.SubjectIdea, idea.ID, "Spam", 1)
			return err
		}},
		{"reports dismissed", models.VerbReportDismissed, "", 0, func() error {
			return models.DismissReports(ctx, db, panel, models.SubjectComment, comment.ID)
		}},
		{"block", models.VerbUserBlocked, "", 0, func() error {
			_, _, err := models.SetBlocked(ctx, db, admin, "member", true, "Spam")
			return err
		}},
		{"role", models.VerbRoleGranted, "", 0, func() error {
			_, err := models.GrantRole(ctx, db, &admin.ID, "member", models.RoleStaff)
			return err
		}},
		{"theme created", models.VerbThemeCreated, "", 0, func() error {
			_, _, err := models.SaveTheme(ctx, db, panel, 0, models.ThemeInput{Name: "Health"})
			return err
		}},
		{"shortlist published", models.VerbShortlistPublished, "", 0, func() error {
			return models.PublishShortlist(ctx, db, panel, openID, true)
		}},
		{"external idea", models.VerbIdeaRecorded, "", 0, func() error {
			_, _, err := models.RecordExternalIdea(ctx, db, admin, models.ExternalIdea{Consultation: "open", Title: "T", Body: "B", SourceName: "S"})
			return err
		}},
		{"import, third row refused", models.VerbIdeaRecorded, "Source three", 0, func() error {
			_, _, err := models.ImportIdeas(ctx, db, admin, strings.NewReader(csvFile))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var to, subject any
			if tc.to != "" {
				to = tc.to
			}
			if tc.subject != 0 {
				subject = tc.subject
			}
			mustOK(t, db.Exec("INSERT INTO refused_events (verb, to_value, subject_id) VALUES (?, ?, ?)", tc.verb, to, subject).Error)
			defer db.Exec("DELETE FROM refused_events")
			before := snapshot(t, db)
			if err := tc.do(); err == nil || !strings.Contains(err.Error(), "test refuses event") {
				t.Fatalf("error %v, want the refused event's", err)
			}
			if after := snapshot(t, db); after != before {
				t.Errorf("the change was kept without its event:\n%s\n%s", before, after)
			}
		})
	}
}

// TestInvalidInputChangesNothing: a validation failure writes neither a change nor an event.
func TestInvalidInputChangesNothing(t *testing.T) {
	db := newDB(t)
	admin := mustRole(t, db, "admin", models.RoleAdmin)
	panel := mustRole(t, db, "panel", models.RolePanel)
	staff := mustRole(t, db, "staff", models.RoleStaff)
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, panel, "open", "Idea")
	other := mustIdea(t, db, panel, "open", "Other")
	long := strings.Repeat("a", models.MaxResponse+1)

	for _, tc := range []struct {
		name string
		do   func() (models.Errors, error)
		want models.Errors
	}{
		{"unknown status", func() (models.Errors, error) {
			return models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: "approved"})
		}, models.Errors{"status": "error.status.invalid"}},
		{"duplicate by hand", func() (models.Errors, error) {
			return models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusDuplicate})
		}, models.Errors{"status": "error.status.use_merge"}},
		{"response too long", func() (models.Errors, error) {
			return models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusDone, Response: long})
		}, models.Errors{"response": "error.response.too_long"}},
		{"Welsh response without English", func() (models.Errors, error) {
			return models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusDone, ResponseCy: "Diolch"})
		}, models.Errors{"response": "error.response.english_first"}},
		{"response with a control character", func() (models.Errors, error) {
			return models.SetIdeaStatus(ctx, db, panel, idea.ID, models.StatusChange{Status: models.StatusDone, Response: "a\x00b"})
		}, models.Errors{"response": "error.control_chars"}},
		{"shortlist without rationale", func() (models.Errors, error) {
			return models.SetShortlistEntry(ctx, db, panel, idea.ID, models.ShortlistInput{Rank: 1, Rationale: "  "})
		}, models.Errors{"rationale": "error.rationale.required"}},
		{"shortlist rank 0", func() (models.Errors, error) {
			return models.SetShortlistEntry(ctx, db, panel, idea.ID, models.ShortlistInput{Rank: 0, Rationale: "Good"})
		}, models.Errors{"rank": "error.rank.invalid"}},
		{"shortlist rank 101", func() (models.Errors, error) {
			return models.SetShortlistEntry(ctx, db, panel, idea.ID, models.ShortlistInput{Rank: 101, Rationale: "Good"})
		}, models.Errors{"rank": "error.rank.invalid"}},
		{"merge reason too long", func() (models.Errors, error) {
			return models.MergeIdea(ctx, db, panel, idea.ID, other.ID, long)
		}, models.Errors{"reason": "error.reason.too_long"}},
		{"hide without reason", func() (models.Errors, error) {
			return models.Moderate(ctx, db, panel, models.SubjectIdea, idea.ID, true, "")
		}, models.Errors{"reason": "error.reason.required"}},
		{"report without reason", func() (models.Errors, error) {
			return models.ReportContent(ctx, db, admin, models.SubjectIdea, idea.ID, " ", 1)
		}, models.Errors{"reason": "error.reason.required"}},
		{"block without reason", func() (models.Errors, error) {
			_, errs, err := models.SetBlocked(ctx, db, admin, "panel", true, "")
			return errs, err
		}, models.Errors{"reason": "error.reason.required"}},
		{"block yourself", func() (models.Errors, error) {
			_, errs, err := models.SetBlocked(ctx, db, admin, "Admin", true, "Testing")
			return errs, err
		}, models.Errors{"handle": "error.block.self"}},
		{"theme without name", func() (models.Errors, error) {
			_, errs, err := models.SaveTheme(ctx, db, panel, 0, models.ThemeInput{Name: ""})
			return errs, err
		}, models.Errors{"name": "error.name.required"}},
		{"theme with a bad slug", func() (models.Errors, error) {
			_, errs, err := models.SaveTheme(ctx, db, panel, 0, models.ThemeInput{Name: "Health", Slug: "Health & care"})
			return errs, err
		}, models.Errors{"slug": "error.slug.invalid"}},
		{"bulk with nothing to do", func() (models.Errors, error) {
			return models.BulkTriage(ctx, db, panel, []int64{idea.ID}, 0, "")
		}, models.Errors{"action": "error.bulk.no_action"}},
		{"external idea with a javascript: link", func() (models.Errors, error) {
			_, errs, err := models.RecordExternalIdea(ctx, db, staff, models.ExternalIdea{Consultation: "open", Title: "T",
				Body: "B", SourceName: "S", SourceURL: "javascript:alert(1)"})
			return errs, err
		}, models.Errors{"source_url": "error.source_url.invalid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			errs, err := tc.do()
			if err != nil || !sameErrors(errs, tc.want) {
				t.Errorf("got %v %v, want %v", errs, err, tc.want)
			}
			if after := snapshot(t, db); after != before {
				t.Errorf("invalid input changed something:\n%s\n%s", before, after)
			}
		})
	}
}

func TestBulkTriage(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	mustConsultation(t, db, "open", "open")
	var ids []int64
	for n := range 4 {
		ids = append(ids, mustIdea(t, db, panel, "open", fmt.Sprintf("Idea %d", n)).ID)
	}
	merged := mustIdea(t, db, panel, "open", "Merged")
	mustNoErrs(t)(models.MergeIdea(ctx, db, panel, merged.ID, ids[3], ""))
	transport := mustTheme(t, db, panel, "Transport")
	health := mustTheme(t, db, panel, "Health")
	// ids[0] already has the transport theme: adding it again is no change and no event.
	mustOK(t, models.SetIdeaTheme(ctx, db, panel, ids[0], transport.ID, true))

	themesOf := func(id int64) []string {
		var names []string
		db.Raw("SELECT t.name FROM idea_themes it JOIN themes t ON t.id = it.theme_id WHERE it.idea_id = ? ORDER BY t.name", id).Scan(&names)
		return names
	}
	tooMany := make([]int64, 201)
	for n := range tooMany {
		tooMany[n] = ids[0]
	}

	for _, tc := range []struct {
		name    string
		ids     []int64
		theme   int64
		status  string
		want    models.Errors
		wantErr error
	}{
		{"no ideas", nil, transport.ID, "", models.Errors{"ideas": "error.bulk.no_ideas"}, nil},
		{"no action", ids, 0, "", models.Errors{"action": "error.bulk.no_action"}, nil},
		{"status duplicate", ids, 0, models.StatusDuplicate, models.Errors{"status": "error.status.invalid"}, nil},
		{"unknown status", ids, 0, "maybe", models.Errors{"status": "error.status.invalid"}, nil},
		{"too many ideas", tooMany, transport.ID, "", models.Errors{"ideas": "error.bulk.too_many"}, nil},
		{"an unknown idea", []int64{ids[0], ids[1], 999999}, health.ID, models.StatusUnderReview, nil, models.ErrNotFound},
		{"an unknown theme", ids[:2], 999999, models.StatusUnderReview, nil, models.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			errs, err := models.BulkTriage(ctx, db, panel, tc.ids, tc.theme, tc.status)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) || !sameErrors(errs, tc.want) {
				t.Errorf("got %v %v, want %v %v", errs, err, tc.want, tc.wantErr)
			}
			if after := snapshot(t, db); after != before {
				t.Errorf("refused bulk triage changed something")
			}
		})
	}

	t.Run("theme and status on several ideas, one listed twice", func(t *testing.T) {
		last := lastEventID(t, db)
		errs, err := models.BulkTriage(ctx, db, panel, []int64{ids[2], ids[0], ids[1], ids[0], merged.ID}, transport.ID, models.StatusUnderReview)
		if err != nil || errs.Any() {
			t.Fatalf("bulk: %v %v", errs, err)
		}
		for _, id := range ids[:3] {
			if got := loadIdea(t, db, id).Status; got != models.StatusUnderReview {
				t.Errorf("idea %d status %s", id, got)
			}
			if got := themesOf(id); !slices.Equal(got, []string{"Transport"}) {
				t.Errorf("idea %d themes %v", id, got)
			}
		}
		// The merged idea keeps its status; it is themed like the others.
		if got := loadIdea(t, db, merged.ID).Status; got != models.StatusDuplicate {
			t.Errorf("merged idea status %s", got)
		}
		var want []ev
		for _, id := range []int64{ids[0], ids[1], ids[2], merged.ID} {
			if id != ids[0] {
				want = append(want, ev{models.VerbIdeaThemed, panel.ID, "idea", id, id, "", "Transport", ""})
			}
			if id != merged.ID {
				want = append(want, ev{models.VerbIdeaStatusChanged, panel.ID, "idea", id, id, "new", "under_review", ""})
			}
		}
		checkEvents(t, eventsAfter(t, db, last), want)
	})

	t.Run("status alone keeps responses", func(t *testing.T) {
		mustNoErrs(t)(models.SetIdeaStatus(ctx, db, panel, ids[1], models.StatusChange{Status: models.StatusUnderReview, Response: "Noted"}))
		last := lastEventID(t, db)
		mustNoErrs(t)(models.BulkTriage(ctx, db, panel, ids[:2], 0, models.StatusOnAgenda))
		if got := loadIdea(t, db, ids[1]); got.Status != models.StatusOnAgenda || got.Response != "Noted" {
			t.Errorf("idea after bulk status: %s %q", got.Status, got.Response)
		}
		checkEvents(t, eventsAfter(t, db, last), []ev{
			{models.VerbIdeaStatusChanged, panel.ID, "idea", ids[0], ids[0], "under_review", "on_agenda", ""},
			{models.VerbIdeaStatusChanged, panel.ID, "idea", ids[1], ids[1], "under_review", "on_agenda", ""},
		})
	})
}

func TestSetIdeaTheme(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, panel, "open", "Idea")
	theme := mustTheme(t, db, panel, "Transport")
	if err := models.SetIdeaTheme(ctx, db, panel, idea.ID, 999999, true); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown theme: %v", err)
	}
	if err := models.SetIdeaTheme(ctx, db, panel, 999999, theme.ID, true); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown idea: %v", err)
	}
	mustOK(t, models.SetIdeaTheme(ctx, db, panel, idea.ID, theme.ID, true))
	page, err := models.ListIdeas(ctx, db, models.IdeaQuery{Theme: "transport"})
	if err != nil || page.Total != 1 || len(page.Ideas[0].Themes) != 1 || page.Ideas[0].Themes[0].Slug != "transport" {
		t.Errorf("ideas with the theme: %+v %v", page, err)
	}
}

// shortlistOrder returns a consultation's shortlisted idea ids in rank order, failing the test
// if the ranks are not exactly 1..n.
func shortlistOrder(t *testing.T, db *gorm.DB, consultationID int64) []int64 {
	t.Helper()
	var rows []struct {
		IdeaID int64
		Rank   int
	}
	db.Raw("SELECT idea_id, rank FROM shortlist_entries WHERE consultation_id = ? ORDER BY rank", consultationID).Scan(&rows)
	ids := make([]int64, len(rows))
	for n, r := range rows {
		if r.Rank != n+1 {
			t.Errorf("ranks have a gap or a repeat: %+v", rows)
		}
		ids[n] = r.IdeaID
	}
	return ids
}

func TestShortlistRanks(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	c := mustConsultation(t, db, "open", "open")
	other := mustConsultation(t, db, "other", "open")
	ideas := make([]*models.Idea, 5)
	for n := range ideas {
		ideas[n] = mustIdea(t, db, panel, "open", fmt.Sprintf("Idea %d", n))
	}
	elsewhere := mustIdea(t, db, panel, "other", "Elsewhere")

	for _, step := range []struct {
		name string
		idea int
		rank int // 0: remove
		want []int
	}{
		{"first entry", 0, 1, []int{0}},
		{"adding at rank 1 shifts the others down", 1, 1, []int{1, 0}},
		{"a rank beyond the end is the end", 2, 9, []int{1, 0, 2}},
		{"adding in the middle", 3, 2, []int{1, 3, 0, 2}},
		{"moving up to first", 2, 1, []int{2, 1, 3, 0}},
		{"moving down", 1, 3, []int{2, 3, 1, 0}},
		{"moving beyond the end goes last", 3, 50, []int{2, 1, 0, 3}},
		{"setting the same rank keeps the order", 1, 2, []int{2, 1, 0, 3}},
		{"removing renumbers", 0, 0, []int{2, 1, 3}},
		{"removing the first renumbers", 2, 0, []int{1, 3}},
		{"adding back at the end", 0, 3, []int{1, 3, 0}},
		{"adding at the very end exactly", 4, 4, []int{1, 3, 0, 4}},
	} {
		t.Run(step.name, func(t *testing.T) {
			id := ideas[step.idea].ID
			if step.rank == 0 {
				mustOK(t, models.RemoveFromShortlist(ctx, db, panel, id, ""))
			} else {
				mustNoErrs(t)(models.SetShortlistEntry(ctx, db, panel, id, models.ShortlistInput{Rank: step.rank, Rationale: step.name}))
			}
			var want []int64
			for _, n := range step.want {
				want = append(want, ideas[n].ID)
			}
			if got := shortlistOrder(t, db, c.ID); !slices.Equal(got, want) {
				t.Errorf("shortlist %v, want %v", got, want)
			}
		})
	}

	// Another consultation has its own ranks.
	mustNoErrs(t)(models.SetShortlistEntry(ctx, db, panel, elsewhere.ID, models.ShortlistInput{Rank: 3, Rationale: "Own list"}))
	if got := shortlistOrder(t, db, other.ID); !slices.Equal(got, []int64{elsewhere.ID}) {
		t.Errorf("other consultation's shortlist %v", got)
	}

	entries, err := models.Shortlist(ctx, db, c.ID, panel.ID)
	if err != nil || len(entries) != 4 {
		t.Fatalf("Shortlist: %d entries, %v", len(entries), err)
	}
	for n, e := range entries {
		want := ideas[[]int{1, 3, 0, 4}[n]]
		if e.Rank != n+1 || e.IdeaID != want.ID || e.Idea == nil || e.Idea.ID != want.ID || e.Idea.Title != want.Title ||
			e.Idea.Status != models.StatusShortlisted || e.Idea.ConsultationSlug != "open" {
			t.Errorf("entry %d: %+v idea %+v", n, e, e.Idea)
		}
	}
	if entries[2].Rationale != "adding back at the end" {
		t.Errorf("rationale %q", entries[2].Rationale)
	}
	if empty, err := models.Shortlist(ctx, db, 999999, 0); err != nil || len(empty) != 0 {
		t.Errorf("empty shortlist: %v %v", empty, err)
	}
	if e, err := models.ShortlistEntryFor(ctx, db, ideas[2].ID); e != nil || err != nil {
		t.Errorf("entry for an idea not on the list: %v %v", e, err)
	}
	if e, err := models.ShortlistEntryFor(ctx, db, ideas[0].ID); err != nil || e == nil || e.Rank != 3 {
		t.Errorf("entry for an idea on the list: %+v %v", e, err)
	}

	// An idea removed from the list keeps its status: the panel decides what it becomes.
	if got := loadIdea(t, db, ideas[2].ID).Status; got != models.StatusShortlisted {
		t.Errorf("removed idea's status %s", got)
	}
}

func TestShortlistStatusAndEligibility(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	c := mustConsultation(t, db, "open", "open")
	newIdea := mustIdea(t, db, panel, "open", "New")
	review := mustIdea(t, db, panel, "open", "Under review")
	agenda := mustIdea(t, db, panel, "open", "On agenda")
	declined := mustIdea(t, db, panel, "open", "Declined")
	dup := mustIdea(t, db, panel, "open", "Merged")
	hidden := mustIdea(t, db, panel, "open", "Hidden")
	target := mustIdea(t, db, panel, "open", "Target")
	for id, status := range map[int64]string{review.ID: models.StatusUnderReview, agenda.ID: models.StatusOnAgenda, declined.ID: models.StatusDeclined} {
		mustNoErrs(t)(models.SetIdeaStatus(ctx, db, panel, id, models.StatusChange{Status: status}))
	}
	mustNoErrs(t)(models.MergeIdea(ctx, db, panel, dup.ID, target.ID, ""))
	mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectIdea, hidden.ID, true, "Hidden"))

	for _, tc := range []struct {
		idea *models.Idea
		want string
	}{
		{newIdea, models.StatusShortlisted},
		{review, models.StatusShortlisted},
		{agenda, models.StatusOnAgenda},
	} {
		mustNoErrs(t)(models.SetShortlistEntry(ctx, db, panel, tc.idea.ID, models.ShortlistInput{Rank: 1, Rationale: "Good"}))
		if got := loadIdea(t, db, tc.idea.ID).Status; got != tc.want {
			t.Errorf("%s: status %s after shortlisting, want %s", tc.idea.Title, got, tc.want)
		}
	}
	for _, idea := range []*models.Idea{declined, dup, hidden} {
		before := snapshot(t, db)
		errs, err := models.SetShortlistEntry(ctx, db, panel, idea.ID, models.ShortlistInput{Rank: 1, Rationale: "Good"})
		if err != nil || !sameErrors(errs, models.Errors{"rank": "error.shortlist.not_eligible"}) {
			t.Errorf("%s: %v %v", idea.Title, errs, err)
		}
		if snapshot(t, db) != before {
			t.Errorf("%s: refused shortlisting changed something", idea.Title)
		}
	}
	if _, err := models.SetShortlistEntry(ctx, db, panel, 999999, models.ShortlistInput{Rank: 1, Rationale: "Good"}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown idea: %v", err)
	}
	if err := models.RemoveFromShortlist(ctx, db, panel, 999999, ""); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("removing unknown idea: %v", err)
	}
	if err := models.PublishShortlist(ctx, db, panel, 999999, true); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("publishing unknown consultation: %v", err)
	}

	// Merging a shortlisted idea takes it off the list without leaving a gap.
	mustNoErrs(t)(models.SetShortlistEntry(ctx, db, panel, target.ID, models.ShortlistInput{Rank: 4, Rationale: "Good"}))
	order := shortlistOrder(t, db, c.ID)
	if !slices.Equal(order, []int64{agenda.ID, review.ID, newIdea.ID, target.ID}) {
		t.Fatalf("shortlist %v", order)
	}
	mustNoErrs(t)(models.MergeIdea(ctx, db, panel, review.ID, newIdea.ID, ""))
	if got := shortlistOrder(t, db, c.ID); !slices.Equal(got, []int64{agenda.ID, newIdea.ID, target.ID}) {
		t.Errorf("shortlist after merging a listed idea: %v", got)
	}
}

// TestConcurrentShortlistEdits has several panel members add, move and remove entries of one
// shortlist at once, while others change the same ideas' statuses and responses one by one and
// in bulk: every edit succeeds (no deadlock, no clash of ranks) and the ranks stay 1..n.
func TestConcurrentShortlistEdits(t *testing.T) {
	db := newDB(t)
	limitPool(t, db, 12)
	panel := mustRole(t, db, "panel", models.RolePanel)
	c := mustConsultation(t, db, "open", "open")
	ideas := make([]int64, 12)
	for n := range ideas {
		ideas[n] = mustIdea(t, db, panel, "open", fmt.Sprintf("Idea %d", n)).ID
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for g := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 3))
			for range 25 {
				id := ideas[rng.IntN(len(ideas))]
				var v models.Errors
				var err error
				switch rng.IntN(5) {
				case 0:
					err = models.RemoveFromShortlist(ctx, db, panel, id, "")
				case 1, 2:
					v, err = models.SetShortlistEntry(ctx, db, panel, id, models.ShortlistInput{Rank: 1 + rng.IntN(8), Rationale: "Why"})
				case 3:
					status := []string{models.StatusUnderReview, models.StatusOnAgenda, models.StatusInProgress}[rng.IntN(3)]
					v, err = models.SetIdeaStatus(ctx, db, panel, id, models.StatusChange{Status: status, Response: fmt.Sprint("Response ", rng.IntN(100))})
				case 4:
					v, err = models.BulkTriage(ctx, db, panel, []int64{id, ideas[rng.IntN(len(ideas))]}, 0, models.StatusUnderReview)
				}
				if err == nil && v.Any() {
					err = fmt.Errorf("%v", v)
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("shortlist edit: %v", err)
	}
	shortlistOrder(t, db, c.ID)
}

func TestSaveThemeAndSlugify(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Open data", "open-data"},
		{"  Health & social care!  ", "health-social-care"},
		{"Gŵyl ddigidol", "gwyl-ddigidol"},
		{"Tŷ a thâl", "ty-a-thal"},
		{"Storïau digidol", "storiau-digidol"},
		{"2026 plans", "2026-plans"},
		{"!!!", ""},
		{strings.Repeat("ab ", 40), strings.TrimSuffix(strings.Repeat("ab-", 20), "-")},
	} {
		if got := models.Slugify(tc.name); got != tc.want {
			t.Errorf("Slugify(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}

	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	th := mustTheme(t, db, panel, "Gŵyl ddigidol")
	if th.Slug != "gwyl-ddigidol" || th.Name != "Gŵyl ddigidol" {
		t.Errorf("theme %+v", th)
	}
	if _, errs, err := models.SaveTheme(ctx, db, panel, 0, models.ThemeInput{Name: "Gwyl ddigidol"}); err != nil || errs["slug"] != "error.slug.taken" {
		t.Errorf("taken slug: %v %v", errs, err)
	}
	if _, errs, err := models.SaveTheme(ctx, db, panel, 0, models.ThemeInput{Name: "!!!"}); err != nil || errs["slug"] != "error.slug.invalid" {
		t.Errorf("name with no letters: %v %v", errs, err)
	}
	if _, _, err := models.SaveTheme(ctx, db, panel, 999999, models.ThemeInput{Name: "Nothing"}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("updating an unknown theme: %v", err)
	}
	other := mustTheme(t, db, panel, "Transport")
	if _, errs, err := models.SaveTheme(ctx, db, panel, other.ID, models.ThemeInput{Name: "Transport", Slug: "gwyl-ddigidol"}); err != nil || errs["slug"] != "error.slug.taken" {
		t.Errorf("renaming onto a taken slug: %v %v", errs, err)
	}
	themes, err := models.ListThemes(ctx, db)
	if err != nil || len(themes) != 2 || themes[0].Name != "Gŵyl ddigidol" {
		t.Errorf("themes %+v %v", themes, err)
	}
}
