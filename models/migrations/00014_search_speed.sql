-- +goose Up
-- Searches read the full-text and trigram indexes straight, without a pending list (issue 18).
-- With fastupdate on (Postgres's default) new entries wait in a pending list that every search
-- must read to the end, whatever it looks for, until VACUUM or autoanalyze merges it: on the
-- 100,000-idea bench site the lists held 440 pages (search and search_cy) and cost a search
-- for a word nobody wrote 4 ms instead of 0.5. Ideas are written by people, a few a minute at
-- most, and read by every search and every title typed into the new-idea form, so each write
-- pays for its own index entries instead.
ALTER INDEX ideas_search_idx SET (fastupdate = off);
ALTER INDEX ideas_search_cy_idx SET (fastupdate = off);
ALTER INDEX ideas_title_trgm_idx SET (fastupdate = off);
-- Turning fastupdate off leaves what is already pending where it is: merge it now.
SELECT gin_clean_pending_list('ideas_search_idx'), gin_clean_pending_list('ideas_search_cy_idx'),
       gin_clean_pending_list('ideas_title_trgm_idx');

-- +goose Down
ALTER INDEX ideas_search_idx RESET (fastupdate);
ALTER INDEX ideas_search_cy_idx RESET (fastupdate);
ALTER INDEX ideas_title_trgm_idx RESET (fastupdate);
