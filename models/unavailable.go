package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// Unavailable reports whether err means the database could not be reached or is not taking
// work just now: the server is down, starting or shutting down, out of connections, or the
// network to it is broken. Such a failure is nobody's mistake and passes on its own (the
// connection pools dial again), so the web side answers 503 and asks to be tried again,
// rather than 500. A query that ran out of its own time is not one of them.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", // admin_shutdown
			"57P02", // crash_shutdown
			"57P03", // cannot_connect_now: starting up, or in recovery
			"53300": // too_many_connections
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection_exception and its kind
	}
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) {
		return true // including a deadline that ran out while connecting
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr)
}

// connectTimeout bounds each attempt to connect, unless DATABASE_URL sets connect_timeout:
// without it, a database whose host has gone silent would hold every request for the
// minutes the kernel spends retrying, instead of answering 503.
const connectTimeout = "5"

// ConnectionURL is databaseURL with connect_timeout set if it was not.
func ConnectionURL(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.Scheme == "" {
		return databaseURL // a key=value string, taken as it is
	}
	q := u.Query()
	if q.Get("connect_timeout") != "" {
		return databaseURL
	}
	q.Set("connect_timeout", connectTimeout)
	u.RawQuery = q.Encode()
	return u.String()
}

// PooledURL reports whether databaseURL is set up for a connection pooler in transaction
// mode (PgBouncer): pgx told to prepare no named statement (default_query_exec_mode exec or
// simple_protocol), which such a pooler would lose between transactions.
func PooledURL(databaseURL string) bool {
	u, err := url.Parse(databaseURL)
	if err != nil || u.Scheme == "" {
		return false
	}
	switch u.Query().Get("default_query_exec_mode") {
	case "exec", "simple_protocol":
		return true
	}
	return false
}
