package app

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/syniad/syniad/models"
)

// WritePackMarkdown writes a meeting pack as Markdown (CommonMark with pipe tables), to
// paste into minutes. Every piece of text from the site is escaped, so a title that looks
// like a link, a heading or HTML stays the words it was.
func WritePackMarkdown(w io.Writer, p *models.MeetingPack, tr *Translator, lang, baseURL string) error {
	out := bufio.NewWriter(w)
	t := func(id string, args ...any) string { return tr.T(lang, id, args...) }
	base := strings.TrimRight(baseURL, "/")
	m := p.Meeting

	fmt.Fprintf(out, "# %s\n\n", mdText(t("pack.heading", "Title", inLang(lang, m.Title, m.TitleCy))))
	if m.Board != nil {
		fmt.Fprintf(out, "- **%s:** %s\n", t("pack.board"), mdText(inLang(lang, m.Board.Name, m.Board.NameCy)))
	}
	fmt.Fprintf(out, "- **%s:** %s, %s–%s\n", t("pack.when"), formatLongDate(lang, m.StartsAt),
		models.ClockOf(m.StartsAt), models.ClockOf(m.EndsAt))
	if where := meetingPlace(lang, m); where != "" {
		fmt.Fprintf(out, "- **%s:** %s\n", t("pack.where"), mdText(where))
	}
	fmt.Fprintf(out, "- %s\n", mdText(t("pack.prepared", "When", formatDate(lang, p.GeneratedAt)+", "+models.ClockOf(p.GeneratedAt))))
	fmt.Fprintf(out, "- <%s/meetings/%d>\n\n", base, m.ID)

	fmt.Fprintf(out, "## %s\n\n", t("pack.agenda"))
	if len(p.Items) == 0 {
		fmt.Fprintf(out, "%s\n\n", t("agenda.empty"))
	}
	for _, item := range p.Items {
		fmt.Fprintf(out, "### %s: %s\n\n", t("pack.item", "Position", item.Position), mdText(inLang(lang, item.Title, item.TitleCy)))
		if item.Presenters != "" || item.DurationMinutes != nil {
			var bits []string
			if item.Presenters != "" {
				bits = append(bits, t("pack.presenters")+" "+mdText(item.Presenters))
			}
			if item.DurationMinutes != nil {
				bits = append(bits, tr.N(lang, "agenda.minutes", *item.DurationMinutes))
			}
			fmt.Fprintf(out, "*%s*\n\n", strings.Join(bits, " · "))
		}
		if d := inLang(lang, item.Description, item.DescriptionCy); d != "" {
			fmt.Fprintf(out, "%s\n\n", mdParagraph(d))
		}
		if len(item.Ideas) == 0 {
			fmt.Fprintf(out, "%s\n\n", t("pack.no_item_ideas"))
		} else {
			fmt.Fprintf(out, "**%s**\n\n", t("pack.item_ideas"))
		}
		for _, idea := range item.Ideas {
			if idea.HiddenAt != nil {
				fmt.Fprintf(out, "- %s\n", t("agenda.hidden_idea"))
				continue
			}
			fmt.Fprintf(out, "- **[%s](%s/ideas/%d)** (%s): %s, %s\n", mdText(idea.Title), base, idea.ID,
				mdText(tr.T(lang, "status."+idea.Status)), tr.N(lang, "ideas.votes_count", idea.VoteCount),
				tr.N(lang, "ideas.comments_count", idea.CommentCount))
			for _, cm := range p.Comments[idea.ID] {
				fmt.Fprintf(out, "\n  > %s  \n  > — %s\n", mdText(shorten(oneLine(cm.Body), 400)), mdText(commentCredit(tr, lang, cm)))
			}
		}
		if len(item.Ideas) > 0 {
			out.WriteString("\n")
		}
		if o := inLang(lang, item.Outcome, item.OutcomeCy); o != "" {
			fmt.Fprintf(out, "**%s:** %s\n\n", t("pack.outcome"), mdParagraph(o))
		}
	}

	if len(p.Consultations) == 0 {
		fmt.Fprintf(out, "## %s\n\n%s\n\n", t("pack.themes"), t("pack.no_consultations"))
	} else {
		writeMarkdownThemes(out, p, tr, lang)
		writeMarkdownParticipation(out, p, tr, lang)
		fmt.Fprintf(out, "## %s\n\n", t("pack.shortlist"))
		if len(p.Shortlists) == 0 {
			fmt.Fprintf(out, "%s\n\n", t("pack.no_shortlist"))
		}
		for _, sl := range p.Shortlists {
			fmt.Fprintf(out, "### %s\n\n", mdText(inLang(lang, sl.Consultation.Title, sl.Consultation.TitleCy)))
			if !sl.Published() {
				fmt.Fprintf(out, "*%s*\n\n", t("pack.shortlist_draft"))
			}
			fmt.Fprintf(out, "| %s | %s | %s | %s |\n|---:|---|---:|---|\n", t("pack.col_rank"), t("pack.col_idea"),
				t("pack.col_votes"), t("pack.rationale"))
			for _, e := range sl.Entries {
				title, votes := "", 0
				if e.Idea != nil && e.Idea.HiddenAt != nil {
					title = t("agenda.hidden_idea")
				} else if e.Idea != nil {
					title, votes = fmt.Sprintf("[%s](%s/ideas/%d)", mdText(e.Idea.Title), base, e.IdeaID), e.Idea.VoteCount
				}
				fmt.Fprintf(out, "| %d | %s | %d | %s |\n", e.Rank, title, votes, mdText(oneLine(inLang(lang, e.Rationale, e.RationaleCy))))
			}
			out.WriteString("\n")
		}
	}

	fmt.Fprintf(out, "## %s\n\n", t("pack.actions"))
	if len(p.OpenActions) == 0 {
		fmt.Fprintf(out, "%s\n\n", t("pack.no_actions"))
	} else {
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", t("actions.reference"),
			t("actions.description"), t("actions.owner"), t("actions.due"), t("actions.status"))
		for _, a := range p.OpenActions {
			due := t("actions.no_due")
			if a.DueOn != nil {
				due = formatDate(lang, *a.DueOn)
			}
			status := t("action_status." + a.Status)
			if a.Overdue {
				status += " (" + t("actions.overdue") + ")"
			}
			fmt.Fprintf(out, "| [%s](%s/actions/%d) | %s | %s | %s | %s |\n", mdText(a.Reference), base, a.ID,
				mdText(oneLine(inLang(lang, a.Description, a.DescriptionCy))), mdText(a.OwnerName), due, status)
		}
		out.WriteString("\n")
	}
	return out.Flush()
}

func writeMarkdownThemes(out *bufio.Writer, p *models.MeetingPack, tr *Translator, lang string) {
	t := func(id string, args ...any) string { return tr.T(lang, id, args...) }
	fmt.Fprintf(out, "## %s\n\n%s\n\n", t("pack.themes"), t("pack.themes_lead"))
	var most int64 = 1
	for _, th := range p.Themes {
		most = max(most, th.Ideas)
	}
	fmt.Fprintf(out, "| %s | %s | %s | %s | |\n|---|---:|---:|---:|---|\n", t("pack.col_theme"), t("pack.col_ideas"),
		t("pack.col_votes"), t("pack.col_comments"))
	for _, th := range p.Themes {
		name := inLang(lang, th.Name, th.NameCy)
		if th.ID == 0 {
			name = t("pack.no_theme")
		}
		fmt.Fprintf(out, "| %s | %d | %d | %d | %s |\n", mdText(name), th.Ideas, th.Votes, th.Comments, textBar(th.Ideas, most))
	}
	out.WriteString("\n")
}

func writeMarkdownParticipation(out *bufio.Writer, p *models.MeetingPack, tr *Translator, lang string) {
	t := func(id string, args ...any) string { return tr.T(lang, id, args...) }
	part := p.Participation
	if len(part.Periods) == 0 {
		return
	}
	lead, col := "pack.participation_lead_week", "pack.col_week"
	if part.Monthly {
		lead, col = "pack.participation_lead_month", "pack.col_month"
	}
	fmt.Fprintf(out, "## %s\n\n%s\n\n", t("pack.chart_participation"), t(lead))
	var most int64 = 1
	for _, pc := range part.Periods {
		most = max(most, pc.Ideas)
	}
	fmt.Fprintf(out, "| %s | %s | %s | %s | %s | |\n|---|---:|---:|---:|---:|---|\n", t(col), t("pack.col_ideas"),
		t("pack.col_votes"), t("pack.col_comments"), t("pack.col_people"))
	for _, pc := range part.Periods {
		label := formatDate(lang, pc.Start)
		if part.Monthly {
			label = shortDate(lang, pc, true)
		}
		fmt.Fprintf(out, "| %s | %d | %d | %d | %d | %s |\n", label, pc.Ideas, pc.Votes, pc.Comments, pc.People, textBar(pc.Ideas, most))
	}
	out.WriteString("\n")
}

// commentCredit names a quoted comment's author and, when it has any, its support.
func commentCredit(tr *Translator, lang string, cm models.Comment) string {
	if cm.SupportCount == 0 {
		return cm.AuthorHandle
	}
	return tr.T(lang, "pack.comment_by", "Handle", cm.AuthorHandle, "Count", cm.SupportCount)
}

// textBar draws n out of most as a bar of up to 20 blocks.
func textBar(n, most int64) string {
	blocks := int(n * 20 / most)
	if n > 0 && blocks == 0 {
		blocks = 1
	}
	return strings.Repeat("█", blocks)
}

// meetingPlace is where a meeting is: the place in the reader's language and the postcode,
// and the online link.
func meetingPlace(lang string, m *models.Meeting) string {
	var bits []string
	if m.Location != "" {
		bits = append(bits, strings.TrimSpace(inLang(lang, m.Location, m.LocationCy)+" "+m.Postcode))
	} else if m.Postcode != "" {
		bits = append(bits, m.Postcode)
	}
	if m.OnlineURL != "" {
		bits = append(bits, m.OnlineURL)
	}
	return strings.Join(bits, "; ")
}

// oneLine folds text onto one line, for table cells and quotes.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdText escapes text so Markdown shows it as typed: the characters that make emphasis,
// code, links, images, HTML, entities and table cells are backslash-escaped, as is whatever
// would start a heading, quote, list or rule, and line breaks become spaces.
func mdText(s string) string {
	s = oneLine(xmlText(s))
	var b strings.Builder
	for n, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~&", r) {
			b.WriteByte('\\')
		} else if n == 0 && strings.ContainsRune("#>-+=", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	// "1. " or "1) " at the start would begin a numbered list.
	if m := listNumber.FindStringIndex(out); m != nil {
		out = out[:m[1]-1] + "\\" + out[m[1]-1:]
	}
	return out
}

var listNumber = regexp.MustCompile(`^[0-9]{1,9}[.)]`)

// mdParagraph escapes official text of several paragraphs, keeping its paragraph breaks.
func mdParagraph(s string) string {
	paras := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n")
	for n, p := range paras {
		paras[n] = mdText(p)
	}
	return strings.Join(paras, "\n\n")
}
