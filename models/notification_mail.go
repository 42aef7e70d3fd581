package models

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/syniad/syniad/views"
)

// Messages are written here, in the transaction of the change they tell of, so their words
// come from the same catalogues as the pages (views/locales), read by models itself: a River
// worker or a command has no request to borrow the app's translator from.
var mailCatalogue = sync.OnceValues(func() (map[string]*i18n.Localizer, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	out := map[string]*i18n.Localizer{}
	for _, lang := range []string{"en", "cy"} {
		path := "locales/" + lang + ".toml"
		data, err := fs.ReadFile(views.FS, path)
		if err != nil {
			return nil, err
		}
		if _, err := bundle.ParseMessageFileBytes(data, path); err != nil {
			return nil, err
		}
		out[lang] = i18n.NewLocalizer(bundle, lang, "en")
	}
	return out, nil
})

// mailT translates a message for a mail. A Welsh string that is missing falls back to English
// (go-i18n says so with an error, yet gives the English, which is what should be sent).
func mailT(lang, id string, args ...any) string {
	locs, err := mailCatalogue()
	if err != nil {
		return id
	}
	loc := locs[lang]
	if loc == nil {
		loc = locs["en"]
	}
	data := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	s, _ := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if s == "" {
		return id
	}
	return s
}

type siteURLKey struct{}

// WithSiteURL returns a context in which messages link to the site at base (BASE_URL, with no
// trailing slash). The app sets it on every request and on its job workers.
func WithSiteURL(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, siteURLKey{}, strings.TrimRight(base, "/"))
}

func siteURL(ctx context.Context) string {
	s, _ := ctx.Value(siteURLKey{}).(string)
	return s
}

func mailLang(locale string) string {
	if locale == "cy" {
		return "cy"
	}
	return "en"
}

// noticeLine is one notification as a message shows it.
type noticeLine struct {
	Notification
	IdeaTitle string
}

// headline is the one line that says what happened.
func (n noticeLine) headline(lang string) string {
	switch n.Verb {
	case noticeStatus:
		return mailT(lang, "notify.status", "Title", n.IdeaTitle, "Status", mailT(lang, "status."+n.Status))
	case noticeAction:
		if n.Status != "" {
			return mailT(lang, "notify.action_moved", "Title", n.IdeaTitle, "Status", mailT(lang, "action_status."+n.Status))
		}
		return mailT(lang, "notify.action", "Title", n.IdeaTitle)
	default:
		return mailT(lang, "notify."+n.Verb, "Title", n.IdeaTitle)
	}
}

// detail is the text beside the headline: the response, the decision, the progress note or
// the reply, in Welsh where it was written in Welsh too.
func (n noticeLine) detail(lang string) string {
	if lang == "cy" && n.DetailCy != "" {
		return n.DetailCy
	}
	return n.Detail
}

// ideaURL links to the idea in the message's language (?lang=, as the sign-in link does), so
// that a reader not signed in on the device they read mail on lands on a page in the language
// the message was written in, not their browser's.
func (n noticeLine) ideaURL(base, lang string) string {
	if n.IdeaID == nil {
		return base + "/?lang=" + lang
	}
	u := fmt.Sprintf("%s/ideas/%d?lang=%s", base, *n.IdeaID, lang)
	if n.SubjectType == "comment" && n.SubjectID != nil {
		u += fmt.Sprintf("#comment-%d", *n.SubjectID)
	}
	return u
}

type mailItem struct {
	Headline, Detail, URL string
}

type mailBody struct {
	Lang, Greeting, Intro, SeeIdea string
	Items                          []mailItem
	Why, PrefsLabel, PrefsURL      string
	StopLabel, StopURL             string
}

var mailHTML = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c">
<p>{{.Greeting}}</p>
{{with .Intro}}<p>{{.}}</p>{{end}}
{{range .Items}}<h2 style="font-size: 19px">{{.Headline}}</h2>
{{with .Detail}}<p style="white-space: pre-wrap; border-left: 4px solid #b1b4b6; padding-left: 12px">{{.}}</p>{{end}}
<p><a href="{{.URL}}">{{$.SeeIdea}}</a></p>
{{end}}<hr>
<p style="font-size: 14px">{{.Why}}<br><a href="{{.PrefsURL}}">{{.PrefsLabel}}</a> · <a href="{{.StopURL}}">{{.StopLabel}}</a></p>
</body></html>
`))

func (b mailBody) text() string {
	var s strings.Builder
	s.WriteString(b.Greeting + "\n\n")
	if b.Intro != "" {
		s.WriteString(b.Intro + "\n\n")
	}
	for _, it := range b.Items {
		s.WriteString(it.Headline + "\n")
		if it.Detail != "" {
			for _, line := range strings.Split(it.Detail, "\n") {
				s.WriteString("> " + line + "\n")
			}
		}
		s.WriteString(b.SeeIdea + ": " + it.URL + "\n\n")
	}
	s.WriteString("-- \n" + b.Why + "\n")
	s.WriteString(b.PrefsLabel + ": " + b.PrefsURL + "\n")
	s.WriteString(b.StopLabel + ": " + b.StopURL + "\n")
	return s.String()
}

// compose makes the message: plain text and HTML in the recipient's language, and the
// one-click unsubscribe of RFC 8058 for the kind it is about (or for the digest).
func compose(ctx context.Context, r recipient, token, subject, intro, why, stopKind string, lines []noticeLine) Mail {
	lang := mailLang(r.Locale)
	base := siteURL(ctx)
	name := r.Name
	if name == "" {
		name = r.Handle
	}
	stopURL := base + "/unsubscribe/" + UnsubscribeLink(stopKind, token)
	b := mailBody{Lang: lang, Greeting: mailT(lang, "notify.greeting", "Name", name), Intro: intro,
		SeeIdea: mailT(lang, "notify.see_idea"), Why: why,
		PrefsLabel: mailT(lang, "notify.preferences"), PrefsURL: base + "/notifications/" + token,
		StopLabel: mailT(lang, "notify.unsubscribe"), StopURL: stopURL}
	for _, n := range lines {
		b.Items = append(b.Items, mailItem{Headline: n.headline(lang), Detail: n.detail(lang), URL: n.ideaURL(base, lang)})
	}
	var html bytes.Buffer
	if err := mailHTML.Execute(&html, b); err != nil {
		panic(err) // a fixed template over strings cannot fail
	}
	subject = strings.Join(strings.Fields(subject), " ") // one line, whatever a title holds
	return Mail{To: r.Email, Lang: lang, Subject: subject, Text: b.text(), HTML: html.String(),
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + stopURL + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		}}
}

func composeNotice(ctx context.Context, r recipient, token string, n noticeLine) Mail {
	lang := mailLang(r.Locale)
	why := mailT(lang, "notify.why.idea")
	if n.Kind == NotifyReply {
		why = mailT(lang, "notify.why.reply")
	}
	return compose(ctx, r, token, n.headline(lang), "", why, n.Kind, []noticeLine{n})
}

func composeDigest(ctx context.Context, r recipient, token string, lines []noticeLine) Mail {
	lang := mailLang(r.Locale)
	return compose(ctx, r, token, mailT(lang, "notify.digest.subject"), mailT(lang, "notify.digest.intro"),
		mailT(lang, "notify.why.digest"), UnsubscribeDigest, lines)
}
