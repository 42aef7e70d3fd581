package models_test

import (
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
)

func TestCreateIdeaValidation(t *testing.T) {
	db := newDB(t)
	u := mustUser(t, db, "alice")
	mustConsultation(t, db, "open", "open")
	mustConsultation(t, db, "shut", "closed")
	for _, tc := range []struct {
		name  string
		in    models.NewIdea
		field string
		key   string
	}{
		{"empty title", models.NewIdea{"open", "   ", "body", ""}, "title", "error.title.required"},
		{"long title", models.NewIdea{"open", strings.Repeat("ŵ", 121), "body", ""}, "title", "error.title.too_long"},
		{"empty body", models.NewIdea{"open", "Title", "\n\t ", ""}, "body", "error.body.required"},
		{"long body", models.NewIdea{"open", "Title", strings.Repeat("a", 5001), ""}, "body", "error.body.too_long"},
		{"invalid utf-8", models.NewIdea{"open", "Bad \xff title", "body", ""}, "title", "error.invalid_utf8"},
		{"control characters", models.NewIdea{"open", "Bell\a", "body", ""}, "title", "error.control_chars"},
		{"closed consultation", models.NewIdea{"shut", "Title", "body", ""}, "consultation", "error.consultation.closed"},
		{"unknown consultation", models.NewIdea{"nope", "Title", "body", ""}, "consultation", "error.consultation.unknown"},
	} {
		idea, errs, err := models.CreateIdea(ctx, db, u.ID, tc.in)
		if err != nil || idea != nil || errs[tc.field] != tc.key {
			t.Errorf("%s: got idea=%v errs=%v err=%v, want %s=%s", tc.name, idea, errs, err, tc.field, tc.key)
		}
	}
	var n int64
	db.Raw("SELECT count(*) FROM ideas").Scan(&n)
	if n != 0 {
		t.Fatalf("invalid input stored %d ideas", n)
	}
	// Exactly at the limits is accepted, counted in characters, not bytes.
	idea, errs, err := models.CreateIdea(ctx, db, u.ID, models.NewIdea{"open", strings.Repeat("ŵ", 120), strings.Repeat("ŷ", 5000), ""})
	if err != nil || errs.Any() || idea == nil {
		t.Fatalf("at the limits: %v %v", errs, err)
	}
	var events int64
	db.Raw("SELECT count(*) FROM events WHERE idea_id = ? AND verb = 'idea.created'", idea.ID).Scan(&events)
	if events != 1 {
		t.Fatalf("created event rows = %d", events)
	}
}

func TestListIdeasSortFilterSearch(t *testing.T) {
	db := newDB(t)
	u := mustUser(t, db, "alice")
	mustConsultation(t, db, "digital", "open")
	mustConsultation(t, db, "other", "open")
	a := mustIdea(t, db, u, "digital", "Open data for bus timetables")
	b := mustIdea(t, db, u, "digital", "Gwasanaethau digidol yn Gymraeg")
	c := mustIdea(t, db, u, "other", "Councils sharing software")
	db.Exec("UPDATE ideas SET vote_count = 5, comment_count = 1 WHERE id = ?", a.ID)
	db.Exec("UPDATE ideas SET vote_count = 9, comment_count = 0 WHERE id = ?", b.ID)
	db.Exec("UPDATE ideas SET vote_count = 1, comment_count = 7, created_at = now() + interval '1 minute' WHERE id = ?", c.ID)
	theme := &models.Theme{Slug: "open-data", Name: "Open data"}
	db.Create(theme)
	db.Exec("INSERT INTO idea_themes VALUES (?, ?)", a.ID, theme.ID)

	ids := func(q models.IdeaQuery) []int64 {
		t.Helper()
		p, err := models.ListIdeas(ctx, db, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, i := range p.Ideas {
			out = append(out, i.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		q    models.IdeaQuery
		want []int64
	}{
		{"top", models.IdeaQuery{Sort: "top"}, []int64{b.ID, a.ID, c.ID}},
		{"new", models.IdeaQuery{Sort: "new"}, []int64{c.ID, b.ID, a.ID}},
		{"discussed", models.IdeaQuery{Sort: "discussed"}, []int64{c.ID, a.ID, b.ID}},
		{"consultation", models.IdeaQuery{Consultation: "other"}, []int64{c.ID}},
		{"theme", models.IdeaQuery{Theme: "open-data"}, []int64{a.ID}},
		{"english stemming", models.IdeaQuery{Q: "council"}, []int64{c.ID}},
		{"welsh words", models.IdeaQuery{Q: "gymraeg"}, []int64{b.ID}},
		{"status", models.IdeaQuery{Status: "done"}, nil},
		{"page two", models.IdeaQuery{Sort: "top", PerPage: 2, Page: 2}, []int64{c.ID}},
	} {
		got := ids(tc.q)
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
	p, _ := models.ListIdeas(ctx, db, models.IdeaQuery{PerPage: 2, Page: 9})
	if p.Total != 3 || len(p.Ideas) != 0 {
		t.Errorf("past the last page: total %d, %d ideas", p.Total, len(p.Ideas))
	}
	p, _ = models.ListIdeas(ctx, db, models.IdeaQuery{Theme: "open-data"})
	if len(p.Ideas) != 1 || len(p.Ideas[0].Themes) != 1 || p.Ideas[0].Themes[0].Slug != "open-data" {
		t.Errorf("themes not attached: %+v", p.Ideas)
	}

	similar, err := models.SimilarIdeas(ctx, db, "open data bus", "")
	if err != nil || len(similar) == 0 || similar[0].ID != a.ID {
		t.Errorf("similar: %v %v", similar, err)
	}
}

func TestSignInFindsSameUser(t *testing.T) {
	db := newDB(t)
	acct := models.ExternalAccount{Provider: "github", ProviderUserID: "42", Handle: "Alice", Name: "Alice"}
	first, err := models.SignIn(ctx, db, acct)
	if err != nil {
		t.Fatal(err)
	}
	again, err := models.SignIn(ctx, db, acct)
	if err != nil || again.ID != first.ID {
		t.Fatalf("second sign-in: %v %v", again, err)
	}
	other, err := models.SignIn(ctx, db, models.ExternalAccount{Provider: "oidc", ProviderUserID: "x", Handle: "alice@example.org"})
	if err != nil || other.ID == first.ID || other.Handle != "alice-2" {
		t.Fatalf("other account with the same handle: %+v %v", other, err)
	}
}

func TestQueriesSurviveRubbishInput(t *testing.T) {
	db := newDB(t)
	for _, q := range []models.IdeaQuery{
		{Q: "\xff\xfe"}, {Q: "a\x00b"}, {Consultation: "\xff"}, {Theme: "x\x00"},
		{Q: `"unclosed OR -`}, {Q: "!!! & | :*"}, {Page: 1 << 60, PerPage: 100},
	} {
		if _, err := models.ListIdeas(ctx, db, q); err != nil {
			t.Errorf("%+v: %v", q, err)
		}
	}
	for _, title := range []string{"ab\xffcd", "nul\x00here", strings.Repeat("ŵ", 1000)} {
		if _, err := models.SimilarIdeas(ctx, db, title, "\xff"); err != nil {
			t.Errorf("similar %q: %v", title, err)
		}
	}
}
