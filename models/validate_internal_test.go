package models

import "testing"

// Issue 14: text of only invisible characters is blank, so a required field says "enter…".
func TestInvisibleTextIsBlank(t *testing.T) {
	for _, s := range []string{"", " ", "\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u00ad", "\u3164", "\u115f",
		"\u1160", "\uffa0", "\u180e", "\u034f", "\u200e\u200f", "\u202a\u202c", "\u2066\u2069", "\u061c", "\u00a0",
		"\u2002\u2003\u2009\u200a", "\u202f", "\u205f", "\u3000", "\u2028\u2029", "\ufe0f", "\u2800", " \u200b \u00a0\n\t"} {
		if !Blank(s) {
			t.Errorf("Blank(%q) = false", s)
		}
		errs := Errors{}
		if got := checkText(errs, "title", s, true, MaxTitle); got != "" || errs["title"] != "error.title.required" {
			t.Errorf("checkText(%q) = %q, %v; want blank and error.title.required", s, got, errs)
		}
	}
	for _, s := range []string{"a", "\u200bBus", "Caerdydd", "ŵ", "😀", "1"} {
		if Blank(s) {
			t.Errorf("Blank(%q) = true", s)
		}
	}
}

// Issue 14: links with a user part read as one site and go to another.
func TestLinksRefuseAUserPart(t *testing.T) {
	for link, want := range map[string]string{
		"https://example.org/thread/1":       "",
		"http://example.org":                 "",
		"":                                   "",
		"https://ok.example@evil.example/":   "error.link.userinfo",
		"https://user:pass@evil.example/":    "error.link.userinfo",
		"https://:@evil.example/":            "error.link.userinfo",
		"https://@evil.example/":             "error.link.userinfo",
		"https://ok.example%40@evil.example": "error.link.userinfo",
		`https://ok.example\@evil.example/`:  "invalid",
		"https://ok.example /x":              "invalid",
		"https://ok.example\u200b/x":         "invalid",
		"javascript:alert(1)":                "invalid",
		"https:///x":                         "invalid",
		"//evil.example":                     "invalid",
		"ftp://example.org":                  "invalid",
	} {
		for _, field := range []string{"source_url", "online_url"} {
			errs := Errors{}
			checkLink(errs, field, link)
			if want == "invalid" {
				want = "error." + field + ".invalid"
			}
			if errs[field] != want {
				t.Errorf("%s %q: %q, want %q", field, link, errs[field], want)
			}
			if want == "error."+field+".invalid" {
				want = "invalid"
			}
		}
	}
	ext := ExternalIdea{Consultation: "digital", Title: "T", Body: "B", SourceName: "S", SourceURL: "https://ok.example@evil.example/"}
	if errs := ext.validate(map[string]int64{"digital": 1}); errs["source_url"] != "error.link.userinfo" {
		t.Errorf("an idea's source with a user part: %v", errs)
	}
	meeting := MeetingInput{OnlineURL: "https://meet.example@evil.example/room"}
	errs := Errors{}
	meeting.validate(errs)
	if errs["online_url"] != "error.link.userinfo" {
		t.Errorf("a meeting's online link with a user part: %v", errs)
	}
}
