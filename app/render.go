package app

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/public"
	"github.com/syniad/syniad/views"
)

// Views are the parsed templates: for each language, one template set per page (layout,
// partials and that page), so pages never overwrite each other's blocks.
type Views struct {
	pages map[string]map[string]*template.Template // lang → page → template
}

// LoadViews parses every page under views/pages once per language.
func LoadViews(tr *Translator, assets *public.Assets) (*Views, error) {
	v := &Views{pages: map[string]map[string]*template.Template{}}
	var pages []string
	err := fs.WalkDir(views.FS, "pages", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(views.FS, "partials/*.html")
	if err != nil {
		return nil, err
	}
	for _, lang := range Languages {
		base, err := parseViews(template.New("layout.html").Funcs(templateFuncs(tr, assets, lang)), append([]string{"layout.html"}, partials...)...)
		if err != nil {
			return nil, err
		}
		v.pages[lang] = map[string]*template.Template{}
		for _, p := range pages {
			t, err := parseViews(template.Must(base.Clone()), p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			v.pages[lang][strings.TrimSuffix(strings.TrimPrefix(p, "pages/"), ".html")] = t
		}
	}
	return v, nil
}

// parseViews adds the named files to t, each a template named as its file, with the
// indentation between their tags taken out (tightenTemplate).
func parseViews(t *template.Template, names ...string) (*template.Template, error) {
	for _, name := range names {
		text, err := fs.ReadFile(views.FS, name)
		if err != nil {
			return nil, err
		}
		into := t
		if t.Name() != path.Base(name) {
			into = t.New(path.Base(name))
		}
		if _, err := into.Parse(tightenTemplate(string(text))); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// tightenTemplate turns each run of white space that holds a line break, in a template's text
// outside its actions, into one line break: the indentation that keeps templates readable is
// a tenth of an idea page with a hundred comments, and a browser shows a line break and a run
// of spaces alike. Templates keep the contents of <pre> and pre-wrap elements on one line, and
// what people wrote comes in through actions, which are left as they are.
func tightenTemplate(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for len(text) > 0 {
		open := strings.Index(text, "{{")
		if open < 0 {
			open = len(text)
		}
		b.WriteString(tightenSpace(text[:open]))
		text = text[open:]
		if text == "" {
			break
		}
		end := strings.Index(text, "}}")
		if end < 0 {
			b.WriteString(text) // the parser says what is wrong
			break
		}
		b.WriteString(text[:end+2])
		text = text[end+2:]
	}
	return b.String()
}

// spaceWithLineBreak is a run of white space that holds a line break.
var spaceWithLineBreak = regexp.MustCompile(`[ \t\r]*\n[ \t\r\n]*`)

func tightenSpace(s string) string { return spaceWithLineBreak.ReplaceAllString(s, "\n") }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a page: the handler's data plus what every page needs (the user, the CSRF
// token, the flash message, the language and the link to the other one).
func (s *Server) render(c *fiber.Ctx, status int, page string, data fiber.Map) error {
	lang := currentLang(c)
	t := s.views.pages[lang][page]
	if t == nil {
		return fmt.Errorf("render: no page %q", page)
	}
	if data == nil {
		data = fiber.Map{}
	}
	other := "cy"
	if lang == "cy" {
		other = "en"
	}
	data["Lang"] = lang
	data["OtherLang"] = other
	switchFrom := sitePath(c.OriginalURL(), "/")
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		// A form shown again after a failed post cannot be asked for again by a link: the
		// switch leads back to the page the form was sent from.
		switchFrom = refererPath(c)
	}
	data["OtherLangURL"] = sitePath(withQueryParam(switchFrom, "lang", other), "/?lang="+other)
	data["User"] = currentUser(c)
	data["Now"] = s.now(c)
	data["CSRF"] = s.csrfToken(c)
	data["Path"] = c.Path()
	data["DevLogin"] = s.cfg.DevLoginEnabled()
	if _, ok := data["Flash"]; !ok {
		data["Flash"] = s.takeFlash(c)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if currentUser(c) != nil {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
	}
	// SetBody copies: c.Send would keep buf itself as the body, which fasthttp writes after this
	// returns the buffer to the pool, where a concurrent request may already be rendering into it.
	c.Response().SetBody(buf.Bytes())
	return nil
}

// saveSession stores the request's session. Fiber's Save hands the session object back to a
// pool, where another request may take it, so the request gets a freshly loaded one in its
// place and code after a save can go on using currentSession.
func (s *Server) saveSession(c *fiber.Ctx) error {
	sess := currentSession(c)
	if sess == nil {
		return nil
	}
	c.Locals(ctxSession, nil)
	if err := sess.Save(); err != nil {
		return err
	}
	fresh, err := s.sessions.Get(c)
	if err != nil {
		return err
	}
	c.Locals(ctxSession, fresh)
	return nil
}

// translateErrors turns a model's field → message id map into field → message.
func (s *Server) translateErrors(c *fiber.Ctx, errs models.Errors) map[string]string {
	out := make(map[string]string, len(errs))
	for field, key := range errs {
		out[field] = s.tr.T(currentLang(c), key)
	}
	return out
}

func withQueryParam(raw, key, value string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "/?" + key + "=" + url.QueryEscape(value)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// formatDate writes a date the way a UK reader expects, in UK time: "30 May 2026" or "30 Mai 2026".
func formatDate(lang string, t time.Time) string { return models.FormatDate(lang, t) }

var daysCy = []string{"Dydd Sul", "Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener", "Dydd Sadwrn"}

// formatLongDate adds the day of the week: "Saturday 30 May 2026" or "Dydd Sadwrn 30 Mai 2026".
func formatLongDate(lang string, t time.Time) string {
	day := t.In(models.London).Weekday()
	if lang == "cy" {
		return daysCy[day] + " " + formatDate(lang, t)
	}
	return day.String() + " " + formatDate(lang, t)
}

func templateFuncs(tr *Translator, assets *public.Assets, lang string) template.FuncMap {
	return template.FuncMap{
		"t":  func(id string, args ...any) string { return tr.T(lang, id, args...) },
		"tn": func(id string, n int, args ...any) string { return tr.N(lang, id, n, args...) },
		// maxTitle is the one limit on an idea's title: the hint says it and the model checks
		// it; the field itself takes more, so that text pasted over the limit is not cut short
		// without a word but kept and explained.
		"maxTitle": func() int { return models.MaxTitle },
		// writer: the user may write (signed in and not blocked); forms are shown only to them.
		"writer": func(u *models.User) bool { return u != nil && !u.Blocked() },
		"asset": func(name string) string {
			return assets.URL(name)
		},
		"date": func(t time.Time) string { return formatDate(lang, t) },
		"datetime": func(t time.Time) string {
			return formatDate(lang, t) + ", " + models.ClockOf(t)
		},
		"longdate": func(t time.Time) string { return formatLongDate(lang, t) },
		"clock":    models.ClockOf,
		"isotime":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		// bi shows official text in the reader's language; where the Welsh (or English) version
		// is missing, it shows the other marked with its own lang attribute.
		"bi": func(en, cy string) template.HTML {
			if lang == "cy" && cy != "" {
				return markLang(lang, cy, "cy")
			}
			return markLang(lang, en, "en")
		},
		// th is t for messages with text in another language inside them: arguments that are
		// template.HTML (from mark or bi) go in as they are, the rest escaped.
		"th": func(id string, args ...any) template.HTML { return tr.HTML(lang, id, args...) },
		// mark shows text written in textLang, marked with its language when that is not the page's.
		"mark": func(text, textLang string) template.HTML { return markLang(lang, text, textLang) },
		// pick is bi for places that take plain text only, such as a select's options.
		"pick": func(en, cy string) string { return inLang(lang, en, cy) },
		// langOf says which language citizens' text not yet stored is written in (en or cy),
		// the page's when its words do not say, as models do when they store it.
		"langOf": func(text ...string) string { return models.DetectLanguage(strings.Join(text, "\n"), lang) },
		// sanitised marks HTML that models.RenderMarkdown produced as safe to include.
		"sanitised": func(s string) template.HTML { return template.HTML(s) },
		"status": func(s string) string {
			if s == "" {
				return ""
			}
			return tr.T(lang, "status."+s)
		},
		"query": func(base string, pairs ...any) string {
			q := url.Values{}
			for i := 0; i+1 < len(pairs); i += 2 {
				v := fmt.Sprint(pairs[i+1])
				if v != "" && v != "0" && v != "false" {
					q.Set(fmt.Sprint(pairs[i]), v)
				}
			}
			if len(q) == 0 {
				return base
			}
			return base + "?" + q.Encode()
		},
		"add":     func(a, b int) int { return a + b },
		"int":     func(n int64) int { return int(n) },
		"list":    func(items ...any) []any { return items },
		"shorten": shorten,
		"itoa":    func(n int64) string { return strconv.FormatInt(n, 10) },
		"dict": func(pairs ...any) map[string]any {
			m := make(map[string]any, len(pairs)/2)
			for i := 0; i+1 < len(pairs); i += 2 {
				m[fmt.Sprint(pairs[i])] = pairs[i+1]
			}
			return m
		},
		// event is one line of the public history in the reader's language (eventLine).
		"event": func(e models.Event) template.HTML { return eventLine(tr, lang, e) },
		// subject names what an event in the record is about, linked where it has a public page.
		"subject": func(kind string, id int64) template.HTML {
			name := template.HTMLEscapeString(tr.T(lang, "events.subject."+kind, "ID", id))
			switch kind {
			case "meeting", "action":
				return template.HTML(fmt.Sprintf(`<a class="govuk-link" href="/%ss/%d">%s</a>`, kind, id, name))
			}
			return template.HTML(name)
		},
		// person is the name shown beside what someone wrote, the handle the sign-in page
		// promises to show, linked to their public page; a deleted account's is "a former
		// member", unlinked. personName is the same as plain text.
		"person":       func(handle string) template.HTML { return personLink(tr, lang, handle) },
		"personName":   func(handle string) string { return personName(tr, lang, handle) },
		"ideaEditable": func(i models.Idea, u *models.User, now time.Time) bool { return i.EditableBy(u, now) },
		"withdrawable": func(i models.Idea, u *models.User) bool { return i.WithdrawableBy(u) },
		"editable":     func(cm models.Comment, u *models.User, now time.Time) bool { return cm.EditableBy(u, now) },
		"removable":    func(cm models.Comment, u *models.User) bool { return cm.Removable(u) },
	}
}

func personName(tr *Translator, lang, handle string) string {
	if models.IsFormerMemberHandle(handle) {
		return tr.T(lang, "accounts.former_member")
	}
	return handle
}

func personLink(tr *Translator, lang, handle string) template.HTML {
	if models.IsFormerMemberHandle(handle) || handle == "" {
		return template.HTML(template.HTMLEscapeString(personName(tr, lang, handle)))
	}
	return template.HTML(`<a class="govuk-link" href="/people/` + url.PathEscape(handle) + `">` + template.HTMLEscapeString(handle) + `</a>`)
}

// markLang escapes text written in textLang for a page in lang, wrapping it in a span that
// says its language when the two differ, so screen readers pronounce it properly.
func markLang(lang, text, textLang string) template.HTML {
	escaped := template.HTMLEscapeString(text)
	if textLang == lang || !strings.ContainsFunc(text, unicode.IsLetter) {
		return template.HTML(escaped)
	}
	return template.HTML(`<span lang="` + textLang + `">` + escaped + `</span>`)
}
