-- polystream schema, part 11: tables the job rewrites every second stay cheap to rewrite.

-- The job looks markets up by token (token_prices.market_id, settlement). With GIN's fast-update
-- pending list, every lookup scans the entries not yet merged: after the gateway lists thousands of
-- markets, one lookup took over a millisecond. Merge on insert instead; the catalogue changes slowly.
ALTER INDEX markets_token_ids_idx SET (fastupdate = off);

-- Room on each page for the new version of a row, so the per-second updates of prices and P&L stay
-- HOT (no index entries, no bloat of the indexes); it applies to pages written from now on.
ALTER TABLE token_prices SET (fillfactor = 70);
ALTER TABLE markets SET (fillfactor = 70);
ALTER TABLE positions SET (fillfactor = 70);

-- price_bars_1s grows by one row per active token per second, in time order: a BRIN index answers
-- "every token over this hour" as well as the B-tree did, at a fraction of the cost per insert.
-- Per-token history keeps using the primary key (token_id, bucket).
DROP INDEX price_bars_1s_bucket_idx;
CREATE INDEX price_bars_1s_bucket_brin ON price_bars_1s USING brin (bucket);
