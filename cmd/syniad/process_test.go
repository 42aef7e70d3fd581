package main

import (
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The binary, built once for the tests that run `syniad serve` as a real process.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func syniadBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "syniad-bin-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "syniad")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// serveProcess is `syniad serve` running on a free loopback port.
type serveProcess struct {
	t       *testing.T
	cmd     *exec.Cmd
	Addr    string // host:port
	Base    string // http://host:port
	LogPath string
	done    chan struct{}
	waitErr error
}

// freeAddr is a loopback address nothing listens on just now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// startServe runs `syniad serve` in development on dbURL with the extra environment env
// (KEY=value; a later value for a key wins), and waits until /readyz says it is ready.
func startServe(t *testing.T, dbURL string, env ...string) *serveProcess {
	t.Helper()
	return startServeAt(t, freeAddr(t), dbURL, env...)
}

// startServeAt is startServe listening on addr (to start an instance again where it was).
func startServeAt(t *testing.T, addr, dbURL string, env ...string) *serveProcess {
	t.Helper()
	return startServeBinary(t, syniadBinary(t), addr, dbURL, env...)
}

// startServeBinary is startServeAt running the binary bin (another release, say).
func startServeBinary(t *testing.T, bin, addr, dbURL string, env ...string) *serveProcess {
	t.Helper()
	p := &serveProcess{t: t, Addr: addr, Base: "http://" + addr, done: make(chan struct{}),
		LogPath: filepath.Join(t.TempDir(), "serve.log")}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "LISTEN_ADDR="+addr, "BASE_URL="+p.Base,
		"SYNIAD_ENV=development", "SECRET_KEY=a-test-secret-key-of-32-characters-at-least", "DB_MAX_CONNS=5",
		"SHUTDOWN_DRAIN=0") // tests that shut down on purpose set their own
	p.cmd.Env = append(p.cmd.Env, env...)
	logs, err := os.Create(p.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stdout, p.cmd.Stderr = logs, logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		logs.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Signal(os.Interrupt)
			select {
			case <-p.done:
			case <-time.After(15 * time.Second):
				p.cmd.Process.Kill()
				<-p.done
			}
		}
		if t.Failed() {
			t.Logf("%s log:\n%s", p.Base, p.Log())
		}
	})
	for range 200 {
		if res, err := http.Get(p.Base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.done:
			t.Fatalf("syniad serve exited: %v\n%s", p.waitErr, p.Log())
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("%s did not become ready\n%s", p.Base, p.Log())
	return nil
}

// Log is what the process has written so far.
func (p *serveProcess) Log() string {
	b, _ := os.ReadFile(p.LogPath)
	return string(b)
}

// LogLines is how many lines the process has written so far.
func (p *serveProcess) LogLines() int { return strings.Count(p.Log(), "\n") }

// Wait waits for the process to exit (killing it after limit) and returns its exit status.
func (p *serveProcess) Wait(limit time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		p.cmd.Process.Kill()
		<-p.done
		p.t.Fatalf("syniad serve had not exited %s after being told to", limit)
	}
	var exit *exec.ExitError
	if errors.As(p.waitErr, &exit) {
		return exit.ExitCode()
	}
	if p.waitErr != nil {
		p.t.Fatal(p.waitErr)
	}
	return 0
}

// Signal sends sig to the process.
func (p *serveProcess) Signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
}
