package app_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// Titles and text that a spreadsheet, a feed or a Markdown renderer would be tempted to
// treat as something other than text, and Welsh that must survive every format.
const (
	welshTitle   = "Gŵyl Dewi: ŷd, ŵy, â ê î ô û ẃ ẁ ỳ “dyfynnod”"
	formulaTitle = `=HYPERLINK("http://evil.example","click me")`
	plusTitle    = "+44 29 2000 0000, ring us"
	minusTitle   = "-1+2 is what we pay"
	atTitle      = "@SUM(A1:A9), cmd|' /C calc'!A0"
	markupTitle  = `<script>alert(1)</script> & "quotes", commas]]>`
	quotedTitle  = "'=not a formula', said the apostrophe"
	welshReply   = "Diolch. Byddwn yn ystyried hyn yn y cyfarfod nesaf."
)

// exportFixture is a consultation with themed, unthemed, shortlisted, answered, recorded,
// hidden, merged and draft ideas: everything an export has to include or leave out.
type exportFixture struct {
	consultation                          *models.Consultation
	welsh, open, hostile                  *models.Theme
	ideas                                 map[string]*models.Idea // by title
	hidden, merged, draft, recorded, bare *models.Idea
}

func (ta *testApp) seedExportFixture(t *testing.T) *exportFixture {
	t.Helper()
	ctx := t.Context()
	fx := &exportFixture{ideas: map[string]*models.Idea{}}
	fx.consultation = ta.seedOpenConsultation("digital")
	ta.DB.Model(fx.consultation).Update("title_cy", "Digidol yng Nghymru")
	ta.DB.Create(&models.Consultation{Slug: "draft-one", Title: "Not yet published", Status: "draft"})
	staff := ta.staffActor(t)
	theme := func(slug, name, nameCy string) *models.Theme {
		th, errs, err := models.SaveTheme(ctx, ta.DB, staff, 0, models.ThemeInput{Slug: slug, Name: name, NameCy: nameCy})
		if err != nil || errs.Any() {
			t.Fatalf("theme %s: %v %v", slug, errs, err)
		}
		return th
	}
	fx.welsh = theme("welsh-language", "Welsh language services", "Gwasanaethau Cymraeg")
	fx.open = theme("open-data", "Open data", "Data agored")
	fx.hostile = theme("odd-name", "Data: [raw] / *new*? 'quoted' and a very long name indeed", "")

	add := func(title string, themes ...*models.Theme) *models.Idea {
		idea := ta.seedIdea("digital", title)
		for _, th := range themes {
			if err := models.SetIdeaTheme(ctx, ta.DB, staff, idea.ID, th.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		fx.ideas[title] = idea
		return idea
	}
	add(welshTitle, fx.welsh, fx.open)
	add(formulaTitle, fx.open)
	add(plusTitle, fx.hostile)
	add(minusTitle, fx.welsh)
	add(atTitle)
	add(markupTitle, fx.open)
	add(quotedTitle)
	fx.bare = add("An idea with no theme")

	answered := fx.ideas[welshTitle]
	errs, err := models.SetIdeaStatus(ctx, ta.DB, staff, answered.ID, models.StatusChange{Status: models.StatusShortlisted,
		Response: "=1+1 We will look at this.", ResponseCy: welshReply})
	if err != nil || errs.Any() {
		t.Fatalf("status: %v %v", errs, err)
	}
	if errs, err := models.SetShortlistEntry(ctx, ta.DB, staff, answered.ID, models.ShortlistInput{Rank: 1, Rationale: "Popular"}); err != nil || errs.Any() {
		t.Fatalf("shortlist: %v %v", errs, err)
	}
	for n := 0; n < 3; n++ {
		voter, _ := models.SignIn(ctx, ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: fmt.Sprint("voter", n), Handle: fmt.Sprint("voter", n)})
		if _, err := models.SetVote(ctx, ta.DB, answered.ID, voter.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	fx.recorded, errs, err = models.RecordExternalIdea(ctx, ta.DB, staff, models.ExternalIdea{Consultation: "digital",
		Title: "From the thread: open the agenda", Body: "Posted elsewhere", SourceName: "@iaith_ar_lein on Mastodon",
		SourceURL: "https://social.example/@iaith_ar_lein/1"})
	if err != nil || errs.Any() {
		t.Fatalf("record: %v %v", errs, err)
	}
	if err := models.SetIdeaTheme(ctx, ta.DB, staff, fx.recorded.ID, fx.welsh.ID, true); err != nil {
		t.Fatal(err)
	}
	fx.ideas[fx.recorded.Title] = fx.recorded

	fx.hidden = ta.seedIdea("digital", "A hidden advert")
	if errs, err := models.Moderate(ctx, ta.DB, staff, models.SubjectIdea, fx.hidden.ID, true, "Advertising"); err != nil || errs.Any() {
		t.Fatalf("hide: %v %v", errs, err)
	}
	fx.merged = ta.seedIdea("digital", "Welsh first, please (a duplicate)")
	if errs, err := models.MergeIdea(ctx, ta.DB, staff, fx.merged.ID, answered.ID, "Same idea"); err != nil || errs.Any() {
		t.Fatalf("merge: %v %v", errs, err)
	}
	fx.draft = &models.Idea{ConsultationID: 0, Title: "In a draft consultation"}
	ta.DB.Raw("SELECT id FROM consultations WHERE slug = 'draft-one'").Scan(&fx.draft.ConsultationID)
	ta.DB.Create(fx.draft)
	return fx
}

// panelClient is a client signed in as a panel member.
func (ta *testApp) panelClient(t *testing.T, handle string) *client {
	t.Helper()
	c := ta.client()
	u := c.signIn(handle)
	ta.DB.Exec("UPDATE users SET role = 'panel' WHERE id = ?", u.ID)
	c.get("/")
	return c
}

// unCSV undoes the CSV's one change to text, as the open data page tells people to: it
// removes the first apostrophe of a cell that begins with one.
func unCSV(s string) string { return strings.TrimPrefix(s, "'") }

// readCSV parses a CSV download, which must start with a UTF-8 byte-order mark.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\uFEFF") {
		t.Fatalf("CSV has no byte-order mark: %.40q", body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	return rows
}

// wantIdeas are the ideas a staff export with no filters holds: every visible, unmerged idea
// in a published consultation.
func (fx *exportFixture) wantIdeas() []*models.Idea {
	var out []*models.Idea
	for _, i := range fx.ideas {
		out = append(out, i)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}

func (ta *testApp) reload(t *testing.T, id int64) models.Idea {
	t.Helper()
	var i models.Idea
	if err := ta.DB.First(&i, id).Error; err != nil {
		t.Fatal(err)
	}
	return i
}

func TestThemeExportCSV(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	fx := ta.seedExportFixture(t)
	c := ta.panelClient(t, "panel-csv")

	res, body := c.get("/exports/ideas?format=csv")
	mustStatus(t, "CSV export", res, body, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".csv") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("a staff export must not be cached: Cache-Control = %q", cc)
	}
	rows := readCSV(t, body)
	wantHead := []string{"Id", "Title", "Themes", "Status", "Votes", "Comments", "Author or source", "Shared", "Link",
		"Public response", "Public response in Welsh", "Consultation"}
	if strings.Join(rows[0], "|") != strings.Join(wantHead, "|") {
		t.Fatalf("headings = %q", rows[0])
	}
	want := fx.wantIdeas()
	if len(rows)-1 != len(want) {
		t.Fatalf("%d rows, want %d (visible, unmerged, published)", len(rows)-1, len(want))
	}
	themeNames := map[int64]string{}
	for n, idea := range want {
		row := rows[n+1]
		db := ta.reload(t, idea.ID)
		if row[0] != strconv.FormatInt(db.ID, 10) || unCSV(row[1]) != db.Title {
			t.Errorf("row %d: id/title = %q %q, want %d %q", n, row[0], row[1], db.ID, db.Title)
		}
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("row %d: cell %q would run as a formula", n, cell)
			}
		}
		if row[4] != strconv.Itoa(db.VoteCount) || row[5] != strconv.Itoa(db.CommentCount) {
			t.Errorf("row %d: votes/comments %s/%s, want %d/%d", n, row[4], row[5], db.VoteCount, db.CommentCount)
		}
		if unCSV(row[9]) != db.Response || row[10] != db.ResponseCy {
			t.Errorf("row %d: responses %q %q, want %q %q", n, row[9], row[10], db.Response, db.ResponseCy)
		}
		if row[8] != "http://localhost:3000/ideas/"+strconv.FormatInt(db.ID, 10) || row[11] != "digital" {
			t.Errorf("row %d: link/consultation %q %q", n, row[8], row[11])
		}
		themeNames[db.ID] = row[2]
	}
	if got := themeNames[fx.ideas[welshTitle].ID]; got != "Open data; Welsh language services" {
		t.Errorf("themes of the Welsh idea = %q", got)
	}
	if got := themeNames[fx.bare.ID]; got != "" {
		t.Errorf("unthemed idea has themes %q", got)
	}
	// A formula typed as a title comes back, apostrophe removed, exactly as typed.
	if !strings.Contains(body, "'"+formulaTitle[:10]) {
		t.Errorf("the formula title is not neutralised in the file")
	}
	// Author handles, or the source for recorded ideas; never names or e-mail addresses.
	for _, row := range rows[1:] {
		if row[0] == strconv.FormatInt(fx.recorded.ID, 10) && unCSV(row[6]) != "@iaith_ar_lein on Mastodon (https://social.example/@iaith_ar_lein/1)" {
			t.Errorf("recorded idea's source = %q", row[6])
		}
		if strings.Contains(row[6], "@example") {
			t.Errorf("an e-mail address leaked: %q", row[6])
		}
	}

	// In Welsh: headings, status names and theme names are Welsh; citizens' text is as typed.
	res, body = c.getIn("cy", "/exports/ideas?format=csv")
	mustStatus(t, "Welsh CSV export", res, body, http.StatusOK)
	rows = readCSV(t, body)
	if rows[0][1] != "Teitl" || rows[0][2] != "Themâu" {
		t.Errorf("Welsh headings = %q", rows[0])
	}
	for _, row := range rows[1:] {
		if row[0] == strconv.FormatInt(fx.ideas[welshTitle].ID, 10) {
			if row[1] != welshTitle || row[2] != "Data agored; Gwasanaethau Cymraeg" || row[3] != "Ar y rhestr fer" {
				t.Errorf("Welsh row = %q", row[:4])
			}
		}
	}
}

func TestThemeExportFiltersAndValidation(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	fx := ta.seedExportFixture(t)
	c := ta.panelClient(t, "panel-filters")

	ids := func(query string) []string {
		t.Helper()
		res, body := c.get("/exports/ideas?format=csv&" + query)
		mustStatus(t, query, res, body, http.StatusOK)
		var out []string
		for _, row := range readCSV(t, body)[1:] {
			out = append(out, row[0])
		}
		return out
	}
	one := strconv.FormatInt(fx.ideas[welshTitle].ID, 10)
	if got := ids("shortlisted=1"); strings.Join(got, ",") != one {
		t.Errorf("shortlisted only = %v, want [%s]", got, one)
	}
	if got := ids("status=shortlisted"); strings.Join(got, ",") != one {
		t.Errorf("status=shortlisted = %v, want [%s]", got, one)
	}
	// Duplicates are left out of other exports (they would count twice), but asked for, they come.
	if got := ids("status=duplicate"); strings.Join(got, ",") != strconv.FormatInt(fx.merged.ID, 10) {
		t.Errorf("status=duplicate = %v, want [%d]", got, fx.merged.ID)
	}
	if got := ids("consultation=digital"); len(got) != len(fx.wantIdeas()) {
		t.Errorf("one consultation = %d ideas, want %d", len(got), len(fx.wantIdeas()))
	}
	// Every idea was shared on the day the fixture was made (read back from the ideas, so that a
	// fixture made just before midnight does not count as yesterday's): a range ending the day
	// before holds none, one from that day to the day the last was shared holds all.
	var shared struct{ First, Last time.Time }
	if err := ta.DB.Raw(`SELECT min(created_at) AS first, max(created_at) AS last FROM ideas`).Scan(&shared).Error; err != nil {
		t.Fatal(err)
	}
	now, last := models.Today(shared.First), models.Today(shared.Last)
	yesterday := now.AddDate(0, 0, -1)
	q := func(prefix string, d models.DateParts) string {
		return url.Values{prefix + "-day": {d.Day}, prefix + "-month": {d.Month}, prefix + "-year": {d.Year}}.Encode()
	}
	if got := ids(q("to", models.PartsOf(yesterday))); len(got) != 0 {
		t.Errorf("ideas shared on or before yesterday = %v", got)
	}
	if got := ids(q("from", models.PartsOf(now)) + "&" + q("to", models.PartsOf(last))); len(got) != len(fx.wantIdeas()) {
		t.Errorf("ideas shared today = %d, want %d", len(got), len(fx.wantIdeas()))
	}

	// Bad choices: the form again, saying what is wrong, keeping what was chosen.
	for _, tc := range []struct{ query, message, kept string }{
		{"format=csv&consultation=nope", "Choose a consultation from the list", ""},
		{"format=csv&status=bogus", "Choose a status from the list", ""},
		{"format=pdf&shortlisted=1", "Choose a format from the list", `name="shortlisted" type="checkbox" value="1" checked`},
		{"format=csv&from-day=31&from-month=2&from-year=2026", "Enter a real date", `value="31"`},
		{"format=csv&from-day=2&from-month=3&from-year=2026&to-day=1&to-month=3&to-year=2026", "The end date must be on or after the start date", `value="2"`},
	} {
		res, body := c.get("/exports/ideas?" + tc.query)
		mustStatus(t, tc.query, res, body, http.StatusUnprocessableEntity)
		if !strings.Contains(body, tc.message) || !strings.Contains(body, "There is a problem") {
			t.Errorf("%s: page does not say %q", tc.query, tc.message)
		}
		if !strings.Contains(body, tc.kept) {
			t.Errorf("%s: the form lost %q", tc.query, tc.kept)
		}
	}
	res, body := c.get("/exports")
	mustStatus(t, "export form", res, body, http.StatusOK)
	if !strings.Contains(body, `action="/exports/ideas"`) || !strings.Contains(body, "Excel workbook") {
		t.Error("the export form is missing its parts")
	}
}

func TestThemeExportJSON(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	fx := ta.seedExportFixture(t)
	c := ta.panelClient(t, "panel-json")
	res, body := c.get("/exports/ideas?format=json")
	mustStatus(t, "JSON export", res, body, http.StatusOK)
	var doc struct {
		Filters []string `json:"filters"`
		Themes  []struct {
			Slug                   string
			Ideas, Votes, Comments int64
		} `json:"themes"`
		Ideas []struct {
			ID       int64  `json:"id"`
			Title    string `json:"title"`
			Status   string `json:"status"`
			Votes    int    `json:"votes"`
			Author   *string
			Source   *struct{ Name, URL string }
			Response *string `json:"response"`
			Themes   []struct{ Slug string }
			URL      string `json:"url"`
			Rank     *int   `json:"shortlist_rank"`
		} `json:"ideas"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("JSON does not parse: %v\n%.300s", err, body)
	}
	want := fx.wantIdeas()
	if len(doc.Ideas) != len(want) {
		t.Fatalf("%d ideas, want %d", len(doc.Ideas), len(want))
	}
	for n, idea := range doc.Ideas {
		db := ta.reload(t, want[n].ID)
		if idea.ID != db.ID || idea.Title != db.Title || idea.Status != db.Status || idea.Votes != db.VoteCount {
			t.Errorf("idea %d = %+v, want %+v", n, idea, db)
		}
		if (idea.Response == nil) != (db.Response == "") || (idea.Response != nil && *idea.Response != db.Response) {
			t.Errorf("idea %d response = %v, want %q", n, idea.Response, db.Response)
		}
		if db.ID == fx.recorded.ID && (idea.Author != nil || idea.Source == nil || idea.Source.Name != db.SourceName) {
			t.Errorf("recorded idea: author %v source %v", idea.Author, idea.Source)
		}
		if db.ID == fx.ideas[welshTitle].ID && (idea.Rank == nil || *idea.Rank != 1 || len(idea.Themes) != 2) {
			t.Errorf("shortlisted idea: rank %v themes %v", idea.Rank, idea.Themes)
		}
	}
	counts := map[string]int64{}
	for _, th := range doc.Themes {
		counts[th.Slug] = th.Ideas
	}
	// Welsh theme: the Welsh idea, the minus idea and the recorded one. No theme: @, the
	// apostrophe and bare.
	if counts["welsh-language"] != 3 || counts["open-data"] != 3 || counts["odd-name"] != 1 || counts[""] != 3 {
		t.Errorf("theme counts = %v", counts)
	}
}

func TestThemeExportXLSX(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	fx := ta.seedExportFixture(t)
	// A character XML cannot hold, put straight into the database: the workbook must still open.
	bell := fx.ideas[markupTitle]
	ta.DB.Exec("UPDATE ideas SET title = title || E'\\x07!' WHERE id = ?", bell.ID)
	c := ta.panelClient(t, "panel-xlsx")

	for _, lang := range []string{"en", "cy"} {
		res, body := c.getIn(lang, "/exports/ideas?format=xlsx")
		mustStatus(t, "XLSX export "+lang, res, body, http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatalf("%s: the workbook does not open: %v", lang, err)
		}
		sheets := f.GetSheetList()
		wantSheets := []string{"Summary", "Open data", "Welsh language services", "Data   raw     new   'quoted' a", "No theme"}
		if lang == "cy" {
			wantSheets = []string{"Crynodeb", "Data agored", "Gwasanaethau Cymraeg", "Data   raw     new   'quoted' a", "Dim thema"}
		}
		if strings.Join(sheets, "|") != strings.Join(wantSheets, "|") {
			t.Errorf("%s: sheets = %q, want %q", lang, sheets, wantSheets)
		}
		// Each theme's sheet lists exactly the ideas with that theme, as in the database.
		byTheme := map[string][]int64{}
		var rows []struct{ Theme, Idea int64 }
		ta.DB.Raw(`SELECT it.theme_id AS theme, it.idea_id AS idea FROM idea_themes it JOIN ideas i ON i.id = it.idea_id
			WHERE i.hidden_at IS NULL AND i.merged_into_id IS NULL ORDER BY it.idea_id`).Scan(&rows)
		slugOf := map[int64]string{fx.welsh.ID: wantSheets[2], fx.open.ID: wantSheets[1], fx.hostile.ID: wantSheets[3]}
		for _, r := range rows {
			byTheme[slugOf[r.Theme]] = append(byTheme[slugOf[r.Theme]], r.Idea)
		}
		byTheme[wantSheets[4]] = []int64{ta.idOf(t, atTitle), ta.idOf(t, quotedTitle), fx.bare.ID}
		for _, sheet := range wantSheets[1:] {
			got, err := f.GetRows(sheet)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, sheet, err)
			}
			if len(got)-1 != len(byTheme[sheet]) {
				t.Errorf("%s %s: %d ideas, want %d", lang, sheet, len(got)-1, len(byTheme[sheet]))
				continue
			}
			for n, id := range byTheme[sheet] {
				db := ta.reload(t, id)
				row := got[n+1]
				wantTitle := strings.ReplaceAll(db.Title, "\x07", "")
				if row[0] != strconv.FormatInt(id, 10) || row[1] != wantTitle {
					t.Errorf("%s %s row %d: %q %q, want %d %q", lang, sheet, n, row[0], row[1], id, wantTitle)
				}
				for col := 1; col <= len(row); col++ {
					cell, _ := excelize.CoordinatesToCellName(col, n+2)
					if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
						t.Errorf("%s %s %s holds a formula %q", lang, sheet, cell, formula)
					}
				}
				if len(row) > 9 && row[9] != db.Response {
					t.Errorf("%s %s row %d: response %q, want %q", lang, sheet, n, row[9], db.Response)
				}
			}
		}
		summary, _ := f.GetRows(wantSheets[0])
		var total string
		for _, r := range summary {
			if len(r) > 1 && (r[0] == "All ideas" || r[0] == "Pob syniad") {
				total = r[1]
			}
		}
		if total != strconv.Itoa(len(fx.wantIdeas())) {
			t.Errorf("%s: summary total = %q, want %d", lang, total, len(fx.wantIdeas()))
		}
		f.Close()
	}
}

func (ta *testApp) idOf(t *testing.T, title string) int64 {
	t.Helper()
	var id int64
	ta.DB.Raw("SELECT id FROM ideas WHERE title = ?", title).Scan(&id)
	return id
}

func TestOpenData(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	fx := ta.seedExportFixture(t)
	c := ta.client()

	res, body := c.get("/open-data")
	mustStatus(t, "open data page", res, body, http.StatusOK)
	for _, want := range []string{"Open Government Licence v3.0", `href="/open-data/ideas.csv"`, `href="/open-data/ideas.json"`,
		"open-government-licence/version/3/"} {
		if !strings.Contains(body, want) {
			t.Errorf("open data page lacks %q", want)
		}
	}

	res, body = c.get("/open-data/ideas.csv")
	mustStatus(t, "open data CSV", res, body, http.StatusOK)
	if res.Header.Get("Set-Cookie") != "" {
		t.Error("an open data download sets a cookie")
	}
	if !strings.Contains(res.Header.Get("Link"), "open-government-licence") {
		t.Errorf("Link header = %q", res.Header.Get("Link"))
	}
	rows := readCSV(t, body)
	head := strings.Join(rows[0], ",")
	if head != "id,url,consultation,title,body,status,themes,votes,comments,author_handle,source_name,source_url,response,response_cy,responded_at,created_at,merged_into,licence" {
		t.Errorf("headings = %s", head)
	}
	seen := map[int64][]string{}
	for _, row := range rows[1:] {
		id, _ := strconv.ParseInt(row[0], 10, 64)
		seen[id] = row
		if row[17] != "Open Government Licence v3.0" {
			t.Errorf("row %d licence = %q", id, row[17])
		}
	}
	if _, ok := seen[fx.hidden.ID]; ok {
		t.Error("a hidden idea is in the open data")
	}
	if _, ok := seen[fx.draft.ID]; ok {
		t.Error("an idea in a draft consultation is in the open data")
	}
	if row, ok := seen[fx.merged.ID]; !ok || row[16] != strconv.FormatInt(fx.ideas[welshTitle].ID, 10) {
		t.Errorf("the merged idea is missing or does not say where it went: %q", row)
	}
	if len(seen) != len(fx.wantIdeas())+1 {
		t.Errorf("%d ideas in the open data, want %d", len(seen), len(fx.wantIdeas())+1)
	}
	for id, row := range seen {
		db := ta.reload(t, id)
		if unCSV(row[3]) != db.Title || unCSV(row[4]) != db.Body {
			t.Errorf("idea %d: title/body %q %q, want %q %q", id, row[3], row[4], db.Title, db.Body)
		}
	}
	if seen[fx.ideas[welshTitle].ID][6] != "open-data;welsh-language" {
		t.Errorf("themes = %q", seen[fx.ideas[welshTitle].ID][6])
	}

	res, body = c.get("/open-data/ideas.json?consultation=digital")
	mustStatus(t, "open data JSON", res, body, http.StatusOK)
	var doc struct {
		Licence struct{ Name, URL string }
		Ideas   []map[string]any
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	if doc.Licence.Name != "Open Government Licence v3.0" || len(doc.Ideas) != len(seen) {
		t.Errorf("licence %q, %d ideas", doc.Licence.Name, len(doc.Ideas))
	}
	for _, idea := range doc.Ideas {
		for key := range idea {
			if key == "author" || key == "name" || key == "email" {
				t.Errorf("open data carries %q", key)
			}
		}
	}
	if res, _ := c.get("/open-data/ideas.json?consultation=draft-one"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a draft consultation's open data: %d, want 404", res.StatusCode)
	}
}

func TestDownloadsAreLimited(t *testing.T) {
	t.Parallel()
	const limit = 5
	ta := newTestApp(t, func(c *app.Config) { c.DownloadLimit = models.Limit{Count: limit, Per: 10 * time.Minute} })
	ta.seedOpenConsultation("digital")
	ta.seedIdea("digital", "One idea")
	c := ta.client()
	for n := 1; n <= limit; n++ {
		if res, body := c.get("/open-data/ideas.json"); res.StatusCode != http.StatusOK {
			t.Fatalf("download %d: %d %s", n, res.StatusCode, body)
		}
	}
	res, body := c.get("/open-data/ideas.csv")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("download %d: %d (Retry-After %q), want 429 with Retry-After\n%s", limit+1,
			res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	// A panel member's exports count against them, not against the address.
	p := ta.panelClient(t, "panel-limits")
	if res, body := p.get("/exports/ideas?format=csv"); res.StatusCode != http.StatusOK {
		t.Fatalf("panel export after the address's limit: %d %s", res.StatusCode, body)
	}
}
