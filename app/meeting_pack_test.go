package app_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// packFixture is a board meeting with ideas on its agenda, comments people supported, a
// draft shortlist and an open action, over the export fixture's ideas.
type packFixture struct {
	*exportFixture
	meeting *models.Meeting
	action  *models.Action
	comment *models.Comment
}

func (ta *testApp) seedPackFixture(t *testing.T) *packFixture {
	t.Helper()
	ctx := t.Context()
	fx := &packFixture{exportFixture: ta.seedExportFixture(t)}
	board := &models.Board{Slug: "digital", Name: "Digital Panel", NameCy: "Y Panel Digidol", RefPrefix: "DP"}
	if err := ta.DB.Create(board).Error; err != nil {
		t.Fatal(err)
	}
	ta.DB.Exec("UPDATE consultations SET board_id = ? WHERE slug = 'digital'", board.ID)
	fx.meeting = ta.seedMeeting(t, "digital")
	ta.DB.Model(fx.meeting).Update("title_cy", "Cyfarfod y Panel: ŵyl")
	item := ta.seedAgendaItem(t, fx.meeting.ID, "What people asked for")
	ta.linkIdea(t, item.ID, fx.ideas[welshTitle].ID)
	ta.linkIdea(t, item.ID, fx.ideas[markupTitle].ID)

	// Three comments on the Welsh idea; the second is the most supported.
	var comments []*models.Comment
	for n, body := range []string{"First, and nobody agreed.", "Cytuno'n llwyr — ŵyn ac ŷd.", "[click](javascript:alert(1)) <b>bold</b>"} {
		author, _ := models.SignIn(ctx, ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: fmt.Sprint("commenter", n), Handle: fmt.Sprint("commenter_", n)})
		cm, errs, err := models.CreateComment(ctx, ta.DB, fx.ideas[welshTitle].ID, author.ID, models.CommentInput{Body: body})
		if err != nil || errs.Any() {
			t.Fatalf("comment: %v %v", errs, err)
		}
		comments = append(comments, cm)
	}
	for n := 0; n < 4; n++ {
		fan, _ := models.SignIn(ctx, ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: fmt.Sprint("fan", n), Handle: fmt.Sprint("fan", n)})
		targets := []*models.Comment{comments[1]}
		if n == 0 {
			targets = append(targets, comments[2])
		}
		for _, cm := range targets {
			if _, _, err := models.SetCommentSupport(ctx, ta.DB, fan, cm.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	fx.comment = comments[1]

	// What the pack must never show: a comment hidden by moderators, one its author deleted,
	// and an idea hidden after it was put on the agenda.
	staff := ta.staffActor(t)
	author, _ := models.SignIn(ctx, ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "secretive", Handle: "secretive"})
	for _, body := range []string{"SECRET hidden comment", "SECRET deleted comment"} {
		cm, errs, err := models.CreateComment(ctx, ta.DB, fx.ideas[welshTitle].ID, author.ID, models.CommentInput{Body: body})
		if err != nil || errs.Any() {
			t.Fatalf("comment: %v %v", errs, err)
		}
		for n := 0; n < 5; n++ { // more support than any visible comment
			fan, _ := models.SignIn(ctx, ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: fmt.Sprint("fan", n), Handle: fmt.Sprint("fan", n)})
			if _, _, err := models.SetCommentSupport(ctx, ta.DB, fan, cm.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if strings.Contains(body, "hidden") {
			if errs, err := models.Moderate(ctx, ta.DB, staff, models.SubjectComment, cm.ID, true, "Abuse"); err != nil || errs.Any() {
				t.Fatalf("hide comment: %v %v", errs, err)
			}
		} else if _, err := models.DeleteComment(ctx, ta.DB, author, cm.ID); err != nil {
			t.Fatal(err)
		}
	}
	ta.linkIdea(t, item.ID, fx.ideas[atTitle].ID)
	if errs, err := models.Moderate(ctx, ta.DB, staff, models.SubjectIdea, fx.ideas[atTitle].ID, true, "Advertising"); err != nil || errs.Any() {
		t.Fatalf("hide idea: %v %v", errs, err)
	}
	fx.action = ta.seedAction(t, "digital", "Publish the standards the board has adopted")
	return fx
}

func TestMeetingPackPage(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	fx := ta.seedPackFixture(t)
	c := ta.panelClient(t, "panel-pack")
	path := "/meetings/" + strconv.FormatInt(fx.meeting.ID, 10) + "/pack"

	res, body := c.get(path)
	mustStatus(t, "pack page", res, body, http.StatusOK)
	for _, want := range []string{
		"Meeting pack: " + fx.meeting.Title, "What people asked for", welshTitle,
		"&lt;script&gt;alert(1)&lt;/script&gt;", // the hostile title as text
		"Cytuno&#39;n llwyr — ŵyn ac ŷd.", "commenter_1, supported by 4",
		`<svg class="syniad-chart"`, "Ideas and votes by theme", "Participation over time",
		"Draft: the panel has not published this shortlist yet.", "Popular",
		fx.action.Reference, `href="/meetings/` + strconv.FormatInt(fx.meeting.ID, 10) + `/pack.pdf"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("pack page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>bold</b>") {
		t.Error("citizens' text reached the page as markup")
	}
	if strings.Contains(body, "SECRET") || strings.Contains(body, "SUM(A1") {
		t.Error("the pack shows a hidden or deleted comment, or a hidden idea's title")
	}
	if !strings.Contains(body, "An idea that has been hidden by moderators") {
		t.Error("the hidden idea on the agenda is not marked as hidden")
	}
	// The most-supported comment comes first.
	if strings.Index(body, "Cytuno&#39;n llwyr") > strings.Index(body, "First, and nobody agreed.") {
		t.Error("comments are not in order of support")
	}
	// The themes table agrees with the database.
	var welshCount int64
	ta.DB.Raw(`SELECT count(*) FROM idea_themes it JOIN ideas i ON i.id = it.idea_id
		WHERE it.theme_id = ? AND i.hidden_at IS NULL AND i.merged_into_id IS NULL`, fx.welsh.ID).Scan(&welshCount)
	if !regexp.MustCompile(fmt.Sprintf(`Welsh language services</th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">%d</td>`, welshCount)).MatchString(body) {
		t.Errorf("the themes table does not show %d ideas for the Welsh theme", welshCount)
	}

	res, body = c.getIn("cy", path)
	mustStatus(t, "Welsh pack page", res, body, http.StatusOK)
	for _, want := range []string{"Pecyn cyfarfod: Cyfarfod y Panel: ŵyl", "Gwasanaethau Cymraeg", "Cyfranogi dros amser"} {
		if !strings.Contains(body, want) {
			t.Errorf("Welsh pack page lacks %q", want)
		}
	}
}

func TestMeetingPackMarkdown(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	fx := ta.seedPackFixture(t)
	c := ta.panelClient(t, "panel-md")
	res, body := c.get("/meetings/" + strconv.FormatInt(fx.meeting.ID, 10) + "/pack.md")
	mustStatus(t, "pack Markdown", res, body, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/markdown") {
		t.Errorf("Content-Type = %q", ct)
	}
	for _, want := range []string{
		"# Meeting pack: " + fx.meeting.Title,
		"## Agenda", "### Item 1: What people asked for",
		"[" + welshTitle + "](http://localhost:3000/ideas/" + strconv.FormatInt(fx.ideas[welshTitle].ID, 10) + ")",
		`\<script\>alert(1)\</script\> \& "quotes", commas\]\]\>`,
		`\[click\](javascript:alert(1)) \<b\>bold\</b\>`,
		"## Themes", "| Welsh language services | 3 |",
		"## Shortlist", "*Draft: the panel has not published this shortlist yet.*",
		"## Open actions", "[" + fx.action.Reference + "](http://localhost:3000/actions/",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if strings.Contains(body, "SECRET") || strings.Contains(body, "SUM(A1") {
		t.Error("the Markdown shows a hidden or deleted comment, or a hidden idea's title")
	}
	res, body = c.getIn("cy", "/meetings/"+strconv.FormatInt(fx.meeting.ID, 10)+"/pack.md")
	mustStatus(t, "Welsh pack Markdown", res, body, http.StatusOK)
	if !strings.Contains(body, "# Pecyn cyfarfod: Cyfarfod y Panel: ŵyl") || !strings.Contains(body, "| Gwasanaethau Cymraeg | 3 |") {
		t.Errorf("Welsh Markdown:\n%.600s", body)
	}
}

// The PDF is the pack's page printed by Chromium: tagged, in the reader's language. Without a
// Chromium the test skips, except under CI, where it fails.
func TestMeetingPackPDF(t *testing.T) {
	t.Parallel()
	if !app.NewPDFPrinter(os.Getenv("CHROMIUM_PATH")).Available() {
		msg := "no Chromium to print PDFs: install chromium (apt-get install chromium) or set CHROMIUM_PATH"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	ta := newTestApp(t, func(cfg *app.Config) { cfg.ChromiumPath = os.Getenv("CHROMIUM_PATH") })
	fx := ta.seedPackFixture(t)
	c := ta.panelClient(t, "panel-pdf")
	res, body := c.getIn("cy", "/meetings/"+strconv.FormatInt(fx.meeting.ID, 10)+"/pack.pdf")
	mustStatus(t, "pack PDF", res, body, http.StatusOK)
	if !strings.HasPrefix(body, "%PDF-") || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("not a PDF: %q %.8q", res.Header.Get("Content-Type"), body)
	}
	for _, want := range []string{"/StructTreeRoot", "/Marked true", "/Lang (cy)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the PDF is not tagged in Welsh: it lacks %s", want)
		}
	}
	text := pdfText(t, []byte(body))
	if strings.Contains(text, "SECRET") || strings.Contains(text, "SUM(A1") {
		t.Error("the PDF shows a hidden or deleted comment, or a hidden idea's title")
	}
	for _, want := range []string{"Cyfarfod y Panel: ŵyl", welshTitle, "ŵyn ac ŷd", fx.action.Reference, "Gwasanaethau Cymraeg"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
}

// Where there is no Chromium the PDF answers 503, saying why and offering the page and the
// Markdown, in the reader's language.
func TestMeetingPackPDFWithoutChromium(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(cfg *app.Config) { cfg.ChromiumPath = filepath.Join(t.TempDir(), "no-chromium") })
	fx := ta.seedPackFixture(t)
	c := ta.panelClient(t, "panel-nopdf")
	id := strconv.FormatInt(fx.meeting.ID, 10)
	for lang, want := range map[string]string{"en": "it needs the Chromium browser", "cy": "mae angen gosod porwr Chromium"} {
		res, body := c.getIn(lang, "/meetings/"+id+"/pack.pdf")
		mustStatus(t, "pack PDF without Chromium", res, body, http.StatusServiceUnavailable)
		if !strings.Contains(body, want) || !strings.Contains(body, `href="/meetings/`+id+`/pack"`) ||
			!strings.Contains(body, `href="/meetings/`+id+`/pack.md"`) {
			t.Errorf("%s: the 503 page does not explain or offer the page and Markdown:\n%.2000s", lang, body)
		}
	}
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils). CI installs it; elsewhere a
// machine without it skips the check.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is not installed (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// Lines wrap where the page does; join them so phrases can be found whole.
	return strings.Join(strings.Fields(string(out)), " ")
}
