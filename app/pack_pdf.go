package app

import (
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"github.com/syniad/syniad/models"
)

// The pack is A4 portrait with 18 mm margins; the header and footer sit inside the top and
// bottom margins. Lengths are in millimetres, font sizes in points.
const (
	pdfPageW  = 210.0
	pdfPageH  = 297.0
	pdfMargin = 18.0
	pdfWidth  = pdfPageW - 2*pdfMargin
	pdfBottom = pdfPageH - pdfMargin
	pdfFont   = "go"

	commentRunes = 400 // a quoted comment is cut to this many characters, the ellipsis included
)

// Colours: GOV.UK's text, secondary text, rule and table-heading greys, and its blue for
// links and chart marks. The blue prints as a dark grey, so a greyscale copy still reads.
var (
	inkColour   = [3]int{11, 12, 12}
	greyColour  = [3]int{80, 90, 95}
	ruleColour  = [3]int{177, 180, 182}
	shadeColour = [3]int{243, 242, 241}
	blueColour  = [3]int{29, 112, 184}
)

var monthsShortCy = []string{"Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd", "Tach", "Rhag"}

// WritePackPDF writes a meeting's pack as a PDF in lang, with links to ideas under baseURL.
// It is laid out twice: once to count the pages, then again with the count in each footer
// ("page 2 of 7"), so the footer is measured with the real number.
func WritePackPDF(w io.Writer, p *models.MeetingPack, tr *Translator, lang, baseURL string) error {
	if p == nil || p.Meeting == nil {
		return fmt.Errorf("pack pdf: no meeting")
	}
	glyphs, err := packGlyphs()
	if err != nil {
		return err
	}
	draft, err := layoutPack(p, tr, lang, baseURL, glyphs, 0)
	if err != nil {
		return err
	}
	doc, err := layoutPack(p, tr, lang, baseURL, glyphs, draft.PageCount())
	if err != nil {
		return err
	}
	return doc.Output(w)
}

// packPDF is one layout of a pack: the document being drawn and what it is drawn from.
type packPDF struct {
	pdf     *fpdf.Fpdf
	p       *models.MeetingPack
	tr      *Translator
	lang    string
	baseURL string
	glyphs  *glyphSet
	pages   int // the page count for the footers; 0 while counting
}

func layoutPack(p *models.MeetingPack, tr *Translator, lang, baseURL string, glyphs *glyphSet, pages int) (*fpdf.Fpdf, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	d := &packPDF{pdf: pdf, p: p, tr: tr, lang: lang, baseURL: strings.TrimRight(baseURL, "/"), glyphs: glyphs, pages: pages}
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin)
	pdf.SetCellMargin(0) // cells are padded by hand, so measuring and drawing agree
	pdf.AddUTF8FontFromBytes(pdfFont, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(pdfFont, "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes(pdfFont, "I", goitalic.TTF)
	pdf.SetTitle(glyphs.clean(d.title(), false), true)
	pdf.SetCreator("Syniad", true)
	pdf.SetCreationDate(p.GeneratedAt)
	pdf.SetModificationDate(p.GeneratedAt)
	pdf.SetHeaderFuncMode(d.header, true)
	pdf.SetFooterFunc(d.footer)
	pdf.AddPage()

	d.cover()
	d.agenda()
	if len(p.Consultations) == 0 {
		d.gap(4)
		d.para(d.t("pack.no_consultations"), "", 10, 0, inkColour)
	} else {
		d.themes()
		d.participation()
		d.shortlists()
	}
	d.actions()
	return pdf, pdf.Error()
}

func (d *packPDF) t(id string, args ...any) string { return d.tr.T(d.lang, id, args...) }

func (d *packPDF) n(id string, count int64) string { return d.tr.N(d.lang, id, int(count)) }

// pick is official text in the reader's language: the Welsh version when there is one.
func (d *packPDF) pick(en, cy string) string { return inLang(d.lang, en, cy) }

func (d *packPDF) title() string {
	return d.t("pack.heading", "Title", d.pick(d.p.Meeting.Title, d.p.Meeting.TitleCy))
}

func (d *packPDF) font(style string, size float64) { d.pdf.SetFont(pdfFont, style, size) }

func (d *packPDF) colour(c [3]int) { d.pdf.SetTextColor(c[0], c[1], c[2]) }

func lineHeight(size float64) float64 { return size * 0.3528 * 1.3 }

// header puts the service's name and the meeting's title above a rule on every page.
func (d *packPDF) header() {
	pdf := d.pdf
	d.font("B", 8)
	d.colour(greyColour)
	name := d.glyphs.clean(d.t("service.name"), false)
	nameW := pdf.GetStringWidth(name)
	pdf.SetXY(pdfMargin, 9)
	pdf.CellFormat(nameW, 4, name, "", 0, "L", false, 0, "")
	d.font("", 8)
	title := d.fit(d.glyphs.clean(d.pick(d.p.Meeting.Title, d.p.Meeting.TitleCy), false), pdfWidth-nameW-8)
	pdf.SetXY(pdfMargin+nameW+8, 9)
	pdf.CellFormat(pdfWidth-nameW-8, 4, title, "", 0, "R", false, 0, "")
	d.rule(14)
}

// footer puts when the pack was prepared and "page N of M" below a rule on every page.
func (d *packPDF) footer() {
	pdf := d.pdf
	d.rule(pdfPageH - 14)
	d.font("", 8)
	d.colour(greyColour)
	pages := d.pages
	if pages == 0 {
		pages = pdf.PageNo()
	}
	page := d.glyphs.clean(d.t("pagination.page_of", "Page", pdf.PageNo(), "Pages", pages), false)
	pageW := pdf.GetStringWidth(page)
	pdf.SetXY(pdfMargin, pdfPageH-12.5)
	prepared := d.t("pack.prepared", "When", formatDate(d.lang, d.p.GeneratedAt)+", "+models.ClockOf(d.p.GeneratedAt))
	pdf.CellFormat(pdfWidth-pageW-4, 4, d.fit(d.glyphs.clean(prepared, false), pdfWidth-pageW-4), "", 0, "L", false, 0, "")
	pdf.SetXY(pdfPageW-pdfMargin-pageW, pdfPageH-12.5)
	pdf.CellFormat(pageW, 4, page, "", 0, "R", false, 0, "")
}

func (d *packPDF) rule(y float64) {
	d.pdf.SetDrawColor(ruleColour[0], ruleColour[1], ruleColour[2])
	d.pdf.SetLineWidth(0.25)
	d.pdf.Line(pdfMargin, y, pdfPageW-pdfMargin, y)
}

// need starts a new page unless h more millimetres fit on this one.
func (d *packPDF) need(h float64) {
	if d.pdf.GetY()+h > pdfBottom {
		d.pdf.AddPage()
	}
}

// gap leaves space before the next block, except at the top of a page.
func (d *packPDF) gap(h float64) {
	if d.pdf.GetY() > pdfMargin+0.01 {
		d.pdf.SetY(d.pdf.GetY() + h)
	}
}

// para writes wrapped text, indented, breaking pages where it must.
func (d *packPDF) para(text, style string, size, indent float64, c [3]int) {
	d.paraLink(text, "", style, size, indent, c)
}

// paraLink is para with each line linked to target.
func (d *packPDF) paraLink(text, target, style string, size, indent float64, c [3]int) {
	d.font(style, size)
	d.colour(c)
	lh := lineHeight(size)
	w := pdfWidth - indent
	for _, line := range d.wrap(d.glyphs.clean(text, true), w) {
		d.pdf.SetX(pdfMargin + indent)
		d.pdf.CellFormat(w, lh, line, "", 2, "L", false, 0, target)
	}
}

// heading writes a heading of level 1 to 4, kept on a page with the start of what follows it;
// the first two levels go into the document's outline too.
func (d *packPDF) heading(level int, text string) {
	size := [...]float64{1: 17, 2: 14, 3: 11.5, 4: 10}[level]
	space := [...]float64{1: 0, 2: 7, 3: 5, 4: 2.5}[level]
	d.gap(space)
	d.font("B", size)
	text = d.glyphs.clean(text, false)
	lines := d.wrap(text, pdfWidth)
	d.need(float64(len(lines))*lineHeight(size) + 12)
	if level <= 3 {
		d.pdf.Bookmark(text, level-1, -1)
	}
	d.para(text, "B", size, 0, inkColour)
	d.pdf.SetY(d.pdf.GetY() + 1)
}

// field writes a label and its value side by side, as on the pack's cover.
func (d *packPDF) field(label, value, target string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	const labelW = 28.0
	d.font("", 10)
	lines := d.wrap(d.glyphs.clean(value, true), pdfWidth-labelW)
	lh := lineHeight(10)
	d.need(lh * math.Min(float64(len(lines)), 3))
	y := d.pdf.GetY()
	d.font("B", 10)
	d.colour(inkColour)
	d.pdf.CellFormat(labelW, lh, d.fit(d.glyphs.clean(label, false), labelW-2), "", 0, "L", false, 0, "")
	d.pdf.SetY(y)
	c := inkColour
	if target != "" {
		c = blueColour
	}
	d.paraLink(value, target, "", 10, labelW, c)
	d.pdf.SetY(d.pdf.GetY() + 1)
}

// cover is the title and the meeting's particulars.
func (d *packPDF) cover() {
	m := d.p.Meeting
	d.heading(1, d.title())
	d.pdf.SetY(d.pdf.GetY() + 2)
	if m.Board != nil {
		d.field(d.t("pack.board"), d.pick(m.Board.Name, m.Board.NameCy), "")
	}
	when := formatLongDate(d.lang, m.StartsAt) + ", " + models.ClockOf(m.StartsAt) + " " + d.t("meetings.to") + " " + models.ClockOf(m.EndsAt)
	d.field(d.t("pack.when"), when, "")
	where := m.Location
	if m.Location != "" && m.Postcode != "" {
		where += ", "
	}
	where += m.Postcode
	d.field(d.t("pack.where"), where, "")
	if where != "" {
		d.field("", m.OnlineURL, webLink(m.OnlineURL)) // the online link goes under the place
	} else {
		d.field(d.t("pack.where"), m.OnlineURL, webLink(m.OnlineURL))
	}
	d.pdf.SetY(d.pdf.GetY() + 1)
	d.para(d.t("pack.prepared", "When", formatDate(d.lang, d.p.GeneratedAt)+", "+models.ClockOf(d.p.GeneratedAt)), "", 9, 0, greyColour)
}

// webLink is a link target for a web address someone typed, or "" when it is not one: a
// javascript: or file: address stays printed text.
func webLink(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.String() // percent-encoded: a PDF link is ASCII
}

func (d *packPDF) agenda() {
	d.heading(2, d.t("pack.agenda"))
	if len(d.p.Items) == 0 {
		d.para(d.t("agenda.empty"), "", 10, 0, inkColour)
	}
	for _, item := range d.p.Items {
		d.heading(3, d.t("pack.item", "Position", item.Position)+": "+d.pick(item.Title, item.TitleCy))
		var about []string
		if item.Presenters != "" {
			about = append(about, d.t("pack.presenters")+" "+item.Presenters)
		}
		if item.DurationMinutes != nil {
			about = append(about, d.n("agenda.minutes", int64(*item.DurationMinutes)))
		}
		if len(about) > 0 {
			d.para(strings.Join(about, " · "), "", 9, 0, greyColour)
		}
		if desc := d.pick(item.Description, item.DescriptionCy); desc != "" {
			d.pdf.SetY(d.pdf.GetY() + 1)
			d.para(desc, "", 10, 0, inkColour)
		}
		d.heading(4, d.t("pack.item_ideas"))
		if len(item.Ideas) == 0 {
			d.para(d.t("pack.no_item_ideas"), "", 10, 0, inkColour)
		}
		for _, idea := range item.Ideas {
			d.idea(idea)
		}
		if outcome := d.pick(item.Outcome, item.OutcomeCy); outcome != "" {
			d.heading(4, d.t("pack.outcome"))
			d.para(outcome, "", 10, 0, inkColour)
		}
	}
}

// idea is one idea on an agenda item: its title, figures and link, then what people said.
func (d *packPDF) idea(idea *models.IdeaSummary) {
	if idea.HiddenAt != nil {
		d.para(d.t("agenda.hidden_idea"), "I", 10, 0, greyColour)
		d.pdf.SetY(d.pdf.GetY() + 2)
		return
	}
	d.font("B", 10)
	titleLines := len(d.wrap(d.glyphs.clean(idea.Title, true), pdfWidth))
	d.need(float64(titleLines)*lineHeight(10) + 2*lineHeight(9))
	d.para(idea.Title, "B", 10, 0, inkColour)
	figures := []string{d.n("ideas.votes_count", int64(idea.VoteCount)), d.n("ideas.comments_count", int64(idea.CommentCount))}
	if idea.Status != "" {
		figures = append([]string{d.t("status." + idea.Status)}, figures...)
	}
	d.para(strings.Join(figures, " · "), "", 9, 0, greyColour)
	link := d.baseURL + "/ideas/" + strconv.FormatInt(idea.ID, 10)
	d.paraLink(link, link, "", 9, 0, blueColour)

	const indent = 5.0
	comments := d.p.Comments[idea.ID]
	if len(comments) > 0 {
		d.pdf.SetY(d.pdf.GetY() + 1)
		d.para(d.t("pack.said"), "B", 9, indent, greyColour)
	}
	for _, c := range comments {
		d.need(2 * lineHeight(9))
		d.para("“"+shorten(strings.TrimSpace(d.glyphs.clean(c.Body, true)), commentRunes)+"”", "I", 9, indent, inkColour)
		by := c.AuthorHandle
		if c.SupportCount > 0 {
			by = d.t("pack.comment_by", "Handle", c.AuthorHandle, "Count", c.SupportCount)
		}
		d.para(by, "", 8.5, indent, greyColour)
		d.pdf.SetY(d.pdf.GetY() + 0.8)
	}
	d.pdf.SetY(d.pdf.GetY() + 2.5)
}

func (d *packPDF) themeName(th models.ThemeTotal) string {
	if th.ID == 0 {
		return d.t("pack.no_theme")
	}
	return d.pick(th.Name, th.NameCy)
}

// themes is the chart of ideas and votes by theme, then the table of its figures.
func (d *packPDF) themes() {
	d.heading(2, d.t("pack.themes"))
	d.para(d.t("pack.themes_lead"), "", 10, 0, inkColour)
	if len(d.p.Themes) == 0 {
		return
	}
	d.need(45) // the chart's heading, legend and first bars together
	d.heading(3, d.t("pack.chart_themes"))
	d.themeChart()
	d.pdf.SetY(d.pdf.GetY() + 3)
	rows := make([][]string, len(d.p.Themes))
	for i, th := range d.p.Themes {
		rows[i] = []string{d.themeName(th), itoa(th.Ideas), itoa(th.Votes), itoa(th.Comments)}
	}
	d.table([]packColumn{{head: d.t("pack.col_theme")}, {head: d.t("pack.col_ideas"), width: 24, numeric: true},
		{head: d.t("pack.col_votes"), width: 24, numeric: true}, {head: d.t("pack.col_comments"), width: 24, numeric: true}}, rows)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// themeChart draws two horizontal bars per theme, ideas and votes, each series scaled to its
// own largest value (votes outnumber ideas many times over) with its number at the bar's end.
func (d *packPDF) themeChart() {
	const (
		labelW  = 52.0
		numberW = 12.0
		barH    = 3.4
		pairGap = 0.8
		groupH  = 2*barH + pairGap + 3.2
	)
	barX := pdfMargin + labelW + 2
	barW := pdfWidth - labelW - 2 - numberW
	var maxIdeas, maxVotes int64
	for _, th := range d.p.Themes {
		maxIdeas, maxVotes = max(maxIdeas, th.Ideas), max(maxVotes, th.Votes)
	}
	d.need(8 + groupH*math.Min(float64(len(d.p.Themes)), 3))
	d.legend()
	for _, th := range d.p.Themes {
		if d.pdf.GetY()+groupH > pdfBottom {
			d.pdf.AddPage()
			d.legend()
		}
		y := d.pdf.GetY()
		d.font("", 8)
		d.colour(inkColour)
		lines := d.wrap(d.glyphs.clean(d.themeName(th), false), labelW)
		if len(lines) > 2 {
			lines = []string{lines[0], d.fit(strings.Join(lines[1:], " "), labelW)}
		}
		lh := 3.3
		top := y + (2*barH+pairGap-float64(len(lines))*lh)/2
		for k, line := range lines {
			d.pdf.SetXY(pdfMargin, top+float64(k)*lh)
			d.pdf.CellFormat(labelW, lh, line, "", 0, "L", false, 0, "")
		}
		d.hbar(barX, y, barW, barH, th.Ideas, maxIdeas, false)
		d.hbar(barX, y+barH+pairGap, barW, barH, th.Votes, maxVotes, true)
		d.pdf.SetDrawColor(inkColour[0], inkColour[1], inkColour[2])
		d.pdf.SetLineWidth(0.3)
		d.pdf.Line(barX, y-0.6, barX, y+2*barH+pairGap+0.6)
		d.pdf.SetY(y + groupH)
	}
}

// hbar draws one horizontal bar of the theme chart and prints its value at its end.
func (d *packPDF) hbar(x, y, w, h float64, value, most int64, hatched bool) {
	length := 0.0
	if most > 0 {
		length = float64(value) / float64(most) * w
	}
	if value > 0 && length < 0.8 {
		length = 0.8 // a small number still shows as a sliver, not as nothing
	}
	if length > 0 {
		d.mark(x, y, length, h, hatched)
	}
	d.font("", 7.5)
	d.colour(inkColour)
	d.pdf.SetXY(x+length+1.2, y)
	d.pdf.CellFormat(10, h, itoa(value), "", 0, "L", false, 0, "")
}

// mark fills a bar: solid for ideas, hatched and outlined for votes, so the two series differ
// by pattern as well as shade.
func (d *packPDF) mark(x, y, w, h float64, hatched bool) {
	pdf := d.pdf
	pdf.SetDrawColor(blueColour[0], blueColour[1], blueColour[2])
	if !hatched {
		pdf.SetFillColor(blueColour[0], blueColour[1], blueColour[2])
		pdf.Rect(x, y, w, h, "F")
		return
	}
	pdf.SetLineWidth(0.22)
	pdf.ClipRect(x, y, w, h, false)
	for off := -h; off < w; off += 1.1 {
		pdf.Line(x+off, y+h, x+off+h, y)
	}
	pdf.ClipEnd()
	pdf.SetLineWidth(0.3)
	pdf.Rect(x, y, w, h, "D")
}

// legend says which mark is which: ideas solid, votes hatched.
func (d *packPDF) legend() {
	y := d.pdf.GetY()
	x := pdfMargin
	d.font("", 8)
	d.colour(inkColour)
	for _, s := range []struct {
		label   string
		hatched bool
	}{{d.t("pack.col_ideas"), false}, {d.t("pack.col_votes"), true}} {
		d.mark(x, y+0.5, 6, 3, s.hatched)
		label := d.glyphs.clean(s.label, false)
		w := d.pdf.GetStringWidth(label)
		d.pdf.SetXY(x+7.5, y)
		d.pdf.CellFormat(w, 4, label, "", 0, "L", false, 0, "")
		x += 7.5 + w + 7
	}
	d.pdf.SetY(y + 7)
}

func (d *packPDF) participation() {
	periods := d.p.Participation.Periods
	if len(periods) == 0 {
		return
	}
	monthly := d.p.Participation.Monthly
	d.need(chartHeight + 30) // the heading and its lead on the chart's page
	d.heading(2, d.t("pack.chart_participation"))
	lead, col := "pack.participation_lead_week", "pack.col_week"
	if monthly {
		lead, col = "pack.participation_lead_month", "pack.col_month"
	}
	d.para(d.t(lead), "", 10, 0, inkColour)
	d.pdf.SetY(d.pdf.GetY() + 3)
	d.participationChart(periods, monthly)
	rows := make([][]string, len(periods))
	for i, pc := range periods {
		label := formatDate(d.lang, pc.Start)
		if monthly {
			label = d.monthYear(pc.Start)
		}
		rows[i] = []string{label, itoa(pc.Ideas), itoa(pc.Votes), itoa(pc.Comments), itoa(pc.People)}
	}
	d.table([]packColumn{{head: d.t(col)}, {head: d.t("pack.col_ideas"), width: 24, numeric: true},
		{head: d.t("pack.col_votes"), width: 24, numeric: true}, {head: d.t("pack.col_comments"), width: 24, numeric: true},
		{head: d.t("pack.col_people"), width: 24, numeric: true}}, rows)
}

func (d *packPDF) monthYear(t time.Time) string {
	t = t.In(models.London)
	if d.lang == "cy" {
		return monthsCy[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("January 2006")
}

// Participation chart geometry: a panel of ideas above a panel of votes, each with its own
// scale, sharing the period labels along the bottom.
const (
	chartAxisW   = 11.0
	chartTitleH  = 7.0
	chartPanelH  = 30.0
	chartGap     = 5.0
	chartLabelsH = 8.0
	chartHeight  = 2*(chartTitleH+chartPanelH) + chartGap + chartLabelsH + 2
)

// participationChart draws ideas and votes per period as two column charts, one above the
// other. Two panels rather than one chart with two scales: votes run to many times the ideas,
// and a second scale on the right is easy to misread.
func (d *packPDF) participationChart(periods []models.PeriodCount, monthly bool) {
	d.need(chartHeight)
	ideas := make([]int64, len(periods))
	votes := make([]int64, len(periods))
	for i, pc := range periods {
		ideas[i], votes[i] = pc.Ideas, pc.Votes
	}
	y := d.pdf.GetY()
	d.columns(y, d.t("pack.col_ideas"), ideas, false)
	y += chartTitleH + chartPanelH + chartGap
	d.columns(y, d.t("pack.col_votes"), votes, true)
	y += chartTitleH + chartPanelH
	d.periodLabels(y, periods, monthly)
	d.pdf.SetY(y + chartLabelsH + 3)
}

// columns draws one panel: its title beside the series' mark, a scale with gridlines, a
// column per period and, where there is room, each column's number above it.
func (d *packPDF) columns(y float64, title string, values []int64, hatched bool) {
	pdf := d.pdf
	plotX, plotW := pdfMargin+chartAxisW, pdfWidth-chartAxisW
	slot := plotW / float64(len(values))
	d.mark(plotX, y+0.5, 6, 3, hatched)
	d.font("B", 8)
	d.colour(inkColour)
	pdf.SetXY(plotX+7.5, y)
	pdf.CellFormat(plotW-7.5, 4, d.glyphs.clean(title, false), "", 0, "L", false, 0, "")

	top := y + chartTitleH
	bottom := top + chartPanelH
	var most int64
	for _, v := range values {
		most = max(most, v)
	}
	step, ceiling := axisScale(most)
	d.font("", 6.5)
	d.colour(greyColour)
	pdf.SetLineWidth(0.15)
	pdf.SetDrawColor(ruleColour[0], ruleColour[1], ruleColour[2])
	for v := int64(0); v <= ceiling; v += step {
		gy := bottom - float64(v)/float64(ceiling)*chartPanelH
		pdf.Line(plotX, gy, plotX+plotW, gy)
		pdf.SetXY(pdfMargin, gy-1.5)
		pdf.CellFormat(chartAxisW-1.5, 3, itoa(v), "", 0, "R", false, 0, "")
	}
	d.font("", 6)
	d.colour(inkColour)
	for i, v := range values {
		h := float64(v) / float64(ceiling) * chartPanelH
		x := plotX + float64(i)*slot
		if v > 0 {
			d.mark(x+slot*0.2, bottom-h, slot*0.6, h, hatched)
		}
		if label := itoa(v); pdf.GetStringWidth(label) < slot-0.4 {
			pdf.SetXY(x, bottom-h-3)
			pdf.CellFormat(slot, 3, label, "", 0, "C", false, 0, "")
		}
	}
	pdf.SetDrawColor(inkColour[0], inkColour[1], inkColour[2])
	pdf.SetLineWidth(0.3)
	pdf.Line(plotX, bottom, plotX+plotW, bottom)
}

// axisScale picks a step of 1, 2 or 5 times a power of ten giving at most four steps up to
// the largest value, and the scale's top, a whole number of steps.
func axisScale(most int64) (step, ceiling int64) {
	if most <= 0 {
		return 1, 1
	}
	raw := float64(most) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	s := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			s = m * mag
			break
		}
	}
	step = max(1, int64(math.Round(s)))
	return step, (most + step - 1) / step * step
}

// periodLabels writes the periods' dates under the chart ("3 Nov", or "Nov" for months), with
// the year under the first and wherever it changes, leaving out labels that would overlap.
func (d *packPDF) periodLabels(y float64, periods []models.PeriodCount, monthly bool) {
	pdf := d.pdf
	plotX, plotW := pdfMargin+chartAxisW, pdfWidth-chartAxisW
	slot := plotW / float64(len(periods))
	d.font("", 6.5)
	d.colour(greyColour)
	labels := make([]string, len(periods))
	widest := 0.0
	for i, pc := range periods {
		labels[i] = d.shortDate(pc.Start, monthly)
		widest = math.Max(widest, pdf.GetStringWidth(labels[i]))
	}
	every := max(1, int(math.Ceil((widest+1.5)/slot)))
	lastYear := 0
	pdf.SetDrawColor(inkColour[0], inkColour[1], inkColour[2])
	pdf.SetLineWidth(0.2)
	for i := 0; i < len(periods); i += every {
		cx := plotX + (float64(i)+0.5)*slot
		pdf.Line(cx, y, cx, y+1)
		pdf.SetXY(cx-(widest+2)/2, y+1.2)
		pdf.CellFormat(widest+2, 3, labels[i], "", 0, "C", false, 0, "")
		if year := periods[i].Start.In(models.London).Year(); year != lastYear {
			pdf.SetXY(cx-(widest+2)/2, y+4.2)
			pdf.CellFormat(widest+2, 3, strconv.Itoa(year), "", 0, "C", false, 0, "")
			lastYear = year
		}
	}
}

func (d *packPDF) shortDate(t time.Time, monthly bool) string {
	t = t.In(models.London)
	month := t.Format("Jan")
	if d.lang == "cy" {
		month = monthsShortCy[t.Month()-1]
	}
	if monthly {
		return month
	}
	return strconv.Itoa(t.Day()) + " " + month
}

func (d *packPDF) shortlists() {
	d.heading(2, d.t("pack.shortlist"))
	if len(d.p.Shortlists) == 0 {
		d.para(d.t("pack.no_shortlist"), "", 10, 0, inkColour)
		return
	}
	for i := range d.p.Shortlists {
		s := &d.p.Shortlists[i]
		d.need(55) // the heading, the draft notice and the start of the table together
		d.heading(3, d.pick(s.Consultation.Title, s.Consultation.TitleCy))
		if !s.Published() {
			d.para(d.t("pack.shortlist_draft"), "B", 10, 0, inkColour)
			d.pdf.SetY(d.pdf.GetY() + 2)
		}
		rows := make([][]string, len(s.Entries))
		for n, e := range s.Entries {
			title, votes := d.t("agenda.hidden_idea"), ""
			if e.Idea != nil && e.Idea.HiddenAt == nil {
				title, votes = e.Idea.Title, strconv.Itoa(e.Idea.VoteCount)
			}
			rows[n] = []string{strconv.Itoa(e.Rank), title, votes, d.pick(e.Rationale, e.RationaleCy)}
		}
		d.table([]packColumn{{head: d.t("pack.col_rank"), width: 13, numeric: true}, {head: d.t("pack.col_idea"), width: 52},
			{head: d.t("pack.col_votes"), width: 20, numeric: true}, {head: d.t("pack.rationale")}}, rows)
	}
}

func (d *packPDF) actions() {
	d.heading(2, d.t("pack.actions"))
	if len(d.p.OpenActions) == 0 {
		d.para(d.t("pack.no_actions"), "", 10, 0, inkColour)
		return
	}
	rows := make([][]string, len(d.p.OpenActions))
	for i, a := range d.p.OpenActions {
		what := d.pick(a.Description, a.DescriptionCy)
		if a.LatestUpdate != "" {
			what += "\n" + d.t("actions.latest") + " " + d.pick(a.LatestUpdate, a.LatestUpdateCy)
		}
		due := "–"
		if a.DueOn != nil {
			due = formatDate(d.lang, *a.DueOn)
		}
		status := d.t("action_status." + a.Status)
		if a.Overdue {
			status += "\n" + d.t("actions.overdue")
		}
		rows[i] = []string{a.Reference, what, a.OwnerName, due, status}
	}
	d.table([]packColumn{{head: d.t("actions.reference"), width: 27}, {head: d.t("actions.description")},
		{head: d.t("actions.owner"), width: 30}, {head: d.t("actions.due"), width: 28}, {head: d.t("actions.status"), width: 24}}, rows)
}

// packColumn is one column of a table: its heading, its width (0 shares out what the others
// leave) and whether it holds numbers, which are set flush right so the digits line up.
type packColumn struct {
	head    string
	width   float64
	numeric bool
}

const (
	tableSize = 8.5
	tablePad  = 1.4
)

// table draws rows under a shaded heading row. A row moves whole to the next page when it
// does not fit; one taller than a page runs on across pages. The heading repeats on each page.
func (d *packPDF) table(cols []packColumn, rows [][]string) {
	fixed, shared := 0.0, 0
	for _, c := range cols {
		fixed += c.width
		if c.width == 0 {
			shared++
		}
	}
	for i := range cols {
		if cols[i].width == 0 {
			cols[i].width = (pdfWidth - fixed) / float64(shared)
		}
	}
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	head := d.cellLines(cols, heads, "B")
	body := make([][][]string, len(rows))
	for i, row := range rows {
		body[i] = d.cellLines(cols, row, "")
	}
	lh := lineHeight(tableSize)
	headH := float64(tallest(head))*lh + 2*tablePad
	linesBelow := func(top float64) int { return int((pdfBottom - top - 2*tablePad + 0.01) / lh) }
	pageRoom := linesBelow(pdfMargin + headH) // lines of one row a page holds under the heading row
	first := 1
	if len(body) > 0 {
		first = min(tallest(body[0]), 6)
	}
	d.need(headH + float64(first)*lh + 2*tablePad)
	d.tableRow(cols, head, 0, tallest(head), true)
	freshPage := true // nothing drawn under this page's heading row yet
	for _, cells := range body {
		n := tallest(cells)
		for from := 0; from < n; {
			room := linesBelow(d.pdf.GetY())
			switch {
			case n-from <= room:
				d.tableRow(cols, cells, from, n-from, false)
				from = n
			case !freshPage && (n-from <= pageRoom || room < 3):
				// The rest fits on a fresh page, or too little of it would fit here.
				d.pdf.AddPage()
				d.tableRow(cols, head, 0, tallest(head), true)
				freshPage = true
				continue
			default:
				d.tableRow(cols, cells, from, room, false)
				from += room
				d.pdf.AddPage()
				d.tableRow(cols, head, 0, tallest(head), true)
				freshPage = true
				continue
			}
		}
		freshPage = false
	}
	d.pdf.SetY(d.pdf.GetY() + 2)
}

// cellLines wraps each cell of a row to its column in the given style.
func (d *packPDF) cellLines(cols []packColumn, cells []string, style string) [][]string {
	d.font(style, tableSize)
	out := make([][]string, len(cols))
	for i := range cols {
		text := ""
		if i < len(cells) {
			text = d.glyphs.clean(cells[i], true)
		}
		out[i] = d.wrap(text, cols[i].width-2*tablePad)
	}
	return out
}

func tallest(cells [][]string) int {
	n := 1
	for _, lines := range cells {
		n = max(n, len(lines))
	}
	return n
}

// tableRow draws count lines of a row, from its line from, with the rule beneath.
func (d *packPDF) tableRow(cols []packColumn, cells [][]string, from, count int, head bool) {
	pdf := d.pdf
	lh := lineHeight(tableSize)
	y := pdf.GetY()
	h := float64(count)*lh + 2*tablePad
	style := ""
	if head {
		style = "B"
		pdf.SetFillColor(shadeColour[0], shadeColour[1], shadeColour[2])
		pdf.Rect(pdfMargin, y, pdfWidth, h, "F")
	}
	d.font(style, tableSize)
	d.colour(inkColour)
	x := pdfMargin
	for i, c := range cols {
		align := "L"
		if c.numeric {
			align = "R"
		}
		for k := from; k < from+count && k < len(cells[i]); k++ {
			pdf.SetXY(x+tablePad, y+tablePad+float64(k-from)*lh)
			pdf.CellFormat(c.width-2*tablePad, lh, cells[i][k], "", 0, align, false, 0, "")
		}
		x += c.width
	}
	if head {
		pdf.SetDrawColor(inkColour[0], inkColour[1], inkColour[2])
		pdf.SetLineWidth(0.3)
	} else {
		pdf.SetDrawColor(ruleColour[0], ruleColour[1], ruleColour[2])
		pdf.SetLineWidth(0.2)
	}
	pdf.Line(pdfMargin, y+h, pdfMargin+pdfWidth, y+h)
	pdf.SetXY(pdfMargin, y+h)
}

// wrap breaks text into lines no wider than w in the current font: at spaces where it can,
// inside a word only when the word alone is wider than the line (a pasted web address). Text
// must be clean: every character one the fonts can draw.
func (d *packPDF) wrap(text string, w float64) []string {
	var out []string
	space := d.pdf.GetStringWidth(" ")
	for _, para := range strings.Split(text, "\n") {
		line, lineW := "", 0.0
		for _, word := range strings.Fields(para) {
			wordW := d.pdf.GetStringWidth(word)
			if line != "" && lineW+space+wordW <= w {
				line, lineW = line+" "+word, lineW+space+wordW
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			for wordW > w {
				cut, cutW := d.prefixWithin(word, w)
				out = append(out, word[:cut])
				word, wordW = word[cut:], wordW-cutW
			}
			line, lineW = word, wordW
		}
		out = append(out, line)
	}
	return out
}

// prefixWithin is the length in bytes, and the width, of the longest start of text no wider
// than w, and at least one character, so that cutting always moves on.
func (d *packPDF) prefixWithin(text string, w float64) (int, float64) {
	width := 0.0
	for i, r := range text {
		rw := d.pdf.GetStringWidth(string(r))
		if width+rw > w {
			if i == 0 {
				return utf8.RuneLen(r), rw
			}
			return i, width
		}
		width += rw
	}
	return len(text), width
}

// fit cuts clean text to width w in the current font, marking the cut with an ellipsis.
func (d *packPDF) fit(text string, w float64) string {
	if d.pdf.GetStringWidth(text) <= w {
		return text
	}
	cut, _ := d.prefixWithin(text, w-d.pdf.GetStringWidth("…"))
	return strings.TrimSpace(text[:cut]) + "…"
}

// glyphSet marks the characters of the Basic Multilingual Plane that all three Go fonts draw.
type glyphSet [0x10000 / 64]uint64

func (s *glyphSet) has(r rune) bool { return r >= 0 && r < 0x10000 && s[r/64]&(1<<(r%64)) != 0 }

// packGlyphs reads the fonts' character maps once.
var packGlyphs = sync.OnceValues(func() (*glyphSet, error) {
	var fonts []*sfnt.Font
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("pack pdf font: %w", err)
		}
		fonts = append(fonts, f)
	}
	var set glyphSet
	var buf sfnt.Buffer
	for r := rune(' '); r < 0x10000; r++ {
		drawn := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				drawn = false
				break
			}
		}
		if drawn {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return &set, nil
})

// clean makes any text printable with the Go fonts, which fpdf needs: a character outside
// them makes it fail or panic. The text is composed (NFC, so a w typed with a combining
// accent becomes ẃ); control and formatting characters go (right-to-left marks among them:
// fpdf lays out left to right only); a letter, digit or punctuation mark the fonts lack shows
// as "?", and a missing symbol or emoji is left out. Line breaks are kept, at most one blank
// line in a row, when multiline; otherwise they become spaces.
func (s *glyphSet) clean(text string, multiline bool) string {
	text = norm.NFC.String(strings.ToValidUTF8(text, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(text))
	breaks := 0
	for _, r := range text {
		if r == '\n' || r == '\u2028' || r == '\u2029' {
			if !multiline {
				b.WriteByte(' ')
			} else if breaks++; breaks <= 2 {
				b.WriteByte('\n')
			}
			continue
		}
		switch {
		case r == '\t':
			b.WriteByte(' ')
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		case unicode.IsSpace(r):
			if s.has(r) {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
			continue // spaces between line breaks do not end a run of blank lines
		case s.has(r):
			b.WriteRune(r)
		case unicode.In(r, unicode.L, unicode.N, unicode.P):
			b.WriteByte('?')
		default:
			continue
		}
		breaks = 0
	}
	return b.String()
}
