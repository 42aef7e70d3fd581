package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"gorm.io/gorm"
)

// replicaRetryAfter is how long a replica that did not answer is left alone before it is
// tried again: reads go straight to the primary meanwhile, without waiting on a silent host.
const replicaRetryAfter = 2 * time.Second

// replicaPingTimeout bounds the ping, so that a silent replica delays a read by at most this.
const replicaPingTimeout = time.Second

// readReplica is a streaming read replica (DATABASE_REPLICA_URL) for the heavy reads that may
// be a moment behind the primary: exports, open data downloads, feeds and meeting packs.
// Everything a person must see at once after their own write (pages, the API, counts) stays
// on the primary. When the replica does not answer, those reads go to the primary, and the
// change is logged once each way.
type readReplica struct {
	db  *gorm.DB
	log *slog.Logger

	mu       sync.Mutex
	downAt   time.Time // when it last failed to answer; zero while it answers
	reported bool      // that it is down has been logged
}

// usable pings the replica (a round trip, small beside the reads sent to it) unless it failed
// to answer within replicaRetryAfter, so that a replica stopped is never handed a read.
func (r *readReplica) usable(ctx context.Context) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.downAt.IsZero() && time.Since(r.downAt) < replicaRetryAfter {
		return false
	}
	sqlDB, err := r.db.DB()
	if err == nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), replicaPingTimeout)
		err = sqlDB.PingContext(ctx)
		cancel()
	}
	switch {
	case err != nil:
		r.downAt = time.Now()
		if !r.reported {
			r.reported = true
			r.log.Warn("the read replica does not answer: exports, open data, feeds and meeting packs read from the primary until it does", "err", err)
		}
		return false
	case r.reported:
		r.log.Info("the read replica answers again: exports, open data, feeds and meeting packs read from it")
	}
	r.downAt, r.reported = time.Time{}, false
	return true
}

// laggingReads is the database for reads that may be a moment behind: the replica when one
// is configured and answering, else the primary.
func (s *Server) laggingReads(ctx context.Context) *gorm.DB {
	if s.replica != nil && s.replica.usable(ctx) {
		return s.replica.db
	}
	return s.db
}
