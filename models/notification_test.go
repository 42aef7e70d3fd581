package models_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// notifFixture is an idea by an author, followed by a follower, and a panel member who acts.
type notifFixture struct {
	db                      *gorm.DB
	author, follower, panel *models.User
	idea                    *models.Idea
}

func newNotifFixture(t *testing.T) notifFixture {
	db := newDB(t)
	f := notifFixture{db: db, author: mustUser(t, db, "author"), follower: mustUser(t, db, "follower"),
		panel: mustUser(t, db, "panel")}
	for _, u := range []*models.User{f.author, f.follower, f.panel} {
		if err := db.Model(u).Updates(map[string]any{"email": u.Handle + "@example.org", "role": models.RoleStaff}).Error; err != nil {
			t.Fatal(err)
		}
	}
	mustConsultation(t, db, "c", "open")
	f.idea = mustIdea(t, db, f.author, "c", "Free wifi in libraries")
	if err := models.Follow(ctx, db, f.follower.ID, f.idea.ID, true); err != nil {
		t.Fatal(err)
	}
	return f
}

// told lists, per user handle, the verbs of the notifications recorded for them.
func told(t *testing.T, db *gorm.DB) map[string][]string {
	t.Helper()
	var rows []struct{ Handle, Verb, Delivery string }
	err := db.Raw(`SELECT u.handle, n.verb, n.delivery FROM notifications n JOIN users u ON u.id = n.user_id ORDER BY n.id`).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.Handle] = append(out[r.Handle], r.Verb+"/"+r.Delivery)
	}
	return out
}

func TestNotifStatusChangeTellsAuthorAndFollowerNotActor(t *testing.T) {
	f := newNotifFixture(t)
	// The panel member follows too, and is still not told of their own change.
	if err := models.Follow(ctx, f.db, f.panel.ID, f.idea.ID, true); err != nil {
		t.Fatal(err)
	}
	errs, err := models.SetIdeaStatus(ctx, f.db, f.panel, f.idea.ID, models.StatusChange{Status: models.StatusShortlisted, Response: "Good idea"})
	if err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	got := told(t, f.db)
	if len(got["author"]) != 1 || got["author"][0] != "status/now" || len(got["follower"]) != 1 || len(got["panel"]) != 0 {
		t.Fatalf("told %v, want the author and follower once each (status and response in one), not the panel", got)
	}
}

func TestNotifNeverAndUnfollowRecordNothing(t *testing.T) {
	f := newNotifFixture(t)
	if errs, err := models.SetNotifyPrefs(ctx, f.db, f.author.ID, map[string]string{models.NotifyStatus: models.ModeNever}); err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	if err := models.Follow(ctx, f.db, f.follower.ID, f.idea.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := models.SetIdeaStatus(ctx, f.db, f.panel, f.idea.ID, models.StatusChange{Status: models.StatusUnderReview}); err != nil {
		t.Fatal(err)
	}
	if got := told(t, f.db); len(got) != 0 {
		t.Fatalf("told %v, want nobody", got)
	}
}

func TestNotifAgendaActionAndReply(t *testing.T) {
	f := newNotifFixture(t)
	board := mustBoard(t, f.db, f.panel, "Digital Panel", "DP")
	m := mustMeetingAt(t, f.db, f.panel, board.ID, "June meeting", time.Date(2030, 6, 4, 10, 0, 0, 0, models.London))
	item := mustItem(t, f.db, f.panel, m.ID, "Open data")
	mustLink(t, f.db, f.panel, item.ID, f.idea.ID)
	a := mustAction(t, f.db, f.panel, models.ActionInput{BoardID: board.ID, Description: "Pilot", OwnerName: "Digital team", IdeaIDs: []int64{f.idea.ID}},
		time.Date(2030, 6, 4, 12, 0, 0, 0, models.London))
	mustActionUpdate(t, f.db, f.panel, a.ID, models.ActionInProgress, "Started in Cardiff")
	c, errs, err := models.CreateComment(ctx, f.db, f.idea.ID, f.follower.ID, models.CommentInput{Body: "Yes please"})
	if err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	if _, errs, err := models.CreateComment(ctx, f.db, f.idea.ID, f.author.ID, models.CommentInput{Body: "Thanks", ParentID: &c.ID}); err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	got := told(t, f.db)
	// On the agenda: one message, not a second one for the move to on_agenda. Actions come in
	// the digest by default. The reply reaches the follower who wrote the comment, and the
	// author is not told of their own reply.
	want := map[string][]string{"author": {"agenda/now", "action/digest"}, "follower": {"agenda/now", "action/digest", "reply/now"}}
	for h, w := range want {
		if len(got[h]) != len(w) {
			t.Fatalf("%s told %v, want %v", h, got[h], w)
		}
		for i := range w {
			if got[h][i] != w[i] {
				t.Fatalf("%s told %v, want %v", h, got[h], w)
			}
		}
	}
}

func TestNotifDigestSentOnce(t *testing.T) {
	f := newNotifFixture(t)
	day := time.Date(2030, 3, 5, 9, 0, 0, 0, models.London)
	cctx := models.WithClock(ctx, func() time.Time { return day })
	if errs, err := models.SetNotifyPrefs(cctx, f.db, f.follower.ID, map[string]string{models.NotifyStatus: models.ModeDigest}); err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	for _, s := range []string{models.StatusUnderReview, models.StatusShortlisted} {
		if _, err := models.SetIdeaStatus(cctx, f.db, f.panel, f.idea.ID, models.StatusChange{Status: s}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := models.SendDigests(cctx, f.db)
	if err != nil || n != 1 {
		t.Fatalf("SendDigests = %d, %v; want one digest", n, err)
	}
	if n, err := models.SendDigests(cctx, f.db); err != nil || n != 0 {
		t.Fatalf("second SendDigests = %d, %v; want none", n, err)
	}
	var waiting int64
	f.db.Raw(`SELECT count(*) FROM notifications WHERE delivery = 'digest' AND digest_sent_at IS NULL`).Scan(&waiting)
	if waiting != 0 {
		t.Fatalf("%d notifications still waiting", waiting)
	}
	// The record is kept for NotificationsKept, then removed.
	count := func() (n int64) { f.db.Raw(`SELECT count(*) FROM notifications`).Scan(&n); return n }
	kept := count()
	later := models.WithClock(ctx, func() time.Time { return day.Add(models.NotificationsKept - time.Hour) })
	if err := models.PruneNotifications(later, f.db); err != nil || count() != kept {
		t.Fatalf("pruned too soon: %v, %d of %d left", err, count(), kept)
	}
	later = models.WithClock(ctx, func() time.Time { return day.Add(models.NotificationsKept + time.Hour) })
	if err := models.PruneNotifications(later, f.db); err != nil || count() != 0 {
		t.Fatalf("not pruned: %v, %d left", err, count())
	}
}

func TestNotifDigestSchedule(t *testing.T) {
	s := models.DigestSchedule{}
	cases := []struct{ at, want time.Time }{
		{time.Date(2030, 3, 5, 6, 59, 0, 0, models.London), time.Date(2030, 3, 5, 7, 0, 0, 0, models.London)},
		{time.Date(2030, 3, 5, 7, 0, 0, 0, models.London), time.Date(2030, 3, 6, 7, 0, 0, 0, models.London)},
		// The night the clocks go forward (30 March 2030) still has its 7am.
		{time.Date(2030, 3, 30, 23, 0, 0, 0, models.London), time.Date(2030, 3, 31, 7, 0, 0, 0, models.London)},
	}
	for _, c := range cases {
		if got := s.Next(c.at); !got.Equal(c.want) {
			t.Errorf("Next(%v) = %v, want %v", c.at, got, c.want)
		}
	}
}

func TestNotifMergeTellsAndMovesFollowers(t *testing.T) {
	f := newNotifFixture(t)
	target := mustIdea(t, f.db, f.panel, "c", "Wifi in every library")
	if errs, err := models.MergeIdea(ctx, f.db, f.panel, f.idea.ID, target.ID, "The same idea"); err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	got := told(t, f.db)
	if len(got["follower"]) != 1 || got["follower"][0] != "status/now" || len(got["author"]) != 1 || len(got["panel"]) != 0 {
		t.Fatalf("told %v", got)
	}
	if ok, _ := models.Following(ctx, f.db, f.follower.ID, target.ID); !ok {
		t.Fatal("the duplicate's follower does not follow the idea it joined")
	}
}

func TestNotifDigestTwoInstancesAtOnce(t *testing.T) {
	f := newNotifFixture(t)
	for _, u := range []*models.User{f.author, f.follower} {
		if errs, err := models.SetNotifyPrefs(ctx, f.db, u.ID, map[string]string{models.NotifyStatus: models.ModeDigest}); err != nil || errs.Any() {
			t.Fatal(err, errs)
		}
	}
	for _, s := range []string{models.StatusUnderReview, models.StatusShortlisted} {
		if _, err := models.SetIdeaStatus(ctx, f.db, f.panel, f.idea.ID, models.StatusChange{Status: s}); err != nil {
			t.Fatal(err)
		}
	}
	results := make(chan int, 4)
	for range 4 {
		go func() {
			n, err := models.SendDigests(ctx, f.db)
			if err != nil {
				t.Error(err)
			}
			results <- n
		}()
	}
	total := 0
	for range 4 {
		total += <-results
	}
	var jobs int64
	f.db.Raw(`SELECT count(*) FROM river_job WHERE kind = 'mail'`).Scan(&jobs)
	if total != 2 || jobs != 2 {
		t.Fatalf("%d digests reported and %d messages queued by four instances at once, want 2 and 2", total, jobs)
	}
}

func TestNotifDataAndForget(t *testing.T) {
	f := newNotifFixture(t)
	if _, err := models.SetIdeaStatus(ctx, f.db, f.panel, f.idea.ID, models.StatusChange{Status: models.StatusUnderReview}); err != nil {
		t.Fatal(err)
	}
	d, err := models.NotificationDataOf(ctx, f.db, f.follower.ID)
	if err != nil || len(d.Follows) != 1 || len(d.Sent) != 1 || d.Preferences["status"] != "now" {
		t.Fatalf("data %+v, %v", d, err)
	}
	if err := f.db.Transaction(func(tx *gorm.DB) error { return models.ForgetNotifications(tx, f.follower.ID) }); err != nil {
		t.Fatal(err)
	}
	if d, _ := models.NotificationDataOf(ctx, f.db, f.follower.ID); len(d.Follows) != 0 || len(d.Sent) != 0 {
		t.Fatalf("after forgetting: %+v", d)
	}
}

func TestNotifBoardDecision(t *testing.T) {
	f := newNotifFixture(t)
	board := mustBoard(t, f.db, f.panel, "Digital Panel", "DP")
	m := mustMeetingAt(t, f.db, f.panel, board.ID, "May meeting", time.Date(2020, 5, 6, 10, 0, 0, 0, models.London))
	item := mustItem(t, f.db, f.panel, m.ID, "Wifi")
	mustLink(t, f.db, f.panel, item.ID, f.idea.ID)
	mustMeetingStatus(t, f.db, f.panel, m.ID, models.MeetingHeld)
	errs, err := models.UpdateAgendaItem(ctx, f.db, f.panel, item.ID, models.AgendaItemInput{Title: "Wifi",
		Outcome: "Agreed: a pilot in three libraries", OutcomeCy: "Cytunwyd: cynllun peilot mewn tair llyfrgell"})
	if err != nil || errs.Any() {
		t.Fatal(err, errs)
	}
	var rows []struct{ Handle, Verb, DetailCy string }
	f.db.Raw(`SELECT u.handle, n.verb, n.detail_cy FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.verb = 'decision' ORDER BY u.handle`).Scan(&rows)
	if len(rows) != 2 || rows[0].Handle != "author" || rows[1].Handle != "follower" || rows[0].DetailCy == "" {
		t.Fatalf("decision told %+v, want the author and follower", rows)
	}
}
