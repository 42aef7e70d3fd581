package models_test

import (
	"testing"

	"github.com/syniad/syniad/models"
)

// A small bench site has exactly the sizes asked for, counts beside the rows that match them,
// the long thread on its first idea, and loading it again does nothing.
func TestSeedBench(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	sizes := models.BenchSizes{Ideas: 1200, Users: 300, Votes: 9001, Comments: 2500, Themes: 7, Meetings: 6}
	var stages []string
	loaded, err := models.SeedBench(ctx, db, sizes, func(stage string, done, total int) {
		if done == total {
			stages = append(stages, stage)
		}
	})
	if err != nil || !loaded {
		t.Fatalf("SeedBench: loaded %v, %v", loaded, err)
	}
	count := func(query string) int {
		var n int
		if err := db.Raw(query).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	for query, want := range map[string]int{
		`SELECT count(*) FROM ideas`:    sizes.Ideas,
		`SELECT count(*) FROM users`:    sizes.Users,
		`SELECT count(*) FROM votes`:    sizes.Votes,
		`SELECT count(*) FROM comments`: sizes.Comments,
		`SELECT count(*) FROM themes`:   sizes.Themes,
		`SELECT count(*) FROM meetings`: sizes.Meetings,
		// The counts kept on each idea are the rows.
		`SELECT count(*) FROM ideas i WHERE vote_count <> (SELECT count(*) FROM votes v WHERE v.idea_id = i.id)`:       0,
		`SELECT count(*) FROM ideas i WHERE comment_count <> (SELECT count(*) FROM comments c WHERE c.idea_id = i.id)`: 0,
		`SELECT max(comment_count) FROM ideas`: models.BenchHotComments + 2,
		// Replies answer a comment on the same idea that is not itself a reply.
		`SELECT count(*) FROM comments c JOIN comments p ON p.id = c.parent_id WHERE p.idea_id <> c.idea_id OR p.parent_id IS NOT NULL`: 0,
		`SELECT count(*) FROM ideas WHERE lang = 'cy'`: sizes.Ideas / 5,
	} {
		if got := count(query); got != want {
			t.Errorf("%s = %d, want %d", query, got, want)
		}
	}
	if len(stages) < 6 {
		t.Errorf("progress finished only %v", stages)
	}
	// Ids go on from where the load left them: the site takes new rows as usual.
	u := mustUser(t, db, "after-bench")
	if u.ID != int64(sizes.Users)+1 {
		t.Errorf("the next user got id %d, want %d", u.ID, sizes.Users+1)
	}
	if loaded, err := models.SeedBench(ctx, db, sizes, nil); err != nil || loaded {
		t.Errorf("a second load: loaded %v, %v; want nothing done", loaded, err)
	}
	if err := (models.BenchSizes{Ideas: 2, Users: 2, Votes: 5, Themes: 1}).Validate(); err == nil {
		t.Error("5 votes from 2 users on 2 ideas were accepted")
	}
}
