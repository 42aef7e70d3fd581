package models

import "testing"

func TestMailAddresses(t *testing.T) {
	for in, want := range map[string]string{
		"Ann@Example.org":          "ann@example.org",
		"  ann@example.org ":       "ann@example.org",
		"ann+ideas@example.gov.uk": "ann+ideas@example.gov.uk",
		"dev@localhost":            "dev@localhost",
		"Ann <ann@example.org>":    "",
		"ann@example.org, b@c.org": "",
		"ann@example":              "",
		"@example.org":             "",
		"not an address":           "",
		"":                         "",
	} {
		if got := NormaliseEmail(in); got != want {
			t.Errorf("NormaliseEmail(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"patient@example.org": "p••••••@example.org",
		"a@example.org":       "a•••@example.org",
		"nonsense":            "•••",
	} {
		if got := MaskAddress(in); got != want {
			t.Errorf("MaskAddress(%q) = %q, want %q", in, got, want)
		}
	}
}
