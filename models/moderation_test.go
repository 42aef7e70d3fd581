package models_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

func countWhere(t *testing.T, db *gorm.DB, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Raw(sql, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReportContent(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	author := mustUser(t, db, "author")
	r := []*models.User{mustUser(t, db, "r1"), mustUser(t, db, "r2"), mustUser(t, db, "r3"), mustUser(t, db, "r4")}
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, author, "open", "Reported idea")
	const threshold = 3

	hidden := func(t *testing.T) (bool, string) {
		t.Helper()
		i := loadIdea(t, db, idea.ID)
		return i.HiddenAt != nil, i.HiddenReason
	}
	for _, step := range []struct {
		name       string
		reporter   *models.User
		reason     string
		want       models.Errors
		wantHidden bool
		openAfter  int64
	}{
		{"first report", r[0], "Spam", nil, false, 1},
		{"same member again", r[0], "Still spam", models.Errors{"reason": "error.report.already"}, false, 1},
		{"second member, below the threshold", r[1], "Advertising", nil, false, 2},
		{"second member again", r[1], "Advertising", models.Errors{"reason": "error.report.already"}, false, 2},
		{"third member reaches the threshold", r[2], "Selling things", nil, true, 3},
		{"a fourth on hidden content is kept", r[3], "Spam", nil, true, 4},
	} {
		t.Run(step.name, func(t *testing.T) {
			errs, err := models.ReportContent(ctx, db, step.reporter, models.SubjectIdea, idea.ID, step.reason, threshold)
			if err != nil || !sameErrors(errs, step.want) {
				t.Errorf("got %v %v, want %v", errs, err, step.want)
			}
			if got, reason := hidden(t); got != step.wantHidden || (got && reason != "reported") {
				t.Errorf("hidden %v (%q), want %v", got, reason, step.wantHidden)
			}
			if n := countWhere(t, db, "SELECT count(*) FROM reports WHERE status = 'open'"); n != step.openAfter {
				t.Errorf("%d open reports, want %d", n, step.openAfter)
			}
		})
	}
	if n := countWhere(t, db, "SELECT count(*) FROM events WHERE verb = ?", models.VerbAutoHidden); n != 1 {
		t.Errorf("%d auto-hide events, want 1", n)
	}
	// Hidden ideas leave the lists.
	if page, _ := models.ListIdeas(ctx, db, models.IdeaQuery{}); page.Total != 0 {
		t.Errorf("hidden idea listed: %+v", page.Ideas)
	}

	// Dismissing shows it again; a member may then report it afresh.
	mustOK(t, models.DismissReports(ctx, db, panel, models.SubjectIdea, idea.ID))
	if got, reason := hidden(t); got || reason != "" {
		t.Errorf("after dismissal hidden %v %q", got, reason)
	}
	if n := countWhere(t, db, "SELECT count(*) FROM reports WHERE status = 'dismissed' AND resolved_by_id = ? AND resolved_at IS NOT NULL", panel.ID); n != 4 {
		t.Errorf("%d dismissed reports, want 4", n)
	}
	mustNoErrs(t)(models.ReportContent(ctx, db, r[0], models.SubjectIdea, idea.ID, "Spam again", threshold))
	if got, _ := hidden(t); got {
		t.Error("one fresh report hid it again")
	}

	// A moderator's decision to hide is not undone by dismissing reports.
	mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectIdea, idea.ID, true, "Personal data"))
	mustOK(t, models.DismissReports(ctx, db, panel, models.SubjectIdea, idea.ID))
	if got, reason := hidden(t); !got || reason != "Personal data" {
		t.Errorf("moderator-hidden idea after dismissal: %v %q", got, reason)
	}

	// With no threshold nothing hides itself.
	other := mustIdea(t, db, author, "open", "Never auto-hidden")
	for _, u := range r {
		mustNoErrs(t)(models.ReportContent(ctx, db, u, models.SubjectIdea, other.ID, "Spam", 0))
	}
	if loadIdea(t, db, other.ID).HiddenAt != nil {
		t.Error("threshold 0 hid an idea")
	}

	comment := mustComment(t, db, author, other.ID, "Deleted later")
	if _, err := models.DeleteComment(ctx, db, author, comment.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		subject string
		id      int64
		reason  string
		want    models.Errors
		wantErr error
	}{
		{"unknown kind of thing", "user", author.ID, "Spam", nil, models.ErrNotFound},
		{"missing idea", models.SubjectIdea, 999999, "Spam", nil, models.ErrNotFound},
		{"missing comment", models.SubjectComment, 999999, "Spam", nil, models.ErrNotFound},
		{"deleted comment", models.SubjectComment, comment.ID, "Spam", nil, models.ErrNotFound},
		{"no reason", models.SubjectIdea, other.ID, "   ", models.Errors{"reason": "error.reason.required"}, nil},
		{"reason too long", models.SubjectIdea, other.ID, strings.Repeat("ŵ", 501), models.Errors{"reason": "error.reason.too_long"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			errs, err := models.ReportContent(ctx, db, panel, tc.subject, tc.id, tc.reason, 1)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) || !sameErrors(errs, tc.want) {
				t.Errorf("got %v %v, want %v %v", errs, err, tc.want, tc.wantErr)
			}
			if snapshot(t, db) != before {
				t.Error("a refused report changed something")
			}
		})
	}
}

// TestConcurrentReportsHideOnce: twenty members report one idea at once, each twice; each is
// counted once and the idea is hidden once.
func TestConcurrentReportsHideOnce(t *testing.T) {
	db := newDB(t)
	limitPool(t, db, 12)
	author := mustUser(t, db, "author")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, author, "open", "Popular target")
	members := manyUsers(t, db, 20)

	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted, already := map[int64]int{}, map[int64]int{}
	for _, m := range members {
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs, err := models.ReportContent(ctx, db, m, models.SubjectIdea, idea.ID, "Spam", 5)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					t.Errorf("report: %v", err)
				case errs["reason"] == "error.report.already":
					already[m.ID]++
				case errs.Any():
					t.Errorf("report: %v", errs)
				default:
					accepted[m.ID]++
				}
			}()
		}
	}
	wg.Wait()
	for _, m := range members {
		if accepted[m.ID] != 1 || already[m.ID] != 1 {
			t.Errorf("member %d: %d accepted, %d already reported; want 1 and 1", m.ID, accepted[m.ID], already[m.ID])
		}
	}
	if n := countWhere(t, db, "SELECT count(*) FROM reports WHERE idea_id = ?", idea.ID); n != 20 {
		t.Errorf("%d reports, want 20", n)
	}
	if n := countWhere(t, db, "SELECT count(*) FROM events WHERE verb = ?", models.VerbAutoHidden); n != 1 {
		t.Errorf("%d auto-hide events, want 1", n)
	}
	if loadIdea(t, db, idea.ID).HiddenAt == nil {
		t.Error("idea not hidden")
	}
}

func TestHidingCommentsKeepsCountExact(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	author := mustUser(t, db, "author")
	r1, r2 := mustUser(t, db, "r1"), mustUser(t, db, "r2")
	mustConsultation(t, db, "open", "open")

	type step func(t *testing.T, idea *models.Idea, c *models.Comment)
	hide := func(t *testing.T, _ *models.Idea, c *models.Comment) {
		mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectComment, c.ID, true, "Rude"))
	}
	restore := func(t *testing.T, _ *models.Idea, c *models.Comment) {
		mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectComment, c.ID, false, "Fine"))
	}
	report := func(u *models.User) step {
		return func(t *testing.T, _ *models.Idea, c *models.Comment) {
			mustNoErrs(t)(models.ReportContent(ctx, db, u, models.SubjectComment, c.ID, "Rude", 2))
		}
	}
	dismiss := func(t *testing.T, _ *models.Idea, c *models.Comment) {
		mustOK(t, models.DismissReports(ctx, db, panel, models.SubjectComment, c.ID))
	}
	del := func(t *testing.T, _ *models.Idea, c *models.Comment) {
		if _, err := models.DeleteComment(ctx, db, author, c.ID); err != nil {
			t.Fatal(err)
		}
	}

	// Each idea has the comment under test and one other that stays visible.
	for _, tc := range []struct {
		name       string
		steps      []step
		wantCount  int
		wantHidden bool
	}{
		{"hidden by a moderator", []step{hide}, 1, true},
		{"hidden twice counts once", []step{hide, hide}, 1, true},
		{"hidden and restored", []step{hide, restore}, 2, false},
		{"restoring a visible comment changes no count", []step{restore}, 2, false},
		{"auto-hidden by reports", []step{report(r1), report(r2)}, 1, true},
		{"auto-hidden then dismissed", []step{report(r1), report(r2), dismiss}, 2, false},
		{"auto-hidden then confirmed by a moderator", []step{report(r1), report(r2), hide, dismiss}, 1, true},
		{"hidden, then deleted by its author", []step{hide, del}, 1, true},
		{"hidden, then deleted: restoring is refused", []step{hide, del}, 1, true},
		{"deleted: hiding is refused", []step{del}, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idea := mustIdea(t, db, author, "open", tc.name)
			c := mustComment(t, db, author, idea.ID, "Under test")
			mustComment(t, db, author, idea.ID, "Stays")
			for _, s := range tc.steps {
				s(t, idea, c)
			}
			if strings.HasSuffix(tc.name, "is refused") {
				// A deleted comment is gone: moderators can neither hide nor restore it.
				_, err := models.Moderate(ctx, db, panel, models.SubjectComment, c.ID, !tc.wantHidden, "Why")
				if !errors.Is(err, models.ErrNotFound) {
					t.Errorf("moderating a deleted comment: %v", err)
				}
			}
			if got := loadIdea(t, db, idea.ID).CommentCount; got != tc.wantCount {
				t.Errorf("comment_count %d, want %d", got, tc.wantCount)
			}
			var visible int64
			db.Raw("SELECT count(*) FROM comments WHERE idea_id = ? AND deleted_at IS NULL AND hidden_at IS NULL", idea.ID).Scan(&visible)
			if visible != int64(tc.wantCount) {
				t.Errorf("%d visible comments, comment_count says %d", visible, tc.wantCount)
			}
			got, _ := models.CommentByID(ctx, db, c.ID)
			if (got.HiddenAt != nil) != tc.wantHidden {
				t.Errorf("comment hidden %v, want %v", got.HiddenAt != nil, tc.wantHidden)
			}
		})
	}
}

func TestModerateResolvesReports(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	author := mustUser(t, db, "author")
	r1, r2 := mustUser(t, db, "r1"), mustUser(t, db, "r2")
	mustConsultation(t, db, "open", "open")
	idea := mustIdea(t, db, author, "open", "Idea")
	mustNoErrs(t)(models.ReportContent(ctx, db, r1, models.SubjectIdea, idea.ID, "Spam", 2))
	mustNoErrs(t)(models.ReportContent(ctx, db, r2, models.SubjectIdea, idea.ID, "Spam", 2))
	if got := loadIdea(t, db, idea.ID); got.HiddenReason != "reported" {
		t.Fatalf("not auto-hidden: %q", got.HiddenReason)
	}
	// Confirming an automatic hide keeps it hidden with the moderator's reason.
	mustNoErrs(t)(models.Moderate(ctx, db, panel, models.SubjectIdea, idea.ID, true, "Advertising"))
	if got := loadIdea(t, db, idea.ID); got.HiddenAt == nil || got.HiddenReason != "Advertising" {
		t.Errorf("after confirming: %v %q", got.HiddenAt, got.HiddenReason)
	}
	if n := countWhere(t, db, "SELECT count(*) FROM reports WHERE status = 'actioned' AND resolved_by_id = ?", panel.ID); n != 2 {
		t.Errorf("%d actioned reports, want 2", n)
	}
	if q, _ := models.ModerationQueue(ctx, db); len(q) != 0 {
		t.Errorf("queue after moderation: %+v", q)
	}
	for _, tc := range []struct {
		subject string
		id      int64
	}{{"user", panel.ID}, {models.SubjectIdea, 999999}, {models.SubjectComment, 999999}} {
		if _, err := models.Moderate(ctx, db, panel, tc.subject, tc.id, true, "x"); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("Moderate(%s %d): %v", tc.subject, tc.id, err)
		}
		if err := models.DismissReports(ctx, db, panel, tc.subject, tc.id); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("DismissReports(%s %d): %v", tc.subject, tc.id, err)
		}
	}
}

func TestModerationQueue(t *testing.T) {
	db := newDB(t)
	panel := mustRole(t, db, "panel", models.RolePanel)
	staff := mustRole(t, db, "staff", models.RoleStaff)
	alice, bob := mustUser(t, db, "alice"), mustUser(t, db, "bob")
	m := []*models.User{mustUser(t, db, "m1"), mustUser(t, db, "m2"), mustUser(t, db, "m3")}
	mustConsultation(t, db, "open", "open")
	longBody := strings.Repeat("ŵ", 400)
	a, _, err := models.CreateIdea(ctx, db, alice.ID, models.NewIdea{Consultation: "open", Title: "Idea A", Body: longBody})
	if err != nil {
		t.Fatal(err)
	}
	b := mustIdea(t, db, alice, "open", "Idea B")
	comment := mustComment(t, db, bob, b.ID, "A rude comment")
	d, _, err := models.RecordExternalIdea(ctx, db, staff, models.ExternalIdea{Consultation: "open", Title: "Idea D",
		Body: "From a workshop", SourceName: "Workshop, Bangor"})
	if err != nil {
		t.Fatal(err)
	}
	e := mustIdea(t, db, bob, "open", "Idea E")

	report := func(u *models.User, subject string, id int64, reason string) {
		t.Helper()
		mustNoErrs(t)(models.ReportContent(ctx, db, u, subject, id, reason, 3))
	}
	report(m[0], models.SubjectIdea, a.ID, "spam 1")
	report(m[0], models.SubjectComment, comment.ID, "rude")
	report(m[2], models.SubjectIdea, b.ID, "off topic")
	report(m[1], models.SubjectIdea, a.ID, "spam 2")
	report(m[0], models.SubjectIdea, e.ID, "dismissed later")
	report(m[1], models.SubjectComment, comment.ID, "very rude")
	report(m[0], models.SubjectIdea, d.ID, "wrong")
	report(m[2], models.SubjectIdea, a.ID, "spam 3")
	mustOK(t, models.DismissReports(ctx, db, panel, models.SubjectIdea, e.ID))

	type item struct {
		SubjectType  string
		SubjectID    int64
		IdeaID       int64
		IdeaTitle    string
		Excerpt      string
		AuthorHandle string
		Hidden       bool
		HiddenReason string
		Reporters    int
		Reasons      []string
	}
	want := []item{
		{"idea", a.ID, a.ID, "Idea A", strings.Repeat("ŵ", 300), "alice", true, "reported", 3, []string{"spam 1", "spam 2", "spam 3"}},
		{"comment", comment.ID, b.ID, "Idea B", "A rude comment", "bob", false, "", 2, []string{"rude", "very rude"}},
		{"idea", b.ID, b.ID, "Idea B", "Body of Idea B", "alice", false, "", 1, []string{"off topic"}},
		{"idea", d.ID, d.ID, "Idea D", "From a workshop", "Workshop, Bangor", false, "", 1, []string{"wrong"}},
	}
	queue, err := models.ModerationQueue(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var got []item
	for _, q := range queue {
		got = append(got, item{q.SubjectType, q.SubjectID, q.IdeaID, q.IdeaTitle, q.Excerpt, q.AuthorHandle, q.Hidden,
			q.HiddenReason, q.Reporters, q.Reasons})
		if q.FirstAt.IsZero() {
			t.Errorf("%s %d: no first report time", q.SubjectType, q.SubjectID)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("queue has %d items, want %d: %+v", len(got), len(want), got)
	}
	for n := range want {
		g, w := got[n], want[n]
		if !slices.Equal(g.Reasons, w.Reasons) {
			t.Errorf("item %d reasons %q, want %q", n, g.Reasons, w.Reasons)
		}
		g.Reasons, w.Reasons = nil, nil
		if fmt.Sprintf("%+v", g) != fmt.Sprintf("%+v", w) {
			t.Errorf("item %d:\n got  %+v\n want %+v", n, g, w)
		}
	}
}

func TestSetBlocked(t *testing.T) {
	db := newDB(t)
	admin := mustRole(t, db, "admin", models.RoleAdmin)
	spammer := mustUser(t, db, "Spammer")

	blockedReason := func() string {
		var r string
		db.Raw("SELECT blocked_reason FROM users WHERE id = ?", spammer.ID).Scan(&r)
		return r
	}
	for _, tc := range []struct {
		name        string
		actor       *models.User
		handle      string
		block       bool
		reason      string
		want        models.Errors
		wantErr     error
		wantBlocked bool
		wantReason  string
		wantEvent   string
	}{
		{"cannot block yourself", admin, "ADMIN", true, "Testing", models.Errors{"handle": "error.block.self"}, nil, false, "", ""},
		{"unknown handle", admin, "nobody", true, "Spam", nil, models.ErrNotFound, false, "", ""},
		{"a block needs a reason", admin, "spammer", true, "", models.Errors{"reason": "error.reason.required"}, nil, false, "", ""},
		{"block", admin, "spammer", true, "Posting adverts", nil, nil, true, "Posting adverts", models.VerbUserBlocked},
		{"blocking again changes nothing", admin, "SPAMMER", true, "Again", nil, nil, true, "Posting adverts", ""},
		{"unblock without a reason", admin, "spammer", false, "", nil, nil, false, "", models.VerbUserUnblocked},
		{"unblocking again changes nothing", admin, "spammer", false, "", nil, nil, false, "", ""},
		{"blocked from the command line, with no actor", nil, "spammer", true, "Operator", nil, nil, true, "Operator", models.VerbUserBlocked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			last := lastEventID(t, db)
			u, errs, err := models.SetBlocked(ctx, db, tc.actor, tc.handle, tc.block, tc.reason)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) || !sameErrors(errs, tc.want) {
				t.Fatalf("got %v %v, want %v %v", errs, err, tc.want, tc.wantErr)
			}
			if err == nil && !errs.Any() && u.Blocked() != tc.wantBlocked {
				t.Errorf("returned user blocked %v", u.Blocked())
			}
			stored, _ := models.UserByID(ctx, db, spammer.ID)
			if stored.Blocked() != tc.wantBlocked || blockedReason() != tc.wantReason {
				t.Errorf("stored: blocked %v reason %q, want %v %q", stored.Blocked(), blockedReason(), tc.wantBlocked, tc.wantReason)
			}
			events := eventsAfter(t, db, last)
			if tc.wantEvent == "" {
				checkEvents(t, events, nil)
				return
			}
			var actor int64
			if tc.actor != nil {
				actor = tc.actor.ID
			}
			checkEvents(t, events, []ev{{tc.wantEvent, actor, "user", spammer.ID, 0, "", "", tc.reason}})
		})
	}
	// Blocking stops nobody from being listed or found.
	if page, err := models.ListUsers(ctx, db, "spam", "", 1); err != nil || page.Total != 1 || !page.Users[0].Blocked() {
		t.Errorf("blocked user in list: %+v %v", page, err)
	}
}

func TestListUsers(t *testing.T) {
	db := newDB(t)
	for _, u := range []struct{ handle, name, role string }{
		{"zed", "Zed Admin", models.RoleAdmin},
		{"sian", "Siân Staff", models.RoleStaff},
		{"pat", "Pat Panel", models.RolePanel},
		{"alice", "Alison Jones", models.RoleMember},
		{"al_ice", "", models.RoleMember},
		{"bob", "Bob 100%", models.RoleMember},
	} {
		if _, err := models.SignIn(ctx, db, models.ExternalAccount{Provider: "test", ProviderUserID: u.handle, Handle: u.handle, Name: u.name}); err != nil {
			t.Fatal(err)
		}
		if u.role != models.RoleMember {
			if _, err := models.GrantRole(ctx, db, nil, u.handle, u.role); err != nil {
				t.Fatal(err)
			}
		}
	}
	handles := func(p models.UserPage) []string {
		var h []string
		for _, u := range p.Users {
			h = append(h, u.Handle)
		}
		return h
	}
	for _, tc := range []struct {
		q, role string
		want    []string
	}{
		{"", "", []string{"zed", "sian", "pat", "bob", "al_ice", "alice"}},
		{"ALI", "", []string{"alice"}},  // matches a name too: "Alison"
		{"al_", "", []string{"al_ice"}}, // _ is a letter here, not a wildcard
		{"100%", "", []string{"bob"}},   // so is %
		{"%", "", []string{"bob"}},      // which finds only a literal %
		{"siân", "", []string{"sian"}},  // Welsh in names
		{"", models.RoleStaff, []string{"sian"}},
		{"", "wizard", []string{"zed", "sian", "pat", "bob", "al_ice", "alice"}}, // an unknown role filters nothing
		{"a", models.RoleMember, []string{"al_ice", "alice"}},
		{"\xff\x00", "", []string{"zed", "sian", "pat", "bob", "al_ice", "alice"}},
	} {
		page, err := models.ListUsers(ctx, db, tc.q, tc.role, 1)
		if got := handles(page); err != nil || !slices.Equal(got, tc.want) || page.Total != int64(len(tc.want)) {
			t.Errorf("ListUsers(%q, %q) = %v (total %d) %v, want %v", tc.q, tc.role, got, page.Total, err, tc.want)
		}
	}

	manyUsers(t, db, 60)
	p1, _ := models.ListUsers(ctx, db, "", "", 1)
	p2, _ := models.ListUsers(ctx, db, "", "", 2)
	if p1.Total != 66 || len(p1.Users) != 50 || len(p2.Users) != 16 || p1.Users[0].Handle != "zed" {
		t.Errorf("pages: total %d, %d + %d users, first %s", p1.Total, len(p1.Users), len(p2.Users), p1.Users[0].Handle)
	}
}

func TestGrantRole(t *testing.T) {
	db := newDB(t)
	mustUser(t, db, "alice")
	if _, err := models.GrantRole(ctx, db, nil, "alice", "wizard"); err == nil {
		t.Error("granted an unknown role")
	}
	if _, err := models.GrantRole(ctx, db, nil, "nobody", models.RolePanel); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("granting to nobody: %v", err)
	}
	u, err := models.GrantRole(ctx, db, nil, "Alice", models.RoleStaff)
	if err != nil || u.Role != models.RoleStaff || !u.Can(models.RolePanel) || u.Can(models.RoleAdmin) {
		t.Errorf("grant: %+v %v", u, err)
	}
	u, err = models.GrantRole(ctx, db, nil, "alice", models.RoleMember)
	if err != nil || u.Can(models.RolePanel) {
		t.Errorf("taking a role away: %+v %v", u, err)
	}
	var events []models.Event
	db.Where("verb = ?", models.VerbRoleGranted).Order("id").Find(&events)
	checkEvents(t, events, []ev{
		{models.VerbRoleGranted, 0, "user", u.ID, 0, "member", "staff", ""},
		{models.VerbRoleGranted, 0, "user", u.ID, 0, "staff", "member", ""},
	})
}
