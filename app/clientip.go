package app

import (
	"bytes"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// The address a request comes from is the connection's peer, unless the peer is one of the
// TRUSTED_PROXIES: then it is the nearest hop in PROXY_IP_HEADER (X-Forwarded-For unless
// set), read from the right, that is not itself a trusted proxy. Everything to the left of
// that hop was written by the client and may be anything, so it is never read; a header from
// a peer that is not trusted is ignored altogether. Without this, a client that sends a
// different X-Forwarded-For each time is a new address each time and walks round every
// per-address limit.

// defaultProxyIPHeader is the header a load balancer adds the client's address to.
const defaultProxyIPHeader = fiber.HeaderXForwardedFor

// ParseTrustedProxies reads TRUSTED_PROXIES: addresses and ranges separated by commas, such
// as "10.0.0.0/8, 192.168.1.4". A bare address is a range of one.
func ParseTrustedProxies(raw string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var bad []string
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				bad = append(bad, part)
				continue
			}
			if p.Addr().Is4In6() {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil || a.Zone() != "" {
			bad = append(bad, part)
			continue
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("TRUSTED_PROXIES: %q is not an IP address or range: use addresses and CIDR ranges separated by commas, such as 10.0.0.0/8, 192.168.1.4",
			strings.Join(bad, ", "))
	}
	return out, nil
}

// proxyTrusted reports whether addr is one of the trusted proxies.
func (c Config) proxyTrusted(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range c.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// fiberTrustedProxies is the same list for Fiber, which then believes X-Forwarded-Host and
// X-Forwarded-Proto (c.Hostname, c.Protocol) only from these peers.
func (c Config) fiberTrustedProxies() []string {
	out := make([]string, len(c.TrustedProxies))
	for n, p := range c.TrustedProxies {
		out[n] = p.String()
	}
	return out
}

func (c Config) proxyIPHeader() string {
	if c.ProxyIPHeader == "" {
		return defaultProxyIPHeader
	}
	return c.ProxyIPHeader
}

// clientIP is the address the request came from (see above), as a string of its own that
// outlives the request.
func (s *Server) clientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return "unknown"
	}
	peer = peer.Unmap()
	if !s.cfg.proxyTrusted(peer) {
		if s.log != nil && len(c.Request().Header.Peek(s.cfg.proxyIPHeader())) > 0 {
			s.ignoredForward.Do(func() {
				// Behind a load balancer that is not in TRUSTED_PROXIES every visitor has its
				// address, and shares one allowance under every per-address limit.
				s.log.Warn("ignoring "+s.cfg.proxyIPHeader()+" from a peer that is not a trusted proxy: if the service is behind a load balancer, set TRUSTED_PROXIES to its addresses",
					"peer", peer.String())
			})
		}
		return peer.String()
	}
	client := peer
	lines := c.Request().Header.PeekAll(s.cfg.proxyIPHeader())
	for l := len(lines) - 1; l >= 0; l-- {
		hops := bytes.Split(lines[l], []byte(","))
		for h := len(hops) - 1; h >= 0; h-- {
			hop, ok := parseHop(string(bytes.TrimSpace(hops[h])))
			if !ok {
				// Garbage where an address should be: the last trusted hop is all we know.
				return client.String()
			}
			client = hop
			if !s.cfg.proxyTrusted(hop) {
				return client.String()
			}
		}
	}
	return client.String() // every hop was a trusted proxy: the request began inside
}

// parseHop reads one X-Forwarded-For entry: an address, perhaps with a port
// ("203.0.113.9:4711", "[2001:db8::1]:4711").
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		if a, err := netip.ParseAddr(host); err == nil {
			return a.Unmap().WithZone(""), true
		}
	}
	return netip.Addr{}, false
}

// addressKey is the rate-limit key for a client address. An IPv6 address counts by its /64,
// the block one household or one machine is given, which it could otherwise walk through.
func addressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Is6() {
		return ip
	}
	p, _ := a.Prefix(64)
	return p.String()
}
