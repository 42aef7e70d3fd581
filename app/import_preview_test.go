package app_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// A large file's preview lists its problems first and only a sample of the rest: a
// 900-row file once made a page 67,605 px tall.
func TestImportPreviewOfALargeFile(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	staff := ta.signInAs("sam", "staff")
	staff.get("/ideas/import")
	upload := func(fields map[string]string, file string) (*http.Response, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		w.WriteField("_csrf", staff.CSRF)
		for k, v := range fields {
			w.WriteField(k, v)
		}
		if file != "" {
			fw, _ := w.CreateFormFile("file", "ideas.csv")
			fw.Write([]byte(file))
		}
		w.Close()
		req, _ := http.NewRequest("POST", "http://localhost:3000/ideas/import", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		return staff.do(req)
	}
	csvOf := func(rows int, bad ...int) string {
		var b strings.Builder
		b.WriteString("consultation,title,body,source_name\n")
		isBad := map[int]bool{}
		for _, n := range bad {
			isBad[n] = true
		}
		for n := 1; n <= rows; n++ {
			if isBad[n] {
				fmt.Fprintf(&b, "nowhere,Idea number %d,Text,@someone\n", n)
			} else {
				fmt.Fprintf(&b, "digital,Idea number %d,Text,@someone\n", n)
			}
		}
		return b.String()
	}
	rowCount := func(body string) int { return strings.Count(body, `<tr class="govuk-table__row" id="line-`) }

	// Two bad rows among 900, late in the file: they come first, then a summary.
	bad := csvOf(900, 500, 880)
	res, body := upload(nil, bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("preview with problems: status %d", res.StatusCode)
	}
	problems := strings.Index(body, `id="import-problems"`)
	ready := strings.Index(body, `id="import-ready-rows"`)
	if problems < 0 || ready < 0 || problems > ready {
		t.Fatalf("problems at %d, ready rows at %d: want the problems listed first", problems, ready)
	}
	for _, line := range []string{`id="line-501"`, `id="line-881"`} { // line 1 is the header
		if i := strings.Index(body, line); i < problems || i > ready {
			t.Errorf("%s is not among the problems (at %d)", line, i)
		}
	}
	for _, want := range []string{"2 rows have problems", "898 other rows have no problems.", "The first 20 are shown below."} {
		if !strings.Contains(body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if n := rowCount(body); n != 22 {
		t.Errorf("the preview has %d rows in its tables, want 22 (2 problems and 20 ready)", n)
	}
	t.Logf("preview of 900 rows, 2 with problems: %d bytes", len(body))
	if len(body) > 40_000 { // the CSV travels back only when it can be imported
		t.Errorf("the preview of 900 rows with problems is %d bytes, want it small", len(body))
	}

	// A good file: the summary, a sample and the button to import all of it.
	good := csvOf(900)
	res, body = upload(nil, good)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("good preview: status %d", res.StatusCode)
	}
	for _, want := range []string{"900 ideas are ready to import.", "The first 20 are shown below.", "Import 900 ideas"} {
		if !strings.Contains(body, want) {
			t.Errorf("the good preview lacks %q", want)
		}
	}
	if n := rowCount(body); n != 20 {
		t.Errorf("the good preview shows %d rows, want 20", n)
	}
	t.Logf("preview of 900 good rows: %d bytes, %d of them the file it carries back", len(body), len(good))
	if visible := len(body) - len(good); visible > 40_000 {
		t.Errorf("the good preview is %d bytes besides the file it carries, want it small", visible)
	}

	// Confirming imports every row, not only those shown.
	res, _ = upload(map[string]string{"confirm": "yes", "csv": good}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: status %d", res.StatusCode)
	}
	var n int64
	ta.DB.Raw("SELECT count(*) FROM ideas WHERE author_id IS NULL").Scan(&n)
	if n != 900 {
		t.Errorf("imported %d ideas, want 900", n)
	}
}
