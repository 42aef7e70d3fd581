package models

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// Markdown from citizens is rendered once, when it is written, and stored beside the source.
// goldmark escapes raw HTML (WithUnsafe is never set) and bluemonday then removes anything
// that is not plain formatting: no script, no event handler, no javascript: URL survives.
var (
	markdown = goldmark.New(
		goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
		goldmark.WithRendererOptions(html.WithHardWraps()),
	)
	sanitiser = func() *bluemonday.Policy {
		// Images are left out on purpose: a picture from elsewhere tells its host who read the
		// page, which a public service should not allow.
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "strong", "em", "del", "code", "pre", "blockquote",
			"ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr")
		p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
		p.AllowAttrs("href").OnElements("a")
		p.RequireParseableURLs(true)
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireNoFollowOnLinks(true)
		p.RequireNoReferrerOnLinks(true)
		return p
	}()
)

// RenderMarkdown turns Markdown into sanitised HTML that is safe to show as it is.
func RenderMarkdown(source string) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(source), &buf); err != nil {
		return sanitiser.Sanitize(source)
	}
	return sanitiser.Sanitize(buf.String())
}
