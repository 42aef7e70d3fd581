package models_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

func TestRateLimitExactUnderConcurrency(t *testing.T) {
	db := newDB(t)
	const limit, callers = 25, 80
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := models.HitRateLimit(ctx, db, "write:user:1", limit, time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	if allowed.Load() != limit {
		t.Fatalf("%d of %d calls allowed, want exactly %d", allowed.Load(), callers, limit)
	}
	ok, _, _ := models.HitRateLimit(ctx, db, "write:user:2", limit, time.Hour)
	if !ok {
		t.Fatal("another key shares the count")
	}
}
