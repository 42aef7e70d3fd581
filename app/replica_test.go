package app_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// TestReplicaServesLaggingReads runs the service on a primary of the test's own with a
// streaming replica made by pg_basebackup (DATABASE_REPLICA_URL). With the replica's replay
// paused, a vote is shown at once on the idea page and in the API (the primary), while the
// open data file and the staff export still lack it (the replica); once replay resumes they
// show it. With the replica stopped, the downloads and the feed come from the primary.
func TestReplicaServesLaggingReads(t *testing.T) {
	t.Parallel()
	primary := modeltest.NewCluster(t)
	dbURL := primary.URL("syniad")
	db, err := models.Open(t.Context(), dbURL, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	if err := models.Migrate(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	replica := primary.Replica(t)
	ta := newTestAppOn(t, db, dbURL, func(c *app.Config) { c.DatabaseReplicaURL = replica.URL("syniad") })
	ta.seedOpenConsultation("lag")
	idea := ta.seedIdea("lag", "Lagging reads")

	rdb, err := models.OpenReplica(replica.URL("syniad"), 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := rdb.DB(); err == nil {
			sqlDB.Close()
		}
	})
	replicaVotes := func() int {
		var n int
		if err := rdb.Raw(`SELECT vote_count FROM ideas WHERE id = ?`, idea.ID).Scan(&n).Error; err != nil {
			t.Fatalf("read the replica: %v", err)
		}
		return n
	}
	waitFor(t, "the replica to have the idea", func() bool {
		var n int64
		rdb.Raw(`SELECT count(*) FROM ideas WHERE id = ?`, idea.ID).Scan(&n)
		return n == 1
	})

	if err := rdb.Exec(`SELECT pg_wal_replay_pause()`).Error; err != nil {
		t.Fatal(err)
	}
	waitFor(t, "replay to pause", func() bool {
		var state string
		rdb.Raw(`SELECT pg_get_wal_replay_pause_state()`).Scan(&state)
		return state == "paused"
	})

	member := ta.client()
	member.signIn("voter")
	res, body := member.api(http.MethodPut, fmt.Sprintf("/api/v1/ideas/%d/vote", idea.ID), "", true)
	mustStatus(t, "vote", res, body, http.StatusOK)
	_, page := member.get(fmt.Sprintf("/ideas/%d", idea.ID))
	if got := pageVotes(t, page, idea.ID); got != 1 {
		t.Fatalf("the idea page just after the vote shows %d votes, want 1 (pages read the primary)", got)
	}
	if replicaVotes() != 0 {
		t.Fatal("the paused replica already has the vote")
	}
	visitor := ta.client()
	if got := openDataVotes(t, visitor, idea.ID); got != "0" {
		t.Fatalf("open data with the replica paused says %s votes, want 0 (it reads the replica)", got)
	}
	panel := ta.panelClient(t, "panel-lag")
	if got := exportVotes(t, panel, idea.ID); got != "0" {
		t.Fatalf("the staff export with the replica paused says %s votes, want 0 (it reads the replica)", got)
	}

	if err := rdb.Exec(`SELECT pg_wal_replay_resume()`).Error; err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the replica to replay the vote", func() bool { return replicaVotes() == 1 })
	if got := openDataVotes(t, visitor, idea.ID); got != "1" {
		t.Fatalf("open data after replay says %s votes, want 1", got)
	}
	if got := exportVotes(t, panel, idea.ID); got != "1" {
		t.Fatalf("the staff export after replay says %s votes, want 1", got)
	}

	// The replica goes away: the downloads read the primary, at once.
	replica.Stop(t)
	res, body = member.api(http.MethodDelete, fmt.Sprintf("/api/v1/ideas/%d/vote", idea.ID), "", true)
	mustStatus(t, "vote withdrawn", res, body, http.StatusOK)
	if got := openDataVotes(t, visitor, idea.ID); got != "0" {
		t.Fatalf("open data with the replica stopped says %s votes, want 0 (from the primary)", got)
	}
	if got := exportVotes(t, panel, idea.ID); got != "0" {
		t.Fatalf("the staff export with the replica stopped says %s votes, want 0 (from the primary)", got)
	}
	res, body = visitor.get("/feeds/ideas.atom")
	mustStatus(t, "feed with the replica stopped", res, body, http.StatusOK)
}

var voteCount = regexp.MustCompile(`data-vote-count="(\d+)">(\d+)<`)

func pageVotes(t *testing.T, page string, id int64) int {
	t.Helper()
	for _, m := range voteCount.FindAllStringSubmatch(page, -1) {
		if m[1] == strconv.FormatInt(id, 10) {
			n, _ := strconv.Atoi(m[2])
			return n
		}
	}
	t.Fatalf("no vote count for idea %d on the page", id)
	return 0
}

// openDataVotes is the votes column of the idea's row in /open-data/ideas.csv.
func openDataVotes(t *testing.T, c *client, id int64) string {
	t.Helper()
	res, body := c.get("/open-data/ideas.csv")
	mustStatus(t, "open data CSV", res, body, http.StatusOK)
	for _, row := range readCSV(t, body)[1:] {
		if row[0] == strconv.FormatInt(id, 10) {
			return row[7]
		}
	}
	t.Fatalf("idea %d is not in the open data", id)
	return ""
}

// exportVotes is the Votes column of the idea's row in the staff CSV export.
func exportVotes(t *testing.T, c *client, id int64) string {
	t.Helper()
	res, body := c.get("/exports/ideas?format=csv")
	mustStatus(t, "staff export", res, body, http.StatusOK)
	for _, row := range readCSV(t, body)[1:] {
		if unCSV(row[0]) == strconv.FormatInt(id, 10) {
			return row[4]
		}
	}
	t.Fatalf("idea %d is not in the staff export", id)
	return ""
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !ok(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
