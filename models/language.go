package models

import (
	"strings"
	"unicode"
)

// Citizens write in English or Welsh, and their words stay as written. To have screen readers
// pronounce them properly a page marks their language (WCAG 3.1.2), so each idea and comment
// records the language it is written in: the one its words show, or, where they do not say
// (a short title, a list of names), the language of the page it was written on.

// welshWords are common Welsh words that are not English words.
var welshWords = wordSet(`y yr mae maen gyda ar gyfer ac ein eich ei eu bod fod wedi hefyd ddim mewn sydd sy dylai
	dylid pob gan fel hyn hwn hon nid yw ydy oes cael gael gwneud i'r o'r a'r y'r â ag ond neu ni chi nhw rydw rydyn
	rwy dw wrth dros rhwng drwy trwy yn fy dy mwy llawer iawn angen eisiau gallu gall byddai bydd oedd roedd
	cymraeg gymraeg cymru nghymru gwasanaeth gwasanaethau cyhoeddus pawb bawb diolch syniad syniadau cyngor
	digidol sgiliau iaith dewis pobl arbenigwyr gilydd iechyd systemau safonau agored diwrnod cyntaf`)

// englishWords are common English words that are not Welsh words.
var englishWords = wordSet(`the and of to in is for on that with as by it are this be from not or at we our you your
	should would could will can have has had was were been there their they them what which who when where how
	every all one more people service services public open use make get its about than then only just
	also into out up so do does don't it's i'm we're i'd if no yes thanks thank agree idea ideas council`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// DetectLanguage says whether text reads as Welsh ("cy") or English ("en"), by counting
// common words of each; when it cannot tell it returns fallback (or "en" if that is not a
// language the service speaks).
func DetectLanguage(text, fallback string) string {
	cy, en := 0, 0
	var prose []string
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if !strings.ContainsAny(w, "@_/") { // handles, addresses and paths are not words of either
			prose = append(prose, w)
		}
	}
	for _, w := range strings.FieldsFunc(strings.Join(prose, " "), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’'
	}) {
		w = strings.Trim(strings.ReplaceAll(w, "’", "'"), "'")
		if stem, suffix, ok := strings.Cut(w, "'"); ok && (suffix == "n" || suffix == "r") && welshWords[stem] {
			w = stem // rwy'n, dylai'r: a Welsh word with its clitic
		}
		if welshWords[w] {
			cy++
		}
		if englishWords[w] {
			en++
		}
	}
	switch {
	case cy > en:
		return "cy"
	case en > cy:
		return "en"
	case fallback == "cy":
		return "cy"
	}
	return "en"
}
