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

// SessionUser reads, in one query, the stored data of the session key in table and the
// account signed in to it: nil data and user when the session has expired (at now, in the
// store's Unix seconds), is unknown, or has no account tied to it by TieSession. The caller
// still decodes the data and checks that it names the same account.
func SessionUser(ctx context.Context, db *gorm.DB, table, key string, now time.Time) ([]byte, *User, error) {
	var row struct {
		User
		SessionData []byte
	}
	err := db.WithContext(ctx).Raw(`SELECT u.*, s.v AS session_data FROM `+quoteIdent(table)+` s JOIN users u ON u.id = s.user_id
		WHERE s.k = ? AND (s.e = 0 OR s.e > ?)`, key, now.Unix()).Scan(&row).Error
	if err != nil || row.ID == 0 {
		return nil, nil, err
	}
	return row.SessionData, &row.User, nil
}

// TieSession records which account the session key in table is signed in to (SessionUser).
func TieSession(ctx context.Context, db *gorm.DB, table, key string, userID int64) error {
	return db.WithContext(ctx).Exec(`UPDATE `+quoteIdent(table)+` SET user_id = ? WHERE k = ?`, userID, key).Error
}
