package app_test

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// The Atom feeds are read back twice, by gofeed (a parser written without sight of ours) and
// by encoding/xml into the elements RFC 4287 requires, named with their namespace so that an
// element outside Atom's is not taken for one, and compared with what the database holds.

const feedBase = "http://localhost:3000"

type feedDoc struct {
	XMLName  xml.Name     `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string       `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string       `xml:"http://www.w3.org/2005/Atom id"`
	Title    feedText     `xml:"http://www.w3.org/2005/Atom title"`
	Subtitle feedText     `xml:"http://www.w3.org/2005/Atom subtitle"`
	Updated  string       `xml:"http://www.w3.org/2005/Atom updated"`
	Links    []feedLink   `xml:"http://www.w3.org/2005/Atom link"`
	Authors  []feedPerson `xml:"http://www.w3.org/2005/Atom author"`
	Entries  []feedEntry  `xml:"http://www.w3.org/2005/Atom entry"`
}

type feedText struct {
	Type string `xml:"type,attr"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Text string `xml:",chardata"`
}

type feedLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type feedPerson struct {
	Name  string `xml:"http://www.w3.org/2005/Atom name"`
	Email string `xml:"http://www.w3.org/2005/Atom email"`
}

type feedCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr"`
	Label  string `xml:"label,attr"`
}

type feedEntry struct {
	ID         string         `xml:"http://www.w3.org/2005/Atom id"`
	Title      feedText       `xml:"http://www.w3.org/2005/Atom title"`
	Links      []feedLink     `xml:"http://www.w3.org/2005/Atom link"`
	Published  string         `xml:"http://www.w3.org/2005/Atom published"`
	Updated    string         `xml:"http://www.w3.org/2005/Atom updated"`
	Authors    []feedPerson   `xml:"http://www.w3.org/2005/Atom author"`
	Categories []feedCategory `xml:"http://www.w3.org/2005/Atom category"`
	Content    feedText       `xml:"http://www.w3.org/2005/Atom content"`
}

func (e feedEntry) link(rel string) string {
	for _, l := range e.Links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// fetchedFeed is one feed as both parsers read it.
type fetchedFeed struct {
	res  *http.Response
	body string
	doc  feedDoc
	gf   *gofeed.Feed
}

// feedFixture is an app with a member, a panel member and a staff member.
type feedFixture struct {
	*testApp
	member, panel, staff *models.User
}

func newFeedFixture(t *testing.T) *feedFixture {
	t.Helper()
	f := &feedFixture{testApp: newTestApp(t)}
	f.member = f.user("cerys", models.RoleMember)
	f.panel = f.user("panelydd", models.RolePanel)
	f.staff = f.user("clerc", models.RoleStaff)
	return f
}

func (f *feedFixture) user(handle, role string) *models.User {
	f.t.Helper()
	ctx := f.t.Context()
	u, err := models.SignIn(ctx, f.DB, models.ExternalAccount{Provider: "test", ProviderUserID: handle, Handle: handle})
	if err != nil {
		f.t.Fatal(err)
	}
	// The real name is not public: the feeds must show the handle only.
	if err := f.DB.Exec("UPDATE users SET name = ?, email = ? WHERE id = ?", "Real Name "+handle, handle+"@example.org", u.ID).Error; err != nil {
		f.t.Fatal(err)
	}
	if role != models.RoleMember {
		if u, err = models.GrantRole(ctx, f.DB, nil, handle, role); err != nil {
			f.t.Fatal(err)
		}
	}
	return u
}

func (f *feedFixture) consultation(slug, title, titleCy, status string) *models.Consultation {
	f.t.Helper()
	cs := &models.Consultation{Slug: slug, Title: title, TitleCy: titleCy, Status: status}
	if err := f.DB.Create(cs).Error; err != nil {
		f.t.Fatal(err)
	}
	return cs
}

// idea adds an idea as a member submits it; a draft consultation takes none that way, so
// its ideas go straight into the table.
func (f *feedFixture) idea(cs *models.Consultation, title, body string) *models.Idea {
	f.t.Helper()
	if cs.Status == "draft" {
		idea := &models.Idea{ConsultationID: cs.ID, AuthorID: &f.member.ID, Title: title, Body: body,
			BodyHTML: models.RenderMarkdown(body), Status: models.StatusNew}
		if err := f.DB.Create(idea).Error; err != nil {
			f.t.Fatal(err)
		}
		return idea
	}
	idea, errs, err := models.CreateIdea(f.t.Context(), f.DB, f.member.ID, models.NewIdea{Consultation: cs.Slug, Title: title, Body: body})
	if err != nil || errs.Any() {
		f.t.Fatalf("create idea %q: %v %v", title, errs, err)
	}
	return idea
}

func (f *feedFixture) theme(slug, name, nameCy string) *models.Theme {
	f.t.Helper()
	th, errs, err := models.SaveTheme(f.t.Context(), f.DB, f.panel, 0, models.ThemeInput{Slug: slug, Name: name, NameCy: nameCy})
	if err != nil || errs.Any() {
		f.t.Fatalf("save theme %s: %v %v", slug, errs, err)
	}
	return th
}

func (f *feedFixture) tagIdea(idea *models.Idea, themes ...*models.Theme) {
	f.t.Helper()
	for _, th := range themes {
		if err := models.SetIdeaTheme(f.t.Context(), f.DB, f.panel, idea.ID, th.ID, true); err != nil {
			f.t.Fatal(err)
		}
	}
}

func (f *feedFixture) setStatus(idea *models.Idea, status, response, responseCy string) {
	f.t.Helper()
	errs, err := models.SetIdeaStatus(f.t.Context(), f.DB, f.panel, idea.ID,
		models.StatusChange{Status: status, Response: response, ResponseCy: responseCy})
	if err != nil || errs.Any() {
		f.t.Fatalf("set status of %q: %v %v", idea.Title, errs, err)
	}
}

func (f *feedFixture) hide(idea *models.Idea) {
	f.t.Helper()
	errs, err := models.Moderate(f.t.Context(), f.DB, f.panel, models.SubjectIdea, idea.ID, true, "spam")
	if err != nil || errs.Any() {
		f.t.Fatalf("hide: %v %v", errs, err)
	}
}

func (f *feedFixture) exec(sql string, args ...any) {
	f.t.Helper()
	if err := f.DB.Exec(sql, args...).Error; err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
}

// feed fetches a feed, checks its status and headers, parses it both ways and checks the
// elements every feed and entry must have.
func (f *feedFixture) feed(t *testing.T, path, lang string) fetchedFeed {
	t.Helper()
	res, body := f.client().get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", path, res.StatusCode, body)
	}
	for header, want := range map[string]string{
		"Content-Type":  "application/atom+xml; charset=utf-8",
		"Cache-Control": "public, max-age=300",
	} {
		if got := res.Header.Get(header); got != want {
			t.Errorf("GET %s: %s = %q, want %q", path, header, got, want)
		}
	}
	if ck := res.Header.Values("Set-Cookie"); len(ck) > 0 {
		t.Errorf("GET %s: a public, cacheable feed sets cookies: %q", path, ck)
	}
	if res.Header.Get("ETag") == "" || res.Header.Get("Last-Modified") == "" {
		t.Errorf("GET %s: no ETag or Last-Modified", path)
	}
	out := fetchedFeed{res: res, body: body}
	gf, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("GET %s: gofeed: %v\n%s", path, err, body)
	}
	out.gf = gf
	if err := xml.Unmarshal([]byte(body), &out.doc); err != nil {
		t.Fatalf("GET %s: encoding/xml: %v\n%s", path, err, body)
	}
	checkFeedShape(t, path, lang, out)
	return out
}

func parseAtomTime(t *testing.T, what, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Errorf("%s %q is not an RFC 3339 time: %v", what, s, err)
	}
	return at
}

// checkFeedShape checks what RFC 4287 requires of every feed and entry, and that both parsers
// agree.
func checkFeedShape(t *testing.T, path, lang string, ff fetchedFeed) {
	t.Helper()
	d := ff.doc
	if !strings.HasPrefix(d.ID, "tag:localhost,2026:") {
		t.Errorf("%s: feed id %q is not a tag: URI of this site", path, d.ID)
	}
	if d.Title.Text == "" || d.Subtitle.Text == "" {
		t.Errorf("%s: feed has no title or subtitle", path)
	}
	if d.Lang != lang || ff.gf.Language != lang {
		t.Errorf("%s: xml:lang is %q (gofeed %q), want %q", path, d.Lang, ff.gf.Language, lang)
	}
	if len(d.Authors) == 0 || d.Authors[0].Name == "" {
		t.Errorf("%s: feed has no author", path)
	}
	links := map[string]feedLink{}
	for _, l := range d.Links {
		links[l.Rel] = l
	}
	if self := links["self"]; self.Href != feedBase+path || self.Type != "application/atom+xml" {
		t.Errorf("%s: self link is %+v", path, self)
	}
	if alt := links["alternate"]; !strings.HasPrefix(alt.Href, feedBase+"/") || alt.Type != "text/html" {
		t.Errorf("%s: alternate link is %+v", path, alt)
	}
	if ff.gf.FeedType != "atom" || ff.gf.Title != d.Title.Text || len(ff.gf.Items) != len(d.Entries) {
		t.Errorf("%s: gofeed reads a %s feed %q with %d items; encoding/xml %q with %d entries",
			path, ff.gf.FeedType, ff.gf.Title, len(ff.gf.Items), d.Title.Text, len(d.Entries))
	}
	updated := parseAtomTime(t, path+": feed updated", d.Updated)
	var newest time.Time
	ids := map[string]bool{}
	for i, e := range d.Entries {
		if e.ID == "" || e.Title.Text == "" || e.Updated == "" {
			t.Errorf("%s: entry %d lacks id, title or updated: %+v", path, i, e)
		}
		if !strings.HasPrefix(e.ID, "tag:localhost,2026:") {
			t.Errorf("%s: entry id %q is not a tag: URI of this site", path, e.ID)
		}
		if ids[e.ID] {
			t.Errorf("%s: entry id %s appears twice", path, e.ID)
		}
		ids[e.ID] = true
		if !strings.HasPrefix(e.link("alternate"), feedBase+"/") {
			t.Errorf("%s: entry %s has no absolute alternate link", path, e.ID)
		}
		at := parseAtomTime(t, path+": entry updated", e.Updated)
		if at.After(newest) {
			newest = at
		}
		if i < len(ff.gf.Items) {
			it := ff.gf.Items[i]
			if it.GUID != e.ID || it.Link != e.link("alternate") || it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(at) {
				t.Errorf("%s: gofeed and encoding/xml disagree on entry %d: %s %s %v vs %s %s %s",
					path, i, it.GUID, it.Link, it.UpdatedParsed, e.ID, e.link("alternate"), e.Updated)
			}
		}
	}
	if len(d.Entries) == 0 {
		if d.Updated != "2026-01-01T00:00:00Z" {
			t.Errorf("%s: an empty feed's updated is %s, want the fixed 2026-01-01T00:00:00Z", path, d.Updated)
		}
	} else if !updated.Equal(newest) {
		t.Errorf("%s: feed updated %s is not its newest entry's %s", path, updated, newest)
	}
}

// withoutControls is text as a feed can carry it: XML 1.0 allows no control characters
// other than tab, newline and carriage return.
func withoutControls(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) {
			return -1
		}
		return r
	}, s)
}

// wantIdea is an idea as the database says a feed of new ideas should show it.
type wantIdea struct {
	ID       int64
	Title    string
	BodyHTML string
	Author   string
	Themes   []models.Theme `gorm:"-"`
}

// wantIdeas reads, without the model's help, the 50 newest visible ideas matching cond.
func (f *feedFixture) wantIdeas(t *testing.T, cond string, args ...any) []wantIdea {
	t.Helper()
	var ideas []wantIdea
	err := f.DB.Raw(`SELECT i.id, i.title, i.body_html, coalesce(u.handle, i.source_name) AS author
		FROM ideas i JOIN consultations c ON c.id = i.consultation_id LEFT JOIN users u ON u.id = i.author_id
		WHERE i.hidden_at IS NULL AND i.merged_into_id IS NULL AND c.status <> 'draft' AND `+cond+`
		ORDER BY i.created_at DESC, i.id DESC LIMIT 50`, args...).Scan(&ideas).Error
	if err != nil {
		t.Fatal(err)
	}
	for n := range ideas {
		err := f.DB.Raw(`SELECT t.* FROM themes t JOIN idea_themes it ON it.theme_id = t.id
			WHERE it.idea_id = ? ORDER BY t.slug`, ideas[n].ID).Scan(&ideas[n].Themes).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	return ideas
}

// checkIdeaEntries compares a feed of new ideas with the database, entry by entry, in order.
func checkIdeaEntries(t *testing.T, path, lang string, ff fetchedFeed, want []wantIdea) {
	t.Helper()
	if len(ff.doc.Entries) != len(want) {
		t.Errorf("%s: %d entries, the database has %d", path, len(ff.doc.Entries), len(want))
	}
	for i := range min(len(want), len(ff.doc.Entries)) {
		w, e, it := want[i], ff.doc.Entries[i], ff.gf.Items[i]
		link := feedBase + "/ideas/" + strconv.FormatInt(w.ID, 10)
		if e.link("alternate") != link {
			t.Errorf("%s: entry %d links to %s, want %s (order or membership differs)", path, i, e.link("alternate"), link)
			continue
		}
		title := withoutControls(w.Title)
		if e.Title.Text != title || it.Title != strings.TrimSpace(title) {
			t.Errorf("%s: idea %d title is %q (gofeed %q), want %q", path, w.ID, e.Title.Text, it.Title, title)
		}
		if e.Content.Type != "html" || e.Content.Text != withoutControls(w.BodyHTML) {
			t.Errorf("%s: idea %d content is %s %q, want html %q", path, w.ID, e.Content.Type, e.Content.Text, w.BodyHTML)
		}
		if len(e.Authors) != 1 || e.Authors[0].Name != w.Author || e.Authors[0].Email != "" ||
			it.Author == nil || it.Author.Name != w.Author {
			t.Errorf("%s: idea %d authors are %+v, want %q only", path, w.ID, e.Authors, w.Author)
		}
		if e.Published == "" || e.Published != e.Updated {
			t.Errorf("%s: idea %d published %q, updated %q", path, w.ID, e.Published, e.Updated)
		}
		var terms, labels, wantTerms, wantLabels []string
		for _, c := range e.Categories {
			terms, labels = append(terms, c.Term), append(labels, c.Label)
			if c.Scheme != feedBase+"/themes/" {
				t.Errorf("%s: category scheme %q", path, c.Scheme)
			}
		}
		for _, th := range w.Themes {
			label := th.Name
			if lang == "cy" && th.NameCy != "" {
				label = th.NameCy
			}
			wantTerms, wantLabels = append(wantTerms, th.Slug), append(wantLabels, label)
		}
		slices.Sort(terms)
		slices.Sort(labels)
		slices.Sort(wantLabels)
		gotLabels := slices.Clone(it.Categories)
		slices.Sort(gotLabels)
		if !slices.Equal(terms, wantTerms) || !slices.Equal(labels, wantLabels) || !slices.Equal(gotLabels, wantLabels) {
			t.Errorf("%s: idea %d categories %v %v (gofeed %v), want %v %v", path, w.ID, terms, labels, gotLabels, wantTerms, wantLabels)
		}
	}
}

func TestFeedIdeasMatchTheDatabase(t *testing.T) {
	t.Parallel()
	f := newFeedFixture(t)
	ctx := t.Context()
	digital := f.consultation("digital", "Digital in Wales", "Digidol yng Nghymru", "open")
	health := f.consultation("health", "Health services", "", "closed")
	draft := f.consultation("secret", "Not yet", "", "draft")
	access := f.theme("access", "Access", "Mynediad")
	data := f.theme("open-data", "Open data", "")
	f.theme("quiet", "Quiet", "Tawel") // no ideas: an empty feed

	// 60 ideas in the open consultation, a minute apart, two sharing a time (ordered by id).
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var ideas []*models.Idea
	for n := range 60 {
		idea := f.idea(digital, fmt.Sprintf("Idea number %d", n), fmt.Sprintf("Body *%d*", n))
		f.exec("UPDATE ideas SET created_at = ? WHERE id = ?", base.Add(time.Duration(n)*time.Minute), idea.ID)
		ideas = append(ideas, idea)
	}
	f.exec("UPDATE ideas SET created_at = ? WHERE id = ?", base.Add(59*time.Minute), ideas[58].ID)
	f.tagIdea(ideas[59], access, data)
	f.tagIdea(ideas[50], data)
	f.tagIdea(ideas[3], access) // too old for the site feed, but in the theme's

	// Health is closed: staff record an idea gathered elsewhere, and the panel hid one.
	f.exec("UPDATE consultations SET status = 'open' WHERE id = ?", health.ID)
	external, errs, err := models.RecordExternalIdea(ctx, f.DB, f.staff, models.ExternalIdea{Consultation: health.Slug,
		Title: "From the town meeting", Body: "Said aloud", SourceName: "Llandrindod town meeting"})
	if err != nil || errs.Any() {
		t.Fatalf("record: %v %v", errs, err)
	}
	hidden := f.idea(health, "Hidden idea", "Spam")
	f.tagIdea(hidden, access)
	dup := f.idea(health, "A duplicate", "Same again")
	if errs, err := models.MergeIdea(ctx, f.DB, f.panel, dup.ID, external.ID, "same"); err != nil || errs.Any() {
		t.Fatalf("merge: %v %v", errs, err)
	}
	f.exec("UPDATE consultations SET status = 'closed' WHERE id = ?", health.ID)
	f.hide(hidden)
	secret := f.idea(draft, "Draft consultation idea", "Not public")
	f.tagIdea(secret, access)
	for _, idea := range []*models.Idea{external, hidden, dup, secret} {
		f.exec("UPDATE ideas SET created_at = ? WHERE id = ?", base.Add(2*time.Hour), idea.ID)
	}

	cases := []struct {
		path, lang, cond string
		args             []any
		wantCount        int
		title            string
	}{
		{"/feeds/ideas.atom", "en", "true", nil, 50, "Syniad: new ideas"},
		{"/feeds/ideas.atom?lang=cy", "cy", "true", nil, 50, "Syniad: syniadau newydd"},
		{"/consultations/digital/ideas.atom", "en", "c.slug = ?", []any{"digital"}, 50, "Syniad: new ideas for “Digital in Wales”"},
		{"/consultations/digital/ideas.atom?lang=cy", "cy", "c.slug = ?", []any{"digital"}, 50, "Syniad: syniadau newydd ar gyfer “Digidol yng Nghymru”"},
		{"/consultations/health/ideas.atom", "en", "c.slug = ?", []any{"health"}, 1, "Syniad: new ideas for “Health services”"},
		{"/themes/access/ideas.atom", "en", "EXISTS (SELECT 1 FROM idea_themes it WHERE it.idea_id = i.id AND it.theme_id = ?)", []any{access.ID}, 2, "Syniad: new ideas on the theme “Access”"},
		{"/themes/access/ideas.atom?lang=cy", "cy", "EXISTS (SELECT 1 FROM idea_themes it WHERE it.idea_id = i.id AND it.theme_id = ?)", []any{access.ID}, 2, "Syniad: syniadau newydd ar y thema “Mynediad”"},
		{"/themes/open-data/ideas.atom", "en", "EXISTS (SELECT 1 FROM idea_themes it WHERE it.idea_id = i.id AND it.theme_id = ?)", []any{data.ID}, 2, "Syniad: new ideas on the theme “Open data”"},
		{"/themes/quiet/ideas.atom", "en", "false", nil, 0, "Syniad: new ideas on the theme “Quiet”"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			ff := f.feed(t, tc.path, tc.lang)
			want := f.wantIdeas(t, tc.cond, tc.args...)
			if len(want) != tc.wantCount {
				t.Fatalf("the database offers %d ideas, the test expects %d", len(want), tc.wantCount)
			}
			if ff.doc.Title.Text != tc.title {
				t.Errorf("title is %q, want %q", ff.doc.Title.Text, tc.title)
			}
			checkIdeaEntries(t, tc.path, tc.lang, ff, want)
			for _, gone := range []*models.Idea{hidden, dup, secret} {
				if strings.Contains(ff.body, "/ideas/"+strconv.FormatInt(gone.ID, 10)+`"`) || strings.Contains(ff.body, gone.Title) {
					t.Errorf("%q (hidden, merged or in a draft) is in the feed", gone.Title)
				}
			}
			if strings.Contains(ff.body, "Real Name") || strings.Contains(ff.body, "@example.org") {
				t.Errorf("the feed shows a real name or an email address")
			}
		})
	}

	// The newest idea is the one recorded from elsewhere, credited to its source.
	ff := f.feed(t, "/feeds/ideas.atom", "en")
	if a := ff.doc.Entries[0].Authors; len(a) != 1 || a[0].Name != "Llandrindod town meeting" {
		t.Errorf("the recorded idea's author is %+v", a)
	}
	if ff.doc.Entries[0].ID != "tag:localhost,2026:idea/"+strconv.FormatInt(external.ID, 10) {
		t.Errorf("entry id is %s", ff.doc.Entries[0].ID)
	}
}

// Ids are tag: URIs of the host alone, so moving the site from http to https (or to another
// port) keeps every id, while links follow BASE_URL.
func TestFeedIDsSurviveAChangeOfScheme(t *testing.T) {
	t.Parallel()
	plain := newFeedFixture(t)
	cs := plain.consultation("digital", "Digital", "", "open")
	idea := plain.idea(cs, "An idea", "Body")
	before := plain.feed(t, "/feeds/ideas.atom", "en")

	// A second server on the same database, its address now https on another port.
	cfg := plain.Cfg
	cfg.BaseURL = "https://localhost:8443"
	web, srv, err := app.New(cfg, plain.DB, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	req, _ := http.NewRequest(http.MethodGet, "https://localhost:8443/feeds/ideas.atom", nil)
	res, err := web.Test(req, 10000)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET over https: %v %v", res, err)
	}
	body, _ := io.ReadAll(res.Body)
	var after feedDoc
	if err := xml.Unmarshal(body, &after); err != nil {
		t.Fatal(err)
	}
	if after.ID != before.doc.ID || after.Entries[0].ID != before.doc.Entries[0].ID {
		t.Errorf("ids changed with the scheme: %s %s → %s %s", before.doc.ID, before.doc.Entries[0].ID, after.ID, after.Entries[0].ID)
	}
	if got, want := after.Entries[0].link("alternate"), "https://localhost:8443/ideas/"+strconv.FormatInt(idea.ID, 10); got != want {
		t.Errorf("link is %s, want %s", got, want)
	}
}

// wantStatusChange is one status change the database says the feed should carry.
type wantStatusChange struct {
	EventID   int64
	IdeaID    int64
	IdeaTitle string
	FromValue string
	ToValue   string
}

func (f *feedFixture) wantStatusChanges(t *testing.T, consultationID int64) []wantStatusChange {
	t.Helper()
	var out []wantStatusChange
	err := f.DB.Raw(`SELECT e.id AS event_id, i.id AS idea_id, i.title AS idea_title, e.from_value, e.to_value
		FROM events e JOIN ideas i ON i.id = e.idea_id JOIN consultations c ON c.id = i.consultation_id
		WHERE e.verb = 'idea.status_changed' AND i.hidden_at IS NULL AND c.status <> 'draft'
		  AND (? = 0 OR c.id = ?)
		ORDER BY e.created_at DESC, e.id DESC LIMIT 50`, consultationID, consultationID).Scan(&out).Error
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var statusNames = map[string]map[string]string{
	"en": {"new": "New", "under_review": "Under review", "shortlisted": "Shortlisted", "declined": "Declined"},
	"cy": {"new": "Newydd", "under_review": "Yn cael ei adolygu", "shortlisted": "Ar y rhestr fer", "declined": "Wedi'i wrthod"},
}

// statusEntry finds the entry for an idea's change to a status.
func statusEntry(t *testing.T, ff fetchedFeed, idea *models.Idea, to string) (feedEntry, *gofeed.Item) {
	t.Helper()
	link := feedBase + "/ideas/" + strconv.FormatInt(idea.ID, 10)
	for i, e := range ff.doc.Entries {
		if e.link("alternate") == link && strings.HasSuffix(e.Title.Text, to) {
			return e, ff.gf.Items[i]
		}
	}
	t.Fatalf("no entry for %q becoming %s", idea.Title, to)
	return feedEntry{}, nil
}

func TestFeedStatusChangesWithResponses(t *testing.T) {
	t.Parallel()
	f := newFeedFixture(t)
	ctx := t.Context()
	digital := f.consultation("digital", "Digital in Wales", "Digidol yng Nghymru", "open")
	health := f.consultation("health", "Health services", "", "open")
	draft := f.consultation("secret", "Not yet", "", "draft")

	wifi := f.idea(digital, "Free wifi on buses", "Body")
	f.setStatus(wifi, models.StatusUnderReview, "We are looking at this.", "Rydym yn edrych ar hyn.")
	f.setStatus(wifi, models.StatusShortlisted, "Shortlisted for the March meeting.", "")
	// A later response with no change of status is not what was said when it was shortlisted.
	f.setStatus(wifi, models.StatusShortlisted, "Updated much later.", "Diweddarwyd yn llawer hwyrach.")

	clinic := f.idea(health, "Evening clinics", "Body")
	welsh := "Y tu hwnt i’n cylch gwaith – ŵ ŷ â “diolch”."
	f.setStatus(clinic, models.StatusDeclined, "Outside our remit – sorry.\nSee the plan.", welsh)

	// A change with no response, then a response an hour later: they are not one decision.
	quiet := f.idea(digital, "Quiet carriages", "Body")
	f.setStatus(quiet, models.StatusUnderReview, "", "")
	f.setStatus(quiet, models.StatusUnderReview, "Said an hour later.", "")
	f.exec(`UPDATE events SET created_at = created_at + interval '1 hour' WHERE idea_id = ? AND verb = 'idea.responded'`, quiet.ID)

	hidden := f.idea(digital, "Hidden idea", "Body")
	f.setStatus(hidden, models.StatusUnderReview, "Hidden response", "")
	f.hide(hidden)
	secret := f.idea(draft, "Draft consultation idea", "Body")
	f.setStatus(secret, models.StatusUnderReview, "Draft response", "")

	// 55 more changes in bulk (no responses) push the early ones out of the site-wide feed.
	var bulk []int64
	for n := range 55 {
		bulk = append(bulk, f.idea(health, fmt.Sprintf("Bulk idea %d", n), "Body").ID)
	}
	if errs, err := models.BulkTriage(ctx, f.DB, f.panel, bulk, 0, models.StatusUnderReview); err != nil || errs.Any() {
		t.Fatalf("bulk: %v %v", errs, err)
	}
	// Put the bulk changes before the others, so the interesting ones are among the newest 50.
	f.exec(`UPDATE events SET created_at = created_at - interval '1 day' WHERE verb = 'idea.status_changed' AND idea_id IN ?`, bulk)

	for _, tc := range []struct {
		path, lang   string
		consultation int64
		count        int
		title        string
	}{
		{"/feeds/status.atom", "en", 0, 50, "Syniad: decisions on ideas"},
		{"/feeds/status.atom?lang=cy", "cy", 0, 50, "Syniad: penderfyniadau ar syniadau"},
		{"/feeds/status.atom?consultation=digital", "en", digital.ID, 3, "Syniad: decisions on ideas for “Digital in Wales”"},
		{"/feeds/status.atom?consultation=digital&lang=cy", "cy", digital.ID, 3, "Syniad: penderfyniadau ar syniadau ar gyfer “Digidol yng Nghymru”"},
		{"/feeds/status.atom?consultation=health", "en", health.ID, 50, "Syniad: decisions on ideas for “Health services”"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			ff := f.feed(t, tc.path, tc.lang)
			if ff.doc.Title.Text != tc.title {
				t.Errorf("title is %q, want %q", ff.doc.Title.Text, tc.title)
			}
			want := f.wantStatusChanges(t, tc.consultation)
			if len(want) != tc.count || len(ff.doc.Entries) != len(want) {
				t.Fatalf("%d entries, the database has %d, the test expects %d", len(ff.doc.Entries), len(want), tc.count)
			}
			names := statusNames[tc.lang]
			for i, w := range want {
				e := ff.doc.Entries[i]
				if got := e.link("alternate"); got != feedBase+"/ideas/"+strconv.FormatInt(w.IdeaID, 10) {
					t.Errorf("entry %d links to %s, want idea %d", i, got, w.IdeaID)
				}
				title := "“" + w.IdeaTitle + "” is now " + names[w.ToValue]
				if tc.lang == "cy" {
					title = "“" + w.IdeaTitle + "” – y statws bellach yw " + names[w.ToValue]
				}
				if e.Title.Text != title || ff.gf.Items[i].Title != title {
					t.Errorf("entry %d title is %q, want %q", i, e.Title.Text, title)
				}
				change := "Status: " + names[w.FromValue] + " → " + names[w.ToValue]
				if tc.lang == "cy" {
					change = "Statws: " + names[w.FromValue] + " → " + names[w.ToValue]
				}
				if e.Content.Type != "html" || !strings.Contains(html.UnescapeString(ff.gf.Items[i].Content), change) {
					t.Errorf("entry %d content %q lacks %q", i, ff.gf.Items[i].Content, change)
				}
			}
			for _, gone := range []string{"Hidden idea", "Hidden response", "Draft consultation idea", "Draft response"} {
				if strings.Contains(ff.body, gone) {
					t.Errorf("%q is in the feed", gone)
				}
			}
		})
	}

	// Each response is the one published with the change, in the feed's language where the
	// panel wrote a Welsh version (and marked as English where it did not).
	en := f.feed(t, "/feeds/status.atom", "en")
	cy := f.feed(t, "/feeds/status.atom?lang=cy", "cy")
	for _, tc := range []struct {
		name          string
		idea          *models.Idea
		to            string
		ff            fetchedFeed
		want, notWant []string
	}{
		{"first response", wifi, "Under review", en, []string{"<h2>Response from the panel</h2>", "<p>We are looking at this.</p>"}, []string{"Updated much later", "March"}},
		{"second response", wifi, "Shortlisted", en, []string{"<p>Shortlisted for the March meeting.</p>"}, []string{"Updated much later"}},
		{"no response", quiet, "Under review", en, nil, []string{"Response from the panel", "Said an hour later"}},
		{"line breaks", clinic, "Declined", en, []string{"<p>Outside our remit – sorry.<br>See the plan.</p>"}, []string{welsh}},
		{"Welsh response", clinic, "Wedi'i wrthod", cy, []string{"<h2>Ymateb gan y panel</h2>", "<p>" + welsh + "</p>", "Statws: Newydd → Wedi'i wrthod"}, []string{"Outside our remit"}},
		{"English kept when the Welsh is gone", wifi, "Ar y rhestr fer", cy, []string{`<p lang="en">Shortlisted for the March meeting.</p>`}, nil},
		// The Welsh written later goes with a later English response, not this one.
		{"Welsh of another response", wifi, "Yn cael ei adolygu", cy, []string{`<p lang="en">We are looking at this.</p>`}, []string{"Diweddarwyd", "Rydym"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, it := statusEntry(t, tc.ff, tc.idea, tc.to)
			text := html.UnescapeString(it.Content) // the checks are of text, not its escaping
			for _, s := range tc.want {
				if !strings.Contains(text, s) {
					t.Errorf("content %q lacks %q", it.Content, s)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(text, s) {
					t.Errorf("content %q has %q", it.Content, s)
				}
			}
		})
	}
}

// wantActionEntry is one entry of the action log feeds, as the test made it.
type wantActionEntry struct {
	action       *models.Action
	title, cy    string // entry titles in English and Welsh
	body, bodyCy string // the Welsh feed's text: bodyCy, or body when there is none
	board        string
}

func TestFeedActionLog(t *testing.T) {
	t.Parallel()
	f := newFeedFixture(t)
	ctx := t.Context()
	board := func(slug, name, nameCy, prefix string) *models.Board {
		b, errs, err := models.SaveBoard(ctx, f.DB, f.staff, 0, models.BoardInput{Slug: slug, Name: name, NameCy: nameCy, RefPrefix: prefix})
		if err != nil || errs.Any() {
			t.Fatalf("board: %v %v", errs, err)
		}
		return b
	}
	panel := board("digital-panel", "Digital Panel", "Panel Digidol", "DP")
	standards := board("standards", "Standards Board", "", "SB")

	var log []wantActionEntry // oldest first
	raise := func(b *models.Board, description, descriptionCy string) *models.Action {
		a, errs, err := models.CreateAction(ctx, f.DB, f.staff, models.ActionInput{BoardID: b.ID,
			Description: description, DescriptionCy: descriptionCy, OwnerName: "Rhian"}, f.now())
		if err != nil || errs.Any() {
			t.Fatalf("raise: %v %v", errs, err)
		}
		cy := descriptionCy
		if cy == "" {
			cy = description
		}
		log = append(log, wantActionEntry{a, a.Reference + " raised: Open", "Codwyd " + a.Reference + ": Agored",
			description, cy, b.Slug})
		return a
	}
	update := func(b *models.Board, a *models.Action, status, body, bodyCy string) {
		var prev string
		for _, e := range log {
			if e.action.ID == a.ID {
				prev = e.action.Status
			}
		}
		errs, err := models.AddActionUpdate(ctx, f.DB, f.staff, a.ID, models.ActionUpdateInput{Body: body, BodyCy: bodyCy, Status: status})
		if err != nil || errs.Any() {
			t.Fatalf("update: %v %v", errs, err)
		}
		names := map[string][2]string{"open": {"Open", "Agored"}, "in_progress": {"In progress", "Ar y gweill"},
			"done": {"Done", "Wedi'i wneud"}}
		now := names[status]
		title, cy := a.Reference+" is now "+now[0], a.Reference+" – y statws bellach yw "+now[1]
		if status == prev {
			title, cy = a.Reference+": progress update ("+now[0]+")", a.Reference+": diweddariad ar y cynnydd ("+now[1]+")"
		}
		if bodyCy == "" {
			bodyCy = body
		}
		cp := *a
		cp.Status = status
		log = append(log, wantActionEntry{&cp, title, cy, body, bodyCy, b.Slug})
	}

	first := raise(panel, "Publish the bus timetables as open data", "Cyhoeddi amserlenni’r bysiau fel data agored – ŵ ŷ")
	update(panel, first, models.ActionInProgress, "Talking to the operators.", "Yn siarad â’r gweithredwyr.")
	update(panel, first, models.ActionInProgress, "Two of three agreed.", "")
	second := raise(standards, "Adopt the API standard", "")
	update(standards, second, models.ActionDone, "Adopted at the June meeting.", "Mabwysiadwyd yng nghyfarfod mis Mehefin.")
	// Enough of the Digital Panel's work to pass the limit of 50.
	for n := range 26 {
		a := raise(panel, fmt.Sprintf("Action %d", n), "")
		update(panel, a, models.ActionInProgress, fmt.Sprintf("Started %d", n), fmt.Sprintf("Dechreuwyd %d", n))
	}

	for _, tc := range []struct {
		path, lang, board string
		count             int
		title             string
	}{
		{"/feeds/actions.atom", "en", "", 50, "Syniad: action log"},
		{"/feeds/actions.atom?lang=cy", "cy", "", 50, "Syniad: log gweithredu"},
		{"/boards/standards/actions.atom", "en", "standards", 2, "Syniad: Standards Board action log"},
		{"/boards/standards/actions.atom?lang=cy", "cy", "standards", 2, "Syniad: log gweithredu Standards Board"},
		{"/boards/digital-panel/actions.atom?lang=cy", "cy", "digital-panel", 50, "Syniad: log gweithredu Panel Digidol"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			ff := f.feed(t, tc.path, tc.lang)
			if ff.doc.Title.Text != tc.title {
				t.Errorf("title is %q, want %q", ff.doc.Title.Text, tc.title)
			}
			var want []wantActionEntry
			for i := len(log) - 1; i >= 0 && len(want) < 50; i-- {
				if tc.board == "" || log[i].board == tc.board {
					want = append(want, log[i])
				}
			}
			if len(want) != tc.count || len(ff.doc.Entries) != len(want) {
				t.Fatalf("%d entries, want %d (the test expects %d)", len(ff.doc.Entries), len(want), tc.count)
			}
			for i, w := range want {
				e, it := ff.doc.Entries[i], ff.gf.Items[i]
				title, body := w.title, w.body
				if tc.lang == "cy" {
					title, body = w.cy, w.bodyCy
				}
				if e.Title.Text != title || it.Title != title {
					t.Errorf("entry %d title is %q, want %q", i, e.Title.Text, title)
				}
				if e.Content.Type != "text" || e.Content.Text != body || it.Content != body {
					t.Errorf("entry %d content is %s %q, want %q", i, e.Content.Type, e.Content.Text, body)
				}
				wantLang := ""
				if tc.lang == "cy" && body == w.body && w.bodyCy == w.body {
					wantLang = "en"
				}
				if e.Content.Lang != wantLang {
					t.Errorf("entry %d content xml:lang is %q, want %q", i, e.Content.Lang, wantLang)
				}
				if link := feedBase + "/actions/" + strconv.FormatInt(w.action.ID, 10); e.link("alternate") != link {
					t.Errorf("entry %d links to %s, want %s", i, e.link("alternate"), link)
				}
				if len(e.Categories) != 1 || e.Categories[0].Term != w.board {
					t.Errorf("entry %d categories %+v, want board %s", i, e.Categories, w.board)
				}
			}
		})
	}
}

// A hostile title and body, and Welsh text, come back through both parsers exactly as they
// were typed (less the control character XML cannot carry), and the HTML content carries no
// script.
func TestFeedTextRoundTrips(t *testing.T) {
	t.Parallel()
	f := newFeedFixture(t)
	cs := f.consultation("digital", "Digital in Wales", "Digidol yng Nghymru – ŵ ŷ â", "open")
	theme := f.theme("water", "Water", "Dŵr a’r amgylchedd – ŵ ŷ â")

	hostileTitle := "]]></title>\x07<script>alert(1)</script>&amp;"
	hostileBody := "Look: <img src=x onerror=alert(1)>\x07 and <script>alert(2)</script> **bold**"
	hostile := f.idea(cs, "placeholder", "placeholder")
	// The forms refuse control characters, so this is an idea that reached the table some other
	// way (an import, an older version).
	// Markdown rendering drops the control character itself, so the stored HTML gets one put back.
	hostileHTML := strings.Replace(models.RenderMarkdown(hostileBody), " and", "\x07 and", 1)
	if !strings.Contains(hostileHTML, "\x07") {
		t.Fatalf("no control character in %q", hostileHTML)
	}
	f.exec("UPDATE ideas SET title = ?, body = ?, body_html = ? WHERE id = ?",
		hostileTitle, hostileBody, hostileHTML, hostile.ID)
	welshTitle := "Dŵr glân i bawb: “ŷ â ê î ô û ẁ ẃ ẅ ỳ” – ac ati"
	welsh := f.idea(cs, welshTitle, "Mae angen dŵr glân ar bob cymuned – “yn wir”.")
	f.tagIdea(welsh, theme)
	f.tagIdea(hostile, theme)
	response, responseCy := "We agree – “clean water”.", "Rydym yn cytuno – “dŵr glân” ŵ ŷ â."
	f.setStatus(welsh, models.StatusShortlisted, response, responseCy)
	f.setStatus(hostile, models.StatusUnderReview, "", "")

	wantTitle := "]]></title><script>alert(1)</script>&amp;"
	for _, path := range []string{"/feeds/ideas.atom", "/feeds/ideas.atom?lang=cy", "/themes/water/ideas.atom?lang=cy",
		"/consultations/digital/ideas.atom", "/feeds/status.atom", "/feeds/status.atom?lang=cy"} {
		t.Run(path, func(t *testing.T) {
			lang := "en"
			if strings.Contains(path, "lang=cy") {
				lang = "cy"
			}
			ff := f.feed(t, path, lang)
			if strings.Contains(ff.body, "<script") || strings.Contains(ff.body, "<img") || strings.Contains(ff.body, "\x07") {
				t.Errorf("the raw feed carries markup or a control character:\n%s", ff.body)
			}
			var titles []string
			for i, e := range ff.doc.Entries {
				it := ff.gf.Items[i]
				titles = append(titles, e.Title.Text)
				if e.Title.Text != it.Title {
					t.Errorf("the parsers disagree: %q and %q", e.Title.Text, it.Title)
				}
				for _, content := range []string{e.Content.Text, it.Content} {
					lower := strings.ToLower(content)
					if strings.Contains(lower, "<script") || strings.Contains(lower, "onerror") || strings.Contains(lower, "<img") {
						t.Errorf("content carries script: %q", content)
					}
				}
			}
			ideaTitles := []string{wantTitle, welshTitle}
			if strings.Contains(path, "status") {
				if lang == "en" {
					ideaTitles = []string{"“" + wantTitle + "” is now Under review", "“" + welshTitle + "” is now Shortlisted"}
				} else {
					ideaTitles = []string{"“" + wantTitle + "” – y statws bellach yw Yn cael ei adolygu",
						"“" + welshTitle + "” – y statws bellach yw Ar y rhestr fer"}
				}
			}
			for _, want := range ideaTitles {
				if !slices.Contains(titles, want) {
					t.Errorf("no entry is titled %q; titles: %q", want, titles)
				}
			}
			if !strings.Contains(path, "status") {
				i := slices.Index(titles, wantTitle)
				if i < 0 {
					t.FailNow()
				}
				wantHTML := strings.ReplaceAll(hostileHTML, "\x07", "")
				if got := ff.doc.Entries[i].Content.Text; got != wantHTML {
					t.Errorf("content is %q, want %q", got, wantHTML)
				}
				if got := ff.gf.Items[i].Content; got != wantHTML {
					t.Errorf("gofeed reads the content as %q, want %q", got, wantHTML)
				}
			}
			switch {
			case strings.Contains(path, "status") && lang == "cy":
				_, it := statusEntry(t, ff, welsh, "Ar y rhestr fer")
				if !strings.Contains(it.Content, "<p>"+responseCy+"</p>") {
					t.Errorf("the Welsh response did not come back whole: %q", it.Content)
				}
			case strings.Contains(path, "status"):
				_, it := statusEntry(t, ff, welsh, "Shortlisted")
				if !strings.Contains(it.Content, "<p>"+response+"</p>") {
					t.Errorf("the response did not come back whole: %q", it.Content)
				}
			case strings.Contains(path, "themes") || (strings.Contains(path, "ideas.atom") && lang == "cy"):
				e := ff.doc.Entries[slices.Index(titles, welshTitle)]
				if len(e.Categories) != 1 || e.Categories[0].Label != "Dŵr a’r amgylchedd – ŵ ŷ â" {
					t.Errorf("the Welsh theme name did not come back whole: %+v", e.Categories)
				}
			}
			if strings.HasPrefix(path, "/consultations") {
				if ff.doc.Title.Text != "Syniad: new ideas for “Digital in Wales”" {
					t.Errorf("title %q", ff.doc.Title.Text)
				}
			}
		})
	}
	ff := f.feed(t, "/consultations/digital/ideas.atom?lang=cy", "cy")
	if want := "Syniad: syniadau newydd ar gyfer “Digidol yng Nghymru – ŵ ŷ â”"; ff.doc.Title.Text != want || ff.gf.Title != want {
		t.Errorf("Welsh feed title %q (gofeed %q), want %q", ff.doc.Title.Text, ff.gf.Title, want)
	}
}

func TestFeedNotFound(t *testing.T) {
	t.Parallel()
	f := newFeedFixture(t)
	f.consultation("secret", "Draft", "", "draft")
	for _, path := range []string{
		"/consultations/no-such/ideas.atom",
		"/consultations/secret/ideas.atom", // a draft is not public
		"/themes/no-such/ideas.atom",
		"/boards/no-such/actions.atom",
		"/feeds/status.atom?consultation=no-such",
		"/feeds/status.atom?consultation=secret",
		"/feeds/status.atom?consultation=no-such&lang=cy",
	} {
		res, body := f.client().get(path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || strings.Contains(body, "<") {
			t.Errorf("GET %s: a %s page, want plain text: %q", path, ct, body)
		}
		if ck := res.Header.Values("Set-Cookie"); len(ck) > 0 {
			t.Errorf("GET %s: sets cookies %q", path, ck)
		}
	}
	if _, body := f.client().get("/boards/no-such/actions.atom?lang=cy"); body != "Does dim ffrwd o'r fath.\n" {
		t.Errorf("Welsh 404 says %q", body)
	}
}

// A feed reader polling an unchanged feed gets 304 with no body; an empty feed is the same
// from one poll to the next.
func TestFeedConditionalRequests(t *testing.T) {
	t.Parallel()
	f := newFeedFixture(t)
	cs := f.consultation("digital", "Digital", "", "open")
	f.theme("quiet", "Quiet", "")
	f.idea(cs, "First", "Body")

	get := func(path string, headers map[string]string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, feedBase+path, nil)
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		return f.client().do(req)
	}
	res, body := get("/feeds/ideas.atom", nil)
	etag, lastModified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if !strings.HasPrefix(etag, `"`) || lastModified == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, lastModified)
	}
	since, _ := http.ParseTime(lastModified)
	for _, tc := range []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"same ETag", map[string]string{"If-None-Match": etag}, http.StatusNotModified},
		{"one of several ETags", map[string]string{"If-None-Match": `"nope", W/` + etag}, http.StatusNotModified},
		{"other ETag", map[string]string{"If-None-Match": `"nope"`}, http.StatusOK},
		{"other ETag wins over the date", map[string]string{"If-None-Match": `"nope"`, "If-Modified-Since": lastModified}, http.StatusOK},
		{"same date", map[string]string{"If-Modified-Since": lastModified}, http.StatusNotModified},
		{"later date", map[string]string{"If-Modified-Since": since.Add(time.Hour).Format(http.TimeFormat)}, http.StatusNotModified},
		{"earlier date", map[string]string{"If-Modified-Since": since.Add(-time.Second).Format(http.TimeFormat)}, http.StatusOK},
	} {
		res, got := get("/feeds/ideas.atom", tc.headers)
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, res.StatusCode, tc.status)
		}
		if tc.status == http.StatusNotModified && got != "" {
			t.Errorf("%s: 304 with a body: %q", tc.name, got)
		}
		if tc.status == http.StatusOK && got != body {
			t.Errorf("%s: the body changed between requests", tc.name)
		}
		if res.Header.Get("ETag") != etag || len(res.Header.Values("Set-Cookie")) > 0 {
			t.Errorf("%s: ETag %q, cookies %q", tc.name, res.Header.Get("ETag"), res.Header.Values("Set-Cookie"))
		}
	}

	// A new idea changes the feed and its ETag.
	f.idea(cs, "Second", "Body")
	if res, _ := get("/feeds/ideas.atom", map[string]string{"If-None-Match": etag}); res.StatusCode != http.StatusOK || res.Header.Get("ETag") == etag {
		t.Errorf("after a new idea: status %d, ETag %q (was %q)", res.StatusCode, res.Header.Get("ETag"), etag)
	}

	// An empty feed's body does not change with the clock.
	_, a := get("/themes/quiet/ideas.atom", nil)
	time.Sleep(1100 * time.Millisecond)
	_, b := get("/themes/quiet/ideas.atom", nil)
	if a != b || !strings.Contains(a, "<updated>2026-01-01T00:00:00Z</updated>") {
		t.Errorf("an empty feed changed between polls or has no fixed updated:\n%s\n%s", a, b)
	}

	// A signed-in reader with a session cookie still gets no cookie back.
	c := f.client()
	c.signIn("reader")
	if res, _ := c.get("/feeds/status.atom"); len(res.Header.Values("Set-Cookie")) > 0 || res.StatusCode != http.StatusOK {
		t.Errorf("signed in: status %d, cookies %q", res.StatusCode, res.Header.Values("Set-Cookie"))
	}
}

// The pages each feed follows point to it: a <link rel="alternate"> in the head for browsers
// and feed readers, and a visible link, to the Welsh feed from a Welsh page.
func TestFeedLinksOnPages(t *testing.T) {
	t.Parallel()
	f := newFeedFixture(t)
	f.consultation("digital", "Digital in Wales", "Digidol yng Nghymru", "open")
	f.theme("water", "Water", "Dŵr")
	if _, errs, err := models.SaveBoard(t.Context(), f.DB, f.staff, 0, models.BoardInput{Slug: "digital-panel",
		Name: "Digital Panel", NameCy: "Panel Digidol", RefPrefix: "DP"}); err != nil || errs.Any() {
		t.Fatalf("board: %v %v", errs, err)
	}
	type link struct{ title, href, label string }
	for _, tc := range []struct {
		page, lang string
		links      []link
	}{
		{"/", "en", []link{{"Syniad: new ideas", "/feeds/ideas.atom", "Follow new ideas (Atom feed)"}}},
		{"/", "cy", []link{{"Syniad: syniadau newydd", "/feeds/ideas.atom?lang=cy", "Dilyn syniadau newydd (ffrwd Atom)"}}},
		{"/ideas", "en", []link{{"Syniad: new ideas", "/feeds/ideas.atom", "Follow new ideas (Atom feed)"},
			{"Syniad: decisions on ideas", "/feeds/status.atom", "Follow decisions on ideas (Atom feed)"}}},
		{"/consultations/digital", "en", []link{
			{"Syniad: new ideas for “Digital in Wales”", "/consultations/digital/ideas.atom", "Follow new ideas for this consultation (Atom feed)"},
			{"Syniad: decisions on ideas for “Digital in Wales”", "/feeds/status.atom?consultation=digital", "Follow decisions on this consultation&#39;s ideas (Atom feed)"}}},
		{"/consultations/digital", "cy", []link{
			{"Syniad: syniadau newydd ar gyfer “Digidol yng Nghymru”", "/consultations/digital/ideas.atom?lang=cy", "Dilyn syniadau newydd ar gyfer yr ymgynghoriad hwn (ffrwd Atom)"},
			{"Syniad: penderfyniadau ar syniadau ar gyfer “Digidol yng Nghymru”", "/feeds/status.atom?consultation=digital&amp;lang=cy", "Dilyn penderfyniadau ar syniadau&#39;r ymgynghoriad hwn (ffrwd Atom)"}}},
		{"/themes/water", "cy", []link{{"Syniad: syniadau newydd ar y thema “Dŵr”", "/themes/water/ideas.atom?lang=cy", "Dilyn syniadau newydd ar y thema hon (ffrwd Atom)"}}},
		{"/actions", "en", []link{{"Syniad: action log", "/feeds/actions.atom", "Follow the action log (Atom feed)"}}},
		{"/boards/digital-panel", "en", []link{{"Syniad: Digital Panel action log", "/boards/digital-panel/actions.atom", "Follow this board&#39;s action log (Atom feed)"}}},
		{"/boards/digital-panel", "cy", []link{{"Syniad: log gweithredu Panel Digidol", "/boards/digital-panel/actions.atom?lang=cy", "Dilyn log gweithredu&#39;r bwrdd hwn (ffrwd Atom)"}}},
	} {
		t.Run(tc.page+" "+tc.lang, func(t *testing.T) {
			res, body := f.client().getIn(tc.lang, tc.page)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			head, _, _ := strings.Cut(body, "</head>")
			for _, l := range tc.links {
				tag := `<link rel="alternate" type="application/atom+xml" title="` + l.title + `" href="` + l.href + `">`
				if !strings.Contains(head, tag) {
					t.Errorf("the head lacks %s", tag)
				}
				a := `<a class="govuk-link" href="` + l.href + `" type="application/atom+xml">` + l.label + `</a>`
				if !strings.Contains(body, a) {
					t.Errorf("the page lacks %s", a)
				}
			}
			// Every feed linked from the page answers.
			for _, l := range tc.links {
				href := strings.ReplaceAll(l.href, "&amp;", "&")
				f.feed(t, href, tc.lang)
			}
		})
	}
}
