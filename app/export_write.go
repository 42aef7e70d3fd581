package app

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// Exports of ideas for staff, the panel and the board: themes with their ideas, as CSV, JSON
// or an Excel workbook. Every format streams: ideas are read a batch at a time and written
// out as they come, so an export of a hundred thousand ideas holds one batch in memory.
//
// Whatever a citizen typed comes out as that text and is never run: JSON and XLSX hold it as
// plain strings (never formulas), and in CSV a cell that a spreadsheet would read as a formula
// starts with an apostrophe (see csvSafe).

// IdeaExport is one export of ideas, in one language.
type IdeaExport struct {
	DB      *gorm.DB
	Query   models.ExportQuery
	Tr      *Translator
	Lang    string
	BaseURL string
	Now     time.Time
	// Filters describe what was chosen, one line each, for the summary.
	Filters []string
	// Progress, if set, is told how many ideas have been written, after each batch.
	Progress func(written int64)

	statuses map[string]string // translated status names, looked up once per export
}

// statusLabel is a status's name in the export's language.
func (e *IdeaExport) statusLabel(status string) string {
	label, ok := e.statuses[status]
	if !ok {
		if e.statuses == nil {
			e.statuses = map[string]string{}
		}
		label = e.Tr.T(e.Lang, "status."+status)
		e.statuses[status] = label
	}
	return label
}

// exportColumns are the message ids of an idea row's headings, in order.
var exportColumns = []string{"export.col_id", "export.col_title", "export.col_themes", "export.col_status",
	"export.col_votes", "export.col_comments", "export.col_author", "export.col_created", "export.col_link",
	"export.col_response", "export.col_response_cy", "export.col_consultation"}

// headings translates the column headings.
func (e *IdeaExport) headings() []string {
	out := make([]string, len(exportColumns))
	for n, id := range exportColumns {
		out[n] = e.Tr.T(e.Lang, id)
	}
	return out
}

func (e *IdeaExport) themeNames(idea *models.ExportIdea) string {
	names := make([]string, len(idea.Themes))
	for n, t := range idea.Themes {
		names[n] = inLang(e.Lang, t.Name, t.NameCy)
	}
	return strings.Join(names, "; ")
}

// authorOrSource is the public handle of an idea's author, or the source it was recorded from.
func authorOrSource(idea *models.ExportIdea) string {
	if idea.AuthorHandle != "" {
		return idea.AuthorHandle
	}
	if idea.SourceURL != "" {
		return idea.SourceName + " (" + idea.SourceURL + ")"
	}
	return idea.SourceName
}

func (e *IdeaExport) ideaURL(id int64) string {
	return strings.TrimRight(e.BaseURL, "/") + "/ideas/" + strconv.FormatInt(id, 10)
}

// each walks the export's ideas (or one sheet's), reporting progress after every batch.
func (e *IdeaExport) each(ctx context.Context, q models.ExportQuery, written *int64, fn func(*models.ExportIdea) error) error {
	return models.EachExportIdea(ctx, e.DB, q, func(idea *models.ExportIdea) error {
		if err := fn(idea); err != nil {
			return err
		}
		*written++
		if e.Progress != nil && *written%models.ExportBatch == 0 {
			e.Progress(*written)
		}
		return nil
	})
}

func (e *IdeaExport) done(written int64) {
	if e.Progress != nil && written%models.ExportBatch != 0 {
		e.Progress(written)
	}
}

// WriteCSV writes one row per idea, with a byte-order mark so spreadsheet programs read the
// Welsh letters as UTF-8.
func (e *IdeaExport) WriteCSV(ctx context.Context, w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(e.headings()); err != nil {
		return err
	}
	var written int64
	err := e.each(ctx, e.Query, &written, func(idea *models.ExportIdea) error {
		return cw.Write(csvRow(strconv.FormatInt(idea.ID, 10), idea.Title, e.themeNames(idea),
			e.statusLabel(idea.Status), strconv.Itoa(idea.VoteCount), strconv.Itoa(idea.CommentCount),
			authorOrSource(idea), idea.CreatedAt.In(models.London).Format("2006-01-02 15:04"), e.ideaURL(idea.ID),
			idea.Response, idea.ResponseCy, idea.ConsultationSlug))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	e.done(written)
	return cw.Error()
}

// csvRow makes every cell of a row safe to open in a spreadsheet.
func csvRow(cells ...string) []string {
	for n, c := range cells {
		cells[n] = csvSafe(c)
	}
	return cells
}

// csvSafe stops a spreadsheet program reading a cell as a formula. A cell that begins with
// =, +, -, @, a tab or a carriage return starts with an apostrophe, which spreadsheets show
// as text. So that the rule can always be undone, a cell that already begins with an
// apostrophe gets one more: removing the first apostrophe of any cell that begins with one
// (as the open data page says) gives the text exactly as typed.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r'", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportJSONIdea is an idea in the staff export's JSON.
type exportJSONIdea struct {
	ID           int64             `json:"id"`
	Title        string            `json:"title"`
	Themes       []exportJSONTheme `json:"themes"`
	Status       string            `json:"status"`
	Votes        int               `json:"votes"`
	Comments     int               `json:"comments"`
	Author       *string           `json:"author"`
	Source       *sourceJSON       `json:"source"`
	CreatedAt    string            `json:"created_at"`
	URL          string            `json:"url"`
	Response     *string           `json:"response"`
	ResponseCy   *string           `json:"response_cy"`
	Consultation string            `json:"consultation"`
	Shortlist    *int              `json:"shortlist_rank"`
}

type exportJSONTheme struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	NameCy string `json:"name_cy"`
}

type exportJSONTotal struct {
	exportJSONTheme
	Ideas    int64 `json:"ideas"`
	Votes    int64 `json:"votes"`
	Comments int64 `json:"comments"`
}

func jsonThemes(ts []models.Theme) []exportJSONTheme {
	out := make([]exportJSONTheme, len(ts))
	for n, t := range ts {
		out[n] = exportJSONTheme{Slug: t.Slug, Name: t.Name, NameCy: t.NameCy}
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// WriteJSON writes {"generated_at","filters","themes":[…],"ideas":[…]}, the ideas streamed.
func (e *IdeaExport) WriteJSON(ctx context.Context, w io.Writer) error {
	totals, err := models.ExportThemes(ctx, e.DB, e.Query)
	if err != nil {
		return err
	}
	themes := make([]exportJSONTotal, len(totals))
	for n, t := range totals {
		themes[n] = exportJSONTotal{exportJSONTheme: exportJSONTheme{Slug: t.Slug, Name: t.Name, NameCy: t.NameCy},
			Ideas: t.Ideas, Votes: t.Votes, Comments: t.Comments}
	}
	head, err := json.Marshal(map[string]any{"generated_at": rfc3339(e.Now), "filters": e.Filters, "themes": themes})
	if err != nil {
		return err
	}
	// The head object is closed by hand so the ideas can follow it as they are read.
	if _, err := w.Write(append(head[:len(head)-1], []byte(`,"ideas":[`)...)); err != nil {
		return err
	}
	var written int64
	err = e.each(ctx, e.Query, &written, func(idea *models.ExportIdea) error {
		row := exportJSONIdea{ID: idea.ID, Title: idea.Title, Themes: jsonThemes(idea.Themes), Status: idea.Status,
			Votes: idea.VoteCount, Comments: idea.CommentCount, Author: optional(idea.AuthorHandle),
			CreatedAt: rfc3339(idea.CreatedAt), URL: e.ideaURL(idea.ID), Response: optional(idea.Response),
			ResponseCy: optional(idea.ResponseCy), Consultation: idea.ConsultationSlug, Shortlist: idea.ShortlistRank}
		if idea.AuthorHandle == "" && idea.SourceName != "" {
			row.Source = &sourceJSON{Name: idea.SourceName, URL: idea.SourceURL}
		}
		return writeJSONItem(w, written == 0, row)
	})
	if err != nil {
		return err
	}
	e.done(written)
	_, err = io.WriteString(w, "]}\n")
	return err
}

// writeJSONItem writes one element of a streamed JSON array.
func writeJSONItem(w io.Writer, first bool, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if !first {
		if _, err := io.WriteString(w, ",\n"); err != nil {
			return err
		}
	}
	_, err = w.Write(b)
	return err
}

// WriteXLSX writes a workbook: a summary sheet (what was chosen and each theme's ideas, votes
// and comments), then one sheet per theme listing its ideas, and a last sheet for ideas with
// no theme. excelize builds the workbook; the rows of the theme sheets are streamed into it
// as the archive is written (see rowStreamer), so they are never all in memory.
func (e *IdeaExport) WriteXLSX(ctx context.Context, w io.Writer) error {
	totals, err := models.ExportThemes(ctx, e.DB, e.Query)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetDocProps(&excelize.DocProperties{Title: e.Tr.T(e.Lang, "export.summary_heading"),
		Creator: e.Tr.T(e.Lang, "service.name"), Language: map[string]string{"cy": "cy-GB"}[e.Lang]})
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd hh:mm"
	dated, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}

	summary := e.Tr.T(e.Lang, "export.summary_sheet")
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return err
	}
	row := 1
	set := func(values ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return f.SetSheetRow(summary, cell, &values)
	}
	if err := set(e.Tr.T(e.Lang, "export.summary_heading")); err != nil {
		return err
	}
	f.SetCellStyle(summary, "A1", "A1", bold)
	if err := set(e.Tr.T(e.Lang, "export.generated"), e.Now.In(models.London).Format("2006-01-02 15:04")); err != nil {
		return err
	}
	for _, line := range e.Filters {
		if err := set(e.Tr.T(e.Lang, "export.filters"), xmlText(line)); err != nil {
			return err
		}
	}
	row++
	top := row
	if err := set(e.Tr.T(e.Lang, "export.col_theme"), e.Tr.T(e.Lang, "export.col_ideas"),
		e.Tr.T(e.Lang, "export.col_votes"), e.Tr.T(e.Lang, "export.col_comments")); err != nil {
		return err
	}
	f.SetRowStyle(summary, top, top, bold)

	// One sheet per theme, named after it, with its heading row; the rows come later.
	stream := &rowStreamer{export: e, ctx: ctx, sheets: map[string]*sheetRows{}, wrap: wrap, dated: dated}
	names := map[string]bool{strings.ToLower(summary): true}
	ids := map[string]int{} // sheet name → sheet id
	for _, t := range totals {
		label := inLang(e.Lang, t.Name, t.NameCy)
		q := e.Query
		q.ThemeID = t.ID
		if t.ID == 0 {
			label, q.Unthemed = e.Tr.T(e.Lang, "pack.no_theme"), true
		}
		name := sheetName(label, names)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := set(xmlText(label), t.Ideas, t.Votes, t.Comments); err != nil {
			return err
		}
		headings := e.headings()
		values := make([]any, len(headings))
		for n, h := range headings {
			values[n] = h
		}
		if err := f.SetSheetRow(name, "A1", &values); err != nil {
			return err
		}
		f.SetRowStyle(name, 1, 1, bold)
		f.SetColWidth(name, "A", "A", 8)
		f.SetColWidth(name, "B", "B", 50)
		f.SetColWidth(name, "C", "C", 30)
		f.SetColWidth(name, "D", "G", 14)
		f.SetColWidth(name, "H", "H", 17)
		f.SetColWidth(name, "I", "I", 30)
		f.SetColWidth(name, "J", "K", 50)
		f.SetColWidth(name, "L", "L", 20)
		f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		last, _ := excelize.CoordinatesToCellName(len(headings), int(t.Ideas)+1)
		if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
			return err
		}
		stream.sheets[name] = &sheetRows{query: q, rows: t.Ideas}
	}
	ideasTotal, err := models.ExportCount(ctx, e.DB, e.Query)
	if err != nil {
		return err
	}
	if err := set(e.Tr.T(e.Lang, "export.total"), ideasTotal); err != nil {
		return err
	}
	f.SetRowStyle(summary, row-1, row-1, bold)
	f.SetColWidth(summary, "A", "A", 40)
	f.SetColWidth(summary, "B", "D", 14)
	for id, name := range f.GetSheetMap() {
		ids[name] = id
	}
	stream.paths = map[string]*sheetRows{}
	for name, rows := range stream.sheets {
		stream.paths[fmt.Sprintf("xl/worksheets/sheet%d.xml", ids[name])] = rows
	}

	stream.out = zip.NewWriter(w)
	f.ZipWriter = func(io.Writer) excelize.ZipWriter { return stream }
	if _, err := f.WriteTo(io.Discard); err != nil {
		return err
	}
	e.done(stream.written)
	return nil
}

// sheetName makes a theme's name a valid, unused sheet name: at most 31 characters, none of
// : \ / ? * [ ], not starting or ending with an apostrophe, unique ignoring case.
func sheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 {
			return ' '
		}
		return r
	}, xmlText(name))
	name = strings.Trim(strings.TrimSpace(name), "'")
	if name == "" || strings.EqualFold(name, "history") {
		name = "Theme"
	}
	base := truncateRunes(name, 31)
	name = base
	for n := 2; used[strings.ToLower(name)]; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		name = truncateRunes(base, 31-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

// sheetRows is what one theme sheet lists.
type sheetRows struct {
	query models.ExportQuery
	rows  int64
}

// rowStreamer is the zip archive excelize writes the workbook into. It passes every part
// through, except that in each theme sheet it writes the ideas' rows, read from the
// database a batch at a time, just before the end of the sheet's data. excelize writes each
// sheet part in one piece (holding only its heading row), so the part is held until the next
// part begins and then completed.
type rowStreamer struct {
	export       *IdeaExport
	ctx          context.Context
	out          *zip.Writer
	sheets       map[string]*sheetRows // by sheet name
	paths        map[string]*sheetRows // by part path
	wrap, dated  int
	pending      *sheetRows
	pendingW     io.Writer
	pendingParts bytes.Buffer
	written      int64
	failed       error
}

func (z *rowStreamer) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	w, err := z.out.Create(name)
	if err != nil {
		return nil, err
	}
	if rows := z.paths[name]; rows != nil {
		z.pending, z.pendingW = rows, w
		z.pendingParts.Reset()
		return &z.pendingParts, nil
	}
	return w, nil
}

func (z *rowStreamer) AddFS(fsys fs.FS) error { return z.out.AddFS(fsys) }

// Close ends the archive, unless a sheet failed: then the archive is left without its
// directory, so nothing can mistake it for a whole workbook (excelize closes it even after
// an error).
func (z *rowStreamer) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	return z.out.Close()
}

// finish completes a held sheet part: its start, the streamed rows, its end. Its first
// failure is kept and returned from then on.
func (z *rowStreamer) finish() error {
	if z.failed != nil {
		return z.failed
	}
	if err := z.complete(); err != nil {
		z.failed = err
		return err
	}
	return nil
}

func (z *rowStreamer) complete() error {
	if z.pending == nil {
		return nil
	}
	rows, w := z.pending, z.pendingW
	z.pending = nil
	part := z.pendingParts.Bytes()
	at := bytes.LastIndex(part, []byte("</sheetData>"))
	if at < 0 {
		return fmt.Errorf("xlsx: sheet part has no sheetData")
	}
	// The dimension excelize wrote covers the heading row only; it is optional, so it goes
	// rather than claim a size the streamed rows might not match.
	if _, err := w.Write(dimension.ReplaceAll(part[:at], nil)); err != nil {
		return err
	}
	e := z.export
	r := 1
	var buf bytes.Buffer
	err := e.each(z.ctx, rows.query, &z.written, func(idea *models.ExportIdea) error {
		r++
		buf.Reset()
		fmt.Fprintf(&buf, `<row r="%d">`, r)
		numberCell(&buf, "A", r, 0, float64(idea.ID))
		textCell(&buf, "B", r, z.wrap, idea.Title)
		textCell(&buf, "C", r, z.wrap, e.themeNames(idea))
		textCell(&buf, "D", r, 0, e.statusLabel(idea.Status))
		numberCell(&buf, "E", r, 0, float64(idea.VoteCount))
		numberCell(&buf, "F", r, 0, float64(idea.CommentCount))
		textCell(&buf, "G", r, z.wrap, authorOrSource(idea))
		numberCell(&buf, "H", r, z.dated, excelTime(idea.CreatedAt))
		textCell(&buf, "I", r, 0, e.ideaURL(idea.ID))
		textCell(&buf, "J", r, z.wrap, idea.Response)
		textCell(&buf, "K", r, z.wrap, idea.ResponseCy)
		textCell(&buf, "L", r, 0, idea.ConsultationSlug)
		buf.WriteString(`</row>`)
		_, err := w.Write(buf.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	_, err = w.Write(part[at:])
	return err
}

var dimension = regexp.MustCompile(`<dimension [^>]*(/>|></dimension>)`)

// textCell writes an inline string cell: text, never a formula, whatever it begins with.
func textCell(buf *bytes.Buffer, col string, row, style int, s string) {
	if s == "" {
		return
	}
	fmt.Fprintf(buf, `<c r="%s%d" t="inlineStr"`, col, row)
	if style != 0 {
		fmt.Fprintf(buf, ` s="%d"`, style)
	}
	buf.WriteString(`><is><t xml:space="preserve">`)
	xmlEscape(buf, xmlText(s))
	buf.WriteString(`</t></is></c>`)
}

func numberCell(buf *bytes.Buffer, col string, row, style int, v float64) {
	fmt.Fprintf(buf, `<c r="%s%d"`, col, row)
	if style != 0 {
		fmt.Fprintf(buf, ` s="%d"`, style)
	}
	fmt.Fprintf(buf, `><v>%s</v></c>`, strconv.FormatFloat(v, 'f', -1, 64))
}

// excelTime is a moment as a spreadsheet serial date in London time.
func excelTime(t time.Time) float64 {
	local := t.In(models.London)
	wall := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC)
	return wall.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

func xmlEscape(buf *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '<':
			buf.WriteString("&lt;")
		case '>':
			buf.WriteString("&gt;")
		case '&':
			buf.WriteString("&amp;")
		case '"':
			buf.WriteString("&quot;")
		case '\r':
			buf.WriteString("&#13;")
		default:
			buf.WriteRune(r)
		}
	}
}

// inLang is the Welsh version of official text when the reader's language is Welsh and there
// is one, else the English.
func inLang(lang, en, cy string) string {
	if lang == "cy" && cy != "" {
		return cy
	}
	return en
}

// xmlText drops what XML 1.0 cannot hold (section 2.2) and the C1 controls it only
// tolerates: control characters other than tab, newline and carriage return, and the
// non-characters U+FFFE and U+FFFF. Workbooks and Atom feeds both use it.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff:
			return -1
		}
		return r
	}, s)
}
