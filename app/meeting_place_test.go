package app_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/models"
)

// TestMeetingPlaceInWelsh: a meeting's place has a Welsh version, kept by the form and shown
// to Welsh readers on the meeting page and its pack, given by the API and in the calendar;
// without one, Welsh readers see the English place marked as English.
func TestMeetingPlaceInWelsh(t *testing.T) {
	ta := newTestApp(t, fixedClock(time.Date(2026, time.December, 4, 10, 0, 0, 0, models.London)))
	staff := ta.staffActor(t)
	board, errs, err := models.SaveBoard(ta.ctx(), ta.DB, staff, 0, models.BoardInput{Name: "Digital Panel",
		NameCy: "Panel Digidol", Slug: "digital-panel", RefPrefix: "DP"})
	if err != nil || errs.Any() {
		t.Fatalf("board: %v %v", errs, err)
	}
	save := func(id int64, en, cy string) *models.Meeting {
		m, errs, err := models.SaveMeeting(ta.ctx(), ta.DB, staff, id, models.MeetingInput{BoardID: board.ID,
			Title: "December meeting", Date: models.PartsOf(time.Date(2026, time.December, 28, 0, 0, 0, 0, models.London)),
			StartTime: "10:00", EndTime: "12:00", Location: en, LocationCy: cy, Postcode: "CF10 3NQ"})
		if err != nil || errs.Any() {
			t.Fatalf("meeting: %v %v", errs, err)
		}
		return m
	}
	m := save(0, "Cathays Park, Cardiff", "Parc Cathays, Caerdydd")
	path := "/meetings/" + strconv.FormatInt(m.ID, 10)

	c := ta.client() // staff: the pack is for the panel and staff
	c.signIn("place-staff")
	if _, err := models.GrantRole(ta.ctx(), ta.DB, nil, "place-staff", models.RoleStaff); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, page, want, not string }{
		{"cy", path, "Parc Cathays, Caerdydd", "Cathays Park"},
		{"en", path, "Cathays Park, Cardiff", "Parc Cathays"},
		{"cy", path + "/pack", "Parc Cathays, Caerdydd", "Cathays Park"},
		{"en", path + "/pack", "Cathays Park, Cardiff", "Parc Cathays"},
		{"cy", path + "/pack.md", "Parc Cathays, Caerdydd", "Cathays Park"},
	} {
		res, body := c.getIn(tc.lang, tc.page)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: status %d", tc.lang, tc.page, res.StatusCode)
		}
		if !strings.Contains(body, tc.want) || strings.Contains(body, tc.not) {
			t.Errorf("%s %s: want %q and not %q", tc.lang, tc.page, tc.want, tc.not)
		}
	}
	res, body := c.api(http.MethodGet, "/api/v1/meetings/"+strconv.FormatInt(m.ID, 10), "", false)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"location_cy":"Parc Cathays, Caerdydd"`) {
		t.Errorf("API: %d %s", res.StatusCode, body)
	}
	if _, body := c.get(path + ".ics"); !strings.Contains(body, `Cathays Park\, Cardiff (Parc Cathays\, Caerdydd)`) {
		t.Errorf("calendar:\n%s", body)
	}

	// Without a Welsh place, the English one is shown to Welsh readers, marked as English.
	save(m.ID, "Cathays Park, Cardiff", "")
	if _, body := c.getIn("cy", path); !strings.Contains(body, `<span lang="en">Cathays Park, Cardiff</span>`) {
		t.Errorf("Welsh page without a Welsh place:\n%s", body)
	}

	// The form offers the Welsh place and keeps it.
	if _, body := c.get(path + "/edit"); !strings.Contains(body, `name="location_cy"`) {
		t.Fatalf("the edit form has no Welsh place")
	}
}
