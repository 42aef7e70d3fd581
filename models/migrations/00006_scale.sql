-- +goose Up
-- Trending: support counted in tenfolds, against age, so that every three days of age cost an
-- idea a tenfold of its support. Unlike a score that decays with now(), this one never changes
-- as time passes (only the order of newer ideas against older ones matters), so it can be
-- indexed: the trending list is an index walk, not a sort of every idea. The epoch of a
-- timestamptz does not depend on the time zone, so the function is truly immutable.
-- +goose StatementBegin
CREATE FUNCTION idea_trend(votes integer, created timestamptz) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN log(greatest(votes, 0) + 1.0)::double precision + date_part('epoch', created) / 259200;
-- +goose StatementEnd
CREATE INDEX ideas_trending_idx ON ideas (idea_trend(vote_count, created_at) DESC, id DESC) WHERE hidden_at IS NULL;

-- The idea lists' version: one number that changes, at commit, whenever something changes
-- which ideas a list filter matches (an idea's status, visibility, merging, consultation or
-- text; its themes; a consultation's status or slug; a theme's slug). Vote and comment counts
-- do not change it. Lists remember how many ideas matched a filter at a version, and count
-- again only when the version has moved, so a page never counts 100,000 rows to say how many
-- pages there are, and the total is still exact, on every instance.
CREATE TABLE idea_list_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL
);
INSERT INTO idea_list_version VALUES (true, 1);

-- Runs at commit (the triggers are deferred), once a transaction however many rows it
-- changed, so the version row is the last lock a writer takes and bulk changes bump it once.
-- +goose StatementBegin
CREATE FUNCTION bump_idea_list_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('syniad.idea_list_bumped', true) IS DISTINCT FROM 'on' THEN
        UPDATE idea_list_version SET version = version + 1;
        PERFORM set_config('syniad.idea_list_bumped', 'on', true);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER ideas_list_version_insert_delete AFTER INSERT OR DELETE ON ideas
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_idea_list_version();
CREATE CONSTRAINT TRIGGER ideas_list_version_update
    AFTER UPDATE OF status, hidden_at, merged_into_id, consultation_id, title, body ON ideas
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.hidden_at IS DISTINCT FROM NEW.hidden_at
       OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id OR OLD.consultation_id <> NEW.consultation_id
       OR OLD.search IS DISTINCT FROM NEW.search)
    EXECUTE FUNCTION bump_idea_list_version();
CREATE CONSTRAINT TRIGGER idea_themes_list_version AFTER INSERT OR UPDATE OR DELETE ON idea_themes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_idea_list_version();
CREATE CONSTRAINT TRIGGER consultations_list_version AFTER INSERT OR UPDATE OF status, slug OR DELETE ON consultations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_idea_list_version();
CREATE CONSTRAINT TRIGGER themes_list_version AFTER UPDATE OF slug OR DELETE ON themes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_idea_list_version();

-- The site's version: a number that moves with every write to what pages show, so a page
-- rendered for visitors who are not signed in can be served again until anything changes
-- (app/pagecache.go). A sequence takes no lock, so votes at a thousand a second do not queue on
-- it. Every table but the service's own bookkeeping bumps it; a table added later needs the
-- same trigger (the web process also bumps it after every write it serves).
CREATE SEQUENCE site_version;
-- +goose StatementBegin
CREATE FUNCTION bump_site_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('site_version');
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
             AND tablename NOT IN ('goose_db_version', 'goose_lock', 'http_sessions', 'rate_limits', 'idea_list_version')
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version()', t || '_site_version', t);
    END LOOP;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tgname, tgrelid::regclass AS tbl FROM pg_trigger WHERE tgname LIKE '%\_site\_version' AND NOT tgisinternal
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.tbl);
    END LOOP;
END $$;
-- +goose StatementEnd
DROP FUNCTION bump_site_version();
DROP SEQUENCE site_version;
DROP TRIGGER themes_list_version ON themes;
DROP TRIGGER consultations_list_version ON consultations;
DROP TRIGGER idea_themes_list_version ON idea_themes;
DROP TRIGGER ideas_list_version_update ON ideas;
DROP TRIGGER ideas_list_version_insert_delete ON ideas;
DROP FUNCTION bump_idea_list_version();
DROP TABLE idea_list_version;
DROP INDEX ideas_trending_idx;
DROP FUNCTION idea_trend(integer, timestamptz);
