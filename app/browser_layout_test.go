package app_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/syniad/syniad/models"
)

// The longest real place names, in Welsh and beyond, with no break in them, and a pasted link.
const (
	llanfair   = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
	gorsaf     = "Gorsafawddacha'idraigodanheddogleddollônpenrhynareurdraethceredigion"
	taumata    = "Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu"
	pastedLink = "https://example.org/a-very/long/path/that-someone-pasted-without-a-single-space/" + llanfair + "?utm_source=" + gorsaf
	longHandle = "Llanfairpwllgwyngyllgogerychwyrn" // 32 characters, the most a handle holds
)

// TestBrowserLongWords: no text a person typed widens a page or runs over what is beside it,
// at 320 and 1280 px, in English and Welsh. Every free-text field holds a word longer than a
// phone is wide: titles, bodies, comments, names and handles, themes, sources and links.
func TestBrowserLongWords(t *testing.T) {
	browserCtx := startBrowser(t)
	ta := startTestServer(t, fixedClock(time.Date(2027, time.July, 14, 12, 30, 0, 0, models.London)))
	ctx := ta.ctx()
	cs := &models.Consultation{Slug: "lleoedd", Title: "Places such as " + taumata, TitleCy: "Lleoedd fel " + llanfair, Status: "open",
		Description: "About " + gorsaf, DescriptionCy: "Am " + llanfair}
	if err := ta.DB.Create(cs).Error; err != nil {
		t.Fatal(err)
	}
	p := newPageWithin(t, browserCtx, ta, 4*browserTimeout)
	p.signIn(longHandle)
	me, err := models.UserByHandle(ctx, ta.DB, longHandle)
	if err != nil {
		t.Fatal(err)
	}
	me.Role, me.Name = models.RoleAdmin, "Siân "+llanfair // the most a name holds is 100 characters
	if err := ta.DB.Exec("UPDATE users SET role = ?, name = ? WHERE id = ?", me.Role, me.Name, me.ID).Error; err != nil {
		t.Fatal(err)
	}

	idea, errs, err := models.CreateIdea(ctx, ta.DB, me.ID, models.NewIdea{Consultation: cs.Slug,
		Title: "Ffordd osgoi newydd ar gyfer " + llanfair + " a Chaerdydd",
		Body:  "Mae angen ffordd osgoi " + llanfair + ". Gweler " + pastedLink + "\n\n| " + gorsaf + " | " + llanfair + " |\n|---|---|\n| " + taumata + " | x |"})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if _, errs, err := models.CreateIdea(ctx, ta.DB, me.ID, models.NewIdea{Consultation: cs.Slug,
		Title: "Ffordd osgoi " + llanfair, Body: "Yr un peth, " + taumata}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if _, errs, err := models.CreateIdea(ctx, ta.DB, me.ID, models.NewIdea{Consultation: cs.Slug,
		Title: "A bypass for " + taumata, Body: "The same, " + pastedLink, Lang: "en"}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if _, errs, err := models.RecordExternalIdea(ctx, ta.DB, me, models.ExternalIdea{Consultation: cs.Slug,
		Title: "Gorsaf " + gorsaf, Body: "O'r cyfryngau cymdeithasol: " + llanfair, SourceName: "@" + llanfair + gorsaf, SourceURL: pastedLink}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if _, errs, err := models.CreateComment(ctx, ta.DB, idea.ID, me.ID, models.CommentInput{Body: "Cytuno! " + llanfair + gorsaf + " " + pastedLink}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	theme, errs, err := models.SaveTheme(ctx, ta.DB, me, 0, models.ThemeInput{Slug: "lleoedd", Name: "Places " + llanfair, NameCy: "Lleoedd " + gorsaf,
		Description: "Roads to " + taumata, DescriptionCy: "Ffyrdd i " + llanfair})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}
	if err := models.SetIdeaTheme(ctx, ta.DB, me, idea.ID, theme.ID, true); err != nil {
		t.Fatal(err)
	}
	if errs, err := models.SetIdeaStatus(ctx, ta.DB, me, idea.ID, models.StatusChange{Status: "under_review",
		Response: "We will ask " + taumata, ResponseCy: "Byddwn yn gofyn i " + llanfair}); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}

	if errs, err := models.ReportContent(ctx, ta.DB, me, "idea", idea.ID, "Sbam o "+llanfair+" "+pastedLink, 0); err != nil || errs.Any() {
		t.Fatal(errs, err)
	}

	ideaPath := fmt.Sprintf("/ideas/%d", idea.ID)
	pages := []string{ideaPath, "/ideas", "/consultations/" + cs.Slug, "/themes/" + theme.Slug, "/triage", "/triage/themes", "/moderation", "/exports",
		"/account", "/people/" + me.Handle, "/admin", "/admin/events"}
	// The import preview of a file with a problem and long words, once a page 3,487 px wide.
	csvPath := filepath.Join(t.TempDir(), "ideas.csv")
	var csv strings.Builder
	csv.WriteString("consultation,title,body,source_name,source_url\n")
	csv.WriteString("nowhere," + gorsaf + "," + llanfair + ",@" + llanfair + "," + pastedLink + "\n")
	for n := 1; n <= 932; n++ {
		fmt.Fprintf(&csv, "%s,Syniad %d %s,%s,@%s,%s\n", cs.Slug, n, llanfair, taumata, gorsaf, pastedLink)
	}
	if err := os.WriteFile(csvPath, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, lang := range []string{"en", "cy"} {
		p.navigate("/?lang=" + lang)
		for _, width := range []int64{320, 1280} {
			p.do("resize", chromedp.EmulateViewport(width, 900))
			for _, path := range pages {
				p.navigate(path)
				holdsItsText(t, p, width)
				if path == ideaPath {
					titleClearOfSupport(t, p)
					p.screenshot(fmt.Sprintf("long-words-idea-%d-%s", width, lang))
				}
			}
			p.navigate("/ideas/import")
			p.do("choose the file", chromedp.SetUploadFiles(chromedp.ID("field-file"), []string{csvPath}))
			if status := p.submit(`form[action="/ideas/import"] button[type="submit"]`); status != 422 {
				t.Errorf("import preview: status %d, want 422 (one row has a problem)", status)
			}
			holdsItsText(t, p, width)
			height := evaluate[int](p, `document.documentElement.scrollHeight`)
			t.Logf("import preview of 933 rows at %d px (%s): %d px tall, %d px wide", width, lang, height,
				evaluate[int](p, `document.documentElement.scrollWidth`))
			if height > 8000 {
				t.Errorf("the import preview of 933 rows is %d px tall at %d px (%s): want its problems and a summary", height, width, lang)
			}
			p.screenshot(fmt.Sprintf("long-words-import-%d-%s", width, lang))
		}
	}
}

// holdsItsText fails when the page is wider than the viewport, or when any of the long words
// spills out of the box that holds it (its table cell, else its grid column or the page).
func holdsItsText(t *testing.T, p *browserPage, width int64) {
	t.Helper()
	problems := evaluate[[]string](p, `(() => {
		const vw = window.innerWidth, problems = [];
		const dw = document.documentElement.scrollWidth;
		if (dw > vw) problems.push("the page is " + dw + " px wide");
		const words = /Llanfairpwll|Gorsafawdd|Taumata|example\.org\/a-very/;
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n; (n = walker.nextNode());) {
			const el = n.parentElement;
			if (!words.test(n.data) || el.closest(".govuk-visually-hidden, [hidden], textarea, select, title, script")) continue;
			const box = el.closest("td, th, [class*=govuk-grid-column], .govuk-width-container") || document.body;
			const b = box.getBoundingClientRect();
			const range = document.createRange();
			range.selectNodeContents(n);
			for (const r of range.getClientRects()) {
				if (r.right > b.right + 1 || r.left < b.left - 1) {
					problems.push("<" + el.tagName.toLowerCase() + " class=\"" + el.className + "\"> runs " +
						Math.round(r.right - b.right) + " px out of its " + (box.tagName.toLowerCase() + "." + box.className).trim() + ": " + n.data.trim().slice(0, 40));
					break;
				}
			}
		}
		return problems.slice(0, 8);
	})()`)
	for _, problem := range problems {
		t.Errorf("%s at %d px: %s", p.location(), width, problem)
	}
}

// titleClearOfSupport fails when the idea's title, as drawn, overlaps its support box.
func titleClearOfSupport(t *testing.T, p *browserPage) {
	t.Helper()
	overlap := evaluate[string](p, `(() => {
		const h1 = document.querySelector("main h1");
		// The support box, and everything else in the column beside the title.
		const boxes = [document.querySelector("#idea-support"), ...document.querySelectorAll(".govuk-grid-column-one-third > *")].filter(Boolean);
		const range = document.createRange();
		range.selectNodeContents(h1);
		const rects = [h1.getBoundingClientRect(), ...range.getClientRects()];
		for (const box of boxes) {
			const b = box.getBoundingClientRect();
			for (const r of rects) {
				if (r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top) {
					return "the title " + JSON.stringify(r) + " overlaps " + (box.id || box.className) + " " + JSON.stringify(b);
				}
			}
		}
		if (h1.scrollWidth > h1.clientWidth) return "the title is " + h1.scrollWidth + " px wide in a " + h1.clientWidth + " px heading";
		return "";
	})()`)
	if overlap != "" {
		t.Errorf("%s: %s", p.location(), overlap)
	}
}
