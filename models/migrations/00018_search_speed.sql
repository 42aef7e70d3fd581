-- +goose Up
-- Searches read the full-text and trigram indexes straight, without a pending list (issue 18).
-- With fastupdate on (Postgres's default) new entries wait in a pending list that every search
-- must read to the end, whatever it looks for, until VACUUM or autoanalyze merges it: on the
-- 100,000-idea bench site the lists held 440 pages (search and search_cy) and cost a search
-- for a word nobody wrote 4 ms instead of 0.5. Ideas are written by people, a few a minute at
-- most, and read by every search and every title typed into the new-idea form, so each write
-- pays for its own index entries instead.
-- Merge what is pending first, while searches and writes go on: ALTER INDEX takes an
-- ACCESS EXCLUSIVE lock on the index until this migration commits, which holds up every query
-- that plans over ideas, so it comes last, with a second merge of the few entries written in
-- between.
SELECT gin_clean_pending_list('ideas_search_idx'), gin_clean_pending_list('ideas_search_cy_idx'),
       gin_clean_pending_list('ideas_title_trgm_idx');
ALTER INDEX ideas_search_idx SET (fastupdate = off);
ALTER INDEX ideas_search_cy_idx SET (fastupdate = off);
ALTER INDEX ideas_title_trgm_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('ideas_search_idx'), gin_clean_pending_list('ideas_search_cy_idx'),
       gin_clean_pending_list('ideas_title_trgm_idx');

-- The words of a title being typed, as the similar-ideas lookup (SimilarIdeas) looks for them:
-- ideas with all of them, or all but one (so one word nobody else used, or a typo, does not
-- hide the rest), each word by English stem or as written, the last also as the start of a
-- longer word since it may be half typed. English stop words ("in", "the") are left out. At
-- most eight words count. It replaces trigram similarity (title % q) as the filter: titles
-- share so many trigrams (" in", "in ") that on the bench site the trigram index handed 12,442
-- titles to recheck for "Park benches in Llangwyn" (260 ms); similarity still orders.
-- +goose StatementBegin
CREATE FUNCTION similar_tsquery(words text[]) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    terms tsquery[] := '{}';
    t tsquery;
    q tsquery;
    n int := least(cardinality(words), 8);
BEGIN
    FOR k IN 1 .. n LOOP
        t := plainto_tsquery('english', words[k]);
        CONTINUE WHEN numnode(t) = 0;
        t := t || plainto_tsquery('simple', words[k]);
        IF k = cardinality(words) AND char_length(words[k]) >= 3 THEN
            t := t || to_tsquery('simple', quote_literal(lower(words[k])) || ':*');
        END IF;
        terms := terms || t;
    END LOOP;
    IF cardinality(terms) <= 2 THEN
        RETURN coalesce(terms[1] || terms[2], terms[1]); -- NULL, matching nothing, for no words
    END IF;
    FOR k IN 1 .. cardinality(terms) LOOP
        t := NULL;
        FOR j IN 1 .. cardinality(terms) LOOP
            CONTINUE WHEN j = k;
            t := coalesce(t && terms[j], terms[j]);
        END LOOP;
        q := coalesce(q || t, t);
    END LOOP;
    RETURN q;
END $$;
-- +goose StatementEnd

-- +goose Down
ALTER INDEX ideas_search_idx RESET (fastupdate);
ALTER INDEX ideas_search_cy_idx RESET (fastupdate);
ALTER INDEX ideas_title_trgm_idx RESET (fastupdate);
DROP FUNCTION similar_tsquery(text[]);
