package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

// movableClock is a fixed time that a test moves on by hand.
type movableClock struct{ t atomic.Pointer[time.Time] }

func newMovableClock(t time.Time) *movableClock {
	c := &movableClock{}
	c.set(t)
	return c
}
func (c *movableClock) set(t time.Time) { c.t.Store(&t) }
func (c *movableClock) now() time.Time  { return *c.t.Load() }

// advance moves the clock on by d. Only one goroutine moves a clock; any may read it.
func (c *movableClock) advance(d time.Duration) { c.set(c.now().Add(d)) }
func london(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, models.London)
}

func consultationForm(pairs ...string) url.Values {
	f := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		f.Set(pairs[i], pairs[i+1])
	}
	return f
}

func TestConsultationRunByStaff(t *testing.T) {
	t.Parallel()
	clock := newMovableClock(london(2031, 1, 5, 12, 0))
	ta := newTestApp(t, func(c *app.Config) { c.Clock = clock.now })
	staff := ta.staffClient(t, "clerc")
	visitor := ta.client()
	citizen := ta.client()
	citizen.signIn("dinesydd")

	// Only staff reach the form.
	if res, _ := citizen.get("/consultations/new"); res.StatusCode != http.StatusForbidden {
		t.Errorf("member reads the new consultation form: %d", res.StatusCode)
	}
	if res, body := staff.get("/consultations/new"); res.StatusCode != http.StatusOK || !strings.Contains(body, `name="opens_on-day"`) {
		t.Fatalf("new form: %d", res.StatusCode)
	}
	if res, _ := citizen.post("/consultations", consultationForm("title", "Sneaky")); res.StatusCode != http.StatusForbidden {
		t.Errorf("member creates a consultation: %d", res.StatusCode)
	}

	// A mistake keeps what was typed.
	res, body := staff.post("/consultations", consultationForm("title", "Buses in Wales", "description", "Typed **text**",
		"opens_on-day", "10", "opens_on-month", "1", "opens_on-year", "2031",
		"closes_on-day", "1", "closes_on-month", "1", "closes_on-year", "2031"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Typed **text**") ||
		!strings.Contains(body, "The closing date must be after the opening date") {
		t.Fatalf("invalid dates: %d\n%s", res.StatusCode, body)
	}

	res, _ = staff.post("/consultations", consultationForm("title", "Buses in Wales", "title_cy", "Bysiau yng Nghymru",
		"slug", "buses", "description", "Tell us about **buses**", "themes", "Timetables\nFares",
		"opens_on-day", "10", "opens_on-month", "1", "opens_on-year", "2031",
		"closes_on-day", "31", "closes_on-month", "1", "closes_on-year", "2031"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/consultations/buses" {
		t.Fatalf("create: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// A draft: a preview for staff, missing for everyone else.
	if res, body := staff.get("/consultations/buses"); res.StatusCode != http.StatusOK || !strings.Contains(body, `id="preview"`) ||
		!strings.Contains(body, "<strong>buses</strong>") || !strings.Contains(body, "/consultations/buses/edit") {
		t.Fatalf("preview: %d\n%s", res.StatusCode, body)
	}
	for _, c := range []*client{visitor, citizen} {
		if res, _ := c.get("/consultations/buses"); res.StatusCode != http.StatusNotFound {
			t.Errorf("draft seen by a non-staff reader: %d", res.StatusCode)
		}
	}
	if res, _ := visitor.get("/api/v1/consultations/buses"); res.StatusCode != http.StatusNotFound {
		t.Errorf("draft in the API: %d", res.StatusCode)
	}

	// Published for a future day: public, opens on its day.
	if res, _ := citizen.post("/consultations/buses/status", consultationForm("action", "publish")); res.StatusCode != http.StatusForbidden {
		t.Errorf("member publishes: %d", res.StatusCode)
	}
	if res, body := staff.post("/consultations/buses/status", consultationForm("action", "publish")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", res.StatusCode, body)
	}
	if res, body := visitor.get("/consultations/buses"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Opens 10 January 2031") {
		t.Fatalf("scheduled: %d\n%s", res.StatusCode, body)
	}
	citizen.get("/ideas/new")
	idea := consultationForm("consultation", "buses", "title", "More night buses", "body", "After the last train")
	if res, body := citizen.post("/ideas", idea); res.StatusCode != http.StatusConflict || !strings.Contains(body, "After the last train") {
		t.Errorf("idea before opening: %d\n%s", res.StatusCode, body)
	}

	clock.set(london(2031, 1, 10, 0, 0))
	citizen.get("/ideas/new")
	if res, body := citizen.post("/ideas", idea); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("idea on the opening day: %d\n%s", res.StatusCode, body)
	}

	// Extending is an edit of the closing date, with a reason.
	staff.get("/consultations/buses/edit")
	edit := consultationForm("title", "Buses in Wales", "title_cy", "Bysiau yng Nghymru", "slug", "buses",
		"description", "Tell us about **buses**", "opens_on-day", "10", "opens_on-month", "1", "opens_on-year", "2031",
		"closes_on-day", "14", "closes_on-month", "2", "closes_on-year", "2031")
	if res, body := staff.post("/consultations/buses", edit); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Say why the dates are changing") {
		t.Errorf("extended without a reason: %d", res.StatusCode)
	}
	edit.Set("reason", "Half term")
	if res, _ := staff.post("/consultations/buses", edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("extend: %d", res.StatusCode)
	}

	// Closing early needs a reason; afterwards ideas are refused with the text kept.
	staff.get("/consultations/buses")
	if res, body := staff.post("/consultations/buses/status", consultationForm("action", "close")); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a reason") {
		t.Errorf("closed without a reason: %d", res.StatusCode)
	}
	if res, _ := staff.post("/consultations/buses/status", consultationForm("action", "close", "reason", "Budget set early")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	citizen.get("/ideas/new")
	late := consultationForm("consultation", "buses", "title", "Late idea", "body", "Typed a minute too late")
	res, body = citizen.post("/ideas", late)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Typed a minute too late") || !strings.Contains(body, "has not been sent") {
		t.Errorf("late idea: %d\n%s", res.StatusCode, body)
	}
	var stored models.Idea
	ta.DB.Where("title = ?", "More night buses").First(&stored)
	votePath := "/ideas/" + strconv.FormatInt(stored.ID, 10) + "/vote"
	if res, body := citizen.post(votePath, consultationForm("vote", "on")); res.StatusCode != http.StatusConflict || !strings.Contains(body, "This consultation is closed") {
		t.Errorf("a vote after closing: %d", res.StatusCode)
	}
	if res, _ := citizen.api(http.MethodPut, "/api/v1"+votePath, "", true); res.StatusCode != http.StatusConflict {
		t.Errorf("a vote after closing through the API: %d", res.StatusCode)
	}
	res, body = citizen.api(http.MethodPost, "/api/v1/ideas", `{"consultation":"buses","title":"Late","body":"Late"}`, true)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `"error"`) {
		t.Errorf("late idea through the API: %d %s", res.StatusCode, body)
	}
	if res, body := staff.get("/consultations/buses"); res.StatusCode != http.StatusOK || !strings.Contains(body, `value="reopen"`) {
		t.Errorf("staff read a closed consultation: %d", res.StatusCode)
	}
	if res, body := visitor.get("/consultations/buses"); !strings.Contains(body, "Budget set early") || res.StatusCode != http.StatusOK {
		t.Errorf("reason not in the public history: %d", res.StatusCode)
	}

	// Reopening needs a new closing date.
	if res, body := staff.post("/consultations/buses/status", consultationForm("action", "reopen", "reason", "Asked")); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter the new closing date") {
		t.Errorf("reopen without a date: %d", res.StatusCode)
	}
	if res, _ := staff.post("/consultations/buses/status", consultationForm("action", "reopen", "reason", "Asked for more time",
		"closes_on-day", "20", "closes_on-month", "1", "closes_on-year", "2031")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reopen: %d", res.StatusCode)
	}
	if res, body := visitor.get("/consultations/buses"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Closes 20 January 2031") {
		t.Errorf("reopened: %d", res.StatusCode)
	}

	res, body = visitor.api(http.MethodGet, "/api/v1/consultations/buses", "", false)
	var got struct {
		Status, OpensAt, ClosesAt string
		Counts                    models.ConsultationCounts
		Board, ShortlistURL       any
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("API: %d %s", res.StatusCode, body)
	}
	got.OpensAt, got.ClosesAt = gjson(body, "opens_at"), gjson(body, "closes_at")
	if got.Status != "open" || got.OpensAt != "2031-01-10T00:00:00Z" || got.ClosesAt != "2031-01-20T23:59:59Z" ||
		got.Counts != (models.ConsultationCounts{Ideas: 1, People: 1}) || got.Board != nil {
		t.Errorf("API: %+v\n%s", got, body)
	}
}

// gjson reads one string field of a JSON object.
func gjson(body, field string) string {
	var m map[string]any
	json.Unmarshal([]byte(body), &m)
	s, _ := m[field].(string)
	return s
}
