package app

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/syniad/syniad/models"
)

const (
	packWelshTitle = "Gŵyl Dewi: ŷd, ŵy, â ê î ô û ẃ ẁ ỳ “dyfynnod”"
	packHostile    = "<script>alert('x')</script> \u202Eevil\u202C 😀👍🏽 \x00\x07bell w\u0301 中文"
)

// testPack is a pack with Welsh, hostile text, an agenda long enough to run over several
// pages, themes and participation figures: everything the PDF prints, no database needed.
func testPack() *models.MeetingPack {
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, models.London)
		if err != nil {
			panic(err)
		}
		return t
	}
	minutes := 25
	due := time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)
	published := at("2026-02-01 09:00")
	p := &models.MeetingPack{
		Meeting: &models.Meeting{ID: 7, Title: packWelshTitle, TitleCy: "Cyfarfod " + packWelshTitle,
			StartsAt: at("2026-03-01 18:00"), EndsAt: at("2026-03-01 20:30"), Location: "Neuadd y Dref, Aberystwyth",
			Postcode: "SY23 2EB", OnlineURL: "javascript:alert(1)",
			Board: &models.Board{Name: "Digital Panel", NameCy: "Panel Digidol"}},
		GeneratedAt:   at("2026-02-24 14:05"),
		Comments:      map[int64][]models.Comment{},
		Consultations: []models.Consultation{{ID: 1, Title: "Buses", TitleCy: "Bysiau"}},
	}
	item := models.AgendaItem{Position: 1, Title: "Ideas from the public", TitleCy: "Syniadau gan y cyhoedd",
		Description: "Ideas people have shared.\n\nDescription in English.", DescriptionCy: "Disgrifiad yn Gymraeg: ŵ ŷ.",
		Presenters: "Siân ap Dafydd", DurationMinutes: &minutes, Outcome: "Agreed to take three forward.", OutcomeCy: "Cytunwyd."}
	for i := 1; i <= 30; i++ {
		idea := &models.IdeaSummary{Idea: models.Idea{ID: int64(100 + i), Title: fmt.Sprintf("Syniad rhif %d: llwybr beicio ŵ", i),
			Status: models.StatusShortlisted, VoteCount: 40 - i, CommentCount: i % 4, Lang: "cy"}}
		item.Ideas = append(item.Ideas, idea)
	}
	item.Ideas[1].Title = packHostile
	item.Ideas[2].HiddenAt = &published
	item.Ideas[2].Title = "Hidden idea title"
	item.Ideas[4].Title, item.Ideas[4].Lang = "Open data for bus timetables", "en"
	p.Comments[101] = []models.Comment{
		{Body: "Rwy’n cytuno’n llwyr â’r syniad hwn — ŵyn ar y ffordd.", AuthorHandle: "gwen", SupportCount: 12},
		{Body: strings.Repeat("Long comment ", 40) + "HIDDEN-TAIL", AuthorHandle: "huw", SupportCount: 3},
		{Body: "Comment nobody supported yet.", AuthorHandle: "zoe"},
	}
	p.Comments[102] = []models.Comment{{Body: packHostile + "\n\n\n\n\n\n" + strings.Repeat("x", 600), AuthorHandle: "\u202Emallory", SupportCount: 1}}
	p.Items = []models.AgendaItem{item, {Position: 2, Title: "Any other business"}}

	p.Themes = []models.ThemeTotal{
		{Theme: models.Theme{ID: 1, Name: "Transport", NameCy: "Trafnidiaeth"}, Ideas: 17, Votes: 163, Comments: 21},
		{Theme: models.Theme{ID: 2, Name: "Green spaces", NameCy: "Mannau gwyrdd"}, Ideas: 9, Votes: 88, Comments: 12},
		{Theme: models.Theme{ID: 3, Name: "A theme whose name is far too long to sit on one line of the chart's labels, however small"}, Ideas: 4, Votes: 41, Comments: 5},
		{Ideas: 2, Votes: 7, Comments: 1},
	}
	p.Participation.Periods = make([]models.PeriodCount, 10)
	for i := range p.Participation.Periods {
		p.Participation.Periods[i] = models.PeriodCount{Start: at("2025-11-03 00:00").AddDate(0, 0, 7*i),
			Ideas: int64(3 + i%4), Votes: int64(20 + 11*i), Comments: int64(i), People: int64(5 + i)}
	}
	p.Shortlists = []models.PackShortlist{
		{Consultation: models.Consultation{Title: "Buses", TitleCy: "Bysiau"}, Entries: []models.ShortlistEntry{
			{Rank: 1, Idea: item.Ideas[0], Rationale: "Most support. " + strings.Repeat("Reasons at length. ", 400), RationaleCy: "Y gefnogaeth fwyaf."},
			{Rank: 2, Idea: item.Ideas[2], Rationale: "Hidden since."}}},
		{Consultation: models.Consultation{Title: "Parks", ShortlistPublishedAt: &published}, Entries: []models.ShortlistEntry{
			{Rank: 1, Idea: item.Ideas[3], Rationale: "Cheap to do."}}},
	}
	for i, status := range []string{models.ActionOpen, models.ActionInProgress, models.ActionOpen} {
		a := models.ActionListing{Action: models.Action{Reference: fmt.Sprintf("DP-2026-00%d", i+1), Status: status,
			Description: "Write to the bus company " + strconv.Itoa(i), DescriptionCy: "Ysgrifennu at y cwmni bysiau " + strconv.Itoa(i),
			OwnerName: "Rhian Ŵ"}}
		if i == 0 {
			a.DueOn, a.Overdue = &due, true
			a.LatestUpdate, a.LatestUpdateCy = "Letter drafted.", "Llythyr wedi'i ddrafftio."
		}
		p.OpenActions = append(p.OpenActions, a)
	}
	return p
}

// testPrinter is the Chromium the PDF tests print with (CHROMIUM_PATH, else found on PATH).
// Without one the tests skip, except under CI, which installs chromium and so fails.
var testPrinter = sync.OnceValue(func() *PDFPrinter { return NewPDFPrinter(os.Getenv("CHROMIUM_PATH")) })

func needPrinter(t *testing.T) *PDFPrinter {
	t.Helper()
	pr := testPrinter()
	if !pr.Available() {
		msg := "no Chromium to print PDFs: install chromium (apt-get install chromium) or set CHROMIUM_PATH"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return pr
}

func writeTestPack(t *testing.T, p *models.MeetingPack, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePackPDF(t.Context(), &buf, needPrinter(t), p, lang, "https://syniad.example/"); err != nil {
		t.Fatalf("WritePackPDF(%s): %v", lang, err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(20, buf.Len())])
	}
	// SYNIAD_PACK_PDF=/tmp/pack keeps the files to look at.
	if dir := os.Getenv("SYNIAD_PACK_PDF"); dir != "" {
		name := filepath.Join(dir, t.Name()[strings.LastIndex(t.Name(), "/")+1:]+"-"+lang+".pdf")
		if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// poppler runs one of poppler's tools on a PDF; "PDF" in args stands for its file. Without
// the tools the test skips, except under CI, which installs poppler-utils and so fails.
func poppler(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		msg := tool + " not found: install poppler-utils (apt-get install poppler-utils)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	file := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == "PDF" {
			args[i] = file
		}
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

// pdfText is the PDF's text as pdftotext lays it out.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	return poppler(t, pdf, "pdftotext", "-enc", "UTF-8", "PDF", "-")
}

var spaces = regexp.MustCompile(`\s+`)

// structHeadings reads the PDF's structure tree (pdfinfo -struct-text) and lists its
// headings in order, each as "H2 Agenda", and how many figures it has.
func structHeadings(t *testing.T, pdf []byte) (headings []string, figures int) {
	t.Helper()
	tree := poppler(t, pdf, "pdfinfo", "-struct-text", "PDF")
	lines := strings.Split(tree, "\n")
	element := regexp.MustCompile(`^(\s*)(\w+)\b`)
	for i := 0; i < len(lines); i++ {
		m := element.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		if m[2] == "Figure" {
			figures++
		}
		if !regexp.MustCompile(`^H[1-6]$`).MatchString(m[2]) {
			continue
		}
		// The heading's text is the quoted strings indented under it.
		var text strings.Builder
		for j := i + 1; j < len(lines); j++ {
			n := element.FindStringSubmatch(lines[j])
			line := strings.TrimSpace(lines[j])
			if n != nil && len(n[1]) <= len(m[1]) || (line != "" && !strings.HasPrefix(line, `"`) && n == nil) {
				break
			}
			if strings.HasPrefix(line, `"`) {
				// Each line the heading wraps onto is a string of its own; they met at a space.
				text.WriteString(strings.Trim(line, `"`) + " ")
			}
		}
		headings = append(headings, m[2]+" "+spaces.ReplaceAllString(strings.TrimSpace(text.String()), " "))
	}
	return headings, figures
}

// pdfAlts are the alternative texts in a PDF (its /Alt strings), decoded: Chromium writes
// them as literal strings, or in UTF-16 as hex when they hold letters outside ASCII.
func pdfAlts(pdf []byte) []string {
	var alts []string
	for _, m := range regexp.MustCompile(`/Alt\s*(?:\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f\s]*)>)`).FindAllSubmatch(pdf, -1) {
		if m[2] == nil {
			alts = append(alts, regexp.MustCompile(`\\(.)`).ReplaceAllString(string(m[1]), "$1"))
			continue
		}
		raw, err := hex.DecodeString(spaces.ReplaceAllString(string(m[2]), ""))
		if err != nil || len(raw) < 2 || raw[0] != 0xFE || raw[1] != 0xFF {
			alts = append(alts, string(raw))
			continue
		}
		units := make([]uint16, 0, len(raw)/2)
		for i := 2; i+1 < len(raw); i += 2 {
			units = append(units, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		alts = append(alts, string(utf16.Decode(units)))
	}
	return alts
}

// The pack is a tagged PDF: marked, with a structure tree whose headings are the page's in
// order, the language of the pack, and the charts as figures with alternative text.
func TestPackPDFTagged(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang     string
		headings []string
		alts     []string
	}{
		{"en", []string{"H1 Meeting pack: " + packWelshTitle, "H2 Contents", "H2 Agenda",
			"H3 Item 1: Ideas from the public", "H4 Ideas on this item", "H4 Outcome", "H3 Item 2: Any other business",
			"H2 Themes", "H2 Participation over time", "H2 Shortlist", "H3 Buses", "H3 Parks", "H2 Open actions"},
			[]string{"Ideas and votes by theme. A bar chart", "Most ideas: Transport (17). Most votes: Transport (163).",
				"Participation over time. Bar charts", "from the week beginning 3 November 2025 to the week beginning 5 January 2026",
				"The most in one week: 6 ideas, 119 votes, 9 comments. Every figure is in the table that follows."}},
		{"cy", []string{"H1 Pecyn cyfarfod: Cyfarfod " + packWelshTitle, "H2 Cynnwys", "H2 Agenda",
			"H3 Eitem 1: Syniadau gan y cyhoedd", "H4 Syniadau ar yr eitem hon", "H4 Canlyniad", "H3 Eitem 2: Any other business",
			"H2 Themâu", "H2 Cyfranogi dros amser", "H2 Rhestr fer", "H3 Bysiau", "H3 Parks", "H2 Camau gweithredu agored"},
			[]string{"Syniadau a phleidleisiau fesul thema. Siart bar", "Y mwyaf o syniadau: Trafnidiaeth (17).",
				"Cyfranogi dros amser. Siartiau bar", "o'r wythnos yn dechrau 3 Tachwedd 2025"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			pdf := writeTestPack(t, testPack(), tc.lang)
			for _, want := range []string{"/MarkInfo", "/Marked true", "/StructTreeRoot", "/Lang (" + tc.lang + ")"} {
				if !bytes.Contains(pdf, []byte(want)) {
					t.Errorf("the PDF lacks %s: it is not tagged", want)
				}
			}
			// The document's language is the pack's; an idea written in the other one says so.
			if !bytes.Contains(pdf, []byte("/Lang (en)")) || !bytes.Contains(pdf, []byte("/Lang (cy)")) {
				t.Error("the ideas' own languages are not in the structure")
			}
			catalog := regexp.MustCompile(`(?s)/Type /Catalog(.*?)endobj`).FindSubmatch(pdf)
			if catalog == nil || !bytes.Contains(catalog[1], []byte("/Lang ("+tc.lang+")")) {
				t.Errorf("the document's language (the catalogue's /Lang) is not %s", tc.lang)
			}
			headings, figures := structHeadings(t, pdf)
			// Poppler guesses the spaces in a line from the gaps between glyphs, and now and
			// then misses one ("â êî"), so the order and the words are compared without them.
			squeeze := func(lines []string) string { return strings.ReplaceAll(strings.Join(lines, "\n"), " ", "") }
			if squeeze(headings) != squeeze(tc.headings) {
				t.Errorf("headings in the structure tree:\n%s\nwant:\n%s", strings.Join(headings, "\n"), strings.Join(tc.headings, "\n"))
			}
			if figures < len(tc.alts) {
				t.Errorf("%d figures in the structure tree, want the %d charts", figures, len(tc.alts))
			}
			alts := strings.Join(pdfAlts(pdf), "\n")
			for _, alt := range tc.alts {
				if !strings.Contains(alts, alt) {
					t.Errorf("no chart's alternative text says %q; they are:\n%s", alt, alts)
				}
			}
			outline := poppler(t, pdf, "pdfinfo", "-dests", "PDF")
			if !strings.Contains(outline, "pack-agenda") {
				t.Errorf("the contents' links have no destinations in the PDF:\n%.400s", outline)
			}
		})
	}
}

func TestPackPDFText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang string
		want []string // in the text, with runs of white space read as one space
	}{
		{"en", []string{"Meeting pack: " + packWelshTitle, "Digital Panel", "Sunday 1 March 2026",
			"Neuadd y Dref, Aberystwyth, SY23 2EB", "javascript:alert(1)", "Prepared 24 February 2026",
			"Agenda", "Item 1: Ideas from the public", "Presenters: Siân ap Dafydd · 25 minutes", "Description in English.",
			"Ideas on this item", "Most-supported comments", "Rwy’n cytuno’n llwyr â’r syniad hwn — ŵyn ar y ffordd.", "gwen, supported by 12",
			"Long comment Long comment", "huw, supported by 3", "Comment nobody supported yet.", "An idea that has been hidden by moderators",
			"<script>alert('x')</script>", "Outcome", "Agreed to take three forward.",
			"Item 2: Any other business", "No ideas are linked to this item.",
			"Themes", "Transport", "Green spaces", "No theme", "Ideas and votes by theme",
			"Participation over time", "Week beginning", "3 November 2025", "5 January 2026", "3 Nov",
			"Shortlist", "Draft: the panel has not published this shortlist yet.", "Most support.",
			"Open actions", "DP-2026-001", "DP-2026-002", "DP-2026-003", "Write to the bus company 1", "Rhian Ŵ",
			"Overdue", "Letter drafted.", "Page 1 of", "Syniad"}},
		{"cy", []string{"Pecyn cyfarfod: Cyfarfod " + packWelshTitle, "Panel Digidol", "Dydd Sul 1 Mawrth 2026",
			"Eitem 1: Syniadau gan y cyhoedd", "Disgrifiad yn Gymraeg: ŵ ŷ.", "Syniadau ar yr eitem hon",
			"Y sylwadau â'r gefnogaeth fwyaf", "Cytunwyd.", "Themâu", "Trafnidiaeth", "Dim thema",
			"Syniadau a phleidleisiau fesul thema", "Cyfranogi dros amser", "Wythnos yn dechrau", "3 Tach",
			"Rhestr fer", "Bysiau", "Y gefnogaeth fwyaf.", "Camau gweithredu agored", "Ysgrifennu at y cwmni bysiau 2",
			"Tudalen 1 o"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			pdf := writeTestPack(t, testPack(), tc.lang)
			raw := pdfText(t, pdf)
			text := spaces.ReplaceAllString(raw, " ")
			for _, s := range tc.want {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for i := 1; i <= 30; i++ {
				if i != 2 && i != 3 && i != 5 && !strings.Contains(text, fmt.Sprintf("Syniad rhif %d: llwybr beicio ŵ", i)) {
					t.Errorf("idea %d missing", i)
				}
			}
			for _, s := range []string{"HIDDEN-TAIL", "Hidden idea title", "\x00", "\x07"} {
				if strings.Contains(raw, s) {
					t.Errorf("text holds %q", s)
				}
			}
			info := poppler(t, pdf, "pdfinfo", "-enc", "UTF-8", "PDF")
			pages, _ := strconv.Atoi(regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)[1])
			if pages < 4 {
				t.Errorf("%d pages, want several (each section starts a page)", pages)
			}
			last := fmt.Sprintf("%d of %d", pages, pages)
			if tc.lang == "cy" {
				last = fmt.Sprintf("%d o %d", pages, pages)
			}
			if !strings.Contains(text, last) || strings.Count(raw, "\f") != pages {
				t.Errorf("footer %q missing or page breaks wrong (%d pages)", last, pages)
			}
			if !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) || !regexp.MustCompile(`(?m)^Page size:.*\(A4\)$`).MatchString(info) ||
				!regexp.MustCompile(`(?m)^Creator:\s+Syniad$`).MatchString(info) || !strings.Contains(info, "ŵy") {
				t.Errorf("metadata:\n%s", info)
			}
		})
	}
}

// Without consultations the pack says so instead of themes, participation and shortlists; an
// empty agenda and action log are said in words too.
func TestPackPDFNoConsultations(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, time.June, 11, 10, 0, 0, 0, models.London)
	p := &models.MeetingPack{Meeting: &models.Meeting{Title: "Quiet meeting", StartsAt: at, EndsAt: at.Add(time.Hour)},
		GeneratedAt: at.AddDate(0, 0, -7), Participation: models.Participation{Periods: testPack().Participation.Periods}}
	text := spaces.ReplaceAllString(pdfText(t, writeTestPack(t, p, "en")), " ")
	for _, s := range []string{"Nothing is on the agenda yet.", "No consultations are run for this board", "The board has no open actions."} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q", s)
		}
	}
	for _, s := range []string{"Themes", "Participation over time", "Shortlist"} {
		if strings.Contains(text, s) {
			t.Errorf("text has %q", s)
		}
	}
}

// Whatever people type, the pack is printed: every field filled with hostile text, invalid
// UTF-8 and one endless word, and monthly participation over many periods.
func TestPackPDFHostileInput(t *testing.T) {
	t.Parallel()
	for i, s := range []string{
		packHostile + " \U0001F469\u200D\U0001F469\u200D\U0001F467 \U0010FFFF \uFFFE",
		"\xff\xfe invalid \xc3 UTF-8 \xed\xa0\x80" + strings.Repeat("\n \n", 200),
		strings.Repeat("W", 3000),
	} {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			hostilePack(t, s)
		})
	}
}

// hostilePack puts s in every field people type and prints the pack.
func hostilePack(t *testing.T, s string) {
	p := testPack()
	p.Meeting.Title, p.Meeting.TitleCy, p.Meeting.Location, p.Meeting.OnlineURL = s, s, s, s
	p.Meeting.Board.Name = s
	p.Items[0].Title, p.Items[0].Description, p.Items[0].Presenters, p.Items[0].Outcome = s, s, s, s
	for _, idea := range p.Items[0].Ideas {
		idea.Title = s
	}
	p.Comments[101][0].Body, p.Comments[101][0].AuthorHandle = s, s
	p.Themes[0].Name = s
	p.Shortlists[0].Consultation.Title = s
	p.Shortlists[0].Entries[1].Idea = nil
	p.Shortlists[0].Entries[0].Rationale = s
	p.OpenActions[0].Reference, p.OpenActions[0].Description, p.OpenActions[0].OwnerName = s, s, s
	p.Participation.Monthly = true
	p.Participation.Periods = nil
	for i := 0; i < models.MaxPeriods; i++ {
		p.Participation.Periods = append(p.Participation.Periods, models.PeriodCount{
			Start: time.Date(2024, time.Month(1+i), 1, 0, 0, 0, 0, models.London), Ideas: int64(i * 37), Votes: int64(i * i * 91)})
	}
	pdf := writeTestPack(t, p, "en")
	if !bytes.Contains(pdf, []byte("/StructTreeRoot")) {
		t.Error("the hostile pack is not tagged")
	}
	// The script in the text is text: nothing ran to change the page.
	if text := pdfText(t, pdf); strings.Contains(s, "<script>") && !strings.Contains(text, "<script>alert('x')</script>") {
		t.Errorf("the hostile title is not printed as text:\n%.300s", text)
	}
}

// Without Chromium there is no PDF, and the error says what is missing.
func TestPackPDFWithoutChromium(t *testing.T) {
	pr := NewPDFPrinter(filepath.Join(t.TempDir(), "no-such-chromium"))
	if pr.Available() {
		t.Fatal("a missing browser is available")
	}
	err := WritePackPDF(t.Context(), &bytes.Buffer{}, pr, testPack(), "en", "")
	if !errors.Is(err, ErrNoChromium) || !strings.Contains(err.Error(), "Chromium") {
		t.Errorf("err = %v, want ErrNoChromium", err)
	}
}

// Prints wait for one of MaxPDFPrints places, and give up when their time is up rather than
// queue without end behind slow ones.
func TestPackPDFPrintsWaitTheirTurn(t *testing.T) {
	pr := NewPDFPrinter("")
	pr.Path, pr.timeout = "/bin/false", 50*time.Millisecond // never started: every place is taken
	for range MaxPDFPrints {
		pr.slots <- struct{}{}
	}
	_, err := pr.Print(t.Context(), "<!DOCTYPE html><title>x</title>", "", "")
	if !errors.Is(err, ErrPrinterBusy) {
		t.Errorf("err = %v, want a timeout waiting for a place", err)
	}
}
