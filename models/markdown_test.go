package models_test

import (
	"strings"
	"testing"

	"github.com/syniad/syniad/models"
)

func TestHostileMarkdownIsInert(t *testing.T) {
	for _, input := range []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror="alert(1)">`,
		`<a href="javascript:alert(1)">click</a>`,
		`[click](javascript:alert(1))`,
		`[click](JaVaScRiPt:alert(1))`,
		`[click](&#106;avascript:alert(1))`,
		`<div onclick="alert(1)">x</div>`,
		`<svg onload=alert(1)>`,
		`<iframe src="https://example.org"></iframe>`,
		"<a href=\"java\tscript:alert(1)\">x</a>",
		`![x](javascript:alert(1))`,
		`<style>body{display:none}</style>`,
		`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	} {
		out := strings.ToLower(models.RenderMarkdown(input))
		for _, bad := range []string{"<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg", "<style", "data:text", "<img"} {
			if strings.Contains(out, bad) {
				t.Errorf("%q rendered as %q, which contains %q", input, out, bad)
			}
		}
	}
}

func TestMarkdownKeepsFormattingAndWelsh(t *testing.T) {
	out := models.RenderMarkdown("**Gwasanaethau** cyhoeddus yng Nghymru: ŵ ŷ â\n\n- one\n- two\n\n[link](https://example.org)")
	for _, want := range []string{"<strong>Gwasanaethau</strong>", "ŵ ŷ â", "<li>one</li>", `href="https://example.org"`, `rel="nofollow noreferrer"`} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered %q lacks %q", out, want)
		}
	}
}
