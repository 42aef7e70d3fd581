-- +goose Up
-- The account a session is signed in to, beside the session's data (which the session store
-- keeps encoded, out of SQL's reach), so that a signed-in request reads its session and its
-- user in one query (models.SessionUser). Sign-in sets it; signing out deletes the row. The
-- store (gofiber/storage/postgres) creates the table itself when it is missing, with these
-- first three columns, and looks at no others.
CREATE TABLE IF NOT EXISTS http_sessions (
    k text PRIMARY KEY NOT NULL DEFAULT '',
    v bytea NOT NULL,
    e bigint NOT NULL DEFAULT '0'
);
ALTER TABLE http_sessions ADD COLUMN user_id bigint;

-- +goose Down
ALTER TABLE http_sessions DROP COLUMN user_id;
