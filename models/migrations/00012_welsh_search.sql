-- +goose Up
-- Search that understands Welsh. Postgres has no Welsh dictionary, and Welsh changes the first
-- letter of a word after certain words ("Cymru", "yng Nghymru", "i Gymru", "a Chymru"), so a
-- search for the word as a dictionary gives it (the radical) must also find its mutated forms.
-- Every word of an idea is stored with the radicals it could be a mutation of, and every word
-- of a search is looked up the same way: a search word matches a text word when the two share
-- a candidate radical. Both sides go through the same functions, so they cannot drift apart.
--
-- The ambiguity is accepted, and is the price of having no dictionary: "Gymru" is stored as
-- both "gymru" and "cymru" (g may be radical, or the soft mutation of c); "fangor" as "fangor",
-- "bangor" and "mangor"; "dime" as "dime" and "time". A search for a radical finds every word
-- that may be a mutation of it, so English words that happen to look like mutations of each
-- other can match ("time" finds "dime"). Relevance ranks the English and as-written matches
-- first. Words shorter than three letters (a, y, yn, i'r) are left as they are.

-- Lower case, and no accents: â/ŵ/ŷ and the other accents Welsh writes (the to bach, the
-- diaeresis, acute and grave) are the same letter for search. translate() rather than the
-- unaccent extension, which is not immutable and may not be installed; both cases are listed
-- because lower() under the C collation leaves letters outside ASCII alone.
-- +goose StatementBegin
CREATE FUNCTION welsh_norm(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(translate(t,
        'âêîôûŵŷäëïöüẅÿáéíóúẃýàèìòùẁỳÂÊÎÔÛŴŶÄËÏÖÜẄŸÁÉÍÓÚẂÝÀÈÌÒÙẀỲ',
        'aeiouwyaeiouwyaeiouwyaeiouwyAEIOUWYAEIOUWYAEIOUWYAEIOUWY'));
-- +goose StatementEnd

-- The word itself and the radicals it may be a mutation of (w already normalised). The
-- longest prefix decides, so "nghymru" is only a nasal mutation of "cymru", never a form of
-- "ng…" or "n…":
--   nasal     ngh→c  mh→p  nh→t  ng→g  m→b  n→d
--   aspirate  ch→c   ph→p  th→t
--   soft      g→c  b→p  d→t  dd→d  f→b or m  l→ll  r→rh, and g dropped before a vowel, l, r
--   h- before a vowel (ei henw → enw)
-- ll, rh and ff are never mutations.
-- +goose StatementBegin
CREATE FUNCTION welsh_radicals(w text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY[w] || CASE
        WHEN char_length(w) < 3 OR w !~ '^[a-z]' THEN '{}'::text[]
        WHEN w LIKE 'ngh%' THEN ARRAY['c' || substr(w, 4)]
        WHEN w LIKE 'ng%' THEN ARRAY['g' || substr(w, 3)]
        WHEN w LIKE 'mh%' THEN ARRAY['p' || substr(w, 3)]
        WHEN w LIKE 'nh%' THEN ARRAY['t' || substr(w, 3)]
        WHEN w LIKE 'ch%' THEN ARRAY['c' || substr(w, 3)]
        WHEN w LIKE 'ph%' THEN ARRAY['p' || substr(w, 3)]
        WHEN w LIKE 'th%' THEN ARRAY['t' || substr(w, 3)]
        WHEN w LIKE 'dd%' THEN ARRAY['d' || substr(w, 3)]
        WHEN w ~ '^(ll|rh|ff)' THEN '{}'::text[]
        WHEN w ~ '^h[aeiouwy]' THEN ARRAY[substr(w, 2)]
        WHEN w LIKE 'g%' THEN ARRAY['c' || substr(w, 2)]
        WHEN w LIKE 'b%' THEN ARRAY['p' || substr(w, 2)]
        WHEN w LIKE 'd%' THEN ARRAY['t' || substr(w, 2)]
        WHEN w LIKE 'f%' THEN ARRAY['b' || substr(w, 2), 'm' || substr(w, 2)]
        WHEN w LIKE 'm%' THEN ARRAY['b' || substr(w, 2)]
        WHEN w LIKE 'n%' THEN ARRAY['d' || substr(w, 2)]
        WHEN w LIKE 'l%' THEN ARRAY['ll' || substr(w, 2), 'g' || w]
        WHEN w LIKE 'r%' THEN ARRAY['rh' || substr(w, 2), 'g' || w]
        WHEN w ~ '^[aeiouwy]' THEN ARRAY['g' || w]
        ELSE '{}'::text[]
    END;
-- +goose StatementEnd

-- The words of a text (split as the simple configuration splits them) and all their
-- candidate radicals, without positions.
-- +goose StatementBegin
CREATE FUNCTION welsh_tsvector(t text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN array_to_tsvector(coalesce((
        SELECT array_agg(DISTINCT r)
        FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, welsh_norm(t)))) AS w,
             unnest(welsh_radicals(w)) AS r), '{}'::text[]));
-- +goose StatementEnd

-- A search as websearch_to_tsquery reads it ("quoted phrases", -not, or), with each word
-- replaced by the choice of its candidate radicals: "Nghymru -Caerdydd" becomes
-- ('nghymru' | 'cymru') & !'caerdydd'.
-- +goose StatementBegin
CREATE FUNCTION welsh_tsquery(q text) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    plain tsquery := websearch_to_tsquery('simple'::regconfig, welsh_norm(q));
    src text := plain::text;
    out text := '';
    m text[];
BEGIN
    IF numnode(plain) = 0 THEN
        RETURN plain; -- nothing to search for ("!!!"): matches nothing
    END IF;
    FOR m IN SELECT regexp_matches(src, '''((?:[^'']|'''')*)''|([^'']+)', 'g') LOOP
        IF m[1] IS NOT NULL THEN
            out := out || '(' || (SELECT string_agg(quote_literal(r), ' | ')
                                  FROM unnest(welsh_radicals(replace(m[1], '''''', ''''))) AS r) || ')';
        ELSE
            out := out || m[2];
        END IF;
    END LOOP;
    RETURN out::tsquery;
END $$;
-- +goose StatementEnd

-- Stored beside the English/simple vector (migration 00001), so both searches are index scans
-- and the lists' version trigger (00006) already sees every change to title and body.
ALTER TABLE ideas ADD COLUMN search_cy tsvector GENERATED ALWAYS AS (welsh_tsvector(title || ' ' || body)) STORED;
CREATE INDEX ideas_search_cy_idx ON ideas USING gin (search_cy);

-- +goose Down
DROP INDEX ideas_search_cy_idx;
ALTER TABLE ideas DROP COLUMN search_cy;
DROP FUNCTION welsh_tsquery(text);
DROP FUNCTION welsh_tsvector(text);
DROP FUNCTION welsh_radicals(text);
DROP FUNCTION welsh_norm(text);
