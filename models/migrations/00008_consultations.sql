-- +goose Up
-- Consultations run by staff from a draft to the published outcome. The stage (draft,
-- scheduled, open, closed) follows from these dates with no scheduler to run: status is
-- 'draft' until staff publish (published_at says when), and then opens_at and closes_at decide.
-- ('closed' says staff closed it early.)
ALTER TABLE consultations
    ADD COLUMN published_at         timestamptz,
    ADD COLUMN outcome_intro        text NOT NULL DEFAULT '',
    ADD COLUMN outcome_intro_cy     text NOT NULL DEFAULT '',
    ADD COLUMN outcome_published_at timestamptz;
UPDATE consultations SET published_at = coalesce(opens_at, created_at) WHERE status <> 'draft';

-- +goose Down
ALTER TABLE consultations DROP COLUMN outcome_published_at, DROP COLUMN outcome_intro_cy, DROP COLUMN outcome_intro,
    DROP COLUMN published_at;
