package app

import (
	"io"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// In app.Test the connection's peer is 0.0.0.0, so trusting 0.0.0.0 makes the test's
// requests come from a trusted proxy.
func TestClientIP(t *testing.T) {
	proxies, err := ParseTrustedProxies("0.0.0.0, 10.0.0.0/8, 2001:db8:1::/48")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		header  string
		forward []string // X-Forwarded-For lines
		want    string
	}{
		{"no proxies: the peer", nil, "", nil, "0.0.0.0"},
		{"untrusted peer: its header is ignored", nil, "", []string{"203.0.113.9"}, "0.0.0.0"},
		{"untrusted peer: a forged chain is ignored", nil, "", []string{"198.51.100.1, 10.1.1.1"}, "0.0.0.0"},
		{"trusted peer: the hop it saw", proxies, "", []string{"203.0.113.9"}, "203.0.113.9"},
		{"trusted peer: forged hops to the left are not read", proxies, "", []string{"1.2.3.4, 5.6.7.8, 203.0.113.9"}, "203.0.113.9"},
		{"trusted hops are skipped from the right", proxies, "", []string{"1.2.3.4, 203.0.113.9, 10.0.0.7, 10.2.3.4"}, "203.0.113.9"},
		{"several header lines read as one list", proxies, "", []string{"1.2.3.4, 203.0.113.9", "10.0.0.7"}, "203.0.113.9"},
		{"a port on the hop", proxies, "", []string{"203.0.113.9:4711"}, "203.0.113.9"},
		{"IPv6 hop", proxies, "", []string{"[2001:db8:2::5]:443, 2001:db8:1::9"}, "2001:db8:2::5"},
		{"IPv4 in IPv6", proxies, "", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},
		{"garbage: the last trusted hop", proxies, "", []string{"203.0.113.9, nonsense, 10.0.0.7"}, "10.0.0.7"},
		{"all hops trusted: the leftmost", proxies, "", []string{"10.0.0.1, 10.0.0.2"}, "10.0.0.1"},
		{"trusted peer without a header: the peer", proxies, "", nil, "0.0.0.0"},
		{"another header", proxies, "X-Real-IP", []string{"203.0.113.77"}, "203.0.113.77"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Server{cfg: Config{TrustedProxies: tc.trusted, ProxyIPHeader: tc.header}}
			app := fiber.New()
			app.Get("/", func(c *fiber.Ctx) error { return c.SendString(s.clientIP(c)) })
			req := httptest.NewRequest("GET", "/", nil)
			name := tc.header
			if name == "" {
				name = "X-Forwarded-For"
			}
			for _, v := range tc.forward {
				req.Header.Add(name, v)
			}
			res, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			if string(got) != tc.want {
				t.Errorf("client address %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 10.0.0.0/8 ,192.168.1.4, ::ffff:172.16.0.0/108,2001:db8::/32,")
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, p := range got {
		s = append(s, p.String())
	}
	if strings.Join(s, " ") != "10.0.0.0/8 192.168.1.4/32 172.16.0.0/12 2001:db8::/32" {
		t.Errorf("parsed %v", s)
	}
	if got, err := ParseTrustedProxies(""); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"10.0.0.300", "proxy.internal", "10.0.0.0/33", "*"} {
		if _, err := ParseTrustedProxies("10.0.0.1," + bad); err == nil || !strings.Contains(err.Error(), "TRUSTED_PROXIES") || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.9":          "203.0.113.9",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"unknown":              "unknown",
	} {
		if got := addressKey(in); got != want {
			t.Errorf("addressKey(%q) = %q, want %q", in, got, want)
		}
	}
}
