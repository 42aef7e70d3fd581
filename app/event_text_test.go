package app_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

var tags = regexp.MustCompile(`<[^>]*>`)

// pageText is a page's words without its markup, spaces run together, for reading a line.
func pageText(body string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(body, " "))), " ")
}

// TestHistoryInReadersLanguage: the history keeps what happened as data and writes it out in
// the reader's language, with the theme's, meeting's and agenda item's names in that language
// and the meeting's day as people write it, on the idea page and in the API.
func TestHistoryInReadersLanguage(t *testing.T) {
	ta := newTestApp(t, fixedClock(time.Date(2026, time.December, 4, 10, 0, 0, 0, models.London)))
	staff := ta.staffActor(t)
	ta.seedOpenConsultation("digital")
	idea := ta.seedIdea("digital", "Free wifi in libraries")
	theme, errs, err := models.SaveTheme(ta.ctx(), ta.DB, staff, 0, models.ThemeInput{Slug: "inclusion",
		Name: "Digital inclusion", NameCy: "Cynhwysiant digidol"})
	if err != nil || errs.Any() {
		t.Fatalf("theme: %v %v", errs, err)
	}
	if err := models.SetIdeaTheme(ta.ctx(), ta.DB, staff, idea.ID, theme.ID, true); err != nil {
		t.Fatal(err)
	}
	board, errs, err := models.SaveBoard(ta.ctx(), ta.DB, staff, 0, models.BoardInput{Name: "Digital Panel",
		NameCy: "Panel Digidol", Slug: "digital-panel", RefPrefix: "DP"})
	if err != nil || errs.Any() {
		t.Fatalf("board: %v %v", errs, err)
	}
	m, errs, err := models.SaveMeeting(ta.ctx(), ta.DB, staff, 0, models.MeetingInput{BoardID: board.ID,
		Title: "December meeting", TitleCy: "Cyfarfod mis Rhagfyr", Date: models.PartsOf(time.Date(2026, time.December, 28, 0, 0, 0, 0, models.London)),
		StartTime: "10:00", EndTime: "12:00", Location: "Cathays Park, Cardiff"})
	if err != nil || errs.Any() {
		t.Fatalf("meeting: %v %v", errs, err)
	}
	item, errs, err := models.AddAgendaItem(ta.ctx(), ta.DB, staff, m.ID, models.AgendaItemInput{Title: "Open data",
		TitleCy: "Data agored", Presenters: "Mark Wardle", Duration: "20"})
	if err != nil || errs.Any() {
		t.Fatalf("agenda item: %v %v", errs, err)
	}
	ta.linkIdea(t, item.ID, idea.ID)
	if _, errs, err := models.CreateAction(ta.ctx(), ta.DB, staff, models.ActionInput{BoardID: board.ID,
		Description: "Publish the library wifi data", DescriptionCy: "Cyhoeddi data wifi'r llyfrgelloedd",
		OwnerName: "Digital team", IdeaIDs: []int64{idea.ID}}, ta.now()); err != nil || errs.Any() {
		t.Fatalf("action: %v %v", errs, err)
	}

	page := "/ideas/" + strconv.FormatInt(idea.ID, 10)
	for _, tc := range []struct {
		lang string
		want []string
		not  []string
	}{
		{"cy", []string{
			"Ychwanegodd fixture-staff y thema Cynhwysiant digidol",
			"Rhoddodd fixture-staff y syniad hwn ar agenda cyfarfod: Cyfarfod mis Rhagfyr, 28 Rhagfyr 2026: eitem 1, Data agored",
			"Cysylltodd fixture-staff gam gweithredu DP-2026-001 â'r syniad hwn – Cyhoeddi data wifi'r llyfrgelloedd",
		}, []string{"y thema Digital inclusion", "2026-12-28", "December meeting", "Publish the library"}},
		{"en", []string{
			"fixture-staff added the theme Digital inclusion",
			"fixture-staff put this idea on a meeting's agenda: December meeting, 28 December 2026: item 1, Open data",
			"fixture-staff linked action DP-2026-001 to this idea – Publish the library wifi data",
		}, []string{"Cynhwysiant", "2026-12-28", "Rhagfyr", "Cyhoeddi data"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res, body := ta.withT(t).client().getIn(tc.lang, page)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			text := pageText(body)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the %s history lacks %q", tc.lang, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(text, w) {
					t.Errorf("the %s history has %q", tc.lang, w)
				}
			}
		})
	}
	// The admin's record writes the same lines out.
	t.Run("record", func(t *testing.T) {
		c := ta.withT(t).client()
		c.signIn("record-admin")
		if _, err := models.GrantRole(ta.ctx(), ta.DB, nil, "record-admin", models.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		_, body := c.getIn("cy", "/admin/events")
		text := pageText(body)
		for _, w := range []string{"Ychwanegodd fixture-staff y thema Cynhwysiant digidol",
			"Trefnodd fixture-staff y cyfarfod Cyfarfod mis Rhagfyr", "Ychwanegodd fixture-staff y bwrdd Panel Digidol"} {
			if !strings.Contains(text, w) {
				t.Errorf("the Welsh record lacks %q", w)
			}
		}
	})
	// The API gives the data, and the line in the request's language.
	t.Run("api", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, "http://localhost:3000/api/v1/ideas/"+strconv.FormatInt(idea.ID, 10), nil)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Accept-Language", "cy")
		res, body := ta.withT(t).client().do(req)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", res.StatusCode, body)
		}
		var got struct {
			History []struct {
				Verb string           `json:"verb"`
				Data models.EventData `json:"data"`
				Text string           `json:"text"`
			} `json:"history"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range got.History {
			switch e.Verb {
			case models.VerbIdeaThemed:
				seen[e.Verb] = true
				if e.Data.ThemeID != theme.ID || e.Text != "Ychwanegodd fixture-staff y thema Cynhwysiant digidol" {
					t.Errorf("themed: %+v", e)
				}
			case models.VerbIdeaAgendaLinked:
				seen[e.Verb] = true
				if e.Data.AgendaItemID != item.ID || e.Data.MeetingID != m.ID || !strings.Contains(e.Text, "28 Rhagfyr 2026") {
					t.Errorf("agenda linked: %+v", e)
				}
			}
		}
		if !seen[models.VerbIdeaThemed] || !seen[models.VerbIdeaAgendaLinked] {
			t.Errorf("history %+v", got.History)
		}
	})
}

// TestConsultationHistoryInWelsh: the reason staff give for closing or reopening a
// consultation has a Welsh version, and its dates are written as people write them.
func TestConsultationHistoryInWelsh(t *testing.T) {
	ta := newTestApp(t, fixedClock(time.Date(2026, time.December, 4, 10, 0, 0, 0, models.London)))
	opens := time.Date(2026, time.November, 1, 0, 0, 0, 0, models.London)
	cs := &models.Consultation{Slug: "libraries", Title: "Libraries", TitleCy: "Llyfrgelloedd", Status: "open", OpensAt: &opens}
	if err := ta.DB.Create(cs).Error; err != nil {
		t.Fatal(err)
	}
	c := ta.client()
	c.signIn("history-staff")
	if _, err := models.GrantRole(ta.ctx(), ta.DB, nil, "history-staff", models.RoleStaff); err != nil {
		t.Fatal(err)
	}
	c.get("/consultations/libraries")
	res, body := c.post("/consultations/libraries/status", url.Values{"action": {"close"},
		"reason": {"Enough ideas"}, "reason_cy": {"Digon o syniadau"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: status %d\n%s", res.StatusCode, body)
	}
	staff, err := models.UserByHandle(ta.ctx(), ta.DB, "history-staff")
	if err != nil {
		t.Fatal(err)
	}
	staff.Role = models.RoleStaff
	if errs, err := models.ReopenConsultation(ta.ctx(), ta.DB, staff, cs.ID, models.DatePartsOf("2027-01-31"),
		models.Reason{Text: "Asked for more time"}); err != nil || errs.Any() {
		t.Fatalf("reopen: %v %v", errs, err)
	}
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"cy", []string{"Caeodd history-staff yr ymgynghoriad yn gynnar – Digon o syniadau",
			"Ailagorodd history-staff yr ymgynghoriad (1 Tachwedd 2026 hyd at 31 Ionawr 2027) – Asked for more time"}},
		{"en", []string{"history-staff closed the consultation early – Enough ideas",
			"(1 November 2026 to 31 January 2027) – Asked for more time"}},
	} {
		_, body := c.getIn(tc.lang, "/consultations/libraries")
		text := pageText(body)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("the %s history lacks %q", tc.lang, w)
			}
		}
		if strings.Contains(text, "2027-01-31") {
			t.Errorf("the %s history has an ISO date", tc.lang)
		}
	}
}
