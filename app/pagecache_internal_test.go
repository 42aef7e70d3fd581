package app

import (
	"bytes"
	"testing"
)

// TestSplitAtPlaceholders cuts kept pages at their placeholders, and at nothing else.
func TestSplitAtPlaceholders(t *testing.T) {
	for _, body := range []string{
		"",
		"no placeholders",
		"\x00csrf\x00",
		"a\x00csrf\x00b\x00handle\x00c\x00csrf\x00",
		"\x00handle\x00\x00handle\x00",
		"a NUL \x00 that is no placeholder, then \x00csrf\x00 one",
		"\x00csr", // cut short
	} {
		parts, holes := splitAtPlaceholders([]byte(body))
		if len(parts) != len(holes)+1 {
			t.Fatalf("%q: %d parts and %d holes", body, len(parts), len(holes))
		}
		var joined []byte
		for n, part := range parts {
			joined = append(joined, part...)
			if n < len(holes) {
				if !bytes.Equal(holes[n], csrfPlaceholder) && !bytes.Equal(holes[n], handlePlaceholder) {
					t.Fatalf("%q: hole %q", body, holes[n])
				}
				joined = append(joined, holes[n]...)
			}
			if bytes.Contains(part, csrfPlaceholder) || bytes.Contains(part, handlePlaceholder) {
				t.Fatalf("%q: part %q still holds a placeholder", body, part)
			}
		}
		if string(joined) != body {
			t.Fatalf("%q: put together again as %q", body, joined)
		}
	}
}
