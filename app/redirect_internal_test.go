package app

import "testing"

func TestSitePathKeepsRedirectsOnSite(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/ideas/3", "/ideas/3"},
		{"/ideas?sort=new", "/ideas?sort=new"},
		{"/ideas?sort=new&q=bus+stops", "/ideas?q=bus+stops&sort=new"},
		{"/meetings/2#item-3", "/meetings/2#item-3"},
		{"/admin?q=elin", "/admin?q=elin"},
		{"/", "/"},
		{"/ideas/caf%C3%A9", "/ideas/caf%C3%A9"},
		{"/ideas?q=%5C", "/ideas?q=%5C"}, // a backslash in a search is only text
		{"", "/"},
		{"//evil.example/x", "/"},
		{"///evil.example/", "/"},
		{"////evil.example/", "/"},
		{`/\evil.example`, "/"},
		{`\/evil.example`, "/"},
		{`\\evil.example`, "/"},
		{`/ideas\..\`, "/"},
		{"/\t/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{" //evil.example", "/"},
		{"/ /evil.example", "/"},
		{"/\u00a0/evil.example", "/"},
		{"/\u200b/evil.example", "/"},
		{"/\u3000/evil.example", "/"},
		{"/%2F%2Fevil.example", "/"},
		{"/%2fevil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"/%5cevil.example", "/"},
		{"/%09/evil.example", "/"},
		{"/%0D%0A/evil.example", "/"},
		{"/%252F%252Fevil.example", "/"},
		{"/%2", "/"},
		{"/ideas/100%25", "/ideas/100%25"},
		{"/ideas/100%25zz", "/ideas/100%25zz"},
		{"/ideas?a=%0d%0aSet-Cookie:x", "/ideas?a=%0D%0ASet-Cookie%3Ax"}, // encoded, so only text
		{"/ideas?x=1\r\nSet-Cookie: a=b", "/"},
		{"https://evil.example/x", "/"},
		{"http://localhost/ideas", "/"}, // a full URL is not a path (the Referer has its own check)
		{"https:evil.example", "/"},
		{"https:/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"JaVaScRiPt:alert(1)", "/"},
		{"data:text/html,hi", "/"},
		{"evil.example", "/"},
		{"//user@evil.example", "/"},
		{"//ok.example@evil.example/", "/"},
		{"/ideas#\r\nx", "/"},
		{"\xff/ideas", "/"},
		{"/ideas\xff", "/"},
	} {
		if got := sitePath(tc.in, "/"); got != tc.want {
			t.Errorf("sitePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := sitePath("//evil.example", "/ideas/4"); got != "/ideas/4" {
		t.Errorf("the fallback is not used: %q", got)
	}
}
