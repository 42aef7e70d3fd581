-- +goose Up
-- Writes announce the site's new version (issue 18): each instance LISTENs on
-- syniad_site_version and so serves its kept pages without asking the database the version on
-- every request (app/siteversion.go). A NOTIFY in a transaction is sent at its commit, so an
-- import by the CLI, a psql session or a job shows at once. The web process's own writes are
-- left out: it announces them itself after they commit (models.BumpSiteVersion), because a
-- NOTIFY inside a busy write transaction serialises commits on a lock of the whole database.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_site_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
    v := nextval('site_version');
    IF current_setting('application_name', true) IS DISTINCT FROM 'syniad-web' THEN
        PERFORM pg_notify('syniad_site_version', v::text);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_site_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('site_version');
    RETURN NULL;
END $$;
-- +goose StatementEnd
