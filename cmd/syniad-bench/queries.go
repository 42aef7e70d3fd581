package main

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// searchWords are the queries the search rows use, read from the bench data at run time so
// they stay true when the seeder changes.
type searchWords struct {
	common     []string // words in thousands of ideas' titles, commonest first
	welsh      []string // words only the Welsh ideas' titles hold, commonest first
	welshMixed []string // welsh and their soft mutations, as Welsh writes them after "i", "o"…
	places     []string // the places ideas name, about a hundred ideas each
	titles     []string // ideas' titles without their number, for the similar-ideas lookup
	nothing    string   // a string no idea holds
}

// titleWords counts the words of ideas' titles as written (the simple configuration: no
// stems), so the chosen words are ones a person would type.
const titleWords = `SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('simple', title) FROM ideas %s$$)
	WHERE word ~ '^[[:alpha:]]{3,}$' AND ndoc >= ?`

func (b *bench) chooseWords() (searchWords, error) {
	var w searchWords
	q := b.db
	if err := q.Raw(`SELECT word FROM (`+fmt.Sprintf(titleWords, "")+`) s ORDER BY ndoc DESC, word`, 1000).Scan(&w.common).Error; err != nil {
		return w, err
	}
	if err := q.Raw(`SELECT word FROM (`+fmt.Sprintf(titleWords, "WHERE lang = 'cy'")+`) s
		WHERE word NOT IN (SELECT word FROM ts_stat($$SELECT to_tsvector('simple', title) FROM ideas WHERE lang <> 'cy'$$))
		ORDER BY ndoc DESC, word`, 100).Scan(&w.welsh).Error; err != nil {
		return w, err
	}
	if err := q.Raw(`SELECT DISTINCT split_part(body, ':', 1) FROM ideas WHERE body LIKE '%:%' ORDER BY 1`).Scan(&w.places).Error; err != nil {
		return w, err
	}
	if err := q.Raw(`SELECT DISTINCT regexp_replace(title, ' [0-9]+$', '') FROM ideas ORDER BY 1 LIMIT 20000`).Scan(&w.titles).Error; err != nil {
		return w, err
	}
	if len(w.common) == 0 || len(w.welsh) == 0 || len(w.places) == 0 || len(w.titles) == 0 {
		return w, fmt.Errorf("the bench data has no common words, Welsh words, places or titles to search for")
	}
	for _, word := range w.welsh {
		w.welshMixed = append(w.welshMixed, word)
		if m := softMutation(word); m != word {
			w.welshMixed = append(w.welshMixed, m)
		}
	}
	return w, nil
}

// matches is how many ideas a search for q finds, by the list's own filter (models.ideaFilter).
func (b *bench) matches(q string) int64 {
	var n int64
	b.db.Raw(`SELECT count(*) FROM ideas i WHERE i.search @@ websearch_to_tsquery('english', ?) OR i.search_cy @@ welsh_tsquery(?)`, q, q).Scan(&n)
	return n
}

// softMutation is the word as Welsh writes it after "i", "o", "ei" (his) and the like:
// "cymuned" → "gymuned", "gwasanaeth" → "wasanaeth". Search must find the radical from it.
func softMutation(w string) string {
	for _, m := range []struct{ from, to string }{
		{"ll", "l"}, {"rh", "r"}, {"c", "g"}, {"p", "b"}, {"t", "d"}, {"g", ""}, {"b", "f"}, {"d", "dd"}, {"m", "f"},
	} {
		if strings.HasPrefix(w, m.from) {
			return m.to + w[len(m.from):]
		}
	}
	return w
}

// queryScript writes a wrk Lua script that asks for prefix + one of values per request,
// each drawn at random, its letters' case mixed at random and the request's number after it
// in whitespace. Search and the trigram lookup ignore case, and the service trims the
// whitespace before either, so the work is that of the word, but each address is new, so no
// kept page answers. With no values, each request searches for a fresh random string that
// matches nothing.
func queryScript(prefix string, values []string) (string, error) {
	f, err := os.CreateTemp("", "syniad-bench-query-*.lua")
	if err != nil {
		return "", err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "local prefix = %q\nlocal values = {", prefix)
	for n, v := range values {
		if n > 0 {
			fmt.Fprint(w, ",")
		}
		// Percent-encoded, spaces as %20; mixing the case of an escape's hex digits keeps it.
		fmt.Fprintf(w, "%q", strings.ReplaceAll(url.QueryEscape(v), "+", "%20"))
	}
	fmt.Fprint(w, `}
local counter = 0
function setup(thread)
  thread:set("thread_no", counter)
  counter = counter + 1
end
function init(args)
  math.randomseed(os.time() * 100 + (thread_no or 0))
end
local letters = "bcdfghjklmnpqrstvwxz"
local function fresh()
  local t = {}
  for i = 1, 12 do
    local k = math.random(#letters)
    t[i] = letters:sub(k, k)
  end
  return table.concat(t)
end
local function mixcase(s)
  return (s:gsub("%a", function(c)
    if math.random(2) == 1 then return c:upper() end
    return c:lower()
  end))
end
-- The request's number (unique across both threads) written in binary as spaces and tabs
-- after the query: the service trims them before it searches, but the address differs.
local n = 0
local function unique()
  n = n + 1
  local k, t = n * 2 + (thread_no or 0), {}
  while k > 0 do
    if k % 2 == 1 then t[#t + 1] = "%09" else t[#t + 1] = "%20" end
    k = math.floor(k / 2)
  end
  return table.concat(t)
end
function request()
  local q
  if #values == 0 then q = fresh() else q = values[math.random(#values)] end
  return wrk.format("GET", prefix .. mixcase(q) .. unique())
end
`)
	if err := w.Flush(); err != nil {
		return "", err
	}
	return f.Name(), nil
}
