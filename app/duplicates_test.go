package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The panel's tools offer the ideas an idea likely repeats, each with a button that merges
// into it, so nobody has to look up an idea's number.
func TestPanelMergesALikelyDuplicate(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.seedOpenConsultation("digital")
	ta.seedOpenConsultation("transport")
	idea := ta.seedIdea("digital", "Free wifi on every bus")
	same := ta.seedIdea("digital", "Free wifi on the bus")
	elsewhere := ta.seedIdea("transport", "Free wifi on every bus route")
	hidden := ta.seedIdea("digital", "Free wifi on every bus, please")
	merged := ta.seedIdea("digital", "Free wifi on every single bus")
	unrelated := ta.seedIdea("digital", "Plain-language council letters")
	ta.DB.Exec("UPDATE ideas SET hidden_at = now(), hidden_reason = 'spam' WHERE id = ?", hidden.ID)
	ta.DB.Exec("UPDATE ideas SET merged_into_id = ?, status = 'duplicate' WHERE id = ?", same.ID, merged.ID)
	path := fmt.Sprintf("/ideas/%d", idea.ID)
	mergeButton := func(target int64) string {
		return fmt.Sprintf(`<input type="hidden" name="target" value="%d">`, target)
	}

	// A member sees no panel tools, so no duplicates.
	member := ta.client()
	member.signIn("mo")
	if _, body := member.get(path); strings.Contains(body, `id="likely-duplicates"`) {
		t.Error("a member is offered merges")
	}

	panel := ta.signInAs("pat", "panel")
	_, body := panel.get(path)
	list := regexp.MustCompile(`(?s)<ul class="govuk-list syniad-duplicates" id="likely-duplicates".*?</ul>`).FindString(body)
	if list == "" {
		t.Fatalf("the panel tools offer no likely duplicates:\n%s", body)
	}
	for _, want := range []int64{same.ID, elsewhere.ID} {
		if !strings.Contains(list, mergeButton(want)) {
			t.Errorf("idea %d is not offered as a duplicate:\n%s", want, list)
		}
	}
	for name, not := range map[string]int64{"itself": idea.ID, "a hidden idea": hidden.ID, "a merged idea": merged.ID, "an unrelated idea": unrelated.ID} {
		if strings.Contains(list, mergeButton(not)) {
			t.Errorf("%s (%d) is offered as a duplicate", name, not)
		}
	}
	// Its own consultation's ideas come first.
	if strings.Index(list, mergeButton(same.ID)) > strings.Index(list, mergeButton(elsewhere.ID)) {
		t.Error("an idea in another consultation is offered before one in the idea's own")
	}
	if n := strings.Count(list, `action="`+path+`/merge"`); n != 2 {
		t.Errorf("%d merge forms in the list, want 2", n)
	}
	if !strings.Contains(list, fmt.Sprintf("Merge into idea %d", same.ID)) || !strings.Contains(list, `name="_csrf"`) {
		t.Errorf("the merge button lacks its label or its CSRF token:\n%s", list)
	}

	// One click: the form as the page has it, with nothing typed.
	res, _ := panel.post(path+"/merge", url.Values{"target": {fmt.Sprint(same.ID)}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/ideas/%d", same.ID) {
		t.Fatalf("merge: status %d, to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var into *int64
	ta.DB.Raw("SELECT merged_into_id FROM ideas WHERE id = ?", idea.ID).Scan(&into)
	if into == nil || *into != same.ID {
		t.Fatalf("merged_into_id = %v, want %d", into, same.ID)
	}
	// A merged idea is not offered again, and its own page offers nothing more to merge.
	_, body = panel.get(fmt.Sprintf("/ideas/%d", elsewhere.ID))
	if strings.Contains(body, mergeButton(idea.ID)) {
		t.Error("the merged idea is still offered as a duplicate")
	}
	if _, body = panel.get(path); strings.Contains(body, `id="likely-duplicates"`) {
		t.Error("a merged idea's page still offers merges")
	}

	// In Welsh too.
	_, body = panel.getIn("cy", fmt.Sprintf("/ideas/%d", elsewhere.ID))
	if !strings.Contains(body, "Syniadau dyblyg tebygol") || !strings.Contains(body, fmt.Sprintf("Cyfuno â syniad %d", same.ID)) {
		t.Error("the Welsh panel tools lack the likely duplicates")
	}
}
