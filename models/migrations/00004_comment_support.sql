-- +goose Up
-- Members back a comment as they vote for an idea. The primary key is the last word on "one
-- support per person"; the count beside the comment is kept exact in the same transaction.
ALTER TABLE comments ADD COLUMN support_count integer NOT NULL DEFAULT 0
    CONSTRAINT comments_support_count_check CHECK (support_count >= 0);

CREATE TABLE comment_supports (
    comment_id bigint NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, user_id)
);
-- Which of a page's comments the reader supports.
CREATE INDEX comment_supports_user_idx ON comment_supports (user_id, comment_id);

-- An idea's most-supported visible comments (for the board's meeting pack), in the order
-- TopComments reads them, so ranking needs no sort.
CREATE INDEX comments_top_idx ON comments (idea_id, support_count DESC, created_at, id)
    WHERE deleted_at IS NULL AND hidden_at IS NULL;

-- +goose Down
DROP INDEX comments_top_idx;
DROP TABLE comment_supports;
ALTER TABLE comments DROP COLUMN support_count;
