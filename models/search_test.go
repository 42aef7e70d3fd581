package models_test

import (
	"testing"

	"github.com/syniad/syniad/models"
)

// TestSearchRanksWordsThenSupport: a search orders by how well the words match, then by
// support, then the newest; an idea that matches better outranks one with more votes.
func TestSearchRanksWordsThenSupport(t *testing.T) {
	db := newDB(t)
	u := mustUser(t, db, "alys")
	mustConsultation(t, db, "parks", "open")
	inBody := mustIdea(t, db, u, "parks", "Bins by the river")
	db.Exec("UPDATE ideas SET body = 'More bins near the park', vote_count = 9 WHERE id = ?", inBody.ID)
	// Three ideas that match alike: "park" in the title and the body, nothing else.
	older := mustIdea(t, db, u, "parks", "Park light")
	newer := mustIdea(t, db, u, "parks", "Park seats")
	fewer := mustIdea(t, db, u, "parks", "Park gates") // the newest, with the least support
	db.Exec("UPDATE ideas SET vote_count = 3 WHERE id = ?", fewer.ID)
	db.Exec("UPDATE ideas SET vote_count = 5 WHERE id IN (?, ?)", older.ID, newer.ID)
	mustIdea(t, db, u, "parks", "Cycle lanes") // matches nothing

	want := []int64{newer.ID, older.ID, fewer.ID, inBody.ID}
	for _, q := range []models.IdeaQuery{{Q: "park"}, {Q: "parks", Sort: models.SortRelevance}} {
		p, err := models.ListIdeas(ctx, db, q)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, i := range p.Ideas {
			got = append(got, i.ID)
		}
		if len(got) != len(want) || p.Total != 4 || p.More {
			t.Fatalf("q=%q: got %v (total %d, more %v), want %v", q.Q, got, p.Total, p.More, want)
		}
		for n := range want {
			if got[n] != want[n] {
				t.Errorf("q=%q: got %v, want %v (title matches by support then newest, then the body match)", q.Q, got, want)
				break
			}
		}
	}
}

// TestSearchWindow: past SearchWindow matches a search lists the most supported of them and
// says there are more; the pages stop at the window, and other sorts take their own first.
func TestSearchWindow(t *testing.T) {
	db := newDB(t)
	u := mustUser(t, db, "alys")
	c := mustConsultation(t, db, "trees", "open")
	extra := 30
	err := db.Exec(`INSERT INTO ideas (consultation_id, author_id, title, body, vote_count)
		SELECT ?, ?, 'Tree planting ' || n, 'Plant trees on street ' || n, n FROM generate_series(1, ?) AS n`,
		c.ID, u.ID, models.SearchWindow+extra).Error
	if err != nil {
		t.Fatal(err)
	}
	perPage := 20
	pages := models.SearchWindow / perPage
	seen := map[int64]bool{}
	for n := 1; n <= pages+1; n++ {
		p, err := models.ListIdeas(ctx, db, models.IdeaQuery{Q: "tree", Page: n, PerPage: perPage})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != int64(models.SearchWindow) || !p.More || p.Pages() != pages {
			t.Fatalf("page %d: total %d, more %v, pages %d", n, p.Total, p.More, p.Pages())
		}
		if want := perPage; n > pages {
			if len(p.Ideas) != 0 {
				t.Errorf("page %d, past the window: %d ideas", n, len(p.Ideas))
			}
		} else if len(p.Ideas) != want {
			t.Errorf("page %d: %d ideas", n, len(p.Ideas))
		}
		for _, i := range p.Ideas {
			if i.VoteCount <= extra || seen[i.ID] {
				t.Errorf("page %d: idea with %d votes (seen before: %v)", n, i.VoteCount, seen[i.ID])
			}
			seen[i.ID] = true
		}
	}

	p, err := models.ListIdeas(ctx, db, models.IdeaQuery{Q: "tree", Sort: models.SortNew, PerPage: models.SearchWindow / 2, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !p.More || len(p.Ideas) != models.SearchWindow/2 || p.Ideas[len(p.Ideas)-1].VoteCount != extra+1 {
		t.Errorf("sort=new page 2: more %v, %d ideas, ends with %d votes", p.More, len(p.Ideas), p.Ideas[len(p.Ideas)-1].VoteCount)
	}

	// A search within the window is counted exactly.
	p, _ = models.ListIdeas(ctx, db, models.IdeaQuery{Q: "tree 7"})
	if p.More || p.Total != 1 {
		t.Errorf(`q="tree 7": total %d, more %v`, p.Total, p.More)
	}
}

// TestSimilarIdeasWhileTyping: the lookup finds ideas with all the typed words or all but one,
// the last word maybe half typed, best match first.
func TestSimilarIdeasWhileTyping(t *testing.T) {
	db := newDB(t)
	u := mustUser(t, db, "alys")
	mustConsultation(t, db, "parks", "open")
	benches := mustIdea(t, db, u, "parks", "Benches for the park")
	gates := mustIdea(t, db, u, "parks", "Park gates locked at night")
	mustIdea(t, db, u, "parks", "Cycle lanes on the high street")

	for _, tc := range []struct {
		title string
		want  []int64
	}{
		{"park benches", []int64{benches.ID, gates.ID}},
		{"Park bench in Llandudno", []int64{benches.ID}}, // all but one word
		{"river park ben", []int64{benches.ID}},          // "ben" half typed
		{"the of and", nil},                              // no words that count
		{"xqzvbnm", nil},
	} {
		got, err := models.SimilarIdeas(ctx, db, tc.title, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < len(tc.want) || (len(tc.want) == 0 && len(got) != 0) {
			t.Errorf("%q: %d ideas, want %v", tc.title, len(got), tc.want)
			continue
		}
		for n := range tc.want {
			if got[n].ID != tc.want[n] {
				t.Errorf("%q: idea %d is %q", tc.title, n, got[n].Title)
			}
		}
	}
}
