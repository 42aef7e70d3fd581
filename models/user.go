package models

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Roles are cumulative: each may do everything the ones before it may.
const (
	RoleMember = "member"
	RolePanel  = "panel"
	RoleStaff  = "staff"
	RoleAdmin  = "admin"
)

var roleRank = map[string]int{RoleMember: 1, RolePanel: 2, RoleStaff: 3, RoleAdmin: 4}

// ValidRole reports whether role is one of the four roles.
func ValidRole(role string) bool { return roleRank[role] > 0 }

// User is a person who has signed in at least once.
type User struct {
	ID        int64
	Handle    string
	Name      string
	Email     string
	Role      string `gorm:"default:member"`
	Locale    string
	BlockedAt *time.Time
	DeletedAt *time.Time // the person deleted their account: the row stays, anonymised (DeleteAccount)
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Can reports whether the user holds role or a higher one.
func (u *User) Can(role string) bool {
	return u != nil && roleRank[u.Role] >= roleRank[role]
}

// Blocked reports whether an admin has blocked the user from writing.
func (u *User) Blocked() bool { return u != nil && u.BlockedAt != nil }

// DisplayName is the name to show beside what the user wrote.
func (u *User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Handle
}

// Identity ties an account at a sign-in provider to a user.
type Identity struct {
	ID             int64
	UserID         int64
	Provider       string
	ProviderUserID string
	CreatedAt      time.Time
}

// UserByID loads one user.
func UserByID(ctx context.Context, db *gorm.DB, id int64) (*User, error) {
	var u User
	if err := db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

// UserByHandle loads one user by handle, ignoring case.
func UserByHandle(ctx context.Context, db *gorm.DB, handle string) (*User, error) {
	var u User
	if err := db.WithContext(ctx).Where("lower(handle) = lower(?)", handle).First(&u).Error; err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

// ExternalAccount is what a sign-in provider tells us about the person signing in.
type ExternalAccount struct {
	Provider       string
	ProviderUserID string
	Handle         string // preferred handle; made unique if taken
	Name           string
	Email          string
}

// SignIn finds the user behind an external account, creating the user and the identity on the
// first sign-in. The same provider account always finds the same user.
func SignIn(ctx context.Context, db *gorm.DB, acct ExternalAccount) (*User, error) {
	if acct.Provider == "" || acct.ProviderUserID == "" {
		return nil, fmt.Errorf("sign-in: provider %q gave no account id", acct.Provider)
	}
	var user *User
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ident Identity
		err := tx.Where("provider = ? AND provider_user_id = ?", acct.Provider, acct.ProviderUserID).
			First(&ident).Error
		if err == nil {
			user, err = UserByID(ctx, tx, ident.UserID)
			return err
		}
		if notFound(err) != ErrNotFound {
			return err
		}
		user, err = createUserWithFreeHandle(tx, acct)
		if err != nil {
			return err
		}
		return tx.Create(&Identity{UserID: user.ID, Provider: acct.Provider, ProviderUserID: acct.ProviderUserID}).Error
	})
	if isUniqueViolation(err) {
		// Two first sign-ins with one account raced; the other one won, so use its user.
		return SignIn(ctx, db, acct)
	}
	return user, err
}

// HasAccount reports whether someone has signed in with this provider's account before, so
// that signing in again makes no new user.
func HasAccount(ctx context.Context, db *gorm.DB, provider, providerUserID string) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Identity{}).
		Where("provider = ? AND provider_user_id = ?", provider, providerUserID).Limit(1).Count(&n).Error
	return n > 0, err
}

var handleInvalid = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// NormaliseHandle turns what a provider offers (a login, a username, an email) into a handle
// the users table accepts.
func NormaliseHandle(s string) string {
	if at := strings.IndexByte(s, '@'); at > 0 {
		s = s[:at]
	}
	s = handleInvalid.ReplaceAllString(s, "-")
	s = strings.TrimLeft(s, "-_.")
	if len(s) > 32 {
		s = s[:32]
	}
	if s == "" {
		s = "user"
	}
	return s
}

func createUserWithFreeHandle(tx *gorm.DB, acct ExternalAccount) (*User, error) {
	base := NormaliseHandle(acct.Handle)
	if IsFormerMemberHandle(base) {
		base = "member" // a deleted account's placeholder is never anyone's handle
	}
	name := acct.Name
	if len([]rune(name)) > MaxName {
		name = string([]rune(name)[:MaxName])
	}
	for n := 1; n < 1000; n++ {
		handle := base
		if n > 1 {
			handle = fmt.Sprintf("%s-%d", base, n)
		}
		var taken int64
		if err := tx.Model(&User{}).Where("lower(handle) = lower(?)", handle).Count(&taken).Error; err != nil {
			return nil, err
		}
		if taken > 0 {
			continue
		}
		u := &User{Handle: handle, Name: name, Email: acct.Email, Role: RoleMember}
		if err := tx.Create(u).Error; err != nil {
			return nil, err
		}
		return u, nil
	}
	return nil, fmt.Errorf("no free handle like %q", base)
}

// GrantRole sets a user's role and records the change in the public history.
func GrantRole(ctx context.Context, db *gorm.DB, actorID *int64, handle, role string) (*User, error) {
	if !ValidRole(role) {
		return nil, fmt.Errorf("unknown role %q: use member, panel, staff or admin", role)
	}
	var user *User
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		user, err = UserByHandle(ctx, tx.Clauses(lockForUpdate), handle)
		if err != nil {
			return err
		}
		if user.Deleted() {
			return ErrNotFound // a former member's row keeps the record, and nothing else
		}
		from := user.Role
		if from == role {
			return nil
		}
		if err := tx.Model(user).Updates(map[string]any{"role": role, "updated_at": Now(ctx)}).Error; err != nil {
			return err
		}
		user.Role = role
		return recordEvent(tx, Event{ActorID: actorID, Verb: VerbRoleGranted, SubjectType: "user",
			SubjectID: user.ID, FromValue: from, ToValue: role})
	})
	return user, err
}

// SetLocale remembers a signed-in user's choice of language.
func SetLocale(ctx context.Context, db *gorm.DB, userID int64, locale string) error {
	return db.WithContext(ctx).Model(&User{}).Where("id = ?", userID).Update("locale", locale).Error
}
