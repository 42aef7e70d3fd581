package models_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// testClock is a clock a test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) read() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func clockAt(t0 time.Time) (*testClock, context.Context) {
	c := &testClock{now: t0}
	return c, models.WithClock(ctx, c.read)
}

func TestTakeTokenExactUnderConcurrency(t *testing.T) {
	db := newDB(t)
	_, cctx := clockAt(time.Date(2030, 3, 1, 12, 0, 0, 0, time.UTC))
	const burst, callers = 20, 50
	rate := models.Limit{Count: burst, Per: time.Minute}
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := models.TakeToken(cctx, db, "search:ip:203.0.113.9", rate)
			if err != nil {
				t.Error(err)
			}
			if ok {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	if allowed.Load() != burst {
		t.Fatalf("%d of %d calls allowed, want exactly %d", allowed.Load(), callers, burst)
	}
	if ok, _, _ := models.TakeToken(cctx, db, "search:ip:203.0.113.10", rate); !ok {
		t.Fatal("another key shares the bucket")
	}
}

func TestTakeTokenRefills(t *testing.T) {
	db := newDB(t)
	clock, cctx := clockAt(time.Date(2030, 3, 1, 12, 0, 0, 0, time.UTC))
	rate := models.Limit{Count: 6, Per: time.Minute} // a token every 10 s
	take := func() (bool, time.Duration) {
		t.Helper()
		ok, retry, err := models.TakeToken(cctx, db, "write:user:1", rate)
		if err != nil {
			t.Fatal(err)
		}
		return ok, retry
	}
	for n := 1; n <= 6; n++ {
		if ok, _ := take(); !ok {
			t.Fatalf("token %d of a full bucket refused", n)
		}
	}
	if ok, retry := take(); ok || retry != 10*time.Second {
		t.Fatalf("empty bucket: allowed %v, retry %v, want refused with 10s", ok, retry)
	}
	clock.advance(4 * time.Second)
	if ok, retry := take(); ok || retry != 6*time.Second {
		t.Fatalf("4 s on: allowed %v, retry %v, want refused with 6s", ok, retry)
	}
	clock.advance(6 * time.Second)
	if ok, _ := take(); !ok {
		t.Fatal("no token after one interval")
	}
	if ok, _ := take(); ok {
		t.Fatal("two tokens after one interval")
	}
	clock.advance(time.Hour)
	for n := 1; n <= 6; n++ {
		if ok, _ := take(); !ok {
			t.Fatalf("after an hour, token %d refused: the bucket holds no more than full", n)
		}
	}
	if ok, _ := take(); ok {
		t.Fatal("a bucket left for an hour holds more than its burst")
	}
}

// A fixed window let a full burst at 12:00:59 and another at 12:01:00; a bucket does not.
func TestTakeTokenNoDoubleBurstAtABoundary(t *testing.T) {
	db := newDB(t)
	clock, cctx := clockAt(time.Date(2030, 3, 1, 12, 0, 59, 100_000_000, time.UTC))
	rate := models.Limit{Count: 30, Per: time.Minute}
	allowed := 0
	for range 60 {
		if ok, _, _ := models.TakeToken(cctx, db, "write:user:7", rate); ok {
			allowed++
		}
	}
	clock.advance(1800 * time.Millisecond) // 12:01:00.9, past the minute
	for range 60 {
		if ok, _, _ := models.TakeToken(cctx, db, "write:user:7", rate); ok {
			allowed++
		}
	}
	if allowed != 30 {
		t.Fatalf("%d writes allowed in 1.8 s across a minute boundary, want 30", allowed)
	}
}

func TestPruneRateBuckets(t *testing.T) {
	db := newDB(t)
	clock, cctx := clockAt(time.Date(2030, 3, 1, 12, 0, 0, 0, time.UTC))
	rate := models.Limit{Count: 2, Per: time.Minute}
	models.TakeToken(cctx, db, "a", rate)
	clock.advance(50 * time.Second)
	models.TakeToken(cctx, db, "b", rate)
	if err := models.PruneRateBuckets(cctx, db, clock.read()); err != nil {
		t.Fatal(err)
	}
	var keys []string
	db.Raw(`SELECT key FROM rate_buckets ORDER BY key`).Scan(&keys)
	if len(keys) != 1 || keys[0] != "b" {
		t.Fatalf("buckets left %v, want only b (a is full again)", keys)
	}
}

// BenchmarkTakeToken is what a limit costs a request: one upsert, on one key (every request
// from one address) and on keys spread over many addresses.
func BenchmarkTakeToken(b *testing.B) {
	db, _ := modeltest.NewDB(b)
	rate := models.Limit{Count: 1 << 30, Per: time.Hour}
	b.Run("one key", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := models.TakeToken(ctx, db, "bench:one", rate); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("many keys", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := models.TakeToken(ctx, db, "bench:"+strconv.Itoa(i%10000), rate); err != nil {
				b.Fatal(err)
			}
		}
	})
}
