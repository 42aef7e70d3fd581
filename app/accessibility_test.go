package app_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/syniad/syniad/app"
)

// The accessibility statement says, in each language, what the service meets, what it does
// not and how it was tested; the contact address and the organisation's name come from the
// configuration, and the page reads properly without them.
func TestAccessibilityStatement(t *testing.T) {
	t.Parallel()
	const email = "accessibility@example.gov.wales"
	configured := newTestApp(t, func(c *app.Config) {
		c.ContactEmail = email
		c.OrganisationName = "Bwrdd Iechyd Enghraifft"
	})
	plain := newTestApp(t)
	named := newTestApp(t, func(c *app.Config) { c.OrganisationName = "Bwrdd Iechyd Enghraifft" })

	type want struct{ h1, wcag, pdf, prepared, runBy, contact, contactNamed, contactDefault string }
	for lang, w := range map[string]want{
		"en": {
			h1:             `<h1 class="govuk-heading-xl">Accessibility statement</h1>`,
			wcag:           "This website is partially compliant with the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard",
			pdf:            "The PDF version of each meeting pack is a tagged PDF",
			prepared:       "This statement was prepared on 21 November 2026.",
			runBy:          "This website is run by Bwrdd Iechyd Enghraifft.",
			contact:        "Email:",
			contactNamed:   "Contact Bwrdd Iechyd Enghraifft, which runs this website.",
			contactDefault: "Contact the organisation that runs this website.",
		},
		"cy": {
			h1:             `<h1 class="govuk-heading-xl">Datganiad hygyrchedd</h1>`,
			wcag:           "Mae'r wefan hon yn cydymffurfio'n rhannol â safon AA fersiwn 2.2 o Ganllawiau Hygyrchedd Cynnwys y We (WCAG)",
			pdf:            "Mae fersiwn PDF pob pecyn cyfarfod yn PDF wedi'i dagio",
			prepared:       "Cafodd y datganiad hwn ei baratoi ar 21 Tachwedd 2026.",
			runBy:          "Bwrdd Iechyd Enghraifft sy'n rhedeg y wefan hon.",
			contact:        "E-bost:",
			contactNamed:   "Cysylltwch â'r sefydliad sy'n rhedeg y wefan hon, sef Bwrdd Iechyd Enghraifft.",
			contactDefault: "Cysylltwch â'r sefydliad sy'n rhedeg y wefan hon.",
		},
	} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			for _, tc := range []struct {
				name string
				ta   *testApp
			}{{"configured", configured}, {"named", named}, {"unconfigured", plain}} {
				res, body := tc.ta.withT(t).client().getIn(lang, "/accessibility")
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d\n%s", tc.name, res.StatusCode, body)
				}
				text := html.UnescapeString(body) // the checks are of text, not its escaping
				for _, s := range []string{w.h1, w.wcag, w.pdf, w.prepared} {
					if !strings.Contains(text, s) {
						t.Errorf("%s: page lacks %q", tc.name, s)
					}
				}
				checkHeadingOrder(t, tc.name, body)
				mailto := `<a class="govuk-link" href="mailto:` + email + `">` + email + `</a>`
				if tc.ta == configured {
					for _, s := range []string{mailto, w.contact, w.runBy} {
						if !strings.Contains(text, s) {
							t.Errorf("%s: page lacks %q", tc.name, s)
						}
					}
					if strings.Contains(text, w.contactDefault) {
						t.Errorf("%s: page has the fallback contact text %q beside an address", tc.name, w.contactDefault)
					}
					continue
				}
				if strings.Contains(body, "mailto:") {
					t.Errorf("%s: page has a mailto link without CONTACT_EMAIL", tc.name)
				}
				if tc.ta == named {
					for _, s := range []string{w.contactNamed, w.runBy} {
						if !strings.Contains(text, s) {
							t.Errorf("%s: page lacks %q", tc.name, s)
						}
					}
					continue
				}
				if !strings.Contains(text, w.contactDefault) {
					t.Errorf("%s: page lacks %q", tc.name, w.contactDefault)
				}
				if strings.Contains(text, "Bwrdd Iechyd Enghraifft") {
					t.Errorf("%s: page names an organisation nobody configured", tc.name)
				}
			}
		})
	}
}

var headingTag = regexp.MustCompile(`<h([1-6])[\s>]`)

// checkHeadingOrder fails a page whose main content skips a heading level on the way down
// (an h2 straight to an h4), or that has other than one h1.
func checkHeadingOrder(t *testing.T, where, body string) {
	t.Helper()
	main := body
	if i := strings.Index(body, `<main`); i >= 0 {
		main = body[i:]
	}
	if i := strings.Index(main, `</main>`); i >= 0 {
		main = main[:i]
	}
	prev, h1s := 0, 0
	for _, m := range headingTag.FindAllStringSubmatch(main, -1) {
		level := int(m[1][0] - '0')
		if level == 1 {
			h1s++
		}
		if prev > 0 && level > prev+1 {
			t.Errorf("%s: heading h%d follows h%d", where, level, prev)
		}
		prev = level
	}
	if h1s != 1 {
		t.Errorf("%s: %d h1 headings, want 1", where, h1s)
	}
}

// CONTACT_EMAIL and ORGANISATION_NAME are read trimmed, and are empty when unset: the page
// has its own wording, in each language, for an organisation without a name.
func TestAccessibilityStatementConfigFromEnv(t *testing.T) {
	t.Setenv("CONTACT_EMAIL", "  access@example.gov.wales \n")
	t.Setenv("ORGANISATION_NAME", " Cyngor Enghraifft ")
	cfg, _ := app.ConfigFromEnv()
	if cfg.ContactEmail != "access@example.gov.wales" || cfg.OrganisationName != "Cyngor Enghraifft" {
		t.Errorf("ContactEmail %q, OrganisationName %q", cfg.ContactEmail, cfg.OrganisationName)
	}
	t.Setenv("CONTACT_EMAIL", "")
	t.Setenv("ORGANISATION_NAME", "")
	cfg, _ = app.ConfigFromEnv()
	if cfg.ContactEmail != "" || cfg.OrganisationName != "" {
		t.Errorf("unset: ContactEmail %q, OrganisationName %q", cfg.ContactEmail, cfg.OrganisationName)
	}
}

// security.txt names CONTACT_EMAIL as the place to report a vulnerability, with an expiry a
// year ahead of the service's clock; without an address there is no file.
func TestSecurityTxt(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return time.Date(2031, time.May, 6, 15, 4, 5, 0, time.UTC) }
	configured := newTestApp(t, func(c *app.Config) { c.ContactEmail = "security@example.gov.wales"; c.Clock = clock })
	res, body := configured.client().get("/.well-known/security.txt")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	want := "Contact: mailto:security@example.gov.wales\nExpires: 2032-05-06T00:00:00Z\nPreferred-Languages: en, cy\n" +
		"Canonical: http://localhost:3000/.well-known/security.txt\n"
	if body != want {
		t.Errorf("security.txt is\n%s\nwant\n%s", body, want)
	}
	if res.Header.Get("Set-Cookie") != "" {
		t.Errorf("security.txt sets a cookie: %s", res.Header.Get("Set-Cookie"))
	}
	if res, _ := newTestApp(t).client().get("/.well-known/security.txt"); res.StatusCode != http.StatusNotFound {
		t.Errorf("without CONTACT_EMAIL: status %d, want 404", res.StatusCode)
	}
}
