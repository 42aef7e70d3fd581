-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id          bigserial PRIMARY KEY,
    handle      text NOT NULL CHECK (handle ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,38}$'),
    name        text NOT NULL DEFAULT '' CHECK (length(name) <= 100),
    email       text NOT NULL DEFAULT '',
    role        text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'panel', 'staff', 'admin')),
    locale      text NOT NULL DEFAULT '' CHECK (locale IN ('', 'en', 'cy')),
    blocked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Handles are unique regardless of case: "Alice" and "alice" are one person.
CREATE UNIQUE INDEX users_handle_key ON users (lower(handle));

-- One row per external account; signing in again with the same account finds the same user.
CREATE TABLE identities (
    id               bigserial PRIMARY KEY,
    user_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider         text NOT NULL,
    provider_user_id text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, provider_user_id)
);
CREATE INDEX identities_user_id_idx ON identities (user_id);

CREATE TABLE consultations (
    id             bigserial PRIMARY KEY,
    slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    title_cy       text NOT NULL DEFAULT '',
    description    text NOT NULL DEFAULT '',
    description_cy text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    opens_at       timestamptz,
    closes_at      timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);

CREATE TABLE ideas (
    id              bigserial PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations (id),
    author_id       bigint REFERENCES users (id),
    source_name     text NOT NULL DEFAULT '',
    source_url      text NOT NULL DEFAULT '',
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    body            text NOT NULL DEFAULT '' CHECK (length(body) <= 5000),
    body_html       text NOT NULL DEFAULT '',
    status          text NOT NULL DEFAULT 'new' CHECK (status IN
                        ('new', 'under_review', 'shortlisted', 'on_agenda', 'in_progress', 'done', 'declined', 'duplicate')),
    response        text NOT NULL DEFAULT '',
    response_cy     text NOT NULL DEFAULT '',
    response_by_id  bigint REFERENCES users (id),
    responded_at    timestamptz,
    merged_into_id  bigint REFERENCES ideas (id),
    vote_count      integer NOT NULL DEFAULT 0 CHECK (vote_count >= 0),
    comment_count   integer NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    hidden_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- English stemming finds "councils" for "council"; the simple configuration matches Welsh
    -- (and any other) words exactly as written.
    search          tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('english', title), 'A') ||
                        setweight(to_tsvector('english', body), 'B') ||
                        to_tsvector('simple', title || ' ' || body)) STORED,
    -- An idea belongs to a person or was recorded by staff from somewhere else, never neither.
    CHECK (author_id IS NOT NULL OR source_name <> ''),
    CHECK (merged_into_id IS NULL OR merged_into_id <> id)
);
CREATE INDEX ideas_search_idx ON ideas USING gin (search);
CREATE INDEX ideas_title_trgm_idx ON ideas USING gin (title gin_trgm_ops);
CREATE INDEX ideas_top_idx ON ideas (vote_count DESC, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX ideas_new_idx ON ideas (created_at DESC, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX ideas_discussed_idx ON ideas (comment_count DESC, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX ideas_consultation_idx ON ideas (consultation_id, vote_count DESC, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX ideas_author_idx ON ideas (author_id);

-- The primary key is the last word on "one vote per person".
CREATE TABLE votes (
    idea_id    bigint NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX votes_user_idx ON votes (user_id, idea_id);

CREATE TABLE comments (
    id            bigserial PRIMARY KEY,
    idea_id       bigint NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    author_id     bigint NOT NULL REFERENCES users (id),
    parent_id     bigint REFERENCES comments (id),
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    body_html     text NOT NULL DEFAULT '',
    edited_at     timestamptz,
    deleted_at    timestamptz,
    hidden_at     timestamptz,
    hidden_reason text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX comments_idea_idx ON comments (idea_id, created_at, id);
CREATE INDEX comments_parent_idx ON comments (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE themes (
    id             bigserial PRIMARY KEY,
    slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    name_cy        text NOT NULL DEFAULT '',
    description    text NOT NULL DEFAULT '',
    description_cy text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE idea_themes (
    idea_id  bigint NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    theme_id bigint NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (idea_id, theme_id)
);
CREATE INDEX idea_themes_theme_idx ON idea_themes (theme_id, idea_id);

-- The public record: every change that matters, written in the same transaction as the change.
CREATE TABLE events (
    id           bigserial PRIMARY KEY,
    actor_id     bigint REFERENCES users (id),
    verb         text NOT NULL,
    subject_type text NOT NULL,
    subject_id   bigint NOT NULL,
    idea_id      bigint REFERENCES ideas (id) ON DELETE CASCADE,
    from_value   text NOT NULL DEFAULT '',
    to_value     text NOT NULL DEFAULT '',
    reason       text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_idea_idx ON events (idea_id, created_at) WHERE idea_id IS NOT NULL;
CREATE INDEX events_subject_idx ON events (subject_type, subject_id, created_at);

-- Fixed-window write counters shared by every instance; one atomic upsert per write.
CREATE UNLOGGED TABLE rate_limits (
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (key, window_start)
);

-- +goose Down
DROP TABLE rate_limits, events, idea_themes, themes, comments, votes, ideas, consultations, identities, users;
