-- +goose Up
-- People's own accounts: an author may edit an idea for a while and withdraw it at any time,
-- and anyone may delete their account, which keeps its row (so what they wrote stays in the
-- record, attributed to a former member) but none of their personal data.
ALTER TABLE ideas DROP CONSTRAINT ideas_status_check;
ALTER TABLE ideas ADD CONSTRAINT ideas_status_check CHECK (status IN
    ('new', 'under_review', 'shortlisted', 'on_agenda', 'in_progress', 'done', 'declined', 'duplicate', 'withdrawn'));
ALTER TABLE ideas ADD COLUMN edited_at timestamptz, ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE users ADD COLUMN deleted_at timestamptz;

-- +goose Down
ALTER TABLE users DROP COLUMN deleted_at;
ALTER TABLE ideas DROP COLUMN withdrawn_at, DROP COLUMN edited_at;
UPDATE ideas SET status = 'declined' WHERE status = 'withdrawn';
ALTER TABLE ideas DROP CONSTRAINT ideas_status_check;
ALTER TABLE ideas ADD CONSTRAINT ideas_status_check CHECK (status IN
    ('new', 'under_review', 'shortlisted', 'on_agenda', 'in_progress', 'done', 'declined', 'duplicate'));
