package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// seedBench loads a bench site, drawing a progress bar on w (a line per stage when w is not a
// terminal, so logs stay readable).
func seedBench(ctx context.Context, db *gorm.DB, sizes models.BenchSizes, w io.Writer) error {
	start := time.Now()
	bar := progressBar(w, isTerminal(w))
	loaded, err := models.SeedBench(ctx, db, sizes, bar)
	if err != nil {
		fmt.Fprintln(w)
		return fmt.Errorf("seed bench: %w", err)
	}
	if !loaded {
		fmt.Fprintln(w, "A bench site is already loaded: nothing to do.")
		return nil
	}
	fmt.Fprintf(w, "Bench site loaded in %s: %d ideas, %d users, %d votes, %d comments, %d themes, %d meetings.\n",
		time.Since(start).Round(100*time.Millisecond), sizes.Ideas, sizes.Users, sizes.Votes, sizes.Comments, sizes.Themes, sizes.Meetings)
	return nil
}

// progressBar reports each stage's progress: on a terminal as a bar redrawn in place, else
// as one line when each stage ends.
func progressBar(w io.Writer, terminal bool) models.BenchProgress {
	const width = 30
	return func(stage string, done, total int) {
		if total <= 0 {
			return
		}
		if !terminal {
			if done == total {
				fmt.Fprintf(w, "%-9s %d/%d\n", stage, done, total)
			}
			return
		}
		filled := width * done / total
		fmt.Fprintf(w, "\r%-9s [%s%s] %3d%% %d/%d", stage, strings.Repeat("#", filled), strings.Repeat(" ", width-filled),
			100*done/total, done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
