package app

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// sitePath is the one check every redirect (and every link back) built from what a request
// carries goes through: the language switch, `next`, the Referer, form return addresses and
// the address to return to after signing in. It lets through only a path on this site,
// returning fallback for anything else.
//
// A path starts with a single "/". Browsers read "//host", "/\host" and "\/host" as another
// site, drop tabs and newlines before looking, and some decode %2F and %5C first, so the check
// refuses backslashes anywhere, control characters (raw or percent-encoded) and a path that,
// decoded, starts with two slashes or a slash and a backslash. Schemes ("https:", "javascript:")
// never start with "/". A query string and a fragment are kept, re-encoded.
func sitePath(raw, fallback string) string {
	if raw == "" || len(raw) > 4096 || !utf8.ValidString(raw) || !strings.HasPrefix(raw, "/") ||
		strings.ContainsAny(raw, `\`) || strings.IndexFunc(raw, unsafeRune) >= 0 {
		return fallback
	}
	beforeFragment, fragment, hasFragment := strings.Cut(raw, "#")
	path, query, _ := strings.Cut(beforeFragment, "?")
	// Decode as a browser or a proxy in front of us might, more than once, and look again.
	decoded := path
	for i := 0; i < 3; i++ {
		d, err := url.PathUnescape(decoded)
		if err != nil && i == 0 {
			return fallback
		}
		if err != nil {
			break // "%25" meant a percent sign; what follows it is text
		}
		if d == decoded {
			break
		}
		decoded = d
	}
	if !strings.HasPrefix(decoded, "/") || strings.HasPrefix(decoded, "//") ||
		strings.ContainsAny(decoded, `\`) || strings.IndexFunc(decoded, unsafeRune) >= 0 || !utf8.ValidString(decoded) {
		return fallback
	}
	u := url.URL{Path: decoded}
	out := u.EscapedPath()
	if strings.HasPrefix(out, "//") { // cannot happen after the checks above; kept as the last word
		return fallback
	}
	if query != "" {
		q, err := url.ParseQuery(query)
		if err != nil {
			return fallback
		}
		out += "?" + q.Encode()
	}
	if hasFragment && fragment != "" {
		f, err := url.PathUnescape(fragment)
		if err != nil || strings.IndexFunc(f, unsafeRune) >= 0 {
			return fallback
		}
		out += "#" + (&url.URL{Fragment: f}).EscapedFragment()
	}
	return out
}

// unsafeRune is a character no address we redirect to may hold: control and format
// characters (which browsers strip or act on) and spaces of any kind.
func unsafeRune(r rune) bool {
	return r < 0x21 || r == 0x7f || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) ||
		r == utf8.RuneError
}

// refererPath is the local path the request came from, or / if that is unknown or elsewhere.
// The Referer is a full URL: it counts only when its origin is this site's.
func refererPath(c *fiber.Ctx) string {
	return ownURLPath(c, c.Get(fiber.HeaderReferer), "/")
}

// ownURLPath is sitePath for an address that may be a full URL on this site.
func ownURLPath(c *fiber.Ctx, raw, fallback string) string {
	if strings.HasPrefix(raw, "http://") || strings.HasPrefix(raw, "https://") {
		u, err := url.Parse(raw)
		if err != nil || u.User != nil || (u.Host != c.Hostname() && u.Hostname() != c.Hostname()) {
			return fallback
		}
		raw = strings.TrimPrefix(raw, u.Scheme+"://"+u.Host)
		if raw == "" {
			raw = "/"
		}
	}
	return sitePath(raw, fallback)
}
