package app

import (
	"html"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

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
	literal := regexp.MustCompile(`\b(?:t|tn|th) "([a-z_]+\.[a-z0-9_.]+)"`)
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

// Templates hold no words of their own: everything a person reads comes from the catalogues,
// so nothing stays English on a Welsh page. Text between tags and the attributes people read
// (alt, title, aria-label, placeholder) must be made of template actions, punctuation and
// numbers only. literalAllowed lists the few exceptions, each in the one language it is in.
var literalAllowed = map[string]bool{
	// The sample CSV on the import page is data, marked lang="en".
	`consultation,title,body,source_name,source_url digital-in-wales,"Open data by default","Publish what we collect…",@someone on Mastodon,https://…`: true,
	"CSV": true, "JSON": true, // names of formats, the same in Welsh
}

func TestTemplatesHaveNoLiteralText(t *testing.T) {
	action := regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	hidden := regexp.MustCompile(`(?is)<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>`)
	readAttr := regexp.MustCompile(`(?i)\b(?:alt|title|aria-label|placeholder)="([^"]*)"`)
	tag := regexp.MustCompile(`(?s)<[^>]*>`)
	letters := regexp.MustCompile(`\pL{2,}`)
	attrFragment := regexp.MustCompile(`^[a-z-]+="[^"]*"$`)
	checked := 0
	fs.WalkDir(views.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := fs.ReadFile(views.FS, p)
		src := hidden.ReplaceAllString(action.ReplaceAllString(string(b), " "), " ")
		for _, m := range readAttr.FindAllStringSubmatch(src, -1) {
			if letters.MatchString(m[1]) {
				t.Errorf("%s: attribute text %q is not from the catalogue", p, m[0])
			}
		}
		for _, text := range tag.Split(src, -1) {
			text = strings.Join(strings.Fields(html.UnescapeString(text)), " ")
			if attrFragment.MatchString(text) {
				continue // a partial template that writes attributes into its caller's tag
			}
			if letters.MatchString(text) && !literalAllowed[text] {
				t.Errorf("%s: text %q is not from the catalogue", p, text)
			}
		}
		checked++
		return nil
	})
	if checked < 30 {
		t.Fatalf("only %d templates checked", checked)
	}
}

// A message with plural forms in English has all six of Welsh's in cy.toml (zero, one, two,
// few, many, other), so no count falls back to the wrong form.
func TestWelshPluralFormsComplete(t *testing.T) {
	load := func(lang string) map[string]any {
		b, err := fs.ReadFile(views.FS, "locales/"+lang+".toml")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	en, cy := load("en"), load("cy")
	plurals := 0
	for id, v := range en {
		if _, ok := v.(map[string]any); !ok {
			continue
		}
		plurals++
		forms, ok := cy[id].(map[string]any)
		if !ok {
			t.Errorf("%s has plural forms in English but not in Welsh", id)
			continue
		}
		for _, form := range []string{"zero", "one", "two", "few", "many", "other"} {
			if s, _ := forms[form].(string); s == "" {
				t.Errorf("%s lacks its Welsh %q form", id, form)
			}
		}
	}
	if plurals < 10 {
		t.Fatalf("only %d plural messages found: is the catalogue's format still the same?", plurals)
	}
}
