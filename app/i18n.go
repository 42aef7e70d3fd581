package app

import (
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/syniad/syniad/views"
)

// Languages the service speaks; the first is the default.
var Languages = []string{"en", "cy"}

// Translator turns message ids into English or Welsh, with proper plural forms.
type Translator struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	ids        map[string][]string // language → message ids in its catalogue
	// fixed holds, for each language, the messages that take no arguments, translated once:
	// pages show hundreds of them, and each Localize call parses and allocates.
	fixed map[string]map[string]string
}

// NewTranslator loads the catalogues in views/locales.
func NewTranslator() (*Translator, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	tr := &Translator{bundle: bundle, localizers: map[string]*i18n.Localizer{}, ids: map[string][]string{},
		fixed: map[string]map[string]string{}}
	templated := map[string]bool{} // ids whose text, in some language or form, has a {{ placeholder
	for _, lang := range Languages {
		path := "locales/" + lang + ".toml"
		data, err := fs.ReadFile(views.FS, path)
		if err != nil {
			return nil, err
		}
		file, err := bundle.ParseMessageFileBytes(data, path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, m := range file.Messages {
			tr.ids[lang] = append(tr.ids[lang], m.ID)
			for _, text := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
				if strings.Contains(text, "{{") {
					templated[m.ID] = true
				}
			}
		}
		sort.Strings(tr.ids[lang])
		tr.localizers[lang] = i18n.NewLocalizer(bundle, lang, "en")
	}
	for _, lang := range Languages {
		tr.fixed[lang] = map[string]string{}
		for _, id := range tr.ids["en"] {
			if !templated[id] {
				tr.fixed[lang][id] = tr.translate(lang, id, nil, nil)
			}
		}
	}
	return tr, nil
}

// MessageIDs lists the ids in one language's catalogue, sorted.
func (tr *Translator) MessageIDs(lang string) []string { return tr.ids[lang] }

// T translates id into lang. Arguments come in name, value pairs for the message's template.
// A string missing from Welsh falls back to English (go-i18n reports that as an error, yet the
// English is what a reader should see); a string missing everywhere shows its id.
func (tr *Translator) T(lang, id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := tr.fixed[lang][id]; ok {
			return s
		}
	}
	return tr.translate(lang, id, nil, args)
}

// N translates a message whose form depends on count (Welsh has six plural forms).
func (tr *Translator) N(lang, id string, count int, args ...any) string {
	return tr.translate(lang, id, count, append(args, "Count", count))
}

func (tr *Translator) translate(lang, id string, count any, args []any) string {
	loc := tr.localizers[lang]
	if loc == nil {
		loc = tr.localizers["en"]
	}
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if s != "" {
		return s
	}
	if err != nil {
		slog.Warn("missing translation", "lang", lang, "id", id, "err", err)
	}
	return id
}

// HTML translates id for an HTML page: the message is escaped, and arguments that are
// template.HTML (text marked with its language, say) are placed into it as they are.
func (tr *Translator) HTML(lang, id string, args ...any) template.HTML {
	var marked []string
	plain := make([]any, len(args))
	copy(plain, args)
	for i := 1; i < len(plain); i += 2 {
		h, ok := plain[i].(template.HTML)
		if !ok {
			// Text cannot forge a placeholder: the private-use marks are dropped from it.
			plain[i] = placeholderMarks.Replace(fmt.Sprint(plain[i]))
			continue
		}
		marked = append(marked, string(h))
		plain[i] = fmt.Sprintf("\uE000%d\uE001", len(marked)-1) // private-use marks, kept by escaping
	}
	out := template.HTMLEscapeString(tr.T(lang, id, plain...))
	for n, h := range marked {
		out = strings.Replace(out, fmt.Sprintf("\uE000%d\uE001", n), h, 1)
	}
	return template.HTML(out)
}

var placeholderMarks = strings.NewReplacer("\uE000", "", "\uE001", "")

// pickLanguage chooses between en and cy from an Accept-Language header.
func pickLanguage(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		return "en"
	}
	for _, t := range tags {
		base, _ := t.Base()
		switch strings.ToLower(base.String()) {
		case "cy":
			return "cy"
		case "en":
			return "en"
		}
	}
	return "en"
}

func validLanguage(lang string) bool { return lang == "en" || lang == "cy" }

// ownLanguage is a valid lang as the service's own constant. One read from the query or a
// cookie points into bytes Fiber reuses for the next request, and the language outlives
// the request: in a streamed download, in a kept page's key.
func ownLanguage(lang string) string {
	if lang == "cy" {
		return "cy"
	}
	return "en"
}
