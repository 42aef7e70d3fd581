package models_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// importDB is a database with an open, a closed and a draft consultation, and a staff member.
func importDB(t *testing.T) (*gorm.DB, *models.User) {
	t.Helper()
	db := newDB(t)
	staff := mustRole(t, db, "staff", models.RoleStaff)
	mustConsultation(t, db, "open", "open")
	mustConsultation(t, db, "closed", "closed")
	mustConsultation(t, db, "draft", "draft")
	return db, staff
}

func TestImportGoodFile(t *testing.T) {
	longWelsh := strings.Repeat("ŵ", models.MaxTitle) // 120 letters, 240 bytes: at the limit
	type stored struct {
		consultation, title, body, source, url string
	}
	want := []stored{
		{"open", "Gŵyl ddigidol i'r ŷd", "Corff gyda ŵ ac ŷ\nar ddwy linell", "@mattinwales on Twitter", "https://twitter.com/mattinwales/status/1"},
		{"closed", `Say "please"`, `A body, with "quotes" and a comma`, "Workshop, Bangor", ""},
		{"open", longWelsh, "Hir", "Llythyr", "http://example.org/letter"},
	}
	rows := `open,Gŵyl ddigidol i'r ŷd,"Corff gyda ŵ ac ŷ
ar ddwy linell",@mattinwales on Twitter,https://twitter.com/mattinwales/status/1
closed,"Say ""please""","A body, with ""quotes"" and a comma","Workshop, Bangor",

open,` + longWelsh + `,Hir,Llythyr,http://example.org/letter
`
	header := "consultation,title,body,source_name,source_url\n"
	for _, tc := range []struct {
		name string
		file string
	}{
		{"plain", header + rows},
		{"Excel: byte-order mark and CRLF", "\ufeff" + strings.ReplaceAll(header+rows, "\n", "\r\n")},
		{"byte-order mark before a quoted header", "\ufeff\"consultation\",\"title\",\"body\",\"source_name\",\"source_url\"\n" + rows},
		{"columns in another order, in capitals, with spaces", " Source_URL , TITLE,consultation ,source_name,body\n" +
			`https://twitter.com/mattinwales/status/1,Gŵyl ddigidol i'r ŷd,open,@mattinwales on Twitter,"Corff gyda ŵ ac ŷ
ar ddwy linell"
,"Say ""please""",closed,"Workshop, Bangor","A body, with ""quotes"" and a comma"
http://example.org/letter,` + longWelsh + `,open,Llythyr,Hir
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, staff := importDB(t)
			preview, n, err := models.ImportIdeas(ctx, db, staff, strings.NewReader(tc.file))
			if err != nil || n != 3 || !preview.OK() || preview.BadRows() != 0 {
				t.Fatalf("import: %d ideas, %v, preview %+v", n, err, preview)
			}
			var ideas []struct {
				models.Idea
				Slug string
			}
			db.Raw("SELECT i.*, c.slug FROM ideas i JOIN consultations c ON c.id = i.consultation_id ORDER BY i.id").Scan(&ideas)
			if len(ideas) != 3 {
				t.Fatalf("%d ideas stored, want 3", len(ideas))
			}
			for n, idea := range ideas {
				w := want[n]
				got := stored{idea.Slug, idea.Title, idea.Body, idea.SourceName, idea.SourceURL}
				if got != w {
					t.Errorf("idea %d:\n got  %q\n want %q", n, got, w)
				}
				if idea.AuthorID != nil || idea.RecordedByID == nil || *idea.RecordedByID != staff.ID ||
					idea.Status != models.StatusNew || idea.BodyHTML == "" || idea.VoteCount != 0 {
					t.Errorf("idea %d: author %v recorded by %v status %s html %q", n, idea.AuthorID, idea.RecordedByID, idea.Status, idea.BodyHTML)
				}
			}
			var events []models.Event
			db.Where("verb = ?", models.VerbIdeaRecorded).Order("id").Find(&events)
			var wantEvents []ev
			for n, idea := range ideas {
				wantEvents = append(wantEvents, ev{models.VerbIdeaRecorded, staff.ID, "idea", idea.ID, idea.ID, "", want[n].source, ""})
			}
			checkEvents(t, events, wantEvents)
			// Recorded ideas are public like any other, attributed to their source.
			got, err := models.IdeaByID(ctx, db, ideas[0].ID, 0)
			if err != nil || got.AuthorHandle != "" || got.SourceName != "@mattinwales on Twitter" {
				t.Errorf("shown as %+v %v", got, err)
			}
		})
	}
}

func TestImportWithABadRowImportsNothing(t *testing.T) {
	db, staff := importDB(t)
	const header = "consultation,title,body,source_name,source_url\n"
	const good = "open,A good idea,Its body,Someone,https://example.org/\n"
	row := func(fields ...string) string { return strings.Join(fields, ",") + "\n" }

	for _, tc := range []struct {
		name  string
		file  string
		lines []int                 // the line each row of the preview starts on
		bad   map[int]models.Errors // line → problems
	}{
		{"unknown consultation", header + good + row("nowhere", "T", "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"consultation": "error.consultation.unknown"}}},
		{"draft consultation", header + good + row("draft", "T", "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"consultation": "error.consultation.unknown"}}},
		{"no consultation", header + good + row("", "T", "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"consultation": "error.consultation.required"}}},
		{"missing title", header + good + row("open", "  ", "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"title": "error.title.required"}}},
		{"title too long", header + good + row("open", strings.Repeat("ŷ", models.MaxTitle+1), "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"title": "error.title.too_long"}}},
		{"body too long", header + good + row("open", "T", strings.Repeat("b", models.MaxIdeaBody+1), "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"body": "error.body.too_long"}}},
		{"no source", header + good + row("open", "T", "B", "", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"source_name": "error.source_name.required"}}},
		{"javascript: link", header + good + row("open", "T", "B", "S", "javascript:alert(1)") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"source_url": "error.source_url.invalid"}}},
		{"link without a host", header + good + row("open", "T", "B", "S", "https:///path") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"source_url": "error.source_url.invalid"}}},
		{"ftp link", header + good + row("open", "T", "B", "S", "ftp://example.org/x") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"source_url": "error.source_url.invalid"}}},
		{"invalid UTF-8", header + good + row("open", "T", "Latin-1 \xe9t\xe9", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"body": "error.invalid_utf8"}}},
		{"control character", header + good + row("open", "Bell\x07", "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"title": "error.control_chars"}}},
		{"too few fields", header + good + row("open", "Only a title") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"body": "error.body.required", "source_name": "error.source_name.required"}}},
		{"several problems in one row", header + good + row("nowhere", "", "B", "S", "javascript:x") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"consultation": "error.consultation.unknown", "title": "error.title.required",
				"source_url": "error.source_url.invalid"}}},
		{"stray quote inside a field", header + good + row("open", `Ti"tle`, "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"row": "error.import.malformed"}}},
		{"stray quote in the first field", header + good + row(`op"en`, "T", "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"row": "error.import.malformed"}}},
		{"text after a closing quote", header + good + row("open", `"Title" extra`, "B", "S", "") + good,
			[]int{2, 3, 4}, map[int]models.Errors{3: {"row": "error.import.malformed"}}},
		{"unclosed quote runs to the end", header + good + row("open", `"Title`, "B", "S", "") + good + good,
			[]int{2, 3}, map[int]models.Errors{3: {"row": "error.import.malformed"}}},
		{"bad rows after multi-line bodies are named by their own lines",
			header + "open,T,\"Three\nline\nbody\",S,\n" + row("nowhere", "T", "B", "S", "") + "\n" + good + row("open", "T", "B", "S", "javascript:x"),
			[]int{2, 5, 7, 8}, map[int]models.Errors{5: {"consultation": "error.consultation.unknown"}, 8: {"source_url": "error.source_url.invalid"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			preview, n, err := models.ImportIdeas(ctx, db, staff, strings.NewReader(tc.file))
			if err != nil || n != 0 || preview.OK() || preview.FileError != "" {
				t.Fatalf("import: %d ideas, %v, file error %q, OK %v", n, err, preview.FileError, preview.OK())
			}
			if snapshot(t, db) != before {
				t.Error("a file with a bad row stored something")
			}
			var lines []int
			for _, r := range preview.Rows {
				lines = append(lines, r.Line)
				if !sameErrors(r.Errors, tc.bad[r.Line]) {
					t.Errorf("line %d: problems %v, want %v", r.Line, r.Errors, tc.bad[r.Line])
				}
			}
			if fmt.Sprint(lines) != fmt.Sprint(tc.lines) {
				t.Errorf("rows on lines %v, want %v", lines, tc.lines)
			}
			if preview.BadRows() != len(tc.bad) {
				t.Errorf("%d bad rows, want %d", preview.BadRows(), len(tc.bad))
			}
		})
	}
}

func TestImportFileProblems(t *testing.T) {
	db, staff := importDB(t)
	const header = "consultation,title,body,source_name,source_url\n"
	rows := func(n int) string {
		var b strings.Builder
		b.WriteString(header)
		for i := range n {
			fmt.Fprintf(&b, "open,Idea %d,Body,Source,\n", i)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		file string
		want string
	}{
		{"empty file", "", "error.import.empty"},
		{"only a byte-order mark", "\ufeff", "error.import.empty"},
		{"only blank lines", "\n\n\n", "error.import.empty"},
		{"header only", header, "error.import.empty"},
		{"header and blank rows", header + "\n,,,,\n\n", "error.import.empty"},
		{"no source_name column", "consultation,title,body\nopen,T,B\n", "error.import.columns"},
		{"no header at all", "open,T,B,S,\n", "error.import.columns"},
		{"columns separated by semicolons", "consultation;title;body;source_name\nopen;T;B;S\n", "error.import.columns"},
		{"too many rows", rows(models.MaxImportRows + 1), "error.import.too_many"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			preview, n, err := models.ImportIdeas(ctx, db, staff, strings.NewReader(tc.file))
			if err != nil || n != 0 || preview.FileError != tc.want || preview.OK() {
				t.Errorf("got %d ideas, %v, file error %q; want %q", n, err, preview.FileError, tc.want)
			}
			if snapshot(t, db) != before {
				t.Error("a bad file stored something")
			}
		})
	}

	// The limit itself is allowed; previewing stores nothing.
	before := snapshot(t, db)
	preview, err := models.ParseImport(ctx, db, strings.NewReader(rows(models.MaxImportRows)))
	if err != nil || !preview.OK() || len(preview.Rows) != models.MaxImportRows || preview.Rows[999].Line != 1001 {
		t.Errorf("preview of %d rows: %d rows, file error %q, %v", models.MaxImportRows, len(preview.Rows), preview.FileError, err)
	}
	if snapshot(t, db) != before {
		t.Error("a preview stored something")
	}
}

func TestRecordExternalIdea(t *testing.T) {
	db, staff := importDB(t)
	good := models.ExternalIdea{Consultation: " closed ", Title: " Gŵyl ", Body: "Syniad o weithdy", SourceName: "Workshop, Bangor",
		SourceURL: "https://example.org/notes"}
	for _, tc := range []struct {
		name string
		edit func(*models.ExternalIdea)
		want models.Errors
	}{
		{"unknown consultation", func(e *models.ExternalIdea) { e.Consultation = "nowhere" }, models.Errors{"consultation": "error.consultation.unknown"}},
		{"draft consultation", func(e *models.ExternalIdea) { e.Consultation = "draft" }, models.Errors{"consultation": "error.consultation.unknown"}},
		{"no title", func(e *models.ExternalIdea) { e.Title = "" }, models.Errors{"title": "error.title.required"}},
		{"no body", func(e *models.ExternalIdea) { e.Body = "" }, models.Errors{"body": "error.body.required"}},
		{"no source", func(e *models.ExternalIdea) { e.SourceName = " " }, models.Errors{"source_name": "error.source_name.required"}},
		{"data: link", func(e *models.ExternalIdea) { e.SourceURL = "data:text/html,<script>alert(1)</script>" }, models.Errors{"source_url": "error.source_url.invalid"}},
		{"relative link", func(e *models.ExternalIdea) { e.SourceURL = "/ideas/1" }, models.Errors{"source_url": "error.source_url.invalid"}},
		{"link too long", func(e *models.ExternalIdea) { e.SourceURL = "https://example.org/" + strings.Repeat("a", 500) }, models.Errors{"source_url": "error.source_url.too_long"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			tc.edit(&in)
			before := snapshot(t, db)
			idea, errs, err := models.RecordExternalIdea(ctx, db, staff, in)
			if err != nil || idea != nil || !sameErrors(errs, tc.want) {
				t.Errorf("got %v %v %v, want %v", idea, errs, err, tc.want)
			}
			if snapshot(t, db) != before {
				t.Error("invalid external idea stored something")
			}
		})
	}
	// Staff may record ideas for a closed consultation: they were made while it was open.
	idea, errs, err := models.RecordExternalIdea(ctx, db, staff, good)
	if err != nil || errs.Any() {
		t.Fatalf("record: %v %v", errs, err)
	}
	got := loadIdea(t, db, idea.ID)
	if got.Title != "Gŵyl" || got.AuthorID != nil || got.RecordedByID == nil || *got.RecordedByID != staff.ID ||
		got.SourceURL != "https://example.org/notes" {
		t.Errorf("stored %+v", got)
	}
	if _, err := models.SetVote(ctx, db, idea.ID, staff.ID, true); !errors.Is(err, models.ErrConflict) {
		t.Errorf("vote on an idea in a closed consultation: %v", err)
	}
}
