package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// TestExportsKeepMemoryFlat exports 2,000 and then 12,000 ideas in every format (both more than one batch) and checks
// that the larger export's peak heap is at most 6 MB above the smaller one's (the noise of
// garbage collection), while the larger export writes more than 10 MB more: exports stream,
// so memory does not grow with the number of ideas. An export that held its rows, or its
// file, would need at least those 10 MB more. (`syniad export` on 100,000 ideas is measured in README.md.)
// It runs on its own, not in parallel, so other tests' memory is not counted.
func TestExportsKeepMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 12,000 ideas")
	}
	ta := newTestApp(t)
	ta.seedOpenConsultation("big")
	ctx := t.Context()
	seed := func(n int) {
		t.Helper()
		// Ideas recorded from elsewhere with a 600-character body and a 1,000-character
		// response; two thirds carry a theme.
		err := ta.DB.Exec(`INSERT INTO ideas (consultation_id, source_name, title, body, response, vote_count)
			SELECT c.id, 'A source ' || g, 'Idea number ' || g || ' about ŵ and ŷ', repeat('Gŵyl ddigidol. ', 40),
				repeat('Diolch am y syniad. ', 50), g % 50
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
	writers := func() map[string]func(context.Context, io.Writer) error {
		e := &app.IdeaExport{DB: ta.DB, Tr: tr, Lang: "en", BaseURL: "http://localhost:3000", Now: time.Now()}
		od := &app.OpenData{DB: ta.DB, BaseURL: "http://localhost:3000", Now: time.Now()}
		return map[string]func(context.Context, io.Writer) error{"themes csv": e.WriteCSV, "themes json": e.WriteJSON,
			"themes xlsx": e.WriteXLSX, "open data csv": od.WriteCSV, "open data json": od.WriteJSON}
	}
	formats := []string{"themes csv", "themes json", "themes xlsx", "open data csv", "open data json"}
	type measure struct {
		peak    uint64
		written int64
	}
	got := map[string][2]measure{}
	for round, total := range []int{2000, 12000} {
		start := time.Now()
		seed(total - []int{0, 2000}[round])
		t.Logf("seeded %d ideas in %s", total, time.Since(start).Round(time.Millisecond))
		for _, format := range formats {
			write := writers()[format]
			// The smaller peak of two runs: other goroutines of the test process (servers left
			// by earlier tests winding down) can lift one sample.
			var written countingWriter
			var peak uint64
			start := time.Now()
			for run := range 2 {
				written.n.Store(0)
				p := peakHeap(func() {
					if err := write(ctx, &written); err != nil {
						t.Fatalf("%s: %v", format, err)
					}
				})
				if run == 0 || p < peak {
					peak = p
				}
			}
			m := got[format]
			m[round] = measure{peak, written.n.Load()}
			got[format] = m
			t.Logf("%s, %d ideas: %.1f MB written, peak heap %.1f MB, %s", format, total, float64(written.n.Load())/1e6,
				float64(peak)/1e6, (time.Since(start) / 2).Round(time.Millisecond))
		}
	}
	for _, format := range formats {
		small, large := got[format][0], got[format][1]
		// A workbook is compressed; the rows it holds are those of the themes CSV, checked
		// here, and holding them as sheet XML would take more still.
		if grew := large.written - small.written; grew < 10<<20 && format != "themes xlsx" {
			t.Errorf("%s: only %.1f MB more written for 12,000 ideas; too little to show anything", format, float64(grew)/1e6)
		}
		if large.peak > small.peak+6<<20 {
			t.Errorf("%s: peak heap %.1f MB for 12,000 ideas against %.1f MB for 2,000: the export is not streaming",
				format, float64(large.peak)/1e6, float64(small.peak)/1e6)
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

// TestFailedWorkbookIsNotAWorkbook stops an export part way (as a lost database connection
// would): the export says so, and what was written is not a workbook that opens, so nobody
// can mistake it for the whole.
func TestFailedWorkbookIsNotAWorkbook(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("big")
	ta.DB.Create(&models.Theme{Slug: "one", Name: "One"})
	err := ta.DB.Exec(`INSERT INTO ideas (consultation_id, source_name, title)
		SELECT c.id, 'A source', 'Idea ' || g FROM consultations c, generate_series(1, 2500) g WHERE c.slug = 'big'`).Error
	if err != nil {
		t.Fatal(err)
	}
	ta.DB.Exec(`INSERT INTO idea_themes (idea_id, theme_id) SELECT i.id, t.id FROM ideas i, themes t`)
	tr, err := app.NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	e := &app.IdeaExport{DB: ta.DB, Tr: tr, Lang: "en", BaseURL: "http://localhost:3000", Now: time.Now(),
		Progress: func(written int64) { cancel() }} // after the first thousand
	var out bytes.Buffer
	if err := e.WriteXLSX(ctx, &out); err == nil {
		t.Fatal("the interrupted export reported success")
	}
	if out.Len() == 0 {
		t.Fatal("nothing was written before the failure; the test proves nothing")
	}
	if _, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len())); err == nil {
		t.Error("the interrupted export is a complete zip archive")
	}
	if f, err := excelize.OpenReader(bytes.NewReader(out.Bytes())); err == nil {
		rows, _ := f.GetRows("One")
		t.Errorf("the interrupted export opens as a workbook with %d rows", len(rows))
	}
}
