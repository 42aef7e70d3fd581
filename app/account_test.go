package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// accountFixture is an open consultation, an idea by carol with a comment by carol, and
// alice, signed in, who wrote an idea and a comment, voted for carol's idea and supports
// carol's comment.
type accountFixture struct {
	ta                 *testApp
	alice              *client
	aliceUser          *models.User
	carolIdea, ownIdea *models.Idea
	carolComment       *models.Comment
	ownComment         *models.Comment
	carolUser          *models.User
}

func newAccountFixture(t *testing.T, configure ...func(*app.Config)) *accountFixture {
	t.Helper()
	ta := newTestApp(t, configure...)
	ta.seedOpenConsultation("digital")
	f := &accountFixture{ta: ta}
	ctx := t.Context()
	var err error
	f.carolUser, err = models.SignIn(ctx, ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "carol", Handle: "carol", Name: "Carol Jones"})
	if err != nil {
		t.Fatal(err)
	}
	f.carolIdea = mustIdea(t, ta, f.carolUser.ID, "Carol's open data idea")
	f.carolComment, _, err = models.CreateComment(ctx, ta.DB, f.carolIdea.ID, f.carolUser.ID, models.CommentInput{Body: "Carol explains more"})
	if err != nil {
		t.Fatal(err)
	}
	f.alice = ta.client()
	f.aliceUser = f.alice.signIn("alice")
	ta.DB.Exec("UPDATE users SET name = 'Alice Smith', email = 'alice@example.org' WHERE id = ?", f.aliceUser.ID)
	f.ownIdea = mustIdea(t, ta, f.aliceUser.ID, "Alice's bilingual forms idea")
	f.ownComment, _, err = models.CreateComment(ctx, ta.DB, f.carolIdea.ID, f.aliceUser.ID, models.CommentInput{Body: "Alice agrees wholeheartedly"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.SetVote(ctx, ta.DB, f.carolIdea.ID, f.aliceUser.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := models.SetCommentSupport(ctx, ta.DB, f.aliceUser, f.carolComment.ID, true); err != nil {
		t.Fatal(err)
	}
	return f
}

func mustIdea(t *testing.T, ta *testApp, authorID int64, title string) *models.Idea {
	t.Helper()
	idea, errs, err := models.CreateIdea(t.Context(), ta.DB, authorID, models.NewIdea{Consultation: "digital", Title: title, Body: "About " + title})
	if err != nil || errs.Any() {
		t.Fatalf("idea %q: %v %v", title, errs, err)
	}
	return idea
}

func TestAccountPageShowsWhatIWroteAndSupported(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t)
	res, body := f.alice.get("/account")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /account: %d", res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("Cache-Control %q", cc)
	}
	for _, want := range []string{
		"Alice&#39;s bilingual forms idea", // my ideas
		"Carol&#39;s open data idea",       // my votes
		"Alice agrees wholeheartedly",      // my comments
		"Carol explains more",              // comments I support
		`name="lang"`, `value="cy"`,        // my language
		"Development sign-in", // my sign-in methods
		`href="/account/data.json"`, `href="/account/delete"`,
		`id="nav-account"`, ">alice</span>", // header: signed in as
		"Ideas you follow (1)",          // her own idea, followed as she shared it
		`href="/account/notifications"`, // my notifications
		"alice@example.org",             // my email address, to her alone
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/account lacks %q", want)
		}
	}

	// The language form saves the choice on the account, as the switch link does.
	if res, _ := f.alice.get("/account?lang=cy"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choosing Welsh: %d", res.StatusCode)
	}
	var locale string
	f.ta.DB.Raw("SELECT locale FROM users WHERE id = ?", f.aliceUser.ID).Scan(&locale)
	if locale != "cy" {
		t.Errorf("locale = %q, want cy", locale)
	}
	if _, body := f.alice.get("/account"); !strings.Contains(body, "Eich cyfrif") {
		t.Error("/account is not in Welsh after choosing Welsh")
	}

	// Signed out, it asks to sign in.
	anon := f.ta.client()
	if res, _ := anon.get("/account"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("signed out GET /account: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestAccountPageIsPaged(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t)
	for n := range models.AccountPerPage + 2 {
		mustIdea(t, f.ta, f.aliceUser.ID, fmt.Sprintf("Extra idea number %d", n))
	}
	_, body := f.alice.get("/account")
	if !strings.Contains(body, `href="/account?ideas=2#my-ideas"`) {
		t.Error("no link to the second page of ideas")
	}
	_, body = f.alice.get("/account?ideas=2")
	if !strings.Contains(body, "Alice&#39;s bilingual forms idea") {
		t.Error("the oldest idea is not on page 2")
	}
}

func TestPeoplePageShowsWritingNotVotes(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t)
	hidden := mustIdea(t, f.ta, f.aliceUser.ID, "Alice's idea that was hidden")
	f.ta.DB.Exec("UPDATE ideas SET hidden_at = now() WHERE id = ?", hidden.ID)

	anon := f.ta.client()
	res, body := anon.get("/people/alice")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /people/alice: %d", res.StatusCode)
	}
	if !strings.Contains(body, "Alice&#39;s bilingual forms idea") || !strings.Contains(body, "Alice agrees wholeheartedly") {
		t.Error("the people page does not show what alice wrote")
	}
	for _, not := range []string{"Carol&#39;s open data idea\n", "Carol explains more", "that was hidden", "alice@example.org"} {
		if strings.Contains(body, not) {
			t.Errorf("the people page shows %q", not)
		}
	}
	// Her comment links to carol's idea; the idea itself is not listed as hers.
	if strings.Count(body, `href="/ideas/`+fmt.Sprint(f.carolIdea.ID)+`"`) != 0 {
		t.Error("the idea alice voted for is listed on her page")
	}
	if res, _ := anon.get("/people/nobody-here"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown handle: %d, want 404", res.StatusCode)
	}

	// The name beside what people write is the handle the sign-in page promises, linked here.
	_, login := anon.get("/login")
	if !strings.Contains(login, "show your username beside what you write") {
		t.Fatal("the sign-in page no longer says what it shows")
	}
	_, page := anon.get(fmt.Sprintf("/ideas/%d", f.carolIdea.ID))
	if !strings.Contains(page, `<a class="govuk-link" href="/people/carol">carol</a>`) ||
		!strings.Contains(page, `<a class="govuk-link" href="/people/alice">alice</a>`) {
		t.Error("the idea page does not link authors' handles to their pages")
	}
	if strings.Contains(page, "Carol Jones") {
		t.Error("the idea page shows a name, not the username the sign-in page promises")
	}
}

func TestAccountEditIdeaWithinThirtyMinutes(t *testing.T) {
	t.Parallel()
	posted := london(2031, 3, 4, 10, 0)
	clock := newMovableClock(posted)
	f := newAccountFixture(t, func(c *app.Config) { c.Clock = clock.now })
	f.ta.DB.Exec("UPDATE ideas SET created_at = ? WHERE id = ?", posted, f.ownIdea.ID)
	path := fmt.Sprintf("/ideas/%d/edit", f.ownIdea.ID)

	clock.set(posted.Add(29 * time.Minute))
	_, page := f.alice.get(fmt.Sprintf("/ideas/%d", f.ownIdea.ID))
	if !strings.Contains(page, `href="`+path+`"`) {
		t.Error("the author's idea page has no edit link")
	}
	if res, _ := f.alice.get(path); res.StatusCode != http.StatusOK {
		t.Fatalf("GET edit within the window: %d", res.StatusCode)
	}
	res, body := f.alice.post(path, url.Values{"title": {""}, "body": {"Still here"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "govuk-error-summary") {
		t.Fatalf("empty title: %d, want 422 with the error summary", res.StatusCode)
	}
	res, _ = f.alice.post(path, url.Values{"title": {"Bilingual forms everywhere"}, "body": {"Every form in both languages."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST edit: %d", res.StatusCode)
	}
	got := f.ta.reload(t, f.ownIdea.ID)
	if got.Title != "Bilingual forms everywhere" || got.EditedAt == nil || !got.EditedAt.Equal(posted.Add(29*time.Minute)) {
		t.Errorf("after the edit: %q edited %v", got.Title, got.EditedAt)
	}
	_, page = f.alice.get(fmt.Sprintf("/ideas/%d", f.ownIdea.ID))
	if !strings.Contains(page, `id="idea-edited"`) || !strings.Contains(page, "edited this idea") {
		t.Error("the idea page does not say it was edited, in the page and its history")
	}
	if _, api := f.alice.api(http.MethodGet, fmt.Sprintf("/api/v1/ideas/%d", f.ownIdea.ID), "", false); !strings.Contains(api, `"edited_at":"2031-03-04T10:29:00Z"`) {
		t.Errorf("the API does not say when it was edited: %.300s", api)
	}
	var events int64
	f.ta.DB.Raw("SELECT count(*) FROM events WHERE idea_id = ? AND verb = 'idea.edited'", f.ownIdea.ID).Scan(&events)
	if events != 1 {
		t.Errorf("%d idea.edited events, want 1", events)
	}

	// Someone else may not edit it, even within the window.
	bob := f.ta.client()
	bob.signIn("bob")
	if res, _ := bob.post(path, url.Values{"title": {"Hijacked"}, "body": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("another member's edit: %d, want 403", res.StatusCode)
	}

	clock.set(posted.Add(31 * time.Minute))
	if res, _ := f.alice.get(path); res.StatusCode != http.StatusForbidden {
		t.Errorf("GET edit after the window: %d, want 403", res.StatusCode)
	}
	if res, _ := f.alice.post(path, url.Values{"title": {"Too late"}, "body": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("POST edit after the window: %d, want 403", res.StatusCode)
	}
	if f.ta.reload(t, f.ownIdea.ID).Title != "Bilingual forms everywhere" {
		t.Error("a late edit changed the idea")
	}
}

func TestAccountWithdrawIdeaClosesVoting(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t)
	panel := f.ta.panelClient(t, "pat")
	id := f.ownIdea.ID
	// On the shortlist before it is withdrawn: it comes off.
	if res, body := panel.post(fmt.Sprintf("/ideas/%d/shortlist", id), url.Values{"rank": {"1"}, "rationale": {"Good"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("shortlist: %d\n%.400s", res.StatusCode, body)
	}

	if res, body := f.alice.get(fmt.Sprintf("/ideas/%d/withdraw", id)); res.StatusCode != http.StatusOK || !strings.Contains(body, `name="reason"`) {
		t.Fatalf("GET withdraw: %d", res.StatusCode)
	}
	bob := f.ta.client()
	bob.signIn("bob")
	if res, _ := bob.post(fmt.Sprintf("/ideas/%d/withdraw", id), nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("another member's withdrawal: %d, want 403", res.StatusCode)
	}
	if res, _ := f.alice.post(fmt.Sprintf("/ideas/%d/withdraw", id), url.Values{"reason": {"Someone had a better idea"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST withdraw: %d", res.StatusCode)
	}
	got := f.ta.reload(t, id)
	if got.Status != models.StatusWithdrawn || got.WithdrawnAt == nil {
		t.Fatalf("status %q withdrawn_at %v", got.Status, got.WithdrawnAt)
	}
	var onList int64
	f.ta.DB.Raw("SELECT count(*) FROM shortlist_entries WHERE idea_id = ?", id).Scan(&onList)
	if onList != 0 {
		t.Error("a withdrawn idea stayed on the shortlist")
	}

	// Voting is closed, by form and API, as on a closed consultation.
	if res, _ := bob.post(fmt.Sprintf("/ideas/%d/vote", id), url.Values{"vote": {"on"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("vote by form: %d, want 409", res.StatusCode)
	}
	res, body := bob.api(http.MethodPut, fmt.Sprintf("/api/v1/ideas/%d/vote", id), "", true)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `"error"`) {
		t.Errorf("vote by API: %d %s, want 409", res.StatusCode, body)
	}

	// It stays in the record, shown as withdrawn, with why in its history.
	anon := f.ta.client()
	_, page := anon.get(fmt.Sprintf("/ideas/%d", id))
	for _, want := range []string{`id="idea-withdrawn"`, "Withdrawn", "withdrew this idea", "Someone had a better idea"} {
		if !strings.Contains(page, want) {
			t.Errorf("the idea page lacks %q", want)
		}
	}
	if _, list := anon.get("/ideas?status=withdrawn"); !strings.Contains(list, fmt.Sprintf(`href="/ideas/%d"`, id)) {
		t.Error("/ideas?status=withdrawn does not list it")
	}
	_, apiBody := anon.api(http.MethodGet, fmt.Sprintf("/api/v1/ideas/%d", id), "", false)
	if !strings.Contains(apiBody, `"status":"withdrawn"`) {
		t.Errorf("the API does not say withdrawn: %.200s", apiBody)
	}
	_, welsh := anon.getIn("cy", fmt.Sprintf("/ideas/%d", id))
	if !strings.Contains(welsh, "Wedi&#39;i dynnu&#39;n ôl") {
		t.Error("the Welsh page does not say withdrawn")
	}

	// The panel can neither change its status nor shortlist it again, and is told why.
	_, triage := panel.get(fmt.Sprintf("/ideas/%d", id))
	if !strings.Contains(triage, `id="triage-withdrawn"`) {
		t.Error("the panel's tools do not say the idea was withdrawn")
	}
	if res, _ := panel.post(fmt.Sprintf("/ideas/%d/status", id), url.Values{"status": {"under_review"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("panel status change: %d, want 409", res.StatusCode)
	}
	if res, _ := panel.post(fmt.Sprintf("/ideas/%d/shortlist", id), url.Values{"rank": {"1"}, "rationale": {"Good"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("shortlisting a withdrawn idea: %d, want 422", res.StatusCode)
	}
	if f.ta.reload(t, id).Status != models.StatusWithdrawn {
		t.Error("the panel changed a withdrawn idea's status")
	}
	// Withdrawing again changes nothing; the author can no longer edit it.
	if res, _ := f.alice.post(fmt.Sprintf("/ideas/%d/withdraw", id), nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("withdrawing twice: %d", res.StatusCode)
	}
	var n int64
	f.ta.DB.Raw("SELECT count(*) FROM events WHERE idea_id = ? AND verb = 'idea.withdrawn'", id).Scan(&n)
	if n != 1 {
		t.Errorf("%d idea.withdrawn events, want 1", n)
	}
}

func TestAccountDeleteKeepsCountsExact(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t)
	ctx := t.Context()
	ta := f.ta
	// bob votes for carol's idea too, and supports her comment.
	bob := ta.client()
	bobUser := bob.signIn("bob")
	if _, err := models.SetVote(ctx, ta.DB, f.carolIdea.ID, bobUser.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := models.SetCommentSupport(ctx, ta.DB, bobUser, f.carolComment.ID, true); err != nil {
		t.Fatal(err)
	}
	// and for alice's own idea; alice is also signed in elsewhere.
	if _, err := models.SetVote(ctx, ta.DB, f.ownIdea.ID, bobUser.ID, true); err != nil {
		t.Fatal(err)
	}
	elsewhere := ta.client()
	elsewhere.signIn("alice")
	counts := func() (votes, supports, ownVotes int) {
		ta.DB.Raw("SELECT vote_count FROM ideas WHERE id = ?", f.carolIdea.ID).Scan(&votes)
		ta.DB.Raw("SELECT support_count FROM comments WHERE id = ?", f.carolComment.ID).Scan(&supports)
		ta.DB.Raw("SELECT vote_count FROM ideas WHERE id = ?", f.ownIdea.ID).Scan(&ownVotes)
		return
	}
	if v, s, o := counts(); v != 2 || s != 2 || o != 1 {
		t.Fatalf("before: votes %d supports %d own %d, want 2 2 1", v, s, o)
	}

	if res, body := f.alice.get("/account/delete"); res.StatusCode != http.StatusOK || !strings.Contains(body, `name="confirm"`) {
		t.Fatalf("GET /account/delete: %d", res.StatusCode)
	}
	if res, _ := f.alice.post("/account/delete", nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unconfirmed delete: %d, want 422", res.StatusCode)
	}
	if u, _ := models.UserByID(ctx, ta.DB, f.aliceUser.ID); u.Deleted() {
		t.Fatal("an unconfirmed delete deleted the account")
	}
	res, _ := f.alice.post("/account/delete", url.Values{"confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("POST /account/delete: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	v, s, o := counts()
	if v != 1 || s != 1 || o != 1 {
		t.Errorf("after: votes %d supports %d own %d, want 1 1 1", v, s, o)
	}
	var rows struct{ Votes, Supports int }
	ta.DB.Raw(`SELECT (SELECT count(*) FROM votes WHERE idea_id = ?) AS votes,
		(SELECT count(*) FROM comment_supports WHERE comment_id = ?) AS supports`, f.carolIdea.ID, f.carolComment.ID).Scan(&rows)
	if rows.Votes != v || rows.Supports != s {
		t.Errorf("counts %d/%d but rows %d/%d", v, s, rows.Votes, rows.Supports)
	}

	u, err := models.UserByID(ctx, ta.DB, f.aliceUser.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Handle != fmt.Sprintf("former-member-%d", u.ID) || u.Name != "" || u.Email != "" || u.Locale != "" || !u.Deleted() {
		t.Errorf("the account keeps personal data: %+v", u)
	}
	var identities, events int64
	ta.DB.Raw("SELECT count(*) FROM identities WHERE user_id = ?", u.ID).Scan(&identities)
	ta.DB.Raw("SELECT count(*) FROM events WHERE verb = 'account.deleted' AND subject_id = ? AND from_value = '' AND to_value = '' AND reason = ''", u.ID).Scan(&events)
	if identities != 0 || events != 1 {
		t.Errorf("identities %d, account.deleted events %d; want 0 and 1", identities, events)
	}

	// What she wrote stays, attributed to a former member, linked to no page.
	anon := ta.client()
	_, page := anon.get(fmt.Sprintf("/ideas/%d", f.ownIdea.ID))
	if !strings.Contains(page, "By a former member") || strings.Contains(page, "alice") || strings.Contains(page, "/people/former-member") {
		t.Error("the idea page does not show a former member as its author")
	}
	_, page = anon.get(fmt.Sprintf("/ideas/%d", f.carolIdea.ID))
	if !strings.Contains(page, "Alice agrees wholeheartedly") || strings.Contains(page, "Alice Smith") {
		t.Error("her comment is gone or still names her")
	}
	_, welsh := anon.getIn("cy", fmt.Sprintf("/ideas/%d", f.ownIdea.ID))
	if !strings.Contains(welsh, "Gan cyn-aelod") {
		t.Error("the Welsh idea page does not show a former member")
	}
	for _, p := range []string{"/people/alice", "/people/" + u.Handle} {
		if res, _ := anon.get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}

	// Signed out here and everywhere else.
	for name, c := range map[string]*client{"here": f.alice, "elsewhere": elsewhere} {
		if res, _ := c.get("/account"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("%s: GET /account after deleting: %d %s", name, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// Nobody can take the placeholder as a handle.
	if other, err := models.SignIn(ctx, ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "x", Handle: u.Handle}); err != nil || models.IsFormerMemberHandle(other.Handle) {
		t.Errorf("a new member got the handle %q (%v)", other.Handle, err)
	}
}

func TestAccountDeleteByStaffKeepsTheRecord(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "An idea the panel answers")
	staff := ta.signInAs("sam", "staff")
	staff.get("/")
	if res, _ := staff.post(fmt.Sprintf("/ideas/%d/status", idea.ID), url.Values{"status": {"under_review"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status: %d", res.StatusCode)
	}
	if res, _ := staff.post("/account/delete", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("staff delete: %d", res.StatusCode)
	}
	_, page := ta.client().get(fmt.Sprintf("/ideas/%d", idea.ID))
	if !strings.Contains(page, "a former member changed the status") {
		t.Error("the history does not show a former member as the actor")
	}
	if strings.Contains(page, ">sam<") {
		t.Error("the history still names the deleted staff member")
	}
	var role string
	ta.DB.Raw("SELECT role FROM users WHERE handle LIKE 'former-member-%'").Scan(&role)
	if role != models.RoleMember {
		t.Errorf("the deleted staff member's row keeps the role %q", role)
	}
}

func TestAccountDataDownload(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t)
	res, body := f.alice.get("/account/data.json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /account/data.json: %d", res.StatusCode)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var data models.AccountData
	if err := json.Unmarshal([]byte(body), &data); err != nil {
		t.Fatalf("%v\n%.300s", err, body)
	}
	if data.Profile.Handle != "alice" || data.Profile.Name != "Alice Smith" || data.Profile.Email != "alice@example.org" {
		t.Errorf("profile %+v", data.Profile)
	}
	if len(data.Identities) != 1 || data.Identities[0].Provider != "dev" {
		t.Errorf("identities %+v", data.Identities)
	}
	if len(data.Ideas) != 1 || data.Ideas[0].ID != f.ownIdea.ID {
		t.Errorf("ideas %+v", data.Ideas)
	}
	if len(data.Comments) != 1 || data.Comments[0].Body != "Alice agrees wholeheartedly" {
		t.Errorf("comments %+v", data.Comments)
	}
	if len(data.Votes) != 1 || data.Votes[0].IdeaID != f.carolIdea.ID {
		t.Errorf("votes %+v", data.Votes)
	}
	if len(data.Supports) != 1 || data.Supports[0].CommentID != f.carolComment.ID {
		t.Errorf("supports %+v", data.Supports)
	}
	if len(data.Events) == 0 || data.Events[0].Verb != models.VerbIdeaCreated {
		t.Errorf("events %+v", data.Events)
	}
	if strings.Contains(body, "Carol Jones") {
		t.Error("the download holds someone else's personal data")
	}
	// Someone who has done nothing gets empty lists, not nulls.
	newcomer := f.ta.client()
	newcomer.signIn("newcomer")
	if _, empty := newcomer.get("/account/data.json"); !strings.Contains(empty, `"ideas": []`) || !strings.Contains(empty, `"reports": []`) {
		t.Errorf("a newcomer's data: %s", empty)
	}
	if res, _ := f.ta.client().get("/account/data.json"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out: %d, want a redirect to sign in", res.StatusCode)
	}
}

func TestAccountPrivacyNotice(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, func(c *app.Config) {
		c.OrganisationName = "Digital Panel Wales"
		c.ContactEmail = "privacy@example.gov.wales"
	})
	c := ta.client()
	res, body := c.get("/privacy")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /privacy: %d", res.StatusCode)
	}
	for _, want := range []string{"Digital Panel Wales", "mailto:privacy@example.gov.wales", "syniad_session", "syniad_csrf",
		"<code>lang</code>", "syniad_flash", "no cookie banner"} {
		if !strings.Contains(body, want) {
			t.Errorf("/privacy lacks %q", want)
		}
	}
	if _, home := c.get("/"); !strings.Contains(home, `href="/privacy"`) {
		t.Error("the footer does not link to /privacy")
	}
	_, welsh := c.getIn("cy", "/privacy")
	if !strings.Contains(welsh, "Preifatrwydd") || !strings.Contains(welsh, "baner cwcis") {
		t.Error("/privacy is not in Welsh")
	}
}

// Every cookie the service sets is in the privacy notice's list: sign in, change language,
// get a flash message, and compare the names with the notice.
func TestAccountPrivacyNoticeListsEveryCookie(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Something to vote for")
	c := ta.client()
	seen := map[string]bool{}
	collect := func(res *http.Response) {
		for _, ck := range res.Cookies() {
			seen[ck.Name] = true
		}
	}
	res, _ := c.get("/?lang=cy")
	collect(res)
	res, _ = c.get("/auth/dev")
	collect(res)
	res, _ = c.post("/auth/dev", url.Values{"handle": {"cookie-tester"}})
	collect(res)
	c.get("/")
	res, _ = c.post(fmt.Sprintf("/ideas/%d/vote", idea.ID), url.Values{"vote": {"on"}})
	collect(res)
	_, notice := c.get("/privacy")
	for name := range seen {
		if !strings.Contains(notice, "<code>"+name+"</code>") {
			t.Errorf("cookie %s is not in the privacy notice", name)
		}
	}
	if len(seen) < 3 {
		t.Errorf("only saw cookies %v", seen)
	}
}
