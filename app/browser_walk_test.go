package app_test

// The accessibility walk: every page of the demo site, in English and in Welsh, signed out and
// as each role, checked in the browser by axe-core against WCAG 2.2 AA (tags wcag2a, wcag2aa,
// wcag21a, wcag21aa, wcag22aa), for sideways scrolling at 320 CSS pixels, and, in Welsh, for
// English left in the interface (text whose language is Welsh that reads as English).

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/syniad/syniad/models"
)

// axeTags are the rule sets axe-core runs: WCAG 2.0, 2.1 and 2.2, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// walkRoles are who walks the site: a visitor who is not signed in, then each role.
var walkRoles = []string{"visitor", models.RoleMember, models.RolePanel, models.RoleStaff, models.RoleAdmin}

// walkStep is one page of the walk: a path to open with the status it should answer, or a
// form to send (empty) to see its error summary. Role is the least role that reaches it.
type walkStep struct {
	Path   string
	Status int64
	Role   string
	Submit string // a CSS selector to click once the page is open; the page after it is checked
}

func TestAccessibilityWalk(t *testing.T) {
	browserCtx := startBrowser(t)
	axe := axeSource(t)
	ta := startTestServer(t)
	if err := models.SeedDemo(t.Context(), ta.DB); err != nil {
		t.Fatal(err)
	}
	steps := walkSteps(t, ta)

	for _, role := range walkRoles {
		for _, lang := range []string{"en", "cy"} {
			t.Run(role+"/"+lang, func(t *testing.T) {
				t.Parallel()
				walk(t, browserCtx, ta.withT(t), axe, role, lang, steps)
			})
		}
	}
}

// axeSource reads axe-core from the front end's node_modules (make assets installs it).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "public", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is missing: run `make assets` (npm ci in public/): %v", err)
	}
	return string(b)
}

// walkSteps lists the pages of the demo site, with the ids and slugs of its records.
func walkSteps(t *testing.T, ta *testApp) []walkStep {
	t.Helper()
	one := func(query string) string {
		var v string
		if err := ta.DB.Raw(query).Row().Scan(&v); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return v
	}
	idea := one(`SELECT i.id FROM ideas i WHERE hidden_at IS NULL AND merged_into_id IS NULL
		ORDER BY (SELECT count(*) FROM comments WHERE idea_id = i.id) DESC, id LIMIT 1`)
	merged := one(`SELECT id FROM ideas WHERE merged_into_id IS NOT NULL LIMIT 1`)
	consultation := one(`SELECT slug FROM consultations ORDER BY id LIMIT 1`)
	outcome := one(`SELECT slug FROM consultations WHERE outcome_published_at IS NOT NULL ORDER BY id LIMIT 1`)
	draft := one(`SELECT slug FROM consultations WHERE status = 'draft' ORDER BY id LIMIT 1`)
	shortlisted := one(`SELECT c.slug FROM consultations c WHERE EXISTS (SELECT 1 FROM shortlist_entries s JOIN ideas i ON i.id = s.idea_id WHERE i.consultation_id = c.id) ORDER BY c.id LIMIT 1`)
	theme := one(`SELECT slug FROM themes ORDER BY id LIMIT 1`)
	themeID := one(`SELECT id FROM themes ORDER BY id LIMIT 1`)
	board := one(`SELECT slug FROM boards ORDER BY id LIMIT 1`)
	held := one(`SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1`)
	planned := one(`SELECT id FROM meetings WHERE status <> 'held' ORDER BY id DESC LIMIT 1`)
	item := one(`SELECT id FROM agenda_items ORDER BY id LIMIT 1`)
	person := one(`SELECT u.handle FROM users u WHERE EXISTS (SELECT 1 FROM ideas WHERE author_id = u.id) ORDER BY u.id LIMIT 1`)
	action := one(`SELECT a.id FROM actions a ORDER BY (SELECT count(*) FROM action_updates WHERE action_id = a.id) DESC, id LIMIT 1`)

	// A person's links from a message: their unsubscribe link and preferences page.
	var reader int64
	if err := ta.DB.Raw(`SELECT id FROM users ORDER BY id LIMIT 1`).Row().Scan(&reader); err != nil {
		t.Fatal(err)
	}
	token, err := models.NotifyToken(t.Context(), ta.DB, reader)
	if err != nil {
		t.Fatal(err)
	}

	public, member, panel, staff, admin := "visitor", models.RoleMember, models.RolePanel, models.RoleStaff, models.RoleAdmin
	return []walkStep{
		{Path: "/", Role: public},
		{Path: "/consultations/" + consultation, Role: public},
		{Path: "/consultations/" + shortlisted + "/shortlist", Role: public},
		{Path: "/consultations/" + outcome + "/outcome", Role: public},
		{Path: "/ideas", Role: public},
		{Path: "/ideas?sort=new&q=data", Role: public},
		{Path: "/ideas?status=done", Role: public},
		{Path: "/ideas/" + idea, Role: public},
		{Path: "/ideas/" + merged, Role: public},
		{Path: "/themes/" + theme, Role: public},
		{Path: "/boards", Role: public},
		{Path: "/boards/" + board, Role: public},
		{Path: "/meetings", Role: public},
		{Path: "/meetings/" + held, Role: public},
		{Path: "/meetings/" + planned, Role: public},
		{Path: "/actions", Role: public},
		{Path: "/actions/" + action, Role: public},
		{Path: "/open-data", Role: public},
		{Path: "/accessibility", Role: public},
		{Path: "/privacy", Role: public},
		{Path: "/people/" + person, Role: public},
		{Path: "/login", Role: public},
		{Path: "/auth/dev", Role: public},
		{Path: "/login", Role: public, Submit: `form[action="/auth/email"] button[type="submit"]`}, // no address: the error
		{Path: "/auth/email/sent", Role: public},
		{Path: "/auth/email/no-such-link", Status: 410, Role: public},
		{Path: "/dev/mail", Role: public},
		{Path: "/unsubscribe/" + models.UnsubscribeLink(models.NotifyStatus, token), Role: public},
		{Path: "/notifications/" + token, Role: public},
		{Path: "/unsubscribe/not-a-link", Status: 404, Role: public},
		{Path: "/no-such-page", Status: 404, Role: public},

		{Path: "/ideas/new", Role: member},
		{Path: "/ideas/new", Role: member, Submit: `form[action="/ideas"] button[type="submit"]`},
		{Path: "/triage", Status: 403, Role: member},
		{Path: "/account", Role: member},
		{Path: "/account/notifications", Role: member},
		{Path: "/account/delete", Role: member},
		{Path: "/account/delete", Role: member, Submit: `form[action="/account/delete"] button[type="submit"]`},

		{Path: "/triage", Role: panel},
		{Path: "/triage/themes", Role: panel},
		{Path: "/triage/themes/" + themeID + "/edit", Role: panel},
		{Path: "/agenda-items/" + item + "/ideas", Role: panel},
		{Path: "/exports", Role: panel},
		{Path: "/meetings/" + held + "/pack", Role: panel},
		{Path: "/moderation", Role: panel},

		{Path: "/consultations/new", Role: staff},
		{Path: "/consultations/new", Role: staff, Submit: `form[action="/consultations"] button[type="submit"]`},
		{Path: "/consultations/" + draft, Role: staff},
		{Path: "/consultations/" + consultation + "/edit", Role: staff},
		{Path: "/consultations/" + outcome, Role: staff},
		{Path: "/ideas/record", Role: staff},
		{Path: "/ideas/import", Role: staff},
		{Path: "/boards/" + board + "/edit", Role: staff},
		{Path: "/meetings/new", Role: staff},
		{Path: "/meetings/new", Role: staff, Submit: `form[action="/meetings"] button[type="submit"]`},
		{Path: "/meetings/" + planned + "/edit", Role: staff},
		{Path: "/agenda-items/" + item + "/edit", Role: staff},
		{Path: "/actions/new", Role: staff},
		{Path: "/actions/" + action + "/edit", Role: staff},

		{Path: "/admin", Role: admin},
		{Path: "/admin/events", Role: admin},
		{Path: "/admin/mail", Role: admin},
	}
}

// walk signs in as role (unless a visitor), chooses lang, and checks every step the role reaches.
func walk(t *testing.T, browserCtx context.Context, ta *testApp, axe, role, lang string, steps []walkStep) {
	p := newPageWithin(t, browserCtx, ta, 10*time.Minute)
	if _, err := chromedp.Call(p.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axe}); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	if role != "visitor" {
		handle := "walk-" + role + "-" + lang
		p.signIn(handle)
		if role != models.RoleMember {
			ta.DB.Exec("UPDATE users SET role = ? WHERE handle = ?", role, handle)
		}
	}
	p.navigate("/?lang=" + lang)
	var extra []walkStep
	if role != "visitor" {
		// A comment of the walker's own, to reach the page that edits it.
		var user models.User
		ta.DB.Where("handle = ?", "walk-"+role+"-"+lang).First(&user)
		var ideaID int64
		ta.DB.Raw(`SELECT id FROM ideas WHERE hidden_at IS NULL AND merged_into_id IS NULL ORDER BY id LIMIT 1`).Scan(&ideaID)
		c, errs, err := models.CreateComment(t.Context(), ta.DB, ideaID, user.ID, models.CommentInput{Body: "A comment to edit.", Lang: lang})
		if err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
		extra = append(extra, walkStep{Path: fmt.Sprintf("/comments/%d/edit", c.ID), Role: models.RoleMember})
		// And an idea of their own, to reach the pages that edit and withdraw it.
		var open string
		ta.DB.Raw(`SELECT slug FROM consultations WHERE status = 'open' ORDER BY id LIMIT 1`).Scan(&open)
		if own, errs, err := models.CreateIdea(t.Context(), ta.DB, user.ID, models.NewIdea{Consultation: open,
			Title: "An idea to edit", Body: "Its words.", Lang: lang}); err == nil && !errs.Any() {
			extra = append(extra, walkStep{Path: fmt.Sprintf("/ideas/%d/edit", own.ID), Role: models.RoleMember},
				walkStep{Path: fmt.Sprintf("/ideas/%d/withdraw", own.ID), Role: models.RoleMember})
		}
	}

	rank := map[string]int{"visitor": 0, models.RoleMember: 1, models.RolePanel: 2, models.RoleStaff: 3, models.RoleAdmin: 4}
	checked := 0
	for _, step := range append(steps, extra...) {
		if rank[step.Role] > rank[role] {
			continue
		}
		if step.Status == 403 && role != step.Role {
			continue
		}
		want := step.Status
		if want == 0 {
			want = 200
		}
		where := step.Path
		if step.Submit != "" {
			want = 200
		}
		if !p.visit(step.Path, want) {
			continue
		}
		if step.Submit != "" {
			p.submit(chromedp.CSS(step.Submit))
			where += " (sent empty)"
		}
		p.checkPage(where, lang, step.Path)
		checked++
	}
	t.Logf("%s in %s: %d pages checked", role, lang, checked)
}

// visit opens a path and checks the status it answered, reporting whether it did.
func (p *browserPage) visit(path string, want int64) bool {
	p.t.Helper()
	res, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.ta.URL+path))
	if err != nil {
		p.t.Fatalf("open %s: %v", path, err)
	}
	if res.Status != want {
		p.t.Errorf("open %s: status %d, want %d", path, res.Status, want)
		return false
	}
	return true
}

// axeViolation is what the check reports of one failed axe rule.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkPage runs axe-core, then looks for English in Welsh text, then narrows the window to
// 320 px and back.
func (p *browserPage) checkPage(where, lang, path string) {
	p.t.Helper()
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	violations, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {
			runOnly: {type: "tag", values: `+tags+`}, resultTypes: ["violations"]
		}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + "  " + n.html.slice(0, 160))})))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: run axe-core: %v", where, err)
	}
	for _, v := range violations {
		p.t.Errorf("%s: axe %s (%s): %s\n    %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
	}
	p.checkLanguageSwitch(where, lang, path)
	for _, href := range evaluate[[]string](p, `Array.from(document.querySelectorAll(".govuk-error-summary a"))
			.map(a => a.getAttribute("href")).filter(h => !h.startsWith("#") || !document.getElementById(h.slice(1)))`) {
		p.t.Errorf("%s: the error summary links to %q, which is no field on the page", where, href)
	}
	if n := evaluate[int](p, `document.querySelectorAll('[lang=""], [lang="<no value>"]').length`); n > 0 {
		p.t.Errorf("%s: %d elements have an empty lang attribute", where, n)
	}
	if lang == "cy" {
		for _, s := range evaluate[[]string](p, englishInWelshJS) {
			p.t.Errorf("%s: English in the Welsh interface: %q", where, s)
		}
	}
	p.do("narrow the window", chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile))
	if w := evaluate[int](p, `document.documentElement.scrollWidth`); w > 320 {
		wide := evaluate[string](p, `Array.from(document.querySelectorAll("body *"))
			.filter(e => e.getBoundingClientRect().right > 320)
			.slice(0, 5).map(e => e.tagName + "." + e.className).join(", ")`)
		p.t.Errorf("%s is %d px wide at a 320 px viewport: it scrolls sideways (wide: %s)", where, w, wide)
	}
	p.do("widen the window", chromedp.EmulateReset())
}

// englishInWelshJS lists text on the page whose language is Welsh (its nearest lang attribute
// says cy) yet which holds common English words. Names, addresses and citizens' own words are
// outside it: the page marks the language of text it cannot translate.
const englishInWelshJS = `(() => {
	const english = new Set(("the and your you with this that for from sign idea ideas vote votes comment comments " +
		"submit search status back next previous page home menu save cancel delete edit show hide more " +
		"about there are has have not will been which what when where who how any new open closed " +
		"meeting meetings action actions board boards theme themes shortlist item items reply report " +
		"support supported title body name date time due owner decision decisions response published draft " +
		"of on by or if no yes add remove change choose select upload download export exports settings").split(" "));
	const found = new Set();
	const look = (text, el) => {
		const langEl = el.closest("[lang]");
		if (!langEl || !langEl.lang.toLowerCase().startsWith("cy")) return;
		// Addresses, paths and slugs (anything with a slash or hyphen in it) are not prose.
		const prose = text.toLowerCase().split(/\s+/).filter(w => !/[\/@_-]/.test(w)).join(" ");
		const words = prose.match(/[a-z]+(?:'[a-z]+)?/g) || [];
		const hits = words.filter(w => english.has(w));
		if (hits.length > 0) found.add(text.trim().slice(0, 120) + "  [" + hits.join(" ") + "]");
	};
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const el = n.parentElement;
		if (!el || el.closest("script, style, template, code") || !n.textContent.trim()) continue;
		look(n.textContent, el);
	}
	document.querySelectorAll("[aria-label], [title], [alt], [placeholder], input[type=submit][value]").forEach(el => {
		for (const a of ["aria-label", "title", "alt", "placeholder"]) if (el.getAttribute(a)) look(el.getAttribute(a), el);
		if (el.matches("input[type=submit]")) look(el.value, el);
	});
	return Array.from(found);
})()`

// checkLanguageSwitch checks the page offers the other language for the address it was opened
// at (path): after a form is sent, the form's page, not the address it was sent to.
func (p *browserPage) checkLanguageSwitch(where, lang, path string) {
	p.t.Helper()
	other := map[string]string{"en": "cy", "cy": "en"}[lang]
	if got := evaluate[string](p, `document.documentElement.lang`); got != lang {
		p.t.Errorf("%s: <html lang=%q>, want %q", where, got, lang)
	}
	href := evaluate[string](p, `(document.querySelector(".syniad-lang a[hreflang]") || {}).href || ""`)
	if href == "" {
		p.t.Errorf("%s: no language switch", where)
		return
	}
	to, err := url.Parse(href)
	if err != nil {
		p.t.Fatal(err)
	}
	here, err := url.Parse(p.ta.URL + path)
	if err != nil {
		p.t.Fatal(err)
	}
	q := to.Query()
	if q.Get("lang") != other {
		p.t.Errorf("%s: the language switch asks for %q, want %q", where, q.Get("lang"), other)
	}
	q.Del("lang")
	if to.Path != here.Path || q.Encode() != here.Query().Encode() {
		p.t.Errorf("%s: the language switch leads to %s, not back to this page (%s)", where, href, here)
	}
}
