package main

import (
	"fmt"
	"net/url"
)

// loads is every wrk run of the pages, searches and similar-ideas lookup, in order (the vote
// run follows them). Member rows run at 50 and 2 connections for every page, as issue 18's
// latency targets are per page; visitors' kept pages are all measured at 50, and at 2 only
// for two representative ones (a list and an idea), to keep make bench near ten minutes.
// Every search row's address changes with each request, so that no kept page answers it
// (queryScript).
func (b *bench) loads(idea int64, member user, w searchWords) ([]load, error) {
	cookie := []string{"Cookie: " + member.cookie}
	q := func(s string) string { return "/ideas?q=" + url.QueryEscape(s) }
	pages := []struct {
		name, path string
		tag        string
		visitor2   bool // also measure the visitor's page at 2 connections
		// CPU profiles of the member's and of the visitor's page at 50 connections
		profileMember, profileVisitor bool
	}{
		{"home", "/", tagList, false, true, false},
		{"ideas, top", "/ideas", tagList, true, true, true},
		{"ideas, new", "/ideas?sort=new", tagList, false, false, false},
		{"ideas, trending", "/ideas?sort=trending", tagList, false, false, false},
		{"ideas, most discussed", "/ideas?sort=discussed", tagList, false, false, false},
		{"search (a place: Llangwyn, " + commas(b.matches("Llangwyn")) + " ideas)", q("Llangwyn"), tagList, false, false, false},
		{"idea with 100 comments", fmt.Sprintf("/ideas/%d", idea), tagIdea, true, true, false},
		{"API ideas", "/api/v1/ideas", tagList, false, false, false},
	}
	var out []load
	for _, p := range pages {
		out = append(out,
			load{name: p.name, who: "visitor", path: p.path, conns: 50, tags: []string{tagKept}, profile: p.profileVisitor},
		)
		if p.visitor2 {
			out = append(out, load{name: p.name, who: "visitor", path: p.path, conns: 2})
		}
		out = append(out,
			load{name: p.name, who: "member", path: p.path, headers: cookie, conns: 50, tags: []string{p.tag}, profile: p.profileMember},
			load{name: p.name, who: "member", path: p.path, headers: cookie, conns: 2, tags: []string{p.tag}},
		)
	}

	// A member's searches for one query each, its letters' case mixed per request
	// (queryScript) so that a page the service keeps for members cannot answer them; the
	// member's list page above that searches for a place asks the same address every time.
	common, welsh := w.common[0], w.welsh[0]
	for _, s := range []struct {
		name    string
		values  []string
		profile bool
	}{
		{fmt.Sprintf("search, a place %q (%s ideas)", "Llangwyn", commas(b.matches("Llangwyn"))), []string{"Llangwyn"}, false},
		{fmt.Sprintf("search, the commonest word %q (%s ideas)", common, commas(b.matches(common))), []string{common}, true},
		{fmt.Sprintf("search, a Welsh word %q (%s ideas)", welsh, commas(b.matches(welsh))), []string{welsh}, false},
		{"search, a fresh random string a request (no match)", nil, false},
	} {
		script, err := queryScript("/ideas?q=", s.values)
		if err != nil {
			return nil, err
		}
		b.temp = append(b.temp, script)
		for _, conns := range []int{50, 2} {
			out = append(out, load{name: s.name, who: "member", script: script, headers: cookie, conns: conns,
				tags: []string{tagSearch}, profile: s.profile && conns == 50})
		}
	}

	// A visitor's searches, a fresh query every request (queryScript), so that no kept page
	// answers them.
	last := w.common[len(w.common)-1]
	for _, s := range []struct {
		name, prefix string
		values       []string
		tag          string
	}{
		{fmt.Sprintf("search, one of %d places a request (Llangwyn: %s ideas)", len(w.places), commas(b.matches("Llangwyn"))), "/ideas?q=", w.places, tagSearch},
		{fmt.Sprintf("search, one of %d common words a request (%s to %s ideas)", len(w.common), commas(b.matches(last)), commas(b.matches(common))), "/ideas?q=", w.common, tagSearch},
		{fmt.Sprintf("search, one of %d Welsh words or their soft mutations a request", len(w.welshMixed)), "/ideas?q=", w.welshMixed, tagSearch},
		{"search, a fresh random string a request (no match)", "/ideas?q=", nil, tagSearch},
		{fmt.Sprintf("similar ideas (API), one of %d titles a request", len(w.titles)), "/api/v1/ideas/similar?title=", w.titles, tagSimilar},
	} {
		script, err := queryScript(s.prefix, s.values)
		if err != nil {
			return nil, err
		}
		b.temp = append(b.temp, script)
		for _, conns := range []int{50, 2} {
			out = append(out, load{name: s.name, who: "visitor", script: script, conns: conns, tags: []string{s.tag}})
		}
	}
	return out, nil
}
