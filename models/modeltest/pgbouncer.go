package modeltest

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// PgBouncerSettings are the settings Syniad needs from PgBouncer (Debian's 1.18 and later),
// beyond where the server is: transaction pooling, and the startup parameters pgx may send
// accepted rather than refused. 1.18 cannot keep prepared statements across pooled
// connections (no max_prepared_statements), so the service's URL says
// default_query_exec_mode=exec (see PgBouncer).
const PgBouncerSettings = `pool_mode = transaction
ignore_startup_parameters = extra_float_digits,search_path,application_name
server_reset_query =
max_client_conn = 500
default_pool_size = 20
`

// PgBouncer starts PgBouncer in transaction pooling mode in front of the server dbURL is on
// (a child process, stopped when the test ends) and returns dbURL through it, with
// default_query_exec_mode=exec: pgx then prepares no named statement a pooled connection
// would lose.
func PgBouncer(t testing.TB, dbURL string) string {
	t.Helper()
	return WithExecMode(PgBouncerRaw(t, dbURL))
}

// WithExecMode adds default_query_exec_mode=exec to a postgres:// URL, as behind PgBouncer.
func WithExecMode(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		panic(err)
	}
	q := u.Query()
	q.Set("default_query_exec_mode", "exec")
	u.RawQuery = q.Encode()
	return u.String()
}

// PgBouncerRaw is PgBouncer without changing the URL's query.
func PgBouncerRaw(t testing.TB, dbURL string) string {
	t.Helper()
	bin := RequireTool(t, "pgbouncer")
	pg := LookupPostgresUser(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, port = u.Hostname(), "5432"
	}
	dir := pg.Dir(t, "syniad-pgbouncer-")
	listen := FreePort(t)
	user := u.User.Username()
	ini := fmt.Sprintf(`[databases]
* = host=%s port=%s

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s
logfile =
pidfile =
%s`, host, port, listen, filepath.Join(dir, "userlist.txt"), PgBouncerSettings)
	pg.writeOwned(t, filepath.Join(dir, "pgbouncer.ini"), ini)
	// With auth_type = trust the user must still be listed.
	pg.writeOwned(t, filepath.Join(dir, "userlist.txt"), fmt.Sprintf("%q \"\"\n", user))
	cmd := pg.Command(bin, filepath.Join(dir, "pgbouncer.ini"))
	logs, err := os.Create(filepath.Join(dir, "pgbouncer.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start pgbouncer: %v", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
		if t.Failed() {
			out, _ := os.ReadFile(logs.Name())
			t.Logf("pgbouncer log:\n%s", out)
		}
	})
	addr := "127.0.0.1:" + strconv.Itoa(listen)
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			out, _ := os.ReadFile(logs.Name())
			t.Fatalf("pgbouncer exited:\n%s", out)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("pgbouncer did not listen within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	through := *u
	through.Host = addr
	return through.String()
}
