-- +goose Up
-- Rate limits as token buckets (GCRA), shared by every instance: one row per key holding the
-- bucket's theoretical arrival time, the moment it will be full again. A request is one
-- atomic upsert (models.TakeToken), so the count is exact however many instances and
-- requests race. A bucket whose tat has passed is full, the same as no row, so old rows can
-- be deleted at any time (models.PruneRateBuckets). Unlogged: after a crash every bucket
-- starting full again costs nothing worth a write-ahead log.
-- The fixed-window rate_limits table of 00001 is no longer used; it stays, so that an
-- instance still running the previous release keeps working during a rolling upgrade, and
-- can be dropped in a later migration.
CREATE UNLOGGED TABLE rate_buckets (
    key text PRIMARY KEY,
    tat timestamptz NOT NULL
);

-- +goose Down
DROP TABLE rate_buckets;
