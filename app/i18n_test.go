package app

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/views"
)

// Every English message must have a Welsh one, and the other way round: go-i18n would quietly
// show English inside a Welsh page.
func TestEveryMessageHasWelsh(t *testing.T) {
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	en, cy := map[string]bool{}, map[string]bool{}
	for _, id := range tr.MessageIDs("en") {
		en[id] = true
	}
	for _, id := range tr.MessageIDs("cy") {
		cy[id] = true
	}
	for id := range en {
		if !cy[id] {
			t.Errorf("%q has no Welsh translation in views/locales/cy.toml", id)
		}
	}
	for id := range cy {
		if !en[id] {
			t.Errorf("%q is in cy.toml but not en.toml", id)
		}
	}
	if len(en) < 100 {
		t.Fatalf("only %d English messages loaded: catalogue parsing is broken", len(en))
	}
}

// Every message id the code and templates use must exist in the English catalogue, so nobody
// sees a raw id. Ids built at run time (status.*, sort.*, history.*, error.heading.*) are
// checked through their known values.
func TestUsedMessageIDsExist(t *testing.T) {
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, id := range tr.MessageIDs("en") {
		known[id] = true
	}
	literal := regexp.MustCompile(`\b(?:t|tn) "([a-z_]+\.[a-z0-9_.]+)"`)
	goKey := regexp.MustCompile(`"((?:error|flash|vote|ideas|comments|login|dev|nav|form|history|status|sort)\.[a-z0-9_.]+)"`)
	check := func(source, text string, re *regexp.Regexp) {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			id := m[1]
			if strings.HasSuffix(id, ".") {
				continue // a prefix completed at run time
			}
			if !known[id] {
				t.Errorf("%s uses %q, which en.toml lacks", source, id)
			}
		}
	}
	fs.WalkDir(views.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			b, _ := fs.ReadFile(views.FS, p)
			check(p, string(b), literal)
		}
		return nil
	})
	for _, dir := range []string{".", "../models"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
				b, _ := os.ReadFile(dir + "/" + e.Name())
				check(dir+"/"+e.Name(), string(b), goKey)
			}
		}
	}
	for _, s := range []string{"new", "under_review", "shortlisted", "on_agenda", "in_progress", "done", "declined", "duplicate"} {
		if !known["status."+s] {
			t.Errorf("status.%s missing", s)
		}
	}
	for _, s := range []string{"top", "new", "trending", "discussed", "relevance"} {
		if !known["sort."+s] {
			t.Errorf("sort.%s missing", s)
		}
	}
	for _, verb := range models.EventVerbs {
		for _, prefix := range []string{"history.", "verb."} {
			if !known[prefix+verb] {
				t.Errorf("%s%s missing", prefix, verb)
			}
		}
	}
	for _, role := range []string{"member", "panel", "staff", "admin"} {
		if !known["role."+role] {
			t.Errorf("role.%s missing", role)
		}
	}
	for _, key := range []string{"flash.moderated.hide", "flash.moderated.restore", "flash.moderated.dismiss"} {
		if !known[key] {
			t.Errorf("%s missing", key)
		}
	}
	// Fields validated by models' checkText get error.<field>.required and .too_long ids.
	for _, field := range []string{"title", "body", "response", "response_cy", "reason", "rationale", "rationale_cy",
		"name", "name_cy", "description", "description_cy", "source_name", "source_url"} {
		if !known["error."+field+".too_long"] {
			t.Errorf("error.%s.too_long missing", field)
		}
	}
	for _, field := range []string{"title", "body"} {
		for _, kind := range []string{"required", "too_long"} {
			if !known["error."+field+"."+kind] {
				t.Errorf("error.%s.%s missing", field, kind)
			}
		}
	}
}

// Welsh has six plural forms; check the ones that differ from English are used.
func TestWelshPlurals(t *testing.T) {
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]string{0: "Dim syniadau", 1: "1 syniad", 2: "2 syniad", 3: "3 syniad", 6: "6 syniad", 11: "11 syniad"} {
		if got := tr.N("cy", "ideas.count", n); got != want {
			t.Errorf("cy ideas.count %d = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{2: "gefnogwr", 3: "chefnogwr", 1: "cefnogwr"} {
		if got := tr.N("cy", "ideas.votes_label", n); got != want {
			t.Errorf("cy votes_label %d = %q, want %q", n, got, want)
		}
	}
	if got := tr.N("en", "ideas.count", 1); got != "1 idea" {
		t.Errorf("en 1 = %q", got)
	}
	if got := tr.N("en", "ideas.count", 0); got != "0 ideas" {
		t.Errorf("en 0 = %q", got)
	}
}
