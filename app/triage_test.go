package app_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

func (ta *testApp) signInAs(handle, role string) *client {
	c := ta.client()
	u := c.signIn(handle)
	ta.DB.Exec("UPDATE users SET role = ? WHERE id = ?", role, u.ID)
	return c
}

func TestPanelTriagesToShortlist(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Open data by default")
	dup := ta.seedIdea("digital", "Publish data openly")
	theme := &models.Theme{Slug: "open-data", Name: "Open data", NameCy: "Data agored"}
	ta.DB.Create(theme)
	path := "/ideas/" + strconv.FormatInt(idea.ID, 10)

	panel := ta.signInAs("pat", "panel")
	_, body := panel.get("/triage?theme=none")
	if !strings.Contains(body, "Open data by default") || !strings.Contains(body, "Publish data openly") {
		t.Fatalf("triage queue lacks the new ideas:\n%s", body)
	}
	res, _ := panel.post("/triage/bulk", url.Values{"idea": {strconv.FormatInt(idea.ID, 10), strconv.FormatInt(dup.ID, 10)},
		"theme_id": {strconv.FormatInt(theme.ID, 10)}, "status": {"under_review"}, "next": {"/triage"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk: %d", res.StatusCode)
	}
	res, body = panel.post("/triage/bulk", url.Values{"next": {"/triage"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Select at least one idea") {
		t.Fatalf("empty bulk: %d", res.StatusCode)
	}

	res, body = panel.post(path+"/status", url.Values{"status": {"under_review"}, "response": {""}, "response_cy": {"Ymateb yn unig"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Write the English response too") {
		t.Fatalf("Welsh-only response: %d", res.StatusCode)
	}
	res, _ = panel.post(path+"/status", url.Values{"status": {"under_review"}, "response": {"We are looking at this."}, "response_cy": {"Rydym yn edrych ar hyn."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status: %d", res.StatusCode)
	}
	res, _ = panel.post("/ideas/"+strconv.FormatInt(dup.ID, 10)+"/merge", url.Values{"target": {"#" + strconv.FormatInt(idea.ID, 10)}, "reason": {"Same idea"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("merge: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = panel.post(path+"/shortlist", url.Values{"rank": {"1"}, "rationale": {"Cheap and fair"}, "rationale_cy": {"Rhad a theg"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("shortlist: %d", res.StatusCode)
	}

	anon := ta.client()
	if res, _ := anon.get("/consultations/digital/shortlist"); res.StatusCode != 404 {
		t.Fatalf("draft shortlist visible to the public: %d", res.StatusCode)
	}
	panel.get("/consultations/digital/shortlist")
	res, _ = panel.post("/consultations/digital/shortlist/publish", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	_, body = anon.get("/consultations/digital/shortlist")
	if !strings.Contains(body, "Open data by default") || !strings.Contains(body, "Cheap and fair") {
		t.Fatalf("public shortlist:\n%s", body)
	}
	_, body = anon.get(path)
	for _, want := range []string{"We are looking at this.", "Shortlisted", "put this idea on the shortlist at number 1",
		"changed the status from New to Under review", "added the theme Open data", "merged idea"} {
		if !strings.Contains(body, want) {
			t.Errorf("idea page lacks %q\n%s", want, body[strings.Index(body, "History"):])
		}
	}
	if strings.Contains(body, `id="triage"`) {
		t.Error("the public sees the panel's tools")
	}
	anon.get("/?lang=cy")
	_, body = anon.get(path)
	if !strings.Contains(body, "Rydym yn edrych ar hyn.") {
		t.Error("Welsh response not shown in Welsh")
	}
	_, body = anon.get("/api/v1" + path)
	if !strings.Contains(body, `"verb":"idea.merged_in"`) || !strings.Contains(body, `"text":"We are looking at this."`) {
		t.Errorf("API history: %s", body)
	}
}

func TestReportsHideUntilReviewed(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) { c.ReportThreshold = 2 })
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Buy my product")
	path := "/ideas/" + strconv.FormatInt(idea.ID, 10)
	for i, name := range []string{"rhian", "tomos"} {
		c := ta.client()
		c.signIn(name)
		c.get(path)
		res, _ := c.post(path+"/report", url.Values{"reason": {"Advertising"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("report %d: %d", i, res.StatusCode)
		}
		if i == 0 {
			res, body := c.post(path+"/report", url.Values{"reason": {"Again"}})
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "already reported") {
				t.Fatalf("second report by one member: %d", res.StatusCode)
			}
		}
	}
	anon := ta.client()
	_, body := anon.get(path)
	if !strings.Contains(body, "This idea has been hidden") || strings.Contains(body, "About Buy my product") {
		t.Fatalf("reported idea still shown:\n%s", body)
	}
	mod := ta.signInAs("mo", "panel")
	_, body = mod.get("/moderation")
	if !strings.Contains(body, "Buy my product") || !strings.Contains(body, "Advertising") || !strings.Contains(body, "Reported by 2 members") {
		t.Fatalf("moderation queue:\n%s", body)
	}
	res, body := mod.post("/moderation/hide", url.Values{"subject_type": {"idea"}, "subject_id": {strconv.FormatInt(idea.ID, 10)}, "reason": {""}, "next": {"/moderation"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a reason") {
		t.Fatalf("hide without reason: %d", res.StatusCode)
	}
	res, _ = mod.post("/moderation/hide", url.Values{"subject_type": {"idea"}, "subject_id": {strconv.FormatInt(idea.ID, 10)}, "reason": {"Advertising"}, "next": {"/moderation"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide: %d", res.StatusCode)
	}
	_, body = mod.get("/moderation")
	if strings.Contains(body, "Buy my product") {
		t.Fatal("resolved report still queued")
	}
	_, body = mod.get(path)
	if !strings.Contains(body, "Hidden from the public (Advertising)") || !strings.Contains(body, "hid this idea – Advertising") {
		t.Fatalf("panel view of hidden idea:\n%s", body)
	}
	var n int64
	ta.DB.Raw("SELECT count(*) FROM events WHERE verb IN ('content.auto_hidden', 'idea.hidden') AND idea_id = ?", idea.ID).Scan(&n)
	if n != 2 {
		t.Fatalf("moderation events: %d", n)
	}
}

func TestAdminRolesAndBlocks(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Anything")
	member := ta.client()
	member.signIn("megan")
	admin := ta.signInAs("root-admin", "admin")

	_, body := admin.get("/admin?q=meg")
	if !strings.Contains(body, "megan") {
		t.Fatalf("admin search:\n%s", body)
	}
	res, _ := admin.post("/admin/users/megan/role", url.Values{"role": {"panel"}, "next": {"/admin"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant: %d", res.StatusCode)
	}
	if res, _ := member.get("/triage"); res.StatusCode != 200 {
		t.Fatalf("new panel member cannot reach triage at once: %d", res.StatusCode)
	}
	res, _ = admin.post("/admin/users/megan/role", url.Values{"role": {"emperor"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad role: %d", res.StatusCode)
	}
	res, _ = admin.post("/admin/users/megan/block", url.Values{"reason": {"Spam"}, "next": {"/admin"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("block: %d", res.StatusCode)
	}
	res, _ = member.post("/ideas/"+strconv.FormatInt(idea.ID, 10)+"/vote", url.Values{"vote": {"on"}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("blocked member's session still writes: %d", res.StatusCode)
	}
	res, _ = admin.post("/admin/users/root-admin/block", url.Values{"reason": {"Oops"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("self-block: %d", res.StatusCode)
	}
	_, body = admin.get("/admin/events?verb=user.blocked")
	if !strings.Contains(body, `<a class="govuk-link" href="/people/root-admin">root-admin</a> blocked a user – Spam`) {
		t.Fatalf("events page:\n%s", body)
	}
	admin.post("/admin/users/megan/unblock", url.Values{})
	if res, _ := member.post("/ideas/"+strconv.FormatInt(idea.ID, 10)+"/vote", url.Values{"vote": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unblocked member: %d", res.StatusCode)
	}
}

func TestStaffRecordAndImport(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	staff := ta.signInAs("sam", "staff")
	staff.get("/ideas/record")
	res, body := staff.post("/ideas/record", url.Values{"consultation": {"digital"}, "title": {"Outcomes for users"},
		"body": {"Focus on outcomes"}, "source_name": {""}, "source_url": {"javascript:alert(1)"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter who suggested the idea") || !strings.Contains(body, "Enter a link starting with https://") {
		t.Fatalf("bad record: %d", res.StatusCode)
	}
	res, _ = staff.post("/ideas/record", url.Values{"consultation": {"digital"}, "title": {"Outcomes for users"},
		"body": {"Focus on outcomes"}, "source_name": {"@CllrExample on Twitter"}, "source_url": {"https://social.example/1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d", res.StatusCode)
	}
	_, body = staff.get(res.Header.Get("Location"))
	if !strings.Contains(body, "Suggested by @CllrExample on Twitter elsewhere") {
		t.Fatalf("recorded idea page:\n%s", body)
	}

	upload := func(csv string) (*http.Response, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		w.WriteField("_csrf", staff.CSRF)
		fw, _ := w.CreateFormFile("file", "ideas.csv")
		fw.Write([]byte(csv))
		w.Close()
		req, _ := http.NewRequest("POST", "http://localhost:3000/ideas/import", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		return staff.do(req)
	}
	staff.get("/ideas/import")
	bad := "consultation,title,body,source_name,source_url\n" +
		"digital,Good row,Fine,@a,https://x.example/1\n" +
		"nowhere,Bad consultation,Text,@b,\n" +
		"digital,,No title,@c,\n"
	res, body = upload(bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "2 rows have problems") ||
		!strings.Contains(body, "Line 3") || !strings.Contains(body, "Line 4") || strings.Contains(body, `name="confirm"`) {
		t.Fatalf("bad import preview: %d\n%s", res.StatusCode, body)
	}
	good := "consultation,title,body,source_name\ndigital,Gwasanaethau dwyieithog,Mwy o ŵ ac ŷ,@cymro\ndigital,Second,Text,@b\n"
	res, body = upload(good)
	if res.StatusCode != 200 || !strings.Contains(body, "2 ideas are ready to import") {
		t.Fatalf("good preview: %d\n%s", res.StatusCode, body)
	}
	var before int64
	ta.DB.Raw("SELECT count(*) FROM ideas").Scan(&before)
	if before != 1 {
		t.Fatalf("preview stored ideas: %d", before)
	}
	// Confirming sends the previewed file back, in the form.
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", staff.CSRF)
	w.WriteField("confirm", "yes")
	w.WriteField("csv", good)
	w.Close()
	req, _ := http.NewRequest("POST", "http://localhost:3000/ideas/import", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, _ = staff.do(req)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm import: %d", res.StatusCode)
	}
	var rows []models.Idea
	ta.DB.Where("author_id IS NULL").Order("id").Find(&rows)
	if len(rows) != 3 || rows[1].Title != "Gwasanaethau dwyieithog" || rows[1].Body != "Mwy o ŵ ac ŷ" || rows[1].SourceName != "@cymro" {
		t.Fatalf("imported rows: %+v", rows)
	}
}
