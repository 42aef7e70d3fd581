-- +goose Up
-- A body that meets: the Digital Panel, a technical standards board, a community board.
CREATE TABLE boards (
    id             bigserial PRIMARY KEY,
    slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    name_cy        text NOT NULL DEFAULT '' CHECK (length(name_cy) <= 120),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    description_cy text NOT NULL DEFAULT '' CHECK (length(description_cy) <= 2000),
    -- The start of its action references: DP makes DP-2026-004.
    ref_prefix     text NOT NULL UNIQUE CHECK (ref_prefix ~ '^[A-Z][A-Z0-9]{0,7}$'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- A consultation may be run for a board, whose meetings then take its ideas.
ALTER TABLE consultations ADD COLUMN board_id bigint REFERENCES boards (id);

CREATE TABLE meetings (
    id             bigserial PRIMARY KEY,
    board_id       bigint NOT NULL REFERENCES boards (id),
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    title_cy       text NOT NULL DEFAULT '' CHECK (length(title_cy) <= 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    description_cy text NOT NULL DEFAULT '' CHECK (length(description_cy) <= 5000),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    location       text NOT NULL DEFAULT '' CHECK (length(location) <= 300),
    postcode       text NOT NULL DEFAULT '' CHECK (length(postcode) <= 10),
    online_url     text NOT NULL DEFAULT '' CHECK (length(online_url) <= 500),
    status         text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'minutes_published', 'cancelled')),
    attendees      text NOT NULL DEFAULT '' CHECK (length(attendees) <= 5000),
    apologies      text NOT NULL DEFAULT '' CHECK (length(apologies) <= 5000),
    minutes        text NOT NULL DEFAULT '' CHECK (length(minutes) <= 50000),
    minutes_html   text NOT NULL DEFAULT '',
    minutes_cy     text NOT NULL DEFAULT '' CHECK (length(minutes_cy) <= 50000),
    minutes_cy_html text NOT NULL DEFAULT '',
    minutes_published_at timestamptz,
    -- Bumped on every change a calendar should notice (RFC 5545 SEQUENCE).
    sequence       integer NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (status <> 'minutes_published' OR (minutes <> '' AND minutes_published_at IS NOT NULL))
);
CREATE INDEX meetings_starts_idx ON meetings (starts_at, id);
CREATE INDEX meetings_board_idx ON meetings (board_id, starts_at);

CREATE TABLE agenda_items (
    id               bigserial PRIMARY KEY,
    meeting_id       bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position         integer NOT NULL CHECK (position >= 1),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    title_cy         text NOT NULL DEFAULT '' CHECK (length(title_cy) <= 200),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    description_cy   text NOT NULL DEFAULT '' CHECK (length(description_cy) <= 5000),
    presenters       text NOT NULL DEFAULT '' CHECK (length(presenters) <= 500),
    duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 600),
    outcome          text NOT NULL DEFAULT '' CHECK (length(outcome) <= 5000),
    outcome_cy       text NOT NULL DEFAULT '' CHECK (length(outcome_cy) <= 5000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- Checked at commit, so items can be renumbered within one transaction.
    CONSTRAINT agenda_items_position_unique UNIQUE (meeting_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE agenda_item_ideas (
    agenda_item_id bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    idea_id        bigint NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    linked_by_id   bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agenda_item_id, idea_id)
);
CREATE INDEX agenda_item_ideas_idea_idx ON agenda_item_ideas (idea_id);

-- The last action number used per board and year: one atomic upsert hands out the next, so
-- two actions raised at the same instant never share a reference.
CREATE TABLE action_counters (
    board_id bigint NOT NULL REFERENCES boards (id),
    year     integer NOT NULL,
    last     integer NOT NULL,
    PRIMARY KEY (board_id, year)
);

CREATE TABLE actions (
    id             bigserial PRIMARY KEY,
    board_id       bigint NOT NULL REFERENCES boards (id),
    reference      text NOT NULL UNIQUE,
    description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    description_cy text NOT NULL DEFAULT '' CHECK (length(description_cy) <= 2000),
    owner_name     text NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 100),
    owner_id       bigint REFERENCES users (id),
    meeting_id     bigint REFERENCES meetings (id) ON DELETE SET NULL,
    agenda_item_id bigint REFERENCES agenda_items (id) ON DELETE SET NULL,
    due_on         date,
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    closed_at      timestamptz,
    created_by_id  bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((status IN ('done', 'dropped')) = (closed_at IS NOT NULL))
);
CREATE INDEX actions_board_idx ON actions (board_id, status, due_on);
CREATE INDEX actions_open_due_idx ON actions (due_on, id) WHERE status IN ('open', 'in_progress');
CREATE INDEX actions_meeting_idx ON actions (meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX actions_agenda_item_idx ON actions (agenda_item_id) WHERE agenda_item_id IS NOT NULL;

CREATE TABLE action_ideas (
    action_id bigint NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    idea_id   bigint NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, idea_id)
);
CREATE INDEX action_ideas_idea_idx ON action_ideas (idea_id);

-- Dated progress on an action; each may move its status.
CREATE TABLE action_updates (
    id          bigserial PRIMARY KEY,
    action_id   bigint NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    body_cy     text NOT NULL DEFAULT '' CHECK (length(body_cy) <= 2000),
    status_from text NOT NULL,
    status_to   text NOT NULL CHECK (status_to IN ('open', 'in_progress', 'done', 'dropped')),
    author_id   bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_updates_action_idx ON action_updates (action_id, created_at, id);

-- +goose Down
DROP TABLE action_updates, action_ideas, actions, action_counters, agenda_item_ideas, agenda_items, meetings;
ALTER TABLE consultations DROP COLUMN board_id;
DROP TABLE boards;
