package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Signing in by email: a link sent to the address works once, for EmailLinkLifetime, from any
// browser. Only the SHA-256 of its token is kept, so the table is worth nothing to someone who
// reads it; the row goes when the link is used, or Server.Prune deletes it once expired.

// EmailLinkLifetime is how long a sign-in link works.
const EmailLinkLifetime = 15 * time.Minute

// ProviderEmail is the identity provider of people who sign in by email; the identity's
// provider_user_id is the address in lower case.
const ProviderEmail = "email"

// MaxEmail is the longest address accepted (RFC 5321's limit on a path).
const MaxEmail = 254

// NormaliseEmail checks an address as typed and returns it in lower case, the form an
// identity keeps it in, or "" if it is not a plain address (no name, no list).
func NormaliseEmail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > MaxEmail || !strings.Contains(s, "@") {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return ""
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" || !strings.Contains(domain, ".") && domain != "localhost" {
		return ""
	}
	return strings.ToLower(s)
}

// EmailLink is a sign-in link that has been asked for.
type EmailLink struct {
	Email     string
	Lang      string
	NextPath  string
	ExpiresAt time.Time
}

// hashToken is the token's SHA-256 in hex, for SQL to decode(…, 'hex'): GORM would spread a
// []byte out as a list of values.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateEmailLink keeps a new link for email (normalised) in tx and returns its token, the
// part of the link only the mail holds.
func CreateEmailLink(ctx context.Context, tx *gorm.DB, email, lang, next string) (token string, expires time.Time, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	now := Now(ctx)
	expires = now.Add(EmailLinkLifetime)
	err = tx.WithContext(ctx).Exec(`INSERT INTO email_tokens (token_hash, email, lang, next_path, created_at, expires_at)
		VALUES (decode(?, 'hex'), ?, ?, ?, ?, ?)`, hashToken(token), email, lang, next, now, expires).Error
	return token, expires, err
}

// EmailLinkByToken finds a link that still works, without using it up: ErrNotFound if it
// never existed, has been used or has expired.
func EmailLinkByToken(ctx context.Context, db *gorm.DB, token string) (*EmailLink, error) {
	var l EmailLink
	err := db.WithContext(ctx).Raw(`SELECT email, lang, next_path, expires_at FROM email_tokens
		WHERE token_hash = decode(?, 'hex') AND expires_at > ?`, hashToken(token), Now(ctx)).Scan(&l).Error
	if err != nil {
		return nil, err
	}
	if l.Email == "" {
		return nil, ErrNotFound
	}
	return &l, nil
}

// UseEmailLink uses a link up: it works once, so of two requests at the same moment one wins
// and the other gets ErrNotFound, as an expired or unknown link does.
func UseEmailLink(ctx context.Context, db *gorm.DB, token string) (*EmailLink, error) {
	var links []EmailLink
	err := db.WithContext(ctx).Raw(`DELETE FROM email_tokens WHERE token_hash = decode(?, 'hex') AND expires_at > ?
		RETURNING email, lang, next_path, expires_at`, hashToken(token), Now(ctx)).Scan(&links).Error
	if err != nil {
		return nil, err
	}
	if len(links) == 0 {
		return nil, ErrNotFound
	}
	return &links[0], nil
}

// PruneEmailLinks deletes the links that expired by now.
func PruneEmailLinks(ctx context.Context, db *gorm.DB, now time.Time) error {
	return db.WithContext(ctx).Exec(`DELETE FROM email_tokens WHERE expires_at <= ?`, now).Error
}

// NewEmailAccount is what someone signing in by email for the first time chooses.
type NewEmailAccount struct {
	Email  string // normalised, proven by the link
	Handle string
	Name   string
	Lang   string // the language they asked for the link in: what is sent to them is in it
}

// Validate checks the handle and name.
func (a NewEmailAccount) Validate() Errors {
	errs := Errors{}
	if a.Handle == "" {
		errs.Add("handle", "error.handle.required")
	} else if NormaliseHandle(a.Handle) != a.Handle {
		errs.Add("handle", "error.handle.invalid")
	}
	if len([]rune(a.Name)) > MaxName {
		errs.Add("name", "error.name.too_long")
	}
	return errs
}

// CreateEmailAccount makes the user and their email identity, keeping the address on the
// user (never shown to anyone). A handle someone has is refused; if the address got an
// account meanwhile (the same link's sign-up in two tabs), that account is returned.
func CreateEmailAccount(ctx context.Context, db *gorm.DB, a NewEmailAccount) (*User, Errors, error) {
	a.Handle, a.Name = strings.TrimSpace(a.Handle), strings.TrimSpace(a.Name)
	if errs := a.Validate(); errs.Any() {
		return nil, errs, nil
	}
	if a.Lang != "cy" {
		a.Lang = "en"
	}
	var user *User
	errs := Errors{}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ident Identity
		err := tx.Where("provider = ? AND provider_user_id = ?", ProviderEmail, a.Email).First(&ident).Error
		if err == nil {
			user, err = UserByID(ctx, tx, ident.UserID)
			return err
		}
		if notFound(err) != ErrNotFound {
			return err
		}
		var taken int64
		if err := tx.Model(&User{}).Where("lower(handle) = lower(?)", a.Handle).Count(&taken).Error; err != nil {
			return err
		}
		if taken > 0 {
			errs.Add("handle", "error.handle.taken")
			return nil
		}
		user = &User{Handle: a.Handle, Name: a.Name, Email: a.Email, Role: RoleMember, Locale: a.Lang}
		if err := tx.Create(user).Error; err != nil {
			return err
		}
		return tx.Create(&Identity{UserID: user.ID, Provider: ProviderEmail, ProviderUserID: a.Email}).Error
	})
	if isUniqueViolation(err) {
		// Raced by the same address (use its account) or by someone taking the handle.
		if ok, _ := HasAccount(ctx, db, ProviderEmail, a.Email); ok {
			return CreateEmailAccount(ctx, db, a)
		}
		errs.Add("handle", "error.handle.taken")
		return nil, errs, nil
	}
	if err != nil || errs.Any() {
		return nil, errs, err
	}
	return user, nil, nil
}
