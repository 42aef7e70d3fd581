package modeltest

import (
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// RequireTool finds an operator's tool (pgbouncer, haproxy, pg_basebackup): on PATH, in
// /usr/sbin, or at the path given. Missing, the test skips and says why, except under CI=true,
// where a suite that cannot run is a failure (.ci/run and `make test-tools` install them).
func RequireTool(t testing.TB, name string, paths ...string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range append([]string{filepath.Join("/usr/sbin", name)}, paths...) {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := name + " is not installed (Debian package: see `make test-tools`)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
		return ""
	}
	t.Skip(msg)
	return ""
}

// FreePort is a TCP port on 127.0.0.1 that nothing listens on just now.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// PostgresUser is the system account "postgres": PgBouncer and Postgres refuse to run as
// root, so the helpers run them as it, in a directory it owns.
type PostgresUser struct{ UID, GID uint32 }

// LookupPostgresUser finds the postgres account, skipping (or failing under CI) without it.
func LookupPostgresUser(t testing.TB) PostgresUser {
	t.Helper()
	u, err := user.Lookup("postgres")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no postgres system user: %v", err)
		} else {
			t.Skipf("no postgres system user: %v", err)
		}
		return PostgresUser{}
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return PostgresUser{UID: uint32(uid), GID: uint32(gid)}
}

// Dir makes a directory the postgres user owns, removed when the test ends. t.TempDir's
// parents are private to the user running the tests, so it lives directly in the temporary
// directory instead.
func (p PostgresUser) Dir(t testing.TB, pattern string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Getuid() == 0 {
		if err := os.Chown(dir, int(p.UID), int(p.GID)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Command runs name as the postgres user when the tests run as root.
func (p PostgresUser) Command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: p.UID, Gid: p.GID}}
	}
	return cmd
}

// writeOwned writes a file the postgres user may read.
func (p PostgresUser) writeOwned(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		if err := os.Chown(path, int(p.UID), int(p.GID)); err != nil {
			t.Fatal(err)
		}
	}
}
