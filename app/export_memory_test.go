package app_test

import (
	"context"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// TestExportsKeepMemoryFlat exports 1,000 and then 10,000 ideas in every format and checks
// that the larger export's peak heap is not much above the smaller one's: exports stream, so
// memory must not grow with the number of ideas. (If an export held every row, the larger
// one would need ten times the memory; `syniad export` on 100,000 ideas is measured in
// README.md.) It runs on its own, not in parallel, so other tests' memory is not counted.
func TestExportsKeepMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 10,000 ideas")
	}
	ta := newTestApp(t)
	ta.seedOpenConsultation("big")
	ctx := t.Context()
	seed := func(n int) {
		t.Helper()
		// Ideas with a 600-character body, recorded from elsewhere; two thirds carry a theme.
		err := ta.DB.Exec(`INSERT INTO ideas (consultation_id, source_name, title, body, vote_count)
			SELECT c.id, 'A source ' || g, 'Idea number ' || g || ' about ŵ and ŷ', repeat('Gŵyl ddigidol. ', 40), g % 50
			FROM consultations c, generate_series(1, ?) g WHERE c.slug = 'big'`, n).Error
		if err != nil {
			t.Fatal(err)
		}
		err = ta.DB.Exec(`INSERT INTO idea_themes (idea_id, theme_id)
			SELECT i.id, t.id FROM ideas i JOIN themes t ON t.slug = 'theme-' || (i.id % 3)
			WHERE NOT EXISTS (SELECT 1 FROM idea_themes x WHERE x.idea_id = i.id)`).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	for n := 1; n <= 2; n++ {
		ta.DB.Create(&models.Theme{Slug: "theme-" + string(rune('0'+n)), Name: "Theme " + string(rune('0'+n))})
	}

	old := debug.SetGCPercent(10) // collect early, so the peak measures what is live
	defer debug.SetGCPercent(old)

	tr, err := app.NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	formats := []string{"csv", "json", "xlsx"}
	peaks := map[string][2]uint64{}
	for round, total := range []int{1000, 10000} {
		start := time.Now()
		seed(total - []int{0, 1000}[round])
		t.Logf("seeded %d ideas in %s", total, time.Since(start).Round(time.Millisecond))
		for _, format := range formats {
			e := &app.IdeaExport{DB: ta.DB, Query: models.ExportQuery{}, Tr: tr, Lang: "en",
				BaseURL: "http://localhost:3000", Now: time.Now()}
			write := map[string]func(context.Context, io.Writer) error{"csv": e.WriteCSV, "json": e.WriteJSON, "xlsx": e.WriteXLSX}[format]
			var written countingWriter
			start := time.Now()
			peak := peakHeap(func() {
				if err := write(ctx, &written); err != nil {
					t.Fatalf("%s: %v", format, err)
				}
			})
			p := peaks[format]
			p[round] = peak
			peaks[format] = p
			t.Logf("%s, %d ideas: %d bytes written, peak heap %.1f MB, %s", format, total, written.n.Load(), float64(peak)/1e6, time.Since(start).Round(time.Millisecond))
		}
	}
	for _, format := range formats {
		small, large := peaks[format][0], peaks[format][1]
		if large > small*2+8<<20 {
			t.Errorf("%s: peak heap %.1f MB for 10,000 ideas against %.1f MB for 1,000: the export is not streaming",
				format, float64(large)/1e6, float64(small)/1e6)
		}
	}
}

type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n.Add(int64(len(p)))
	return len(p), nil
}

// peakHeap runs fn and returns the largest heap in use while it ran, sampled every
// millisecond.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > base && ms.HeapInuse-base > peak.Load() {
				peak.Store(ms.HeapInuse - base)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}
