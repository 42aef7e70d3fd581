package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
)

// TestSearchWelshMutations: the ideas page and the API find a Welsh word in its mutated forms.
func TestSearchWelshMutations(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digidol")
	ta.seedIdea("digidol", "Band eang yng Nghymru")
	ta.seedIdea("digidol", "Bysiau i Gaerdydd")
	c := ta.client()

	for _, tc := range []struct{ q, finds, misses string }{
		{"Cymru", "Band eang yng Nghymru", "Bysiau i Gaerdydd"},
		{"caerdydd", "Bysiau i Gaerdydd", "Band eang yng Nghymru"},
		{"ŵyl OR nghaerdydd", "Bysiau i Gaerdydd", "Band eang yng Nghymru"},
	} {
		res, body := c.get("/ideas?q=" + url.QueryEscape(tc.q))
		if res.StatusCode != 200 || !strings.Contains(body, tc.finds) || strings.Contains(body, tc.misses) {
			t.Errorf("/ideas?q=%s: %d, want %q and not %q", tc.q, res.StatusCode, tc.finds, tc.misses)
		}
	}
	_, body := c.api("GET", "/api/v1/ideas?q=Gymru", "", false)
	if !strings.Contains(body, "Band eang yng Nghymru") || !strings.Contains(body, `"total":1`) {
		t.Errorf("api q=Gymru: %s", body)
	}
}

// TestSearchSaysWhenThereAreMore: past models.SearchWindow matches the page and the API say
// there are more, in both languages, instead of counting them all.
func TestSearchSaysWhenThereAreMore(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	consultation := ta.seedOpenConsultation("coed")
	author := ta.seedIdea("coed", "Tree planting 0").AuthorID
	err := ta.DB.Exec(`INSERT INTO ideas (consultation_id, author_id, title, body)
		SELECT ?, ?, 'Tree planting ' || n, 'Plant trees' FROM generate_series(1, ?) AS n`,
		consultation.ID, author, models.SearchWindow+5).Error
	if err != nil {
		t.Fatal(err)
	}
	c := ta.client()
	more := fmt.Sprintf("More than %d ideas", models.SearchWindow)
	if res, body := c.get("/ideas?q=tree"); res.StatusCode != 200 || !strings.Contains(body, more) || !strings.Contains(body, "best match first") {
		t.Errorf("/ideas?q=tree: %d, want %q", res.StatusCode, more)
	}
	if _, body := c.get("/ideas?q=tree&sort=new"); !strings.Contains(body, "first "+fmt.Sprint(models.SearchWindow)+" in this order") {
		t.Errorf("/ideas?q=tree&sort=new does not say which ideas it lists")
	}
	if _, body := c.get("/ideas?q=planting+7"); !strings.Contains(body, ">1 idea<") {
		t.Errorf("/ideas?q=planting+7 is not counted exactly")
	}
	_, body := c.api("GET", "/api/v1/ideas?q=tree", "", false)
	if !strings.Contains(body, `"more":true`) || !strings.Contains(body, fmt.Sprintf(`"total":%d`, models.SearchWindow)) {
		t.Errorf("api q=tree: %.300s", body)
	}
	c.get("/?lang=cy")
	if _, body := c.get("/ideas?q=tree"); !strings.Contains(body, fmt.Sprintf("Mwy na %d o syniadau", models.SearchWindow)) {
		t.Errorf("/ideas?q=tree in Welsh does not say there are more")
	}
}
