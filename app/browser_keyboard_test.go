package app_test

// Keyboard and no-JavaScript journeys, in the same real Chromium as the browser suite.
//
// TestKeyboardJourneys does the main journeys with the keyboard alone: every step is a key
// press dispatched to the page through the browser's input pipeline (Input.dispatchKeyEvent),
// to whatever has focus, starting from a freshly loaded page. No clicks, no typing into a
// chosen element, no values set from outside, no focus() from script: if a person with only a
// keyboard could not get somewhere, neither can the test. At every Tab stop the focused
// element must show that it has focus and be scrolled into view.
//
// TestNoJavaScriptJourney does the member's journey with page scripts switched off, through
// the plain forms every enhancement in public/js/app.js falls back to.

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/syniad/syniad/models"
)

func TestKeyboardJourneys(t *testing.T) {
	browserCtx := startBrowser(t)

	// The focus check itself must be able to fail: an element that draws no indicator, reached
	// by Tab, is reported, both for having no outline or shadow and for looking the same
	// focused as unfocused. (A link will not do: GOV.UK's global link styles still change its
	// colour and underline on focus.)
	t.Run("FocusCheckCatchesAMissingIndicator", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		p := newKeyboardPage(t, browserCtx, ta)
		p.navigate("/login")
		// Setup, not a step of a journey: a focusable element with no focus styles, first in
		// the tab order.
		p.do("add an element with no focus indicator", chromedp.Evaluate[chromedp.Void](`(() => {
			const e = document.createElement("div");
			e.tabIndex = 0;
			e.id = "no-indicator";
			e.textContent = "No indicator";
			e.style.cssText = "outline: none; box-shadow: none";
			document.body.prepend(e);
		})()`))
		p.press(kb.Tab)
		stop := p.focusState("#no-indicator")
		if !stop.Matches {
			t.Fatalf("the first Tab went to %s, not the added element", stop.Desc)
		}
		if !hasProblem(stop.Problems, "no focus indicator") {
			t.Errorf("an element with outline: none and box-shadow: none passed the focus check (problems: %q)", stop.Problems)
		}
		p.press(kb.Tab)
		if next := p.focusState("a.govuk-skip-link"); !hasProblem(next.Problems, "looks the same") {
			t.Errorf("leaving the element with no indicator: want it reported as looking the same unfocused, got %q", next.Problems)
		}
	})

	t.Run("SkipLink", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		ta.seedIdea("digital", "Publish bus timetables as open data")
		p := newKeyboardPage(t, browserCtx, ta)
		p.navigate("/")

		// The very first Tab: tabTo also checks that the link is visible once focused (it is
		// visually hidden until then) and inside the viewport.
		p.tabTo("a.govuk-skip-link", 1)
		if got := evaluate[string](p, `document.activeElement.textContent.trim()`); got != "Skip to main content" {
			t.Errorf("the skip link reads %q, want %q", got, "Skip to main content")
		}
		p.press(kb.Enter)
		if loc := p.location(); !strings.HasSuffix(loc, "#main-content") {
			t.Errorf("after Enter on the skip link the page is at %s, want #main-content", loc)
		}
		// main is not focusable, so focus itself goes nowhere; what matters is where the next
		// Tab goes: into main, past the header and the language link.
		p.tabTo("#main-content *", 1)
	})

	t.Run("SignIn", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		p := newKeyboardPage(t, browserCtx, ta)
		p.keyboardSignIn("kb-ada")
		if _, err := models.UserByHandle(t.Context(), ta.DB, "kb-ada"); err != nil {
			t.Errorf("no user kb-ada after signing in: %v", err)
		}
	})

	t.Run("SubmitIdea", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		existing := ta.seedIdea("digital", "Publish bus timetables as open data")
		p := newKeyboardPage(t, browserCtx, ta)
		p.keyboardSignIn("kb-bryn")

		p.navigate("/")
		p.tabTo(`a[href^="/ideas/new"]`, 20)
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("opening the new idea form: status %d", status)
		}
		const title = "Open data for bus timetables"
		const body = "Put the timetables online as open data so that apps and signs can use them."
		p.tabTo("#field-title", 20)
		p.typeText(title)
		// Watching, not acting: the similar ideas appear between the title and the body, and
		// the keyboard path to the body must pass through their links.
		p.do("wait for similar ideas", chromedp.WaitVisible(chromedp.ID("similar-ideas")))
		path := p.tabTo("#field-body", 5)
		if !anyContains(path, existing.Title) {
			t.Errorf("tabbing from the title to the body did not pass the similar idea %q: %q", existing.Title, path)
		}
		p.typeText(body)
		p.tabTo(`form[action="/ideas"] button[type="submit"]`, 3)
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Errorf("after publishing: status %d, want 200", status)
		}

		if loc := p.location(); !regexp.MustCompile(`/ideas/\d+$`).MatchString(loc) {
			t.Errorf("after publishing: at %s, want an idea page", loc)
		}
		if h1 := p.text("h1"); h1 != title {
			t.Errorf("idea page heading = %q, want %q", h1, title)
		}
		if flash := p.text(".govuk-notification-banner"); !strings.Contains(flash, "Your idea has been published") {
			t.Errorf("flash = %q, want it to say the idea was published", flash)
		}
		var stored models.Idea
		if err := ta.DB.Where("title = ?", title).First(&stored).Error; err != nil {
			t.Fatalf("the idea was not stored: %v", err)
		}
		if stored.Body != body {
			t.Errorf("stored body = %q, want %q", stored.Body, body)
		}
	})

	t.Run("ErrorSummary", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		p := newKeyboardPage(t, browserCtx, ta)
		p.keyboardSignIn("kb-eira")
		p.navigate("/ideas/new")

		p.tabTo(`form[action="/ideas"] button[type="submit"]`, 20)
		if status := p.pressToLoad(kb.Enter); status != 422 {
			t.Errorf("submitting the empty form: status %d, want 422", status)
		}
		if summary := p.text(".govuk-error-summary"); !strings.Contains(summary, "There is a problem") {
			t.Errorf("error summary = %q, want %q", summary, "There is a problem")
		}
		// GOV.UK Frontend's own script is not loaded (the layout loads only app.js), so it is
		// app.js that moves focus to the summary, for screen readers to announce it; the
		// summary must show that focus like any other stop.
		if stop := p.focusState(".govuk-error-summary"); !stop.Matches {
			t.Errorf("after the failed submit focus is on %s, want the error summary", stop.Desc)
		} else {
			p.reportFocusProblems("the error summary", stop)
		}
		// The summary's first link is the title's, and the first Tab from the summary.
		p.tabTo(`.govuk-error-summary a[href="#field-title"]`, 1)
		p.press(kb.Enter)
		if stop := p.focusState("#field-title"); !stop.Matches {
			t.Fatalf("Enter on the summary's title link left focus on %s, want the title input", stop.Desc)
		} else {
			p.reportFocusProblems("the title input", stop)
		}
		p.typeText("Buses that wait for trains")
		if got := p.value(chromedp.ID("field-title")); got != "Buses that wait for trains" {
			t.Errorf("typed into the title after following the summary link, it reads %q", got)
		}
	})

	t.Run("Vote", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Free wifi on every bus")
		p := newKeyboardPage(t, browserCtx, ta)
		p.keyboardSignIn("kb-carys")
		p.navigate(fmt.Sprintf("/ideas/%d", idea.ID))

		const button = "form[data-vote-form] button"
		count := chromedp.CSS(fmt.Sprintf(`[data-vote-count="%d"]`, idea.ID))
		if got := p.text(count); got != "0" {
			t.Fatalf("count before voting = %q, want 0", got)
		}
		// A marker on window survives only if the page is not reloaded or replaced.
		p.do("set the marker", chromedp.Evaluate[chromedp.Void](`window.__syniadNoReload = true`))
		p.tabTo(button, 25)
		p.press(" ")
		p.waitText(count, "1")
		p.expectVote(idea.ID, "Remove my support", 1)
		// Focus stays on the button while the vote is sent and after: a keyboard user goes on
		// from where they were (a disabled button would have dropped focus to the page).
		if stop := p.focusState(button); !stop.Matches {
			t.Fatalf("after voting, focus is on %s, want it still on the button", stop.Desc)
		} else {
			p.reportFocusProblems("the vote button after voting", stop)
		}

		// Enter works as well as Space, and takes the support away again.
		p.press(kb.Enter)
		p.waitText(count, "0")
		p.expectVote(idea.ID, "Support this idea", 0)
	})

	t.Run("Comment", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Library cards on your phone")
		p := newKeyboardPage(t, browserCtx, ta)
		p.keyboardSignIn("kb-dafydd")
		ideaPath := fmt.Sprintf("/ideas/%d", idea.ID)
		p.navigate(ideaPath)

		const text = "Please make it work without a signal, too."
		p.tabTo("#field-body", 30)
		p.typeText(text)
		p.tabTo(fmt.Sprintf(`form[novalidate][action="%s/comments"] button[type="submit"]`, ideaPath), 3)
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("posting the comment: status %d", status)
		}
		var comment models.Comment
		if err := ta.DB.Where("idea_id = ? AND parent_id IS NULL", idea.ID).First(&comment).Error; err != nil {
			t.Fatalf("the comment was not stored: %v", err)
		}
		if comment.Body != text {
			t.Errorf("stored comment = %q, want %q", comment.Body, text)
		}
		commentSel := fmt.Sprintf("#comment-%d", comment.ID)
		if loc := p.location(); !strings.HasSuffix(loc, commentSel) {
			t.Errorf("after posting the page is at %s, want it at %s", loc, commentSel)
		}
		if got := p.text(chromedp.CSS(commentSel + " > .syniad-prose")); got != text {
			t.Errorf("the comment on the page reads %q, want %q", got, text)
		}

		// Reply, through the disclosure under the comment: Enter on its summary opens it. The
		// page opened at the comment, and Tab goes on from there.
		p.tabTo(commentSel+" > details > summary", 10)
		p.press(kb.Enter)
		if !evaluate[bool](p, fmt.Sprintf(`document.querySelector(%q).open`, commentSel+" > details")) {
			t.Fatal("Enter on the Reply summary did not open it")
		}
		const reply = "Yes, and let me renew books from it."
		p.tabTo(fmt.Sprintf("#reply-%d", comment.ID), 2)
		p.typeText(reply)
		p.tabTo(commentSel+` > details form button[type="submit"]`, 2)
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("posting the reply: status %d", status)
		}
		var stored models.Comment
		if err := ta.DB.Where("parent_id = ?", comment.ID).First(&stored).Error; err != nil {
			t.Fatalf("the reply was not stored under the comment: %v", err)
		}
		if stored.Body != reply {
			t.Errorf("stored reply = %q, want %q", stored.Body, reply)
		}
		if got := p.text(chromedp.CSS(commentSel + " .syniad-comments .syniad-comment .syniad-prose")); got != reply {
			t.Errorf("nested reply on the page = %q, want %q", got, reply)
		}
	})

	t.Run("Triage", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Teach digital skills in libraries")
		p := newKeyboardPage(t, browserCtx, ta)
		p.keyboardSignIn("kb-pam")
		ta.DB.Exec("UPDATE users SET role = 'panel' WHERE handle = ?", "kb-pam")

		p.navigate("/triage")
		p.tabTo(fmt.Sprintf(`a[href="/ideas/%d#triage"]`, idea.ID), 40)
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("opening the idea's triage tools: status %d", status)
		}
		// The page opened at #triage, and Tab goes on from there to the status.
		p.tabTo("#field-status", 3)
		chosen := func() string { return p.value(chromedp.ID("field-status")) }
		if got := chosen(); got != "new" {
			t.Fatalf("status select starts at %q, want new", got)
		}
		// In this headless Chromium on Linux, ArrowDown on a closed select moves to the next
		// option without opening the list, and typing an option's first letters jumps to it
		// ("D" alone is Done, "Dec" is Declined). Both are checked against the select's value.
		p.press(kb.ArrowDown)
		if got := chosen(); got != "under_review" {
			t.Errorf("after ArrowDown the status is %q, want under_review", got)
		}
		p.typeText("Dec")
		if got := chosen(); got != "declined" {
			t.Fatalf("after typing Dec the status is %q, want declined", got)
		}
		const response = "The libraries already run these classes; see the council's website."
		p.tabTo("#field-response", 1)
		p.typeText(response)
		p.tabTo(fmt.Sprintf(`form[action="/ideas/%d/status"] button[type="submit"]`, idea.ID), 3)
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("saving the decision: status %d", status)
		}

		var stored models.Idea
		if err := ta.DB.First(&stored, idea.ID).Error; err != nil {
			t.Fatal(err)
		}
		if stored.Status != "declined" || stored.Response != response {
			t.Errorf("stored status and response = %q, %q; want declined, %q", stored.Status, stored.Response, response)
		}
		if tag := p.text("main .syniad-tag-list .govuk-tag"); tag != "Declined" {
			t.Errorf("the idea's status tag reads %q, want Declined", tag)
		}
		if page := p.text("main"); !strings.Contains(page, response) {
			t.Errorf("the idea page does not show the response %q", response)
		}
		if got := chosen(); got != "declined" {
			t.Errorf("after saving, the status select shows %q, want declined", got)
		}
	})

	t.Run("BuildAgenda", func(t *testing.T) {
		t.Parallel()
		ta := startTestServer(t)
		cs := ta.seedOpenConsultation("digital")
		idea := ta.seedIdea("digital", "Focus on outcomes for users")
		actor := ta.staffActor(t)
		board, errs, err := models.SaveBoard(t.Context(), ta.DB, actor, 0, models.BoardInput{Name: "Digital Panel", NameCy: "Panel Digidol", Slug: "digital", RefPrefix: "DP"})
		if err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
		ta.DB.Exec("UPDATE consultations SET board_id = ? WHERE id = ?", board.ID, cs.ID)
		if errs, err := models.SetShortlistEntry(t.Context(), ta.DB, actor, idea.ID, models.ShortlistInput{Rank: 1, Rationale: "Most supported in the thread"}); err != nil || errs.Any() {
			t.Fatal(errs, err)
		}
		m := ta.seedMeeting(t, "digital")
		meetingPath := fmt.Sprintf("/meetings/%d", m.ID)
		p := newKeyboardPage(t, browserCtx, ta)
		p.keyboardSignIn("kb-sec")
		ta.DB.Exec("UPDATE users SET role = 'staff' WHERE handle = ?", "kb-sec")
		p.navigate(meetingPath)

		// The form to add an item is at the foot of the agenda, after the staff tools: from
		// the top of the page Shift+Tab goes round to the end and back up to it, past the
		// footer's links.
		p.shiftTabTo("details.govuk-details > summary", 6)
		p.press(kb.Enter)
		if !evaluate[bool](p, `document.querySelector("details.govuk-details").open`) {
			t.Fatal("Enter on the add-item summary did not open it")
		}
		const title = "Ideas from the public"
		p.tabTo("#field-title", 1)
		p.typeText(title)
		p.tabTo("#field-presenters", 2) // past the Welsh title
		p.typeText("Victoria Ford")
		p.tabTo("#field-duration", 1)
		p.typeText("30")
		p.tabTo(fmt.Sprintf(`form[action="%s/items"] button[type="submit"]`, meetingPath), 3) // past the descriptions
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("adding the item: status %d", status)
		}
		items, err := models.Agenda(t.Context(), ta.DB, m.ID, 0)
		if err != nil || len(items) != 1 {
			t.Fatalf("agenda has %d items after adding one: %v", len(items), err)
		}
		item := items[0]
		if item.Title != title || item.Presenters != "Victoria Ford" || item.DurationMinutes == nil || *item.DurationMinutes != 30 {
			t.Errorf("stored item = %q by %q for %v minutes, want %q by Victoria Ford for 30", item.Title, item.Presenters, item.DurationMinutes, title)
		}
		if h := p.text("#item-1 h3"); h != "1. "+title {
			t.Errorf("the meeting page's first item is headed %q, want %q", h, "1. "+title)
		}

		// The item's idea picker offers the board's shortlist; the idea is ticked with Space.
		p.tabTo(fmt.Sprintf(`a[href="/agenda-items/%d/ideas"]`, item.ID), 10)
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("opening the idea picker: status %d", status)
		}
		box := fmt.Sprintf(`input[name="idea"][value="%d"]`, idea.ID)
		p.tabTo(box, 20)
		p.press(" ")
		if !evaluate[bool](p, fmt.Sprintf(`document.querySelector(%q).checked`, box)) {
			t.Fatal("Space on the idea's checkbox did not tick it")
		}
		p.tabTo(fmt.Sprintf(`form[method="post"][action="/agenda-items/%d/ideas"] button[type="submit"]`, item.ID), 2)
		if status := p.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("adding the chosen idea: status %d", status)
		}

		var links int64
		ta.DB.Raw("SELECT count(*) FROM agenda_item_ideas WHERE agenda_item_id = ? AND idea_id = ?", item.ID, idea.ID).Scan(&links)
		if links != 1 {
			t.Errorf("agenda_item_ideas rows linking the idea to the item = %d, want 1", links)
		}
		if items, err := models.Agenda(t.Context(), ta.DB, m.ID, 0); err != nil || len(items) != 1 || len(items[0].Ideas) != 1 || items[0].Ideas[0].ID != idea.ID {
			t.Errorf("the agenda does not have the idea on its item: %v", err)
		}
		// The picker now lists the idea as linked, and no longer offers it.
		if n := evaluate[int](p, fmt.Sprintf(`document.querySelectorAll('main a[href="/ideas/%d"]').length`, idea.ID)); n != 1 {
			t.Errorf("the picker links to the idea %d times, want once (as linked now)", n)
		}
		if n := evaluate[int](p, fmt.Sprintf(`document.querySelectorAll(%q).length`, box)); n != 0 {
			t.Errorf("the picker still offers the linked idea")
		}
		p.navigate(meetingPath)
		if ideas := p.text("#item-1 .syniad-agenda__ideas"); !strings.Contains(ideas, idea.Title) {
			t.Errorf("the meeting page's item lists %q, want %q", ideas, idea.Title)
		}
	})
}

// newKeyboardPage is newPage for a keyboard journey. The journeys run in parallel tabs of one
// browser, and a tab that opens takes the page focus from the others; on a page without it,
// :focus styles do not apply, and focus indicators would vanish at random. Emulating focus
// makes each tab behave as the focused page in the window, as the one a person uses is.
func newKeyboardPage(t *testing.T, browserCtx context.Context, ta *testApp) *browserPage {
	t.Helper()
	p := newPage(t, browserCtx, ta)
	if _, err := chromedp.Call(p.ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("emulate a focused page: %v", err)
	}
	return p
}

// focusStop is what the focus check found at one stop.
type focusStop struct {
	Desc     string   `json:"desc"`     // the focused element, for messages
	Matches  bool     `json:"matches"`  // whether it matches the selector asked about
	Problems []string `json:"problems"` // why focus cannot be seen there; none when it can
}

// focusCheckJS describes the focused element and checks that focus on it can be seen:
//   - focus is on an element, not the page (<body>);
//   - it has a focus indicator, read from its computed style: a box-shadow, or an outline
//     with a style, a width and a colour that is not transparent (GOV.UK Frontend's links and
//     buttons use a yellow background with a box-shadow under a transparent outline, for
//     Windows high-contrast mode; inputs use a yellow outline). A checkbox's input is
//     invisible, and GOV.UK draws its indicator on the box in front of its label
//     (label::before), so that is where it is read;
//   - the indicator is a change: the element looked different while focused than it does once
//     focus has moved on (checked on the previous stop, remembered on window; a button with a
//     resting shadow and its focus style removed would otherwise pass);
//   - it can be seen: not shrunk to a pixel, clipped away, hidden or transparent, as visually
//     hidden text is (the skip link, until it has focus);
//   - it is in the viewport, having been scrolled into view. Chromium scrolls a
//     newly focused element only when too little of it shows (its "center if needed"
//     alignment leaves a partly visible element alone), so a textarea at the foot of the
//     window may stay half out of it; what is required is what WCAG 2.4.11 (Focus Not
//     Obscured, AA) asks: that it is not hidden, here that at least 16 px of it (or all of it,
//     if smaller) is in view each way.
//
// It is called with the selector to match, as JSON.
const focusCheckJS = `((sel) => {
  const el = document.activeElement;
  const describe = (e) => {
    let d = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "");
    const cls = (e.getAttribute("class") || "").trim();
    if (cls) d += "." + cls.split(/\s+/).join(".");
    for (const a of ["href", "name", "value", "type"]) {
      if (e.hasAttribute(a) && !(a === "value" && e.type !== "checkbox" && e.type !== "radio")) d += "[" + a + '="' + e.getAttribute(a) + '"]';
    }
    const text = (e.innerText || "").trim().replace(/\s+/g, " ").slice(0, 50);
    return text ? d + ' "' + text + '"' : d;
  };
  const drawnBy = (e) => e.matches(".govuk-checkboxes__input, .govuk-radios__input") && e.labels && e.labels[0] ? [e.labels[0], "::before"] : [e, null];
  const look = (e) => {
    const [target, pseudo] = drawnBy(e);
    const s = getComputedStyle(target, pseudo);
    return [s.boxShadow, s.outlineStyle, s.outlineWidth, s.outlineColor, s.backgroundColor, s.color, s.borderColor, s.borderWidth, s.textDecorationLine, s.textDecorationThickness].join(" | ");
  };
  const transparent = (c) => c === "transparent" || /^rgba\(.*,\s*0(\.0*)?\)$/.test(c) || /\/\s*0(\.0*)?\)$/.test(c);

  const problems = [];
  const last = window.__syniadFocusLast;
  if (last && last.el !== el && last.el.isConnected && look(last.el) === last.look) {
    problems.push("the previous stop, " + last.desc + ", looks the same unfocused as it did focused: no visible change marks focus");
  }
  if (!el || el === document.body || el === document.documentElement) {
    window.__syniadFocusLast = null;
    return { desc: "<body> (the page itself)", matches: false, problems: problems.concat("focus is on the page, not on an element") };
  }
  const desc = describe(el);
  const [target, pseudo] = drawnBy(el);
  const s = getComputedStyle(target, pseudo);
  const shadow = s.boxShadow !== "none";
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && !transparent(s.outlineColor);
  if (!shadow && !outline) {
    problems.push("no focus indicator: box-shadow " + s.boxShadow + ", outline " + s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor +
      (document.hasFocus() ? "" : " (and the page itself does not have focus, so :focus styles do not apply)"));
  }
  // Seen at all: not shrunk, clipped, hidden or transparent, as visually hidden text is (the
  // skip link is until it has focus).
  const shown = pseudo ? target : el;
  const box = shown.getBoundingClientRect();
  const ss = getComputedStyle(shown);
  if (box.width <= 1 || box.height <= 1 || ss.visibility === "hidden" || ss.opacity === "0" ||
      /^inset\(50%/.test(ss.clipPath) || ss.clip === "rect(0px, 0px, 0px, 0px)") {
    problems.push("it cannot be seen: " + Math.round(box.width) + "×" + Math.round(box.height) + " px, visibility " + ss.visibility +
      ", opacity " + ss.opacity + ", clip-path " + ss.clipPath + ", clip " + ss.clip);
  }
  const shownHigh = Math.min(box.bottom, innerHeight) - Math.max(box.top, 0);
  const shownWide = Math.min(box.right, innerWidth) - Math.max(box.left, 0);
  if (shownHigh < Math.min(box.height, 16) || shownWide < Math.min(box.width, 16)) {
    problems.push("it is not scrolled into view: top " + Math.round(box.top) + ", bottom " + Math.round(box.bottom) + " px, in a viewport " + innerHeight + " px high");
  }
  window.__syniadFocusLast = { el: el, desc: desc, look: look(el) };
  return { desc: desc, matches: el.matches(sel), problems: problems };
})`

// focusState runs the focus check on the focused element, asking whether it matches css.
func (p *browserPage) focusState(css string) focusStop {
	p.t.Helper()
	arg, _ := json.Marshal(css)
	return evaluate[focusStop](p, focusCheckJS+"("+string(arg)+")")
}

// reportFocusProblems fails the test (without stopping it) for each problem found at a stop.
func (p *browserPage) reportFocusProblems(where string, stop focusStop) {
	p.t.Helper()
	for _, problem := range stop.Problems {
		p.t.Errorf("focus on %s (%s): %s%s", where, stop.Desc, problem, p.where())
	}
}

// press sends one key to whatever has focus, as a person pressing it would: key down, the
// character it types if any, key up. key is a character or one of kb's keys (kb.Tab,
// kb.Enter, kb.ArrowDown…).
func (p *browserPage) press(key string, modifiers ...chromedp.Modifier) {
	p.t.Helper()
	if n := len([]rune(key)); n != 1 {
		p.t.Fatalf("press takes one key, not %q: use typeText", key)
	}
	if err := chromedp.Do(p.ctx, keyPresses(key, modifiers...)); err != nil {
		p.t.Fatalf("press %s: %v%s", keyName(key), err, p.where())
	}
}

// keyPresses presses each key of keys in turn, with modifiers held, as Chromium's own
// keyboard input does on Linux and Windows: a raw key down, the character it types (if it
// types one) as a separate char event, then key up. The key codes are chromedp's (kb.Encode).
//
// Not chromedp.KeyEvent, which sends a cooked "keyDown" carrying the text and then a char
// event as well. Blink swallows the char that follows a raw key down it has handled, but not
// one that follows a cooked keyDown, so with KeyEvent an Enter that activates a link (on key
// down) and moves focus to a text field then delivers its keypress to that field, which
// submits the field's form. A real Enter does not do that.
func keyPresses(keys string, modifiers ...chromedp.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range keys {
			for _, ev := range kb.Encode(r) {
				for _, m := range modifiers {
					ev.Modifiers |= int64(m)
				}
				if ev.Type == kb.KeyDown {
					ev.Type, ev.Text, ev.UnmodifiedText = kb.KeyRawDown, "", ""
				}
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// typeText types s, one key press per character, into whatever has focus.
func (p *browserPage) typeText(s string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, keyPresses(s)); err != nil {
		p.t.Fatalf("type %q: %v%s", s, err, p.where())
	}
}

// pressToLoad presses a key that should load a new page (Enter on a link or a submit button,
// or in a text field), waits for it and returns the status of the page it lands on.
func (p *browserPage) pressToLoad(key string) int64 {
	p.t.Helper()
	focused := evaluate[string](p, `document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : "nothing"`)
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, keyPresses(key))
	if err != nil || res == nil {
		p.t.Fatalf("press %s on %s: no page loaded (%v)%s", keyName(key), focused, err, p.where())
	}
	return res.Status
}

// tabTo presses Tab until the focused element matches css, checking at every stop that focus
// can be seen there (focusCheckJS), and returns the stops it passed through, the last being
// the one it wanted. It fails, listing them, if it does not get there in maxTabs presses.
// Having got there it steps off and back (stepOffAndBack), so focus ends where it wanted.
func (p *browserPage) tabTo(css string, maxTabs int) []string {
	p.t.Helper()
	return p.tabUntil(css, maxTabs, false)
}

// shiftTabTo is tabTo backwards, with Shift+Tab.
func (p *browserPage) shiftTabTo(css string, maxTabs int) []string {
	p.t.Helper()
	return p.tabUntil(css, maxTabs, true)
}

func (p *browserPage) tabUntil(css string, maxTabs int, back bool) []string {
	p.t.Helper()
	keys := "Tab"
	var mods []chromedp.Modifier
	if back {
		keys = "Shift+Tab"
		mods = append(mods, chromedp.ModifierShift)
	}
	var stops []string
	for n := 1; n <= maxTabs; n++ {
		p.press(kb.Tab, mods...)
		stop := p.focusState(css)
		stops = append(stops, stop.Desc)
		p.reportFocusProblems(fmt.Sprintf("%s stop %d on the way to %s", keys, n, css), stop)
		if stop.Matches {
			p.stepOffAndBack(css, back)
			return stops
		}
	}
	var list strings.Builder
	for n, s := range stops {
		fmt.Fprintf(&list, "\n  %d. %s", n+1, s)
	}
	p.t.Fatalf("pressed %s %d times without reaching %s%s; focus went to:%s", keys, maxTabs, css, p.where(), list.String())
	return nil
}

// stepOffAndBack moves focus one stop on and back again, so that the element tabTo arrived at,
// the one the journey is about to use, is also compared unfocused with how it looked focused,
// like every stop passed on the way.
func (p *browserPage) stepOffAndBack(css string, back bool) {
	p.t.Helper()
	off, on := []chromedp.Modifier(nil), []chromedp.Modifier{chromedp.ModifierShift}
	if back {
		off, on = on, off
	}
	p.press(kb.Tab, off...)
	p.reportFocusProblems("the stop next to "+css, p.focusState(css))
	p.press(kb.Tab, on...)
	stop := p.focusState(css)
	if !stop.Matches {
		p.t.Fatalf("stepping off %s and back again left focus on %s%s", css, stop.Desc, p.where())
	}
	p.reportFocusProblems(css+", back on it", stop)
}

// keyboardSignIn is the sign-in journey by keyboard: from the sign-in page, Tab to the
// development sign-in link, Enter, Tab to the username, type it and press Enter to submit.
func (p *browserPage) keyboardSignIn(handle string) {
	p.t.Helper()
	p.navigate("/login")
	p.tabTo(`a[href^="/auth/dev"]`, 15)
	if status := p.pressToLoad(kb.Enter); status != 200 {
		p.t.Fatalf("following the development sign-in link: status %d", status)
	}
	if loc := p.location(); !strings.Contains(loc, "/auth/dev") {
		p.t.Fatalf("Enter on the development sign-in link went to %s", loc)
	}
	p.tabTo("#field-handle", 15)
	p.typeText(handle)
	if got := p.value(chromedp.ID("field-handle")); got != handle {
		p.t.Fatalf("typed %q into the username, it reads %q", handle, got)
	}
	// Enter in a text field submits its form.
	if status := p.pressToLoad(kb.Enter); status != 200 {
		p.t.Fatalf("signing in landed on status %d%s", status, p.where())
	}
	if header := p.text(".syniad-header"); !strings.Contains(header, "Sign out") {
		p.t.Fatalf("after signing in by keyboard the header reads %q, want Sign out", header)
	}
}

func keyName(key string) string {
	switch key {
	case kb.Tab:
		return "Tab"
	case kb.Enter:
		return "Enter"
	case " ":
		return "Space"
	case kb.ArrowDown:
		return "ArrowDown"
	case kb.ArrowUp:
		return "ArrowUp"
	case kb.Escape:
		return "Escape"
	}
	return strconv.Quote(key)
}

func hasProblem(problems []string, part string) bool {
	return anyContains(problems, part)
}

func anyContains(list []string, part string) bool {
	for _, s := range list {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}

// TestNoJavaScriptJourney is the member's journey with page scripts off: sign in, publish an
// idea, support it, comment and support someone else's comment, each through a plain form
// post that loads a new page.
func TestNoJavaScriptJourney(t *testing.T) {
	browserCtx := startBrowser(t)
	ta := startTestServer(t)
	ta.seedOpenConsultation("digital")
	p := newPage(t, browserCtx, ta)

	// Proof that scripts are off. The first statement of app.js puts js-enabled on <body>, on
	// every page. With scripts on, the home page has it: the marker works. Then
	// Emulation.setScriptExecutionDisabled switches the page's scripts off for this tab,
	// across navigations, and from then on no page may have it. (DevTools' own
	// Runtime.evaluate still runs, which is how the class is read; it is the page's scripts
	// that must not.) The vote below is a second proof: with scripts on it is sent by fetch and
	// loads no page, so pressing its button would never give a response to wait for.
	jsEnabled := func() bool { return evaluate[bool](p, `document.body.classList.contains("js-enabled")`) }
	p.navigate("/")
	if !jsEnabled() {
		t.Fatal("with scripts on, <body> lacks js-enabled: the marker this test relies on is gone from app.js")
	}
	if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("switch scripts off: %v", err)
	}
	scriptsOff := func(step string) {
		t.Helper()
		if jsEnabled() {
			t.Fatalf("%s: <body> has js-enabled: app.js ran, so scripts are not off%s", step, p.where())
		}
	}
	p.navigate("/")
	scriptsOff("home page")

	p.signIn("nojs-nia")
	scriptsOff("after signing in")

	// Publish an idea.
	const title = "Bus stops with printed timetables"
	p.navigate("/ideas/new")
	p.do("write the idea",
		chromedp.SendKeys(chromedp.ID("field-title"), title),
		chromedp.SendKeys(chromedp.ID("field-body"), "Not everyone has a phone: print the times at every stop."))
	if status := p.submit(`form[action="/ideas"] button[type="submit"]`); status != 200 {
		t.Fatalf("publishing the idea: status %d", status)
	}
	scriptsOff("after publishing")
	var idea models.Idea
	if err := ta.DB.Where("title = ?", title).First(&idea).Error; err != nil {
		t.Fatalf("the idea was not stored: %v", err)
	}
	ideaPath := fmt.Sprintf("/ideas/%d", idea.ID)
	if loc := p.location(); !strings.HasSuffix(loc, ideaPath) {
		t.Errorf("after publishing: at %s, want %s", loc, ideaPath)
	}
	if flash := p.text(".govuk-notification-banner"); !strings.Contains(flash, "Your idea has been published") {
		t.Errorf("flash = %q, want it to say the idea was published", flash)
	}

	// Someone else's comment, for supporting below: a member cannot support their own.
	other, err := models.SignIn(t.Context(), ta.DB, models.ExternalAccount{Provider: "test", ProviderUserID: "nojs-other", Handle: "nojs-other"})
	if err != nil {
		t.Fatal(err)
	}
	theirs, errs, err := models.CreateComment(t.Context(), ta.DB, idea.ID, other.ID, models.CommentInput{Body: "Large print, please."})
	if err != nil || errs.Any() {
		t.Fatal(errs, err)
	}

	// Support the idea: the form posts, and the server sends the page back with the count.
	count := chromedp.CSS(fmt.Sprintf(`[data-vote-count="%d"]`, idea.ID))
	p.navigate(ideaPath)
	if got := p.text(count); got != "0" {
		t.Fatalf("count before supporting = %q, want 0", got)
	}
	if status := p.submit(`form[data-vote-form] button[type="submit"]`); status != 200 {
		t.Fatalf("supporting: status %d", status)
	}
	scriptsOff("after supporting")
	if loc := p.location(); !strings.HasSuffix(loc, ideaPath) {
		t.Errorf("after supporting: at %s, want back on %s", loc, ideaPath)
	}
	if got := p.text(count); got != "1" {
		t.Errorf("count after supporting = %q, want 1", got)
	}
	if got := p.text("form[data-vote-form] [data-vote-label]"); got != "Remove my support" {
		t.Errorf("button after supporting = %q, want %q", got, "Remove my support")
	}
	if flash := p.text(".govuk-notification-banner"); !strings.Contains(flash, "You support this idea.") {
		t.Errorf("flash after supporting = %q", flash)
	}
	if n := voteRows(t, ta, idea.ID); n != 1 {
		t.Errorf("votes rows after supporting = %d, want 1", n)
	}

	// Comment.
	const text = "And a phone number to ask when the next bus is."
	p.do("write a comment", chromedp.SendKeys(chromedp.ID("field-body"), text))
	if status := p.submit(chromedp.CSS(fmt.Sprintf(`form[novalidate][action="%s/comments"] button[type="submit"]`, ideaPath))); status != 200 {
		t.Fatalf("commenting: status %d", status)
	}
	scriptsOff("after commenting")
	var mine models.Comment
	if err := ta.DB.Where("idea_id = ? AND author_id <> ?", idea.ID, other.ID).First(&mine).Error; err != nil {
		t.Fatalf("the comment was not stored: %v", err)
	}
	if mine.Body != text {
		t.Errorf("stored comment = %q, want %q", mine.Body, text)
	}
	if got := p.text(chromedp.CSS(fmt.Sprintf("#comment-%d > .syniad-prose", mine.ID))); got != text {
		t.Errorf("the comment on the page reads %q, want %q", got, text)
	}

	// Support the other person's comment, through its form.
	theirSel := fmt.Sprintf("#comment-%d", theirs.ID)
	if status := p.submit(chromedp.CSS(fmt.Sprintf(`form[action="/comments/%d/support"] button[type="submit"]`, theirs.ID))); status != 200 {
		t.Fatalf("supporting the comment: status %d", status)
	}
	scriptsOff("after supporting the comment")
	if loc := p.location(); !strings.HasSuffix(loc, ideaPath+theirSel) {
		t.Errorf("after supporting the comment: at %s, want %s", loc, ideaPath+theirSel)
	}
	if got := p.text(chromedp.CSS(theirSel + " [data-support-label]")); got != "Supported (1) — remove" {
		t.Errorf("the comment's button after supporting = %q, want %q", got, "Supported (1) — remove")
	}
	if flash := p.text(".govuk-notification-banner"); !strings.Contains(flash, "You support this comment.") {
		t.Errorf("flash after supporting the comment = %q", flash)
	}
	var supports int64
	ta.DB.Raw("SELECT count(*) FROM comment_supports WHERE comment_id = ?", theirs.ID).Scan(&supports)
	if supports != 1 {
		t.Errorf("comment_supports rows = %d, want 1", supports)
	}
}
