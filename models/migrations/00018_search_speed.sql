-- +goose Up
-- Searches read a short pending list only (issue 18). With Postgres's default, new index
-- entries wait in a pending list of up to 4 MB that every search must read to the end,
-- whatever it looks for: on the 100,000-idea bench site the lists held 440 pages (search and
-- search_cy) and cost a search for a word nobody wrote 4 ms instead of 0.5. Turning the lists
-- off instead makes every vote pay: a vote moves the idea's vote_count, which the top and
-- trending indexes hold, so the row's new version gets entries in every index, the full-text
-- and trigram ones included, and inserting those straight cost a fifth of the votes a second
-- (1,411 against 1,130 on the bench site). A list of 128 kB is merged by the write that fills
-- it and costs a search a fraction of a millisecond to read.
-- Merge what is pending first, while searches and writes go on: ALTER INDEX takes an
-- ACCESS EXCLUSIVE lock on the index until this migration commits, which holds up every query
-- that plans over ideas, so it comes last, with a second merge of the few entries written in
-- between.
SELECT gin_clean_pending_list('ideas_search_idx'), gin_clean_pending_list('ideas_search_cy_idx'),
       gin_clean_pending_list('ideas_title_trgm_idx');
ALTER INDEX ideas_search_idx SET (gin_pending_list_limit = 128);
ALTER INDEX ideas_search_cy_idx SET (gin_pending_list_limit = 128);
ALTER INDEX ideas_title_trgm_idx SET (gin_pending_list_limit = 128);
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
ALTER INDEX ideas_search_idx RESET (gin_pending_list_limit);
ALTER INDEX ideas_search_cy_idx RESET (gin_pending_list_limit);
ALTER INDEX ideas_title_trgm_idx RESET (gin_pending_list_limit);
DROP FUNCTION similar_tsquery(text[]);
