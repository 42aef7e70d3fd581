package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// PruneSessions removes the sessions and sign-in states in table (the session storage's, with
// its expiry e in Unix seconds, 0 for none) that expired by now.
func PruneSessions(ctx context.Context, db *gorm.DB, table string, now time.Time) error {
	return db.WithContext(ctx).Exec(`DELETE FROM `+quoteIdent(table)+` WHERE e <> 0 AND e <= ?`, now.Unix()).Error
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
