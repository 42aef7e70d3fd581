-- +goose Up
-- Mail itself is queued in River's tables (river_job and the rest, made by River's own
-- migrations, which run after these: see models/queue.go). These are the two tables beside it.

-- The development mailbox: without SMTP_URL, mail is kept here and shown at /dev/mail.
CREATE TABLE dev_mail (
    id         bigserial PRIMARY KEY,
    to_address text NOT NULL,
    lang       text NOT NULL DEFAULT 'en',
    subject    text NOT NULL,
    text_body  text NOT NULL DEFAULT '',
    html_body  text NOT NULL DEFAULT '',
    headers    jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Sign-in links sent by email: only the SHA-256 of the link's token is kept, for 15 minutes,
-- and the row goes when the link is used. Like a sign-in state, it is the short-lived row a
-- visitor who is not signed in may cause; Server.Prune deletes those that expired.
CREATE TABLE email_tokens (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    email      text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    lang       text NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'cy')),
    next_path  text NOT NULL DEFAULT '/',
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX email_tokens_expires_at_idx ON email_tokens (expires_at);

-- An email address signs in one person: the identity (provider 'email') holds it in lower case.
CREATE INDEX users_email_idx ON users (lower(email)) WHERE email <> '';

-- +goose Down
DROP INDEX users_email_idx;
DROP TABLE email_tokens;
DROP TABLE dev_mail;
