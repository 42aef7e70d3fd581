package main

import (
	"strings"
	"testing"
)

func TestReportCountsAndExplainsSkips(t *testing.T) {
	const pkg = "github.com/syniad/syniad/app"
	stream := strings.Join([]string{
		`{"Action":"run","Package":"` + pkg + `","Test":"TestPasses"}`,
		`{"Action":"output","Package":"` + pkg + `","Test":"TestPasses","Output":"=== RUN   TestPasses\n"}`,
		`{"Action":"output","Package":"` + pkg + `","Test":"TestPasses","Output":"    a_test.go:1: chatter nobody needs\n"}`,
		`{"Action":"pass","Package":"` + pkg + `","Test":"TestPasses"}`,
		`{"Action":"output","Package":"` + pkg + `","Test":"TestBrowser","Output":"=== RUN   TestBrowser\n"}`,
		`{"Action":"output","Package":"` + pkg + `","Test":"TestBrowser","Output":"    browser_test.go:330: no Chromium found\n"}`,
		`{"Action":"output","Package":"` + pkg + `","Test":"TestBrowser","Output":"--- SKIP: TestBrowser (0.00s)\n"}`,
		`{"Action":"skip","Package":"` + pkg + `","Test":"TestBrowser"}`,
		`{"Action":"output","Package":"` + pkg + `","Test":"TestBreaks/sub","Output":"    b_test.go:9: want 1, got 2\n"}`,
		`{"Action":"fail","Package":"` + pkg + `","Test":"TestBreaks/sub"}`,
		`{"Action":"output","Package":"` + pkg + `","Output":"FAIL\tgithub.com/syniad/syniad/app\t1.5s\n"}`,
		`{"Action":"fail","Package":"` + pkg + `"}`,
		`{"Action":"output","Package":"github.com/syniad/syniad/models","Output":"panic: TestMain could not connect\n"}`,
		`{"Action":"fail","Package":"github.com/syniad/syniad/models"}`,
		`not json: printed as it is`,
	}, "\n")
	var out strings.Builder
	r := &report{out: &out, output: map[string][]string{}}
	if err := r.read(strings.NewReader(stream)); err != nil {
		t.Fatal(err)
	}
	r.summary()
	got := out.String()
	for _, want := range []string{
		"b_test.go:9: want 1, got 2",
		"FAIL\tgithub.com/syniad/syniad/app\t1.5s",
		"not json: printed as it is",
		"Skipped (1):\n  app TestBrowser: browser_test.go:330: no Chromium found\n",
		"\ntests: 1 passed, 1 failed, 1 skipped\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "chatter nobody needs") {
		t.Errorf("a passing test's output was printed:\n%s", got)
	}
	// app failed because a test did; models failed with no test failing.
	if r.failedPackages != 1 || !strings.Contains(got, "\n1 package(s) failed to build or failed outside a test\n") {
		t.Errorf("failed packages = %d, want 1 (models):\n%s", r.failedPackages, got)
	}
}
