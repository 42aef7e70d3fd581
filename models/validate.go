package models

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what people may write.
const (
	MaxTitle       = 120
	MaxIdeaBody    = 5000
	MaxCommentBody = 2000
	MaxName        = 100
	EditWindowMins = 30
)

// Errors maps a form field to the id of its message in the translation catalogues. A nil or
// empty map means the input is valid.
type Errors map[string]string

// Add records the first problem found with a field.
func (e Errors) Add(field, key string) {
	if _, ok := e[field]; !ok {
		e[field] = key
	}
}

// Any reports whether any field has a problem.
func (e Errors) Any() bool { return len(e) > 0 }

// checkText validates one piece of free text and returns it trimmed. Invalid UTF-8 and
// control characters other than newlines and tabs are refused rather than silently changed.
func checkText(errs Errors, field, value string, required bool, max int) string {
	return checkTextAs(errs, field, field, value, required, max)
}

// checkTextAs is checkText for a field whose messages are named differently from the field,
// because the same field name (title, description) means different things on different forms:
// its messages are error.<key>.required and error.<key>.too_long.
func checkTextAs(errs Errors, field, key, value string, required bool, max int) string {
	if !utf8.ValidString(value) {
		errs.Add(field, "error.invalid_utf8")
		return ""
	}
	value = strings.TrimSpace(strings.ReplaceAll(value, "\r\n", "\n"))
	for _, r := range value {
		if r == 0 || (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			errs.Add(field, "error.control_chars")
			return ""
		}
	}
	if Blank(value) {
		value = "" // only invisible characters: nothing a reader would see
	}
	switch {
	case required && value == "":
		errs.Add(field, "error."+key+".required")
	case utf8.RuneCountInString(value) > max:
		errs.Add(field, "error."+key+".too_long")
	}
	return value
}

// Blank reports whether text shows nothing: empty, or only spaces of any kind and characters
// that are not drawn (zero-width spaces and joiners, word joiners, byte-order marks, soft
// hyphens, Hangul fillers, bidi marks and controls, variation selectors and the like).
func Blank(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !invisible(r) }) < 0
}

func invisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.In(r, unicode.Cf, unicode.Zs, unicode.Zl, unicode.Zp,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, unicode.White_Space) ||
		r == 0x2800 // braille pattern blank
}

// checkLink validates an optional web address (an idea's source, a meeting's online link):
// http or https, a host, and no user part, since "https://ok.example@evil.example/" goes to
// evil.example while reading as ok.example.
func checkLink(errs Errors, field, value string) {
	if value == "" {
		return
	}
	if strings.ContainsRune(value, '\\') || strings.ContainsFunc(value, invisible) {
		errs.Add(field, "error."+field+".invalid")
		return
	}
	u, err := url.Parse(value)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Hostname() == "":
		errs.Add(field, "error."+field+".invalid")
	case u.User != nil || strings.Contains(u.Host, "@"):
		errs.Add(field, "error.link.userinfo")
	}
}

// cleanQuery makes text from a query string safe to hand to Postgres, which refuses invalid
// UTF-8 and NUL bytes: a search for rubbish should find nothing, not fail.
func cleanQuery(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.TrimSpace(strings.ReplaceAll(s, "\x00", ""))
}
