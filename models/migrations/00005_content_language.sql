-- +goose Up
-- The language each idea and comment is written in, so pages can mark it for screen readers.
-- New text gets it from DetectLanguage; text already here is Welsh when it uses common Welsh
-- words more than common English ones: a smaller form of the same rule, in SQL.
ALTER TABLE ideas ADD COLUMN lang text NOT NULL DEFAULT 'en'
    CONSTRAINT ideas_lang_check CHECK (lang IN ('en', 'cy'));
ALTER TABLE comments ADD COLUMN lang text NOT NULL DEFAULT 'en'
    CONSTRAINT comments_lang_check CHECK (lang IN ('en', 'cy'));

UPDATE ideas SET lang = 'cy'
WHERE (SELECT count(*) FROM regexp_matches(lower(title || ' ' || body), '\m(yr|mae|gyda|ar gyfer|ein|eich|wedi|hefyd|ddim|mewn|sydd|dylai|pob|gan|nid|yn|ac|bod|fod)\M', 'g'))
    > (SELECT count(*) FROM regexp_matches(lower(title || ' ' || body), '\m(the|and|of|to|in|is|for|on|that|with|should|would|will|can|every|all|our|we|you|your)\M', 'g'));
UPDATE comments SET lang = 'cy'
WHERE (SELECT count(*) FROM regexp_matches(lower(body), '\m(yr|mae|gyda|ar gyfer|ein|eich|wedi|hefyd|ddim|mewn|sydd|dylai|pob|gan|nid|yn|ac|bod|fod)\M', 'g'))
    > (SELECT count(*) FROM regexp_matches(lower(body), '\m(the|and|of|to|in|is|for|on|that|with|should|would|will|can|every|all|our|we|you|your)\M', 'g'));

-- +goose Down
ALTER TABLE comments DROP COLUMN lang;
ALTER TABLE ideas DROP COLUMN lang;
