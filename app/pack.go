package app

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/public"
)

// Meeting packs: the board papers for one meeting, as a print-ready page, a PDF (that page
// printed by Chromium, see pack_pdf.go) and Markdown to paste into minutes. All three show the same things in the same order (see
// models.MeetingPack).

// meetingPack is /meetings/:id/pack (and .pdf, .md).
func (s *Server) meetingPack(format string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := parseID(c, "id")
		if err != nil {
			return err
		}
		p, err := models.LoadMeetingPack(c.UserContext(), s.laggingReads(c.UserContext()), id, s.now(c))
		if err != nil {
			return err
		}
		lang := currentLang(c)
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		name := packFileName(p, format)
		var buf bytes.Buffer
		switch format {
		case "pdf":
			if !s.printer.Available() {
				return s.render(c, fiber.StatusServiceUnavailable, "meetings/pack_no_pdf", fiber.Map{"Meeting": p.Meeting})
			}
			pdf, err := printPack(c.UserContext(), s.printer, s.views, s.assets, s.tr, p, lang, s.cfg.BaseURL)
			if errors.Is(err, ErrPrinterBusy) {
				c.Set(fiber.HeaderRetryAfter, "30")
				return &httpError{status: fiber.StatusServiceUnavailable, key: "error.downloads.busy", cause: err}
			} else if err != nil {
				return err
			}
			buf.Write(pdf)
			c.Set(fiber.HeaderContentType, "application/pdf")
		case "md":
			if err := WritePackMarkdown(&buf, p, s.tr, lang, s.cfg.BaseURL); err != nil {
				return err
			}
			c.Set(fiber.HeaderContentType, "text/markdown; charset=utf-8")
		default:
			return s.render(c, fiber.StatusOK, "meetings/pack", packData(p, s.tr, lang, s.cfg.BaseURL))
		}
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
		return c.Send(buf.Bytes())
	}
}

// packFileName is the download's name: the meeting's date and number.
func packFileName(p *models.MeetingPack, format string) string {
	return fmt.Sprintf("meeting-pack-%s-%d.%s", p.Meeting.StartsAt.In(models.London).Format("2006-01-02"), p.Meeting.ID, format)
}

// packData is what the pack page shows.
func packData(p *models.MeetingPack, tr *Translator, lang, baseURL string) fiber.Map {
	return fiber.Map{"Pack": p, "Meeting": p.Meeting, "BaseURL": strings.TrimRight(baseURL, "/"),
		"ThemeChart": themeChartSVG(p, tr, lang), "ParticipationChart": participationChartSVG(p, tr, lang)}
}

// WritePackHTML writes the print-ready page as one file that needs nothing else: the style
// sheet is written into it. It is for the command line; the site serves the page itself.
func WritePackHTML(w io.Writer, p *models.MeetingPack, lang, baseURL string) error {
	tr, assets, views, err := loadPackViews()
	if err != nil {
		return err
	}
	page, err := packDocument(views, assets, tr, p, lang, baseURL)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, page)
	return err
}

// loadPackViews loads what the command line needs to draw a pack without a server.
func loadPackViews() (*Translator, *public.Assets, *Views, error) {
	tr, err := NewTranslator()
	if err != nil {
		return nil, nil, nil, err
	}
	assets, err := public.Load()
	if err != nil {
		return nil, nil, nil, err
	}
	views, err := LoadViews(tr, assets)
	return tr, assets, views, err
}

// packDocument is the pack's page on its own, the style sheet inline, for saving and printing.
func packDocument(views *Views, assets *public.Assets, tr *Translator, p *models.MeetingPack, lang, baseURL string) (string, error) {
	data := packData(p, tr, lang, baseURL)
	data["Lang"], data["OtherLang"] = lang, map[string]string{"en": "cy", "cy": "en"}[lang]
	data["Standalone"] = true
	var buf bytes.Buffer
	if err := views.pages[lang]["meetings/pack"].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return "", err
	}
	page := buf.String()
	if css := assets.ByURL(assets.URL("app.css")); css != nil {
		link := `<link rel="stylesheet" href="` + assets.URL("app.css") + `">`
		page = strings.Replace(page, link, "<style>\n"+string(css.Body)+"\n</style>", 1)
	}
	return page, nil
}

var monthsShortCy = []string{"Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd", "Tach", "Rhag"}

// Charts are drawn as SVG on the server, so they print and need no script. Each is followed
// on the page by a table of the same figures, which is what screen readers are pointed to.

const (
	chartWidth  = 640
	chartLabelW = 240
	chartValueW = 50
)

// themeChartSVG draws two bars per theme, ideas and votes, each scaled to its own largest.
func themeChartSVG(p *models.MeetingPack, tr *Translator, lang string) template.HTML {
	if len(p.Themes) == 0 {
		return ""
	}
	var maxIdeas, maxVotes int64 = 1, 1
	for _, t := range p.Themes {
		maxIdeas, maxVotes = max(maxIdeas, t.Ideas), max(maxVotes, t.Votes)
	}
	const rowH, barH, top = 44, 16, 34
	height := top + rowH*len(p.Themes) + 8
	barW := float64(chartWidth - chartLabelW - chartValueW)
	var b strings.Builder
	title := tr.T(lang, "pack.chart_themes")
	fmt.Fprintf(&b, `<svg class="syniad-chart" viewBox="0 0 %d %d" role="img" aria-label="%s" focusable="false" xmlns="http://www.w3.org/2000/svg">`,
		chartWidth, height, template.HTMLEscapeString(themeChartAlt(p, tr, lang)))
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(title))
	b.WriteString(`<defs><pattern id="chart-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="#1d70b8"/></pattern></defs>`)
	legend(&b, chartLabelW, 12, tr.T(lang, "pack.col_ideas"), tr.T(lang, "pack.col_votes"))
	for n, t := range p.Themes {
		y := top + n*rowH
		label := inLang(lang, t.Name, t.NameCy)
		if t.ID == 0 {
			label = tr.T(lang, "pack.no_theme")
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="syniad-chart__label" text-anchor="end">%s</text>`,
			chartLabelW-8, y+barH+2, template.HTMLEscapeString(shorten(label, 30)))
		bar(&b, y, barH, barW*float64(t.Ideas)/float64(maxIdeas), `fill="#0b0c0c"`, t.Ideas)
		bar(&b, y+barH+2, barH, barW*float64(t.Votes)/float64(maxVotes), `fill="url(#chart-hatch)" stroke="#1d70b8"`, t.Votes)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// The charts' alternative text (their accessible name, which the tagged PDF carries as /Alt):
// the title, what kind of chart it is, what stands out, and where every figure is.

func themeChartAlt(p *models.MeetingPack, tr *Translator, lang string) string {
	name := func(t models.ThemeTotal) string {
		if t.ID == 0 {
			return tr.T(lang, "pack.no_theme")
		}
		return inLang(lang, t.Name, t.NameCy)
	}
	mostIdeas, mostVotes := p.Themes[0], p.Themes[0]
	for _, t := range p.Themes {
		if t.Ideas > mostIdeas.Ideas {
			mostIdeas = t
		}
		if t.Votes > mostVotes.Votes {
			mostVotes = t
		}
	}
	return tr.T(lang, "pack.chart_themes") + ". " + tr.T(lang, "pack.chart_themes_alt",
		"Ideas", fmt.Sprintf("%s (%d)", name(mostIdeas), mostIdeas.Ideas),
		"Votes", fmt.Sprintf("%s (%d)", name(mostVotes), mostVotes.Votes))
}

func participationChartAlt(p *models.MeetingPack, tr *Translator, lang string) string {
	periods := p.Participation.Periods
	var ideas, votes, comments int64
	for _, pc := range periods {
		ideas, votes, comments = max(ideas, pc.Ideas), max(votes, pc.Votes), max(comments, pc.Comments)
	}
	key := "pack.chart_participation_alt_week"
	if p.Participation.Monthly {
		key = "pack.chart_participation_alt_month"
	}
	return tr.T(lang, "pack.chart_participation") + ". " + tr.T(lang, key,
		"From", formatDate(lang, periods[0].Start), "To", formatDate(lang, periods[len(periods)-1].Start),
		"Ideas", ideas, "Votes", votes, "Comments", comments)
}

func legend(b *strings.Builder, x, y int, first, second string) {
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="14" height="14" fill="#0b0c0c"/><text x="%d" y="%d" class="syniad-chart__legend">%s</text>`,
		x, y-11, x+20, y, template.HTMLEscapeString(first))
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="14" height="14" fill="url(#chart-hatch)" stroke="#1d70b8"/><text x="%d" y="%d" class="syniad-chart__legend">%s</text>`,
		x+140, y-11, x+160, y, template.HTMLEscapeString(second))
}

func bar(b *strings.Builder, y, h int, w float64, fill string, value int64) {
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%.1f" height="%d" %s/>`, chartLabelW, y, max(w, 1), h, fill)
	fmt.Fprintf(b, `<text x="%.1f" y="%d" class="syniad-chart__value">%d</text>`, float64(chartLabelW)+max(w, 1)+6, y+h-3, value)
}

// participationChartSVG draws ideas, votes and comments per period as three strips of bars
// over the same time axis, each scaled to its own largest and labelled with it.
func participationChartSVG(p *models.MeetingPack, tr *Translator, lang string) template.HTML {
	periods := p.Participation.Periods
	if len(periods) == 0 {
		return ""
	}
	series := []struct {
		label string
		value func(models.PeriodCount) int64
	}{
		{tr.T(lang, "pack.col_ideas"), func(pc models.PeriodCount) int64 { return pc.Ideas }},
		{tr.T(lang, "pack.col_votes"), func(pc models.PeriodCount) int64 { return pc.Votes }},
		{tr.T(lang, "pack.col_comments"), func(pc models.PeriodCount) int64 { return pc.Comments }},
	}
	const stripH, gap, axisH, left = 70, 26, 30, 110
	plotW := float64(chartWidth - left - 10)
	step := plotW / float64(len(periods))
	height := len(series)*(stripH+gap) + axisH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="syniad-chart" viewBox="0 0 %d %d" role="img" aria-label="%s" focusable="false" xmlns="http://www.w3.org/2000/svg">`,
		chartWidth, height, template.HTMLEscapeString(participationChartAlt(p, tr, lang)))
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(tr.T(lang, "pack.chart_participation")))
	for n, s := range series {
		top := n*(stripH+gap) + 18
		var most int64 = 1
		for _, pc := range periods {
			most = max(most, s.value(pc))
		}
		fmt.Fprintf(&b, `<text x="0" y="%d" class="syniad-chart__label">%s</text>`, top+12, template.HTMLEscapeString(s.label))
		fmt.Fprintf(&b, `<text x="0" y="%d" class="syniad-chart__value">%s</text>`, top+30,
			template.HTMLEscapeString(tr.T(lang, "pack.chart_peak", "Count", most)))
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#505a5f"/>`, left, top+stripH, chartWidth-10, top+stripH)
		for i, pc := range periods {
			h := float64(stripH) * float64(s.value(pc)) / float64(most)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1d4f4a"/>`,
				float64(left)+float64(i)*step+1, float64(top+stripH)-h, max(step-2, 1), h)
		}
	}
	// Date labels under the last strip: the first period, the last, and a few between.
	every := max(1, (len(periods)+5)/6)
	for i, pc := range periods {
		if i%every != 0 && i != len(periods)-1 {
			continue
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="syniad-chart__axis" text-anchor="middle">%s</text>`,
			float64(left)+float64(i)*step+step/2, height-8, template.HTMLEscapeString(shortDate(lang, pc, p.Participation.Monthly)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// shortDate labels a period: "3 Nov" for a week, "Nov 2026" for a month (in Welsh, "3 Tach"
// and "Tach 2026").
func shortDate(lang string, pc models.PeriodCount, monthly bool) string {
	t := pc.Start.In(models.London)
	month := t.Format("Jan")
	if lang == "cy" {
		month = monthsShortCy[t.Month()-1]
	}
	if monthly {
		return month + " " + strconv.Itoa(t.Year())
	}
	return strconv.Itoa(t.Day()) + " " + month
}

// shorten cuts text to n characters with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return truncateRunes(s, n-1) + "…"
}
