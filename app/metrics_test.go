package app_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestMetricsSurviveAMixOfRequests sends many methods and paths at once over kept-alive
// connections, then scrapes /metrics: it must answer 200, parse with Prometheus's own text
// parser, and carry only the methods and routes that were really used. Fiber reuses the
// buffers behind c.Method() and c.Path(), so a label kept without copying turns "POST" into
// "GETT" under the next request and every later scrape fails.
func TestMetricsSurviveAMixOfRequests(t *testing.T) {
	t.Parallel()
	ta := startTestServer(t)
	cs := ta.seedOpenConsultation("mix")
	ta.seedIdea(cs.Slug, "An idea to ask about")

	methods := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodHead, http.MethodOptions, http.MethodPatch}
	paths := []string{"/", "/ideas", "/ideas/1", "/ideas/999999", "/api/v1/ideas", "/api/v1/ideas/1/vote",
		"/nowhere/at/all", "/api/v1/nothing-here", "/" + strings.Repeat("long-path-", 300),
		"/ideas?q=" + strings.Repeat("x", 500), "/healthz", "/consultations/mix"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer client.CloseIdleConnections()

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 60 {
				method, path := methods[(w+n)%len(methods)], paths[(w*7+n)%len(paths)]
				var body io.Reader
				if method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch {
					body = strings.NewReader(`{"title":"x"}`)
				}
				req, _ := http.NewRequest(method, ta.URL+path, body)
				res, err := client.Do(req)
				if err != nil {
					errs <- fmt.Errorf("%s %.40s: %v", method, path, err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	sent := map[string]bool{}
	for _, m := range methods {
		sent[m] = true
	}
	routes := map[string]bool{}
	for _, r := range ta.App.GetRoutes() {
		routes[r.Path] = true
	}
	for scrape := range 2 {
		res, err := client.Get(ta.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		text, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("scrape %d: /metrics answered %d:\n%.2000s", scrape, res.StatusCode, text)
		}
		parser := expfmt.NewTextParser(model.UTF8Validation)
		families, err := parser.TextToMetricFamilies(strings.NewReader(string(text)))
		if err != nil {
			t.Fatalf("scrape %d: /metrics does not parse: %v", scrape, err)
		}
		requests := families["syniad_http_requests_total"]
		if requests == nil || len(requests.GetMetric()) == 0 {
			t.Fatalf("scrape %d: no syniad_http_requests_total series", scrape)
		}
		for _, name := range []string{"syniad_http_requests_total", "syniad_http_request_duration_seconds"} {
			for _, m := range families[name].GetMetric() {
				for _, l := range m.GetLabel() {
					switch v := l.GetValue(); l.GetName() {
					case "method":
						if !sent[v] {
							t.Errorf("%s has method %q, which no request used", name, v)
						}
					case "route":
						if !routes[v] {
							t.Errorf("%s has route %.80q, which is not a route of the service", name, v)
						}
					}
				}
			}
		}
	}
}
