package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

func TestUsersGrant(t *testing.T) {
	db, dbURL := modeltest.NewDB(t)
	t.Setenv("DATABASE_URL", dbURL)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	if _, err := models.SignIn(ctx, db, models.ExternalAccount{Provider: "dev", ProviderUserID: "gwen", Handle: "gwen"}); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"users", "grant", "--handle", "Gwen", "--role", "panel"}, log); err != nil {
		t.Fatalf("grant: %v", err)
	}
	u, _ := models.UserByHandle(ctx, db, "gwen")
	if u.Role != models.RolePanel {
		t.Fatalf("role = %s", u.Role)
	}
	var events int64
	db.Raw("SELECT count(*) FROM events WHERE verb = 'user.role_granted' AND subject_id = ? AND to_value = 'panel'", u.ID).Scan(&events)
	if events != 1 {
		t.Fatalf("role change events = %d", events)
	}
	if err := run([]string{"users", "block", "--handle", "gwen", "--reason", "Spam"}, log); err != nil {
		t.Fatalf("block: %v", err)
	}
	u, _ = models.UserByHandle(ctx, db, "gwen")
	if !u.Blocked() {
		t.Fatal("not blocked")
	}
	if err := run([]string{"users", "unblock", "--handle", "gwen"}, log); err != nil {
		t.Fatalf("unblock: %v", err)
	}
	db.Raw("SELECT count(*) FROM events WHERE verb IN ('user.blocked', 'user.unblocked') AND subject_id = ?", u.ID).Scan(&events)
	if events != 2 {
		t.Fatalf("block events = %d", events)
	}
	for args, want := range map[string]string{
		"users block --handle gwen":                "give a reason",
		"users grant --handle nobody --role staff": `no user with handle "nobody"`,
		"users grant --handle gwen --role emperor": `unknown role "emperor"`,
		"users grant --handle gwen":                "usage",
		"frobnicate":                               `unknown command "frobnicate"`,
	} {
		err := run(strings.Fields(args), log)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", args, err, want)
		}
	}
}

func TestMigrateCreatesMissingDatabase(t *testing.T) {
	name := "syniad_t_cli_migrate"
	modeltest.DropDatabase(t, name)
	t.Cleanup(func() { modeltest.DropDatabase(t, name) })
	t.Setenv("DATABASE_URL", modeltest.URLFor(name))
	if err := run([]string{"migrate"}, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	db, err := models.Open(context.Background(), modeltest.URLFor(name), 2)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.Raw("SELECT count(*) FROM ideas").Scan(&n).Error; err != nil {
		t.Fatalf("ideas table missing after migrate: %v", err)
	}
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
}
