package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// Atom feeds (RFC 4287) of new ideas, of the panel's decisions on ideas and of the action log,
// for feed readers. Like the calendar feeds they are public and the same for everyone who asks
// for the same address, so they are served before the session middleware: no cookie, no
// database write per poll. English by default; ?lang=cy gives the feed titles, status names
// and official text (responses, theme and board names, action updates) in Welsh where a Welsh
// version exists. Citizens' own text stays as written.

// tagDate is the date in every id, a tag: URI (RFC 4151) made of the site's host name and a
// path. It never changes, and ids name neither the scheme nor the port, so moving the site to
// https keeps every id.
const tagDate = "2026"

// emptyFeedUpdated is the <updated> of a feed with no entries: fixed, so an empty feed's body
// and ETag stay the same from one poll to the next.
var emptyFeedUpdated = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// siteIdeasFeed is /feeds/ideas.atom: the newest ideas on the whole site.
func (s *Server) siteIdeasFeed(c *fiber.Ctx) error {
	f := s.newFeed(c, "feeds/ideas", "/feeds/ideas.atom", "/ideas?sort=new",
		s.tr.T(feedLang(c), "feeds.ideas.title", "Service", s.tr.T(feedLang(c), "service.name")),
		s.tr.T(feedLang(c), "feeds.ideas.subtitle"))
	return s.sendIdeasFeed(c, f, models.IdeaFeedScope{})
}

// consultationIdeasFeed is /consultations/:slug/ideas.atom: the newest ideas in answer to one
// consultation.
func (s *Server) consultationIdeasFeed(c *fiber.Ctx) error {
	cs, err := models.ConsultationBySlug(c.UserContext(), s.laggingReads(c.UserContext()), c.Params("slug"))
	if err != nil {
		return s.feedError(c, err)
	}
	lang := feedLang(c)
	f := s.newFeed(c, "feeds/consultation/"+idText(cs.ID)+"/ideas", "/consultations/"+cs.Slug+"/ideas.atom",
		"/consultations/"+cs.Slug+"?sort=new",
		s.tr.T(lang, "feeds.consultation_ideas.title", "Service", s.tr.T(lang, "service.name"), "Name", inLang(lang, cs.Title, cs.TitleCy)),
		s.tr.T(lang, "feeds.ideas.subtitle"))
	return s.sendIdeasFeed(c, f, models.IdeaFeedScope{ConsultationID: cs.ID})
}

// themeIdeasFeed is /themes/:slug/ideas.atom: the newest ideas the panel gave one theme.
func (s *Server) themeIdeasFeed(c *fiber.Ctx) error {
	theme, err := models.ThemeBySlug(c.UserContext(), s.laggingReads(c.UserContext()), c.Params("slug"))
	if err != nil {
		return s.feedError(c, err)
	}
	lang := feedLang(c)
	f := s.newFeed(c, "feeds/theme/"+idText(theme.ID)+"/ideas", "/themes/"+theme.Slug+"/ideas.atom",
		"/themes/"+theme.Slug+"?sort=new",
		s.tr.T(lang, "feeds.theme_ideas.title", "Service", s.tr.T(lang, "service.name"), "Name", inLang(lang, theme.Name, theme.NameCy)),
		s.tr.T(lang, "feeds.ideas.subtitle"))
	return s.sendIdeasFeed(c, f, models.IdeaFeedScope{ThemeID: theme.ID})
}

func (s *Server) sendIdeasFeed(c *fiber.Ctx, f *atomFeed, scope models.IdeaFeedScope) error {
	ideas, err := models.NewIdeasForFeed(c.UserContext(), s.laggingReads(c.UserContext()), scope)
	if err != nil {
		return err
	}
	lang := feedLang(c)
	for _, idea := range ideas {
		author := personName(s.tr, lang, idea.AuthorHandle) // "a former member" for a deleted account
		if idea.AuthorHandle == "" {
			author = idea.SourceName // recorded from elsewhere: the source's name or handle
		}
		// A Welsh idea in the English feed, or the other way round, says so.
		textLang := ""
		if idea.Lang != lang {
			textLang = idea.Lang
		}
		e := atomEntry{
			ID:      f.tag("idea/" + idText(idea.ID)),
			Title:   atomText{Type: "text", Lang: textLang, Body: idea.Title},
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: f.base + "/ideas/" + idText(idea.ID)}},
			Authors: []atomPerson{{Name: author}},
			// The entry is the idea as it was submitted; later decisions have their own feed,
			// so a change of status does not make readers show the idea again as updated.
			Published: atomTime(idea.CreatedAt),
			Updated:   atomTime(idea.CreatedAt),
			Content:   &atomText{Type: "html", Lang: textLang, Body: idea.BodyHTML},
		}
		for _, t := range idea.Themes {
			e.Categories = append(e.Categories, atomCategory{Term: t.Slug, Scheme: f.base + "/themes/",
				Label: inLang(lang, t.Name, t.NameCy)})
		}
		f.add(e, idea.CreatedAt)
	}
	return s.sendFeed(c, f)
}

// statusFeed is /feeds/status.atom, or one consultation's with ?consultation=slug: ideas'
// changes of status, each with the public response the panel gave with it.
func (s *Server) statusFeed(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := feedLang(c)
	service := s.tr.T(lang, "service.name")
	var f *atomFeed
	var consultationID int64
	var outcome *models.Consultation
	if slug := c.Query("consultation"); slug != "" {
		cs, err := models.ConsultationBySlug(ctx, s.laggingReads(ctx), slug)
		if err != nil {
			return s.feedError(c, err)
		}
		consultationID = cs.ID
		if cs.OutcomePublishedAt != nil {
			outcome = cs
		}
		f = s.newFeed(c, "feeds/consultation/"+idText(cs.ID)+"/status", "/feeds/status.atom?consultation="+url.QueryEscape(cs.Slug),
			"/consultations/"+cs.Slug,
			s.tr.T(lang, "feeds.consultation_status.title", "Service", service, "Name", inLang(lang, cs.Title, cs.TitleCy)),
			s.tr.T(lang, "feeds.status.subtitle"))
	} else {
		f = s.newFeed(c, "feeds/status", "/feeds/status.atom", "/ideas",
			s.tr.T(lang, "feeds.status.title", "Service", service), s.tr.T(lang, "feeds.status.subtitle"))
	}
	changes, err := models.StatusChangesForFeed(ctx, s.laggingReads(ctx), consultationID)
	if err != nil {
		return err
	}
	for _, ch := range changes {
		to := s.tr.T(lang, "status."+ch.ToStatus)
		var body strings.Builder
		body.WriteString("<p>")
		body.WriteString(html.EscapeString(s.tr.T(lang, "feeds.status.change",
			"From", s.tr.T(lang, "status."+ch.FromStatus), "To", to)))
		body.WriteString("</p>")
		if ch.Response != "" {
			text, textLang := ch.Response, "en"
			if lang == "cy" && ch.ResponseCy != "" {
				text, textLang = ch.ResponseCy, "cy"
			}
			body.WriteString("<h2>" + html.EscapeString(s.tr.T(lang, "ideas.response")) + "</h2>")
			if textLang == lang {
				body.WriteString("<p>")
			} else {
				body.WriteString(`<p lang="` + textLang + `">`)
			}
			body.WriteString(strings.ReplaceAll(html.EscapeString(text), "\n", "<br>"))
			body.WriteString("</p>")
		}
		f.add(atomEntry{
			ID:        f.tag("idea/" + idText(ch.IdeaID) + "/status/" + idText(ch.EventID)),
			Title:     atomText{Type: "text", Body: s.tr.T(lang, "feeds.status.entry_title", "Title", ch.IdeaTitle, "Status", to)},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: f.base + "/ideas/" + idText(ch.IdeaID)}},
			Published: atomTime(ch.CreatedAt),
			Updated:   atomTime(ch.CreatedAt),
			Content:   &atomText{Type: "html", Body: body.String()},
		}, ch.CreatedAt)
	}
	if outcome != nil {
		// The outcome report, first among the consultation's decisions: what became of them all.
		intro, introLang := outcome.OutcomeIntroHTML(), "en"
		if lang == "cy" && outcome.OutcomeIntroCy != "" {
			intro, introLang = outcome.OutcomeIntroCyHTML(), "cy"
		}
		textLang := ""
		if introLang != lang {
			textLang = introLang
		}
		e := atomEntry{
			ID:        f.tag("consultation/" + idText(outcome.ID) + "/outcome"),
			Title:     atomText{Type: "text", Body: s.tr.T(lang, "outcome.heading")},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: f.base + "/consultations/" + outcome.Slug + "/outcome"}},
			Published: atomTime(*outcome.OutcomePublishedAt),
			Updated:   atomTime(*outcome.OutcomePublishedAt),
			Content:   &atomText{Type: "html", Lang: textLang, Body: intro},
		}
		f.Entries = append([]atomEntry{e}, f.Entries...)
		if outcome.OutcomePublishedAt.After(f.updated) || len(f.Entries) == 1 {
			f.updated = *outcome.OutcomePublishedAt
		}
	}
	return s.sendFeed(c, f)
}

// actionsFeed is /feeds/actions.atom: actions raised by every board and progress on them.
func (s *Server) actionsFeed(c *fiber.Ctx) error {
	lang := feedLang(c)
	f := s.newFeed(c, "feeds/actions", "/feeds/actions.atom", "/actions",
		s.tr.T(lang, "feeds.actions.title", "Service", s.tr.T(lang, "service.name")), s.tr.T(lang, "feeds.actions.subtitle"))
	return s.sendActionsFeed(c, f, 0)
}

// boardActionsFeed is /boards/:slug/actions.atom: one board's action log.
func (s *Server) boardActionsFeed(c *fiber.Ctx) error {
	b, err := models.BoardBySlug(c.UserContext(), s.laggingReads(c.UserContext()), c.Params("slug"))
	if err != nil {
		return s.feedError(c, err)
	}
	lang := feedLang(c)
	f := s.newFeed(c, "feeds/board/"+idText(b.ID)+"/actions", "/boards/"+b.Slug+"/actions.atom", "/boards/"+b.Slug,
		s.tr.T(lang, "feeds.board_actions.title", "Service", s.tr.T(lang, "service.name"), "Name", inLang(lang, b.Name, b.NameCy)),
		s.tr.T(lang, "feeds.actions.subtitle"))
	return s.sendActionsFeed(c, f, b.ID)
}

func (s *Server) sendActionsFeed(c *fiber.Ctx, f *atomFeed, boardID int64) error {
	entries, err := models.ActionLogForFeed(c.UserContext(), s.laggingReads(c.UserContext()), boardID)
	if err != nil {
		return err
	}
	lang := feedLang(c)
	for _, a := range entries {
		status := s.tr.T(lang, "action_status."+a.StatusTo)
		key, id := "feeds.action.progress", "action-update/"+idText(a.EntryID)
		switch {
		case a.Kind == models.FeedActionCreated:
			key, id = "feeds.action.created", "action/"+idText(a.EntryID)
		case a.StatusFrom != a.StatusTo:
			key = "feeds.action.status"
		}
		content := atomText{Type: "text", Body: a.Body}
		if lang == "cy" {
			if a.BodyCy != "" {
				content.Body = a.BodyCy
			} else {
				content.Lang = "en" // no Welsh version: say the English is English
			}
		}
		f.add(atomEntry{
			ID:        f.tag(id),
			Title:     atomText{Type: "text", Body: s.tr.T(lang, key, "Reference", a.Reference, "Status", status)},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: f.base + "/actions/" + idText(a.ActionID)}},
			Published: atomTime(a.CreatedAt),
			Updated:   atomTime(a.CreatedAt),
			Categories: []atomCategory{{Term: a.BoardSlug, Scheme: f.base + "/boards/",
				Label: inLang(lang, a.BoardName, a.BoardNameCy)}},
			Content: &content,
		}, a.CreatedAt)
	}
	return s.sendFeed(c, f)
}

// feedLang is the feed's language: Welsh when asked for with ?lang=cy, else English. Only the
// address chooses it (not a cookie or Accept-Language), so a shared cache can keep one copy.
func feedLang(c *fiber.Ctx) string {
	if c.Query("lang") == "cy" {
		return "cy"
	}
	return "en"
}

func idText(n int64) string { return strconv.FormatInt(n, 10) }

// feedError answers an unknown consultation, theme or board with a plain 404: feed readers
// have no use for an HTML error page.
func (s *Server) feedError(c *fiber.Ctx, err error) error {
	if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.Status(fiber.StatusNotFound).SendString(s.tr.T(feedLang(c), "feeds.not_found") + "\n")
}

// newFeed starts a feed. key names it in its id; self is its own path and query, page the path
// of the page it follows. The Welsh feed is another feed, with its own id and addresses.
func (s *Server) newFeed(c *fiber.Ctx, key, self, page, title, subtitle string) *atomFeed {
	base := strings.TrimRight(s.cfg.BaseURL, "/")
	host := "syniad"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = strings.ToLower(u.Hostname())
	}
	lang := feedLang(c)
	if lang == "cy" {
		key += "/cy"
		self = withFeedLang(self)
		page = withFeedLang(page)
	}
	f := &atomFeed{
		Lang:     lang,
		Title:    atomText{Type: "text", Body: title},
		Subtitle: atomText{Type: "text", Body: subtitle},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + page},
		},
		Author:    atomPerson{Name: s.tr.T(lang, "service.name"), URI: base + "/"},
		Generator: "Syniad",
		base:      base,
		host:      host,
		updated:   emptyFeedUpdated,
	}
	f.ID = f.tag(key)
	return f
}

func withFeedLang(path string) string {
	if strings.Contains(path, "?") {
		return path + "&lang=cy"
	}
	return path + "?lang=cy"
}

// sendFeed writes the feed with headers for caches: public for five minutes, with an ETag and
// Last-Modified so a reader polling an unchanged feed gets 304 and no body.
func (s *Server) sendFeed(c *fiber.Ctx, f *atomFeed) error {
	f.Updated = atomTime(f.updated)
	body, err := encodeFeed(f)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	lastModified := f.updated.UTC().Truncate(time.Second)

	// Nothing before this handler sets a cookie; this keeps it so if that changes, because a
	// shared cache would hand one person's cookie to everybody.
	c.Response().Header.DelAllCookies()
	c.Response().Header.Del(fiber.HeaderVary)
	c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderLastModified, lastModified.Format(http.TimeFormat))
	if feedNotModified(c, etag, lastModified) {
		c.Status(fiber.StatusNotModified)
		c.Response().ResetBody()
		return nil
	}
	return c.Send(body)
}

// feedNotModified applies the request's conditions (RFC 9110 13.2.2): If-None-Match when it is
// sent, otherwise If-Modified-Since.
func feedNotModified(c *fiber.Ctx, etag string, lastModified time.Time) bool {
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
				return true
			}
		}
		return false
	}
	if ims := c.Get(fiber.HeaderIfModifiedSince); ims != "" {
		if since, err := http.ParseTime(ims); err == nil {
			return !lastModified.After(since)
		}
	}
	return false
}

// encodeFeed writes the feed as XML. encoding/xml escapes every string; before that, each one
// loses the characters XML 1.0 does not allow, so a title holding a control character still
// gives a feed that parses.
func encodeFeed(f *atomFeed) ([]byte, error) {
	stripInvalidXML(reflect.ValueOf(f))
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// stripInvalidXML cleans every exported string reachable from v, so no field of the feed can
// be forgotten.
func stripInvalidXML(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			stripInvalidXML(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				stripInvalidXML(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			stripInvalidXML(v.Index(i))
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(xmlText(v.String()))
		}
	}
}

// atomTime is an Atom date (RFC 3339), in UTC to the second.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// The Atom document, as encoding/xml writes it.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  atomText    `xml:"subtitle"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`

	base, host string    // the site's address and host name
	updated    time.Time // the newest entry's time
}

type atomText struct {
	Type string `xml:"type,attr"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Content    *atomText      `xml:"content"`
}

// tag is the id of something on this site: tag:HOST,2026:path.
func (f *atomFeed) tag(path string) string { return "tag:" + f.host + "," + tagDate + ":" + path }

// add appends an entry; the feed's updated time is its newest entry's.
func (f *atomFeed) add(e atomEntry, at time.Time) {
	if len(f.Entries) == 0 || at.After(f.updated) {
		f.updated = at
	}
	f.Entries = append(f.Entries, e)
}
