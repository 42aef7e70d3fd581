package models_test

import (
	"os"
	"testing"

	"github.com/syniad/syniad/models"
)

// BenchmarkSearch is the database work of one search page and one similar-ideas lookup, for
// each kind of search, on a bench site (syniad seed --bench, migrated to this version by
// starting the service on it once). It reads only. Point it at a copy of the bench site:
//
//	createdb -T syniad_bench syniad_search
//	SEARCH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/syniad_search?sslmode=disable \
//	    go test ./models/ -run '^$' -bench BenchmarkSearch -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	url := os.Getenv("SEARCH_BENCH_DATABASE_URL")
	if url == "" {
		b.Skip("SEARCH_BENCH_DATABASE_URL is not set")
	}
	db, err := models.Open(ctx, url, 4)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct{ name, q string }{
		{"topic word in a quarter of ideas", "park"},
		{"topic word in a fifth", "data"},
		{"Welsh word in 7 percent", "gwasanaeth"},
		{"Welsh word in 3 percent", "bws"},
		{"mutated Welsh word", "Fws"},
		{"place", "Llangwyn"},
		{"mutated place", "Nghymru"},
		{"two words", "bus shelter"},
		{"nothing matches", "xqzvbnm"},
	} {
		b.Run("list/"+q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := models.ListIdeas(ctx, db, models.IdeaQuery{Q: q.q, ViewerID: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, title := range []string{"Park", "Park benches in Llangwyn", "Gwasanaeth bws", "xqzvbnm"} {
		b.Run("similar/"+title, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := models.SimilarIdeas(ctx, db, title, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
