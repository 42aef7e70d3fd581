package models

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
	"gorm.io/gorm"
)

// ListCounts remembers how many ideas matched each list filter at a version of the idea
// lists (the idea_list_version row, which moves at the commit of anything that changes which
// ideas a filter matches). An idea page reads the version in the same query as its rows; when
// the filter was counted at that version the total is known without counting 100,000 rows,
// and it is exact, whichever instance made the change. Safe for concurrent use; one per
// database.
type ListCounts struct {
	mu      sync.Mutex
	entries map[string]countAt
	flight  singleflight.Group // one count at a time per filter, however many pages ask
}

type countAt struct {
	version, total int64
}

// maxListCounts bounds the memory a stream of different searches can take; past it the
// cache starts again.
const maxListCounts = 4096

// NewListCounts makes an empty cache.
func NewListCounts() *ListCounts { return &ListCounts{entries: map[string]countAt{}} }

func (lc *ListCounts) get(key string, version int64) (int64, bool) {
	if lc == nil {
		return 0, false
	}
	lc.mu.Lock()
	defer lc.mu.Unlock()
	e, ok := lc.entries[key]
	return e.total, ok && e.version == version
}

func (lc *ListCounts) put(key string, version, total int64) {
	if lc == nil {
		return
	}
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if len(lc.entries) >= maxListCounts {
		clear(lc.entries)
	}
	// Keep the newest version's count when two requests race.
	if e, ok := lc.entries[key]; !ok || e.version <= version {
		lc.entries[key] = countAt{version: version, total: total}
	}
}

// countKey identifies a filter: its SQL and arguments.
func countKey(where string, args []any) string {
	var b strings.Builder
	b.WriteString(where)
	for _, a := range args {
		fmt.Fprintf(&b, "\x00%v", a)
	}
	return b.String()
}

// listVersionSQL reads the idea lists' version inside a list query.
const listVersionSQL = `(SELECT version FROM idea_list_version)`

// countIdeas is how many visible ideas match where (over ideas i joined to consultations c),
// from lc when it was counted at version, else counted now. version 0 means unknown.
func countIdeas(ctx context.Context, db *gorm.DB, lc *ListCounts, version int64, where string, args []any) (int64, error) {
	key := countKey(where, args)
	if version != 0 {
		if total, ok := lc.get(key, version); ok {
			return total, nil
		}
	}
	count := func() (any, error) {
		var row struct{ Total, Version int64 }
		err := db.WithContext(ctx).Raw(`SELECT count(*) AS total, `+listVersionSQL+` AS version
			FROM ideas i JOIN consultations c ON c.id = i.consultation_id WHERE `+where, args...).Scan(&row).Error
		if err != nil {
			return int64(0), err
		}
		// The version read with the count, in the same snapshot: any later change moves it.
		lc.put(key, row.Version, row.Total)
		return row.Total, nil
	}
	if lc == nil {
		total, err := count()
		return total.(int64), err
	}
	// Pages that ask at once share one count. One that started before a change may answer
	// with the total from just before it, as a page read a moment earlier would have.
	total, err, _ := lc.flight.Do(key, count)
	return total.(int64), err
}
