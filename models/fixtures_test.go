package models_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

var ctx = context.Background()

func newDB(t *testing.T) *gorm.DB {
	t.Helper()
	t.Parallel()
	db, _ := modeltest.NewDB(t)
	return db
}

func mustUser(t *testing.T, db *gorm.DB, handle string) *models.User {
	t.Helper()
	u, err := models.SignIn(ctx, db, models.ExternalAccount{Provider: "test", ProviderUserID: handle, Handle: handle})
	if err != nil {
		t.Fatalf("user %s: %v", handle, err)
	}
	return u
}

func mustConsultation(t *testing.T, db *gorm.DB, slug, status string) *models.Consultation {
	t.Helper()
	c := &models.Consultation{Slug: slug, Title: "Consultation " + slug, Status: status}
	if err := db.Create(c).Error; err != nil {
		t.Fatalf("consultation: %v", err)
	}
	return c
}

func mustIdea(t *testing.T, db *gorm.DB, author *models.User, consultation, title string) *models.Idea {
	t.Helper()
	idea, errs, err := models.CreateIdea(ctx, db, author.ID, models.NewIdea{Consultation: consultation, Title: title, Body: "Body of " + title})
	if err != nil || errs.Any() {
		t.Fatalf("idea %q: %v %v", title, err, errs)
	}
	return idea
}

func manyUsers(t *testing.T, db *gorm.DB, n int) []*models.User {
	t.Helper()
	users := make([]*models.User, n)
	for i := range users {
		users[i] = &models.User{Handle: fmt.Sprintf("voter%d", i), Role: models.RoleMember}
	}
	if err := db.CreateInBatches(users, 500).Error; err != nil {
		t.Fatalf("users: %v", err)
	}
	return users
}

func ago(d time.Duration) *time.Time { t := time.Now().Add(-d); return &t }
