// Command testreport reads `go test -json` on standard input and writes what `go test` would
// (each package's result, and the whole output of every test that failed), then which tests
// were skipped and why, and a closing count: "tests: N passed, N failed, N skipped". It exits
// 1 if any test or package failed. `make test` pipes the suite through it, so a run that
// quietly skipped the browser or PDF suites says so at the end instead of looking green.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string // build-output events name the package being built here
}

type skip struct{ pkg, test, reason string }

type report struct {
	out                     io.Writer
	output                  map[string][]string // each running test's output, by package and name
	passed, failed, skipped int
	failedPackages          int             // packages that failed to build, or failed with no test failing
	testFailed              map[string]bool // packages with a failed test
	skips                   []skip
}

func main() {
	r := &report{out: os.Stdout, output: map[string][]string{}}
	if err := r.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
	r.summary()
	if r.failed > 0 || r.failedPackages > 0 {
		os.Exit(1)
	}
}

func (r *report) read(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			// Not an event (go vet or the toolchain writing plainly): pass it on as it is.
			fmt.Fprintln(r.out, string(line))
			continue
		}
		r.handle(e)
	}
	return sc.Err()
}

func (r *report) handle(e event) {
	key := e.Package + " " + e.Test
	switch {
	case e.Action == "build-output":
		fmt.Fprint(r.out, e.Output)
	case e.Action == "build-fail":
		r.failedPackages++
	case e.Test == "":
		// The package's own lines: "ok  pkg 12.3s", "FAIL pkg", panics outside a test.
		if e.Action == "output" && e.Output != "PASS\n" {
			fmt.Fprint(r.out, e.Output)
		}
		if e.Action == "fail" && !r.testFailed[e.Package] {
			r.failedPackages++
		}
	case e.Action == "output":
		r.output[key] = append(r.output[key], e.Output)
	case e.Action == "pass":
		r.passed++
		delete(r.output, key)
	case e.Action == "fail":
		r.failed++
		if r.testFailed == nil {
			r.testFailed = map[string]bool{}
		}
		r.testFailed[e.Package] = true
		for _, l := range r.output[key] {
			fmt.Fprint(r.out, l)
		}
		delete(r.output, key)
	case e.Action == "skip":
		r.skipped++
		r.skips = append(r.skips, skip{pkg: e.Package, test: e.Test, reason: skipReason(r.output[key])})
		delete(r.output, key)
	}
}

// skipReason is what the test said when it skipped: its output less the runner's own lines.
func skipReason(lines []string) string {
	var said []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		said = append(said, t)
	}
	if len(said) == 0 {
		return "no reason given"
	}
	return strings.Join(said, " ")
}

func (r *report) summary() {
	if len(r.skips) > 0 {
		sort.Slice(r.skips, func(i, j int) bool {
			if r.skips[i].pkg != r.skips[j].pkg {
				return r.skips[i].pkg < r.skips[j].pkg
			}
			return r.skips[i].test < r.skips[j].test
		})
		fmt.Fprintf(r.out, "\nSkipped (%d):\n", len(r.skips))
		for _, s := range r.skips {
			fmt.Fprintf(r.out, "  %s %s: %s\n", shortPackage(s.pkg), s.test, s.reason)
		}
	}
	if r.failedPackages > 0 {
		fmt.Fprintf(r.out, "\n%d package(s) failed to build or failed outside a test\n", r.failedPackages)
	}
	fmt.Fprintf(r.out, "\ntests: %d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skipped)
}

func shortPackage(p string) string { return strings.TrimPrefix(p, "github.com/syniad/syniad/") }
