package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
)

func TestConsultationOutcome(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ctx := t.Context()
	if err := ta.DB.Create(&models.Board{Slug: "digital", Name: "Digital Panel", RefPrefix: "DP"}).Error; err != nil {
		t.Fatal(err)
	}
	cs := ta.seedOpenConsultation("buses")
	taken := ta.seedIdea("buses", "Night buses")
	shortlisted := ta.seedIdea("buses", "Cheaper fares")
	declined := ta.seedIdea("buses", "Free cars")
	duplicate := ta.seedIdea("buses", "Late buses")
	waiting := ta.seedIdea("buses", "Bus shelters")
	panel := ta.staffActor(t)
	must := func(errs models.Errors, err error) {
		t.Helper()
		if err != nil || errs.Any() {
			t.Fatalf("%v %v", errs, err)
		}
	}
	must(models.SetIdeaStatus(ctx, ta.DB, panel, declined.ID, models.StatusChange{Status: models.StatusDeclined,
		Response: "Out of our hands", ResponseCy: "Y tu hwnt i ni"}))
	must(models.MergeIdea(ctx, ta.DB, panel, duplicate.ID, taken.ID, "Same idea"))
	must(models.SetShortlistEntry(ctx, ta.DB, panel, shortlisted.ID, models.ShortlistInput{Rank: 1, Rationale: "Popular"}))
	item := ta.seedAgendaItem(t, ta.seedMeeting(t, "digital").ID, "Night services")
	ta.linkIdea(t, item.ID, taken.ID)
	action := ta.seedAction(t, "digital", "Ask the operators about night services")
	must(models.LinkActionIdea(ctx, ta.DB, panel, action.ID, taken.ID, true))

	staff := ta.staffClient(t, "clerc")
	visitor := ta.client()
	if res, _ := visitor.get("/consultations/buses/outcome"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unpublished outcome for a visitor: %d", res.StatusCode)
	}
	staff.get("/consultations/buses/outcome")
	intro := url.Values{"outcome_intro": {"Thank you for **every** idea."}, "outcome_intro_cy": {"Diolch am **bob** syniad."}}
	if res, body := staff.post("/consultations/buses/outcome", intro); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "only once the consultation has closed") || !strings.Contains(body, "Thank you for **every** idea.") {
		t.Errorf("outcome while open: %d", res.StatusCode)
	}
	must(models.CloseConsultation(ctx, ta.DB, panel, cs.ID, models.Reason{Text: "Finished"}))
	if res, body := staff.post("/consultations/buses/outcome", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Write an introduction") {
		t.Errorf("outcome without an introduction: %d", res.StatusCode)
	}
	if res, body := staff.post("/consultations/buses/outcome", intro); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the outcome: %d\n%s", res.StatusCode, body)
	}

	res, body := visitor.getIn("cy", "/consultations/buses/outcome")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("outcome: %d", res.StatusCode)
	}
	for _, want := range []string{"Diolch am <strong>bob</strong> syniad.", "Dywedoch chi, gwnaethon ni", "Wedi&#39;u derbyn (1)",
		"Ar y rhestr fer (1)", "Wedi&#39;u gwrthod (1)", "Y tu hwnt i ni", "Yn dal ar agor (1)", action.Reference,
		`href="/ideas/` + strconv.FormatInt(taken.ID, 10) + `"`, `href="/actions/` + strconv.FormatInt(action.ID, 10) + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the Welsh outcome lacks %q", want)
		}
	}
	if i, j := strings.Index(body, "Wedi&#39;u derbyn"), strings.Index(body, "Yn dal ar agor"); i < 0 || j < i {
		t.Errorf("groups out of order")
	}
	if _, body := visitor.get("/ideas/" + strconv.FormatInt(waiting.ID, 10)); !strings.Contains(body, `href="/consultations/buses/outcome"`) {
		t.Error("the idea page does not link to the outcome")
	}
	if _, body := visitor.get("/consultations/buses"); !strings.Contains(body, `href="/consultations/buses/outcome"`) {
		t.Error("the consultation page does not link to the outcome")
	}

	res, body = visitor.api(http.MethodGet, "/api/v1/consultations/buses/outcome", "", false)
	var got struct {
		Intro  string
		Counts models.ConsultationCounts
		Ideas  map[string][]struct {
			ID      int64
			Actions []struct{ Reference, Status string }
		}
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("outcome JSON: %d %s", res.StatusCode, body)
	}
	if got.Intro != "Thank you for **every** idea." || got.Counts.Ideas != 5 || len(got.Ideas["taken_up"]) != 1 ||
		got.Ideas["taken_up"][0].ID != taken.ID || len(got.Ideas["taken_up"][0].Actions) != 1 ||
		len(got.Ideas["merged"]) != 1 || len(got.Ideas["declined"]) != 1 || len(got.Ideas["still_open"]) != 1 {
		t.Errorf("outcome JSON: %+v", got)
	}
	res, body = visitor.get("/feeds/status.atom?consultation=buses&lang=cy")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "/consultations/buses/outcome") || !strings.Contains(body, "Diolch am") {
		t.Errorf("the consultation's feed lacks the outcome: %d\n%s", res.StatusCode, body)
	}
	res, body = visitor.api(http.MethodGet, "/api/v1/consultations/buses", "", false)
	if !strings.Contains(body, `"outcome_url":"http://localhost:3000/consultations/buses/outcome"`) {
		t.Errorf("consultation JSON lacks the outcome: %s", body)
	}
}
