package app

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

const (
	packWelshTitle = "Gŵyl Dewi: ŷd, ŵy, â ê î ô û ẃ ẁ ỳ “dyfynnod”"
	packHostile    = "<script>alert('x')</script> \u202Eevil\u202C 😀👍🏽 \x00\x07bell w\u0301 中文"
)

// testPack is a pack with Welsh, hostile text, an agenda long enough to run over several
// pages, themes and participation figures: everything WritePackPDF draws, no database needed.
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
			Status: models.StatusShortlisted, VoteCount: 40 - i, CommentCount: i % 4}}
		item.Ideas = append(item.Ideas, idea)
	}
	item.Ideas[1].Title = packHostile
	item.Ideas[2].HiddenAt = &published
	item.Ideas[2].Title = "Hidden idea title"
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

func writeTestPack(t *testing.T, p *models.MeetingPack, lang string) []byte {
	t.Helper()
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePackPDF(&buf, p, tr, lang, "https://syniad.example/"); err != nil {
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

// pdfText is the PDF's text as pdftotext -layout lays it out.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	return poppler(t, pdf, "pdftotext", "-layout", "-enc", "UTF-8", "PDF", "-")
}

var spaces = regexp.MustCompile(`\s+`)

func TestPackPDFText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang string
		want []string // in the text, with runs of white space read as one space
	}{
		{"en", []string{"Meeting pack: " + packWelshTitle, "Digital Panel", "Sunday 1 March 2026, 18:00 to 20:30",
			"Neuadd y Dref, Aberystwyth, SY23 2EB", "javascript:alert(1)", "Prepared 24 February 2026, 14:05",
			"Agenda", "Item 1: Ideas from the public", "Presenters: Siân ap Dafydd · 25 minutes", "Description in English.",
			"Ideas on this item", "Shortlisted · 39 supporters · 1 comment", "https://syniad.example/ideas/101",
			"Most-supported comments", "“Rwy’n cytuno’n llwyr â’r syniad hwn — ŵyn ar y ffordd.”", "gwen, supported by 12",
			"Long comment Long comment", "…”", "huw, supported by 3", "“Comment nobody supported yet.” zoe", "An idea that has been hidden by moderators",
			"<script>alert('x')</script> evil bell ẃ ??", "Outcome", "Agreed to take three forward.",
			"Item 2: Any other business", "No ideas are linked to this item.",
			"Themes", "Transport", "Green spaces", "No theme", "Ideas and votes by theme",
			"Participation over time", "Week beginning", "3 November 2025", "5 January 2026", "3 Nov", "2025", "2026",
			"Shortlist", "Draft: the panel has not published this shortlist yet.", "Why it is shortlisted", "Most support.",
			"Open actions", "DP-2026-001", "DP-2026-002", "DP-2026-003", "Write to the bus company 1", "Rhian Ŵ",
			"20 February 2026", "Overdue", "Latest: Letter drafted.", "In progress", "Page 1 of"}},
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
				if i != 2 && i != 3 && !strings.Contains(text, fmt.Sprintf("Syniad rhif %d: llwybr beicio ŵ", i)) {
					t.Errorf("idea %d missing", i)
				}
			}
			for _, s := range []string{"HIDDEN-TAIL", "Hidden idea title", "\u202E", "😀", "\x00", "\x07", "\uFFFD"} {
				if strings.Contains(raw, s) {
					t.Errorf("text holds %q", s)
				}
			}
			// The themes chart prints each bar's number beside the table's figure.
			for _, n := range []string{"17", "163", "88", "41"} {
				if c := len(regexp.MustCompile(`(^|\s)`+n+`(\s|$)`).FindAllString(raw, -1)); c < 2 {
					t.Errorf("%s appears %d times, want the table's and the chart's", n, c)
				}
			}
			info := poppler(t, pdf, "pdfinfo", "-enc", "UTF-8", "PDF")
			pages, _ := strconv.Atoi(regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)[1])
			if pages < 2 {
				t.Errorf("%d pages, want several", pages)
			}
			last := fmt.Sprintf("%d of %d", pages, pages)
			if tc.lang == "cy" {
				last = fmt.Sprintf("%d o %d", pages, pages)
			}
			if !strings.Contains(text, last) || strings.Count(raw, "\f") != pages {
				t.Errorf("footer %q missing or page breaks wrong (%d pages)", last, pages)
			}
			if !regexp.MustCompile(`(?m)^Creator:\s+Syniad$`).MatchString(info) || !strings.Contains(info, "ŵy") {
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

// Whatever people type, the pack is written: every field filled with text fpdf cannot draw,
// over-long words and lines, monthly participation over many periods.
func TestPackPDFHostileInput(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for r := rune(0); r < 0x3000; r += 7 {
		all.WriteRune(r)
	}
	for i, s := range []string{
		packHostile,
		all.String(),
		"\U0001F600\U0001F469\u200D\U0001F469\u200D\U0001F467\uFE0F \U00010000 \U0010FFFF \uFFFF \uFFFE",
		"\xff\xfe invalid \xc3 UTF-8 \xed\xa0\x80",
		strings.Repeat("W", 3000),
		strings.Repeat("\n \n", 2000) + "end",
		"",
	} {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			hostilePack(t, s)
		})
	}
}

// hostilePack puts s in every field people type and writes the pack.
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
	writeTestPack(t, p, "en")
}

func TestPackPDFClean(t *testing.T) {
	glyphs, err := packGlyphs()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in, multiline, oneLine string
	}{
		{packWelshTitle, packWelshTitle, packWelshTitle},
		{"w\u0301 y\u0300", "ẃ ỳ", "ẃ ỳ"},
		{"a\u200Fb\u202Ec\u200Bd", "abcd", "abcd"},
		{"emoji 😀👍🏽!", "emoji !", "emoji !"},
		{"中文 x", "?? x", "?? x"},
		{"a\x00b\x07c\td", "abc d", "abc d"},
		{"a\r\nb\n\n\n\n \nc", "a\nb\n\n c", "a b      c"},
		{"bad \xff byte", "bad \uFFFD byte", "bad \uFFFD byte"},
	} {
		if got := glyphs.clean(tc.in, true); got != tc.multiline {
			t.Errorf("clean(%q, multiline) = %q, want %q", tc.in, got, tc.multiline)
		}
		if got := glyphs.clean(tc.in, false); got != tc.oneLine {
			t.Errorf("clean(%q, one line) = %q, want %q", tc.in, got, tc.oneLine)
		}
	}
}

func TestPackPDFWebLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://meet.example/room?id=1": "https://meet.example/room?id=1",
		" http://meet.example/ŵ ":        "http://meet.example/%C5%B5",
		"javascript:alert(1)":            "",
		"file:///etc/passwd":             "",
		"https://":                       "",
		"meet.example/room":              "",
	} {
		if got := webLink(in); got != want {
			t.Errorf("webLink(%q) = %q, want %q", in, got, want)
		}
	}
}
