-- +goose Up
-- Why a moderator hid an idea; the page says that it was hidden, not what it said.
ALTER TABLE ideas ADD COLUMN hidden_reason text NOT NULL DEFAULT '';
-- The staff member who recorded an idea gathered elsewhere.
ALTER TABLE ideas ADD COLUMN recorded_by_id bigint REFERENCES users (id);
-- The panel's shortlist is a draft until published.
ALTER TABLE consultations ADD COLUMN shortlist_published_at timestamptz;
ALTER TABLE users ADD COLUMN blocked_reason text NOT NULL DEFAULT '';

-- The panel's ranked "top N" per consultation, apart from the public's votes.
CREATE TABLE shortlist_entries (
    id              bigserial PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations (id),
    idea_id         bigint NOT NULL UNIQUE REFERENCES ideas (id) ON DELETE CASCADE,
    rank            integer NOT NULL CHECK (rank >= 1),
    rationale       text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 2000),
    rationale_cy    text NOT NULL DEFAULT '' CHECK (length(rationale_cy) <= 2000),
    added_by_id     bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- Checked at commit, so ranks can be shifted to make room within one transaction.
    CONSTRAINT shortlist_rank_unique UNIQUE (consultation_id, rank) DEFERRABLE INITIALLY DEFERRED
);

-- A member's flag on an idea or comment. One open report per member per thing.
CREATE TABLE reports (
    id             bigserial PRIMARY KEY,
    subject_type   text NOT NULL CHECK (subject_type IN ('idea', 'comment')),
    subject_id     bigint NOT NULL,
    idea_id        bigint NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    reporter_id    bigint NOT NULL REFERENCES users (id),
    reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
    resolved_by_id bigint REFERENCES users (id),
    resolved_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX reports_one_open_per_reporter ON reports (subject_type, subject_id, reporter_id) WHERE status = 'open';
CREATE INDEX reports_open_idx ON reports (subject_type, subject_id) WHERE status = 'open';

-- Admins browse the record by verb and by who acted.
CREATE INDEX events_created_idx ON events (created_at DESC, id DESC);
CREATE INDEX events_verb_idx ON events (verb, created_at DESC);
CREATE INDEX events_actor_idx ON events (actor_id, created_at DESC) WHERE actor_id IS NOT NULL;
-- The triage queue: untriaged ideas, oldest first.
CREATE INDEX ideas_triage_idx ON ideas (created_at, id) WHERE status IN ('new', 'under_review') AND merged_into_id IS NULL;

-- +goose Down
DROP INDEX ideas_triage_idx, events_actor_idx, events_verb_idx, events_created_idx;
DROP TABLE reports, shortlist_entries;
ALTER TABLE users DROP COLUMN blocked_reason;
ALTER TABLE consultations DROP COLUMN shortlist_published_at;
ALTER TABLE ideas DROP COLUMN recorded_by_id, DROP COLUMN hidden_reason;
