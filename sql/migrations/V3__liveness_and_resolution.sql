-- polystream schema, part 3: price liveness and market resolution, both written by the job.

-- When the job last confirmed the token's price was current: a token on a healthy socket with a quiet book
-- keeps its old exchange_ts, so "age of the price" is now() - greatest(exchange_ts, confirmed_at).
ALTER TABLE token_prices ADD COLUMN confirmed_at timestamptz;

-- Settlement as seen by the job (market_resolved on the feed, or Gamma's closed flag).
ALTER TABLE markets ADD COLUMN resolved_at timestamptz;
ALTER TABLE markets ADD COLUMN winning_token_id text;

GRANT UPDATE (resolved_at, winning_token_id) ON markets TO polystream_job;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO polystream_analyst;
