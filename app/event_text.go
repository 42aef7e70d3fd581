package app

import (
	"html"
	"html/template"
	"regexp"
	"time"

	"github.com/syniad/syniad/models"
)

// eventLine is one line of the public history in the reader's language, written out from
// what the event keeps as data: a theme's, board's, meeting's, agenda item's or
// consultation's name in that language (the other, marked with its language, where it has
// none), dates as people write them. Where what the event names no longer exists, or the
// event is older than its data, the English text it stored is shown, marked as English.
func eventLine(tr *Translator, lang string, e models.Event) template.HTML {
	actor := template.HTML(template.HTMLEscapeString(tr.T(lang, "history.someone")))
	if e.Actor != nil {
		actor = personLink(tr, lang, e.Actor.Handle)
	}
	from, to := markLang(lang, e.FromValue, "en"), markLang(lang, e.ToValue, "en")
	// Values that are names of statuses and roles are shown in the reader's language.
	translated := func(prefix string) (template.HTML, template.HTML) {
		return markLang(lang, tr.T(lang, prefix+e.FromValue), lang), markLang(lang, tr.T(lang, prefix+e.ToValue), lang)
	}
	bi := func(en, cy string) template.HTML {
		if lang == "cy" && cy != "" {
			return markLang(lang, cy, "cy")
		}
		return markLang(lang, en, "en")
	}
	d, refs := e.Data, e.Refs
	switch e.Verb {
	case models.VerbIdeaStatusChanged:
		from, to = translated("status.")
	case models.VerbRoleGranted:
		from, to = translated("role.")
	case models.VerbMeetingStatusChanged:
		from, to = translated("meeting_status.")
	case models.VerbActionUpdated:
		from, to = translated("action_status.")
	case models.VerbIdeaThemed, models.VerbIdeaUnthemed, models.VerbThemeCreated, models.VerbThemeUpdated:
		if t := refs.Theme; t != nil {
			to = bi(t.Name, t.NameCy)
		}
	case models.VerbBoardCreated, models.VerbBoardUpdated:
		if b := refs.Board; b != nil {
			to = bi(b.Name, b.NameCy)
		}
	case models.VerbMeetingCreated, models.VerbMeetingUpdated:
		if m := refs.Meeting; m != nil {
			to = bi(m.Title, m.TitleCy)
		}
	case models.VerbConsultationCreated, models.VerbConsultationUpdated, models.VerbConsultationOutcomePublished:
		if c := refs.Consultation; c != nil {
			to = bi(c.Title, c.TitleCy)
		}
	case models.VerbAgendaItemAdded, models.VerbAgendaItemRemoved, models.VerbAgendaItemUpdated:
		if title := agendaItemTitle(d, refs, bi); title != "" {
			to = title
		}
	case models.VerbIdeaAgendaLinked, models.VerbIdeaAgendaUnlinked, models.VerbIdeaDecision:
		if e.Verb == models.VerbIdeaDecision {
			// Its value is the decision, in the words the meeting recorded in each language.
			to = bi(e.ToValue, d.OutcomeCy)
			break
		}
		if label := agendaLabel(tr, lang, d, refs, bi); label != "" {
			to = label
		}
	case models.VerbConsultationDatesChanged, models.VerbConsultationClosed, models.VerbConsultationReopened:
		if d.Opens != "" || d.Closes != "" || d.FromOpens != "" || d.FromCloses != "" {
			from = template.HTML(template.HTMLEscapeString(eventDates(tr, lang, d.FromOpens, d.FromCloses)))
			to = template.HTML(template.HTMLEscapeString(eventDates(tr, lang, d.Opens, d.Closes)))
		}
	}
	line := tr.HTML(lang, "history."+e.Verb, "Actor", actor, "From", from, "To", to, "Value", to)
	if e.Reason != "" && e.Verb != models.VerbIdeaResponded && e.Verb != models.VerbIdeaShortlisted {
		if lang == "cy" && d.ReasonCy != "" {
			line += " – " + markLang(lang, d.ReasonCy, "cy")
		} else {
			line += " – " + markLang(lang, e.Reason, models.DetectLanguage(e.Reason, "en"))
		}
	}
	return line
}

// agendaItemTitle is an agenda item's title in the reader's language: the item's own, or the
// titles the event kept if it has been taken off its agenda.
func agendaItemTitle(d models.EventData, refs models.EventRefs, bi func(en, cy string) template.HTML) template.HTML {
	if i := refs.AgendaItem; i != nil {
		return bi(i.Title, i.TitleCy)
	}
	if d.ItemTitle != "" {
		return bi(d.ItemTitle, d.ItemTitleCy)
	}
	return ""
}

// agendaLabel names an agenda item with its meeting and the meeting's day, so that meetings of
// the same title stay apart: "June meeting, 4 June 2026: 3. Open data". It is "" where the
// meeting is not known.
func agendaLabel(tr *Translator, lang string, d models.EventData, refs models.EventRefs, bi func(en, cy string) template.HTML) template.HTML {
	m := refs.Meeting
	item := agendaItemTitle(d, refs, bi)
	if m == nil || item == "" {
		return ""
	}
	position := d.Position
	if position == 0 && refs.AgendaItem != nil {
		position = refs.AgendaItem.Position
	}
	return tr.HTML(lang, "history.agenda_label", "Meeting", bi(m.Title, m.TitleCy),
		"Date", formatDate(lang, m.StartsAt), "Position", position, "Item", item)
}

// eventDates writes a consultation's dates, kept as YYYY-MM-DD, as people write them.
func eventDates(tr *Translator, lang, opens, closes string) string {
	day := func(s string) string {
		t, err := time.ParseInLocation("2006-01-02", s, models.London)
		if err != nil {
			return "…"
		}
		return formatDate(lang, t)
	}
	return tr.T(lang, "history.dates", "Opens", day(opens), "Closes", day(closes))
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// eventText is eventLine as plain text, for the API.
func eventText(tr *Translator, lang string, e models.Event) string {
	return html.UnescapeString(tagPattern.ReplaceAllString(string(eventLine(tr, lang, e)), ""))
}
