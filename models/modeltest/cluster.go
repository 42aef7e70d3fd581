package modeltest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// postgresBin is where Debian keeps the server's programs, which are not on PATH.
const postgresBin = "/usr/lib/postgresql/15/bin"

// Cluster is a Postgres cluster of the test's own, on a port of its own at 127.0.0.1, run by
// the postgres user and removed when the test ends.
type Cluster struct {
	Port int
	dir  string
	pg   PostgresUser
	bin  string // the directory holding pg_ctl, initdb and pg_basebackup
}

// NewCluster makes a small cluster with initdb (trust authentication, replication allowed
// from 127.0.0.1, as initdb sets it up) and starts it.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	c := newCluster(t, "initdb")
	run(t, c.pg.Command(filepath.Join(c.bin, "initdb"), "-D", c.data(), "-A", "trust", "-U", "postgres",
		"--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"))
	c.start(t)
	return c
}

// Replica makes a streaming replica of c with pg_basebackup -R (the standby.signal and
// primary_conninfo it writes make the copy follow c) and starts it on a port of its own.
func (c *Cluster) Replica(t testing.TB) *Cluster {
	t.Helper()
	r := newCluster(t, "pg_basebackup")
	run(t, r.pg.Command(filepath.Join(r.bin, "pg_basebackup"), "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port),
		"-U", "postgres", "-D", r.data(), "-R", "-X", "stream", "-c", "fast", "--no-sync"))
	r.start(t)
	return r
}

func newCluster(t testing.TB, tool string) *Cluster {
	t.Helper()
	bin := filepath.Dir(RequireTool(t, tool, filepath.Join(postgresBin, tool)))
	if _, err := os.Stat(filepath.Join(bin, "pg_ctl")); err != nil {
		bin = postgresBin
	}
	pg := LookupPostgresUser(t)
	c := &Cluster{dir: pg.Dir(t, "syniad-pg-"), pg: pg, bin: bin}
	return c
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

// start runs the cluster on a free port (fsync off: a test's cluster need not survive a
// crash of the machine), and stops it when the test ends.
func (c *Cluster) start(t testing.TB) {
	t.Helper()
	c.Port = FreePort(t)
	opts := fmt.Sprintf("-c port=%d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s -c fsync=off -c max_connections=60",
		c.Port, c.dir)
	run(t, c.pg.Command(filepath.Join(c.bin, "pg_ctl"), "-D", c.data(), "-l", filepath.Join(c.dir, "server.log"),
		"-o", opts, "-w", "-t", "30", "start"))
	t.Cleanup(func() {
		c.Stop(t)
		if t.Failed() {
			out, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
			t.Logf("postgres on port %d log:\n%s", c.Port, out)
		}
	})
}

// Stop stops the cluster now (it is also stopped when the test ends).
func (c *Cluster) Stop(t testing.TB) {
	cmd := c.pg.Command(filepath.Join(c.bin, "pg_ctl"), "-D", c.data(), "-m", "immediate", "-w", "stop")
	cmd.Run() // already stopped is fine
}

// URL is the URL of database name on the cluster.
func (c *Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

func run(t testing.TB, cmd interface{ CombinedOutput() ([]byte, error) }) {
	t.Helper()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
