-- +goose Up
-- Hearing back (issue 16). Who follows which idea; what each person chose to hear, per kind;
-- what they have been told (or are waiting to be told in a digest); and the random token in
-- every message that lets its reader change those choices without signing in.
CREATE TABLE follows (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idea_id    bigint NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, idea_id)
);
CREATE INDEX follows_idea_idx ON follows (idea_id);
-- Authors follow their own ideas; those written before this migration too.
INSERT INTO follows (user_id, idea_id, created_at)
    SELECT author_id, id, created_at FROM ideas WHERE author_id IS NOT NULL ON CONFLICT DO NOTHING;

-- A missing row means the default for that kind (models.DefaultNotifyMode).
CREATE TABLE notification_prefs (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('status', 'agenda', 'action', 'reply')),
    mode       text NOT NULL CHECK (mode IN ('now', 'digest', 'never')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind)
);

-- One per person, made the first time a message is sent to them. It authorises only changing
-- that person's notification preferences; it is random, so nothing else can be derived from it.
CREATE TABLE notification_tokens (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token      text NOT NULL UNIQUE CHECK (length(token) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- What someone was told, or will be in their next digest. 'never' records nothing.
-- subject is what changed beside the idea: an agenda item, an action or a comment.
CREATE TABLE notifications (
    id             bigserial PRIMARY KEY,
    user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('status', 'agenda', 'action', 'reply')),
    verb           text NOT NULL,
    idea_id        bigint REFERENCES ideas (id) ON DELETE CASCADE,
    subject_type   text NOT NULL DEFAULT '',
    subject_id     bigint,
    actor_id       bigint REFERENCES users (id) ON DELETE SET NULL,
    status         text NOT NULL DEFAULT '',
    detail         text NOT NULL DEFAULT '',
    detail_cy      text NOT NULL DEFAULT '',
    delivery       text NOT NULL CHECK (delivery IN ('now', 'digest')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    digest_sent_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
-- The digest job reads only what is waiting.
CREATE INDEX notifications_digest_due_idx ON notifications (user_id, id)
    WHERE delivery = 'digest' AND digest_sent_at IS NULL;

-- +goose Down
DROP TABLE notifications;
DROP TABLE notification_tokens;
DROP TABLE notification_prefs;
DROP TABLE follows;
