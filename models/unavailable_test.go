package models_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

// TestUnavailableTellsOutagesFromFaults classifies errors a real Postgres (and a real
// network) gives: the database out of reach is Unavailable, a mistake in a query or a
// query that ran out of time is not.
func TestUnavailableTellsOutagesFromFaults(t *testing.T) {
	t.Parallel()
	db, dbURL := modeltest.NewDB(t)
	ctx := context.Background()

	// Nothing listening: connection refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := ln.Addr().String()
	ln.Close()
	_, refused := pgx.Connect(ctx, "postgres://postgres@"+closedPort+"/x?sslmode=disable")

	// Something listening that never answers: the deadline runs out while connecting.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	_, connectTimeout := pgx.Connect(short, "postgres://postgres@"+silent.Addr().String()+"/x?sslmode=disable")
	cancel()

	// The server ends the session (as on shutdown or a restart): 57P01 to the session's
	// own query, and a broken connection to the next user of a session ended from outside.
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	_, terminated := conn.Exec(ctx, "SELECT pg_terminate_backend(pg_backend_pid())")
	conn, err = pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("SELECT pg_terminate_backend(?)", conn.PgConn().PID()).Error; err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the server finish closing it
	_, brokenAfter := conn.Exec(ctx, "SELECT 1")
	_, brokenAgain := conn.Exec(ctx, "SELECT 1")

	syntax := db.Exec("SELEKT 1").Error
	missing := db.Exec("SELECT * FROM no_such_table").Error
	slow, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	timedOut := db.WithContext(slow).Exec("SELECT pg_sleep(5)").Error
	cancel()
	_, notFound := models.UserByID(ctx, db, 987654321)

	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", refused, true},
		{"deadline while connecting", connectTimeout, true},
		{"session terminated", terminated, true},
		{"connection ended from outside", brokenAfter, true},
		{"the same connection used again", brokenAgain, true},
		{"wrapped", errors.Join(errors.New("loading the page"), refused), true},
		{"syntax error", syntax, false},
		{"missing table", missing, false},
		{"query out of time", timedOut, false},
		{"not found", notFound, false},
		{"nil", nil, false},
	} {
		if tc.want && tc.err == nil {
			t.Errorf("%s: no error at all", tc.name)
			continue
		}
		if got := models.Unavailable(tc.err); got != tc.want {
			t.Errorf("%s: Unavailable(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// TestOpenGivesUpOnASilentDatabase connects to a server that accepts the connection and
// never answers, as a database whose host has gone quiet: Open fails, as Unavailable,
// after the connect timeout instead of waiting as long as the kernel would.
func TestOpenGivesUpOnASilentDatabase(t *testing.T) {
	t.Parallel()
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	done := make(chan error, 1)
	go func() {
		_, err := models.Open(context.Background(), "postgres://postgres@"+silent.Addr().String()+"/x?sslmode=disable", 1)
		done <- err
	}()
	select {
	case err := <-done:
		if !models.Unavailable(err) {
			t.Fatalf("Open on a silent server: %v, want an Unavailable error", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Open on a silent server still waiting after a minute")
	}
	if got := models.ConnectionURL("postgres://db/x?connect_timeout=30&sslmode=require"); got != "postgres://db/x?connect_timeout=30&sslmode=require" {
		t.Errorf("an explicit connect_timeout was changed: %s", got)
	}
}
