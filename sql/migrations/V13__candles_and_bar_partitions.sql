-- polystream schema, part 13: tables for analysts over the whole feed.
--
-- 1. price_bars_1s is partitioned by UTC day (RANGE on bucket), so retention drops whole days
--    instead of deleting rows. A DEFAULT partition takes any bar whose day has no partition yet:
--    a write never fails for want of a partition.
-- 2. candles_1m and candles_1h: OHLC of the displayed price, volume, and the book at close, kept
--    current by the job in the same transaction as the bars (job sink CandleStatements).
-- 3. ensure_bar_partitions(days_ahead) and drop_bar_partitions(retention): the upkeep the job runs
--    at most once an hour (job sink BarPartitions); SECURITY DEFINER, so the job's role creates and
--    drops partitions without owning the table.

-- The unpartitioned table steps aside; its rows are copied into the partitioned one below.
ALTER TABLE price_bars_1s RENAME TO price_bars_1s_unpartitioned;
ALTER TABLE price_bars_1s_unpartitioned RENAME CONSTRAINT price_bars_1s_pkey
    TO price_bars_1s_unpartitioned_pkey;
DROP INDEX price_bars_1s_bucket_brin;

CREATE TABLE price_bars_1s (
    token_id          text NOT NULL,
    bucket            timestamptz NOT NULL,              -- start of the exchange-time second
    open              numeric,
    high              numeric,
    low               numeric,
    close             numeric,
    best_bid          numeric,                           -- at close
    best_ask          numeric,                           -- at close
    last_trade_price  numeric,                           -- at close
    volume            numeric,                           -- traded size within the second
    messages          int,                               -- market events for the token within the second
    source            text,
    PRIMARY KEY (token_id, bucket)                       -- holds the partition key, as it must
) PARTITION BY RANGE (bucket);

-- Bars of days without a partition (a replay of old history, a clock far off): kept, never
-- dropped by retention; ensure_bar_partitions moves a day's rows out when it creates that day.
CREATE TABLE price_bars_1s_default PARTITION OF price_bars_1s DEFAULT;

-- As in V11: BRIN on bucket for "every token over this hour", per partition.
CREATE INDEX price_bars_1s_bucket_brin ON price_bars_1s USING brin (bucket);

-- The name of the partition of one UTC day: price_bars_1s_pYYYYMMDD.
CREATE FUNCTION bar_partition_name(day date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'price_bars_1s_p' || to_char(day, 'YYYYMMDD') $$;

-- Creates the partition of each UTC day from `first_day` through `last_day` that does not exist
-- yet, moving that day's rows out of the DEFAULT partition first. It attaches rather than creates
-- PARTITION OF, so writers of other days are not blocked (ATTACH takes SHARE UPDATE EXCLUSIVE on
-- the parent). Returns the number of partitions created.
CREATE FUNCTION create_bar_partitions(first_day date, last_day date) RETURNS int
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
DECLARE
    day date;
    name text;
    lo timestamptz;
    hi timestamptz;
    created int := 0;
BEGIN
    IF last_day - first_day > 3660 THEN
        RAISE EXCEPTION 'create_bar_partitions: % days is more than ten years', last_day - first_day;
    END IF;
    -- One upkeep at a time, whichever sink subtask or operator runs it.
    PERFORM pg_advisory_xact_lock(hashtext('price_bars_1s partitions'));
    day := first_day;
    WHILE day <= last_day LOOP
        name := bar_partition_name(day);
        IF to_regclass(name) IS NULL THEN
            lo := day::timestamp AT TIME ZONE 'UTC';
            hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
            EXECUTE format('CREATE TABLE %I (LIKE price_bars_1s INCLUDING DEFAULTS)', name);
            EXECUTE format('WITH moved AS (DELETE FROM price_bars_1s_default'
                           ' WHERE bucket >= $1 AND bucket < $2 RETURNING *)'
                           ' INSERT INTO %I SELECT * FROM moved', name) USING lo, hi;
            EXECUTE format('ALTER TABLE price_bars_1s ATTACH PARTITION %I'
                           ' FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
            created := created + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN created;
END
$$;

-- The partitions of yesterday, today and `days_ahead` days after today (UTC).
CREATE FUNCTION ensure_bar_partitions(days_ahead int) RETURNS int
    LANGUAGE sql SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    SELECT create_bar_partitions((now() AT TIME ZONE 'UTC')::date - 1,
                                 (now() AT TIME ZONE 'UTC')::date + greatest(days_ahead, 0))
$$;

-- Drops every daily partition of price_bars_1s that ends at or before now() - retention: whole
-- days only, never the DEFAULT partition, never a candle. Returns the names dropped.
CREATE FUNCTION drop_bar_partitions(retention interval) RETURNS SETOF text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
DECLARE
    part record;
BEGIN
    IF retention <= interval '0' THEN
        RAISE EXCEPTION 'drop_bar_partitions: retention must be positive, got %', retention;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('price_bars_1s partitions'));
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'price_bars_1s'::regclass
          AND c.relname ~ '^price_bars_1s_p[0-9]{8}$'
          AND (to_date(right(c.relname, 8), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC'
              <= now() - retention
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        RETURN NEXT part.relname;
    END LOOP;
END
$$;

-- The days the old table holds, and the days around today, get their partitions; then its rows move.
SELECT create_bar_partitions(
    LEAST((SELECT min(bucket) FROM price_bars_1s_unpartitioned) AT TIME ZONE 'UTC',
          now() AT TIME ZONE 'UTC')::date,
    LEAST(GREATEST((SELECT max(bucket) FROM price_bars_1s_unpartitioned) AT TIME ZONE 'UTC',
                   now() AT TIME ZONE 'UTC')::date,
          (now() AT TIME ZONE 'UTC')::date + 2));
SELECT ensure_bar_partitions(2);
INSERT INTO price_bars_1s SELECT * FROM price_bars_1s_unpartitioned;
DROP TABLE price_bars_1s_unpartitioned;

-- Candles: one row per token and minute (hour) with at least one bar. open is the first displayed
-- price of the period, close the last (bars without one are skipped), high/low the extremes;
-- best_bid, best_ask and last_trade_price are the book of the period's last bar; volume and
-- messages are summed; bars counts the seconds with activity. open_at, close_at and last_bar_at
-- (the seconds open, close and the book come from) let the job fold a new second in without
-- reading the period's other bars.
CREATE TABLE candles_1m (
    token_id          text NOT NULL,
    bucket            timestamptz NOT NULL,              -- start of the minute
    open              numeric,
    high              numeric,
    low               numeric,
    close             numeric,
    best_bid          numeric,                           -- at close
    best_ask          numeric,                           -- at close
    last_trade_price  numeric,                           -- at close
    volume            numeric,
    messages          bigint,
    bars              int,                               -- seconds with activity
    open_at           timestamptz,                       -- the second of open
    close_at          timestamptz,                       -- the second of close
    last_bar_at       timestamptz,                       -- the last second with activity
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (token_id, bucket)                       -- one token over a day
) WITH (fillfactor = 70);                                -- rewritten every second: HOT updates
CREATE INDEX candles_1m_bucket_idx ON candles_1m (bucket);  -- every token in one minute

CREATE TABLE candles_1h (LIKE candles_1m INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    WITH (fillfactor = 70);
ALTER TABLE candles_1h ADD PRIMARY KEY (token_id, bucket);
COMMENT ON COLUMN candles_1h.bucket IS 'start of the hour';
CREATE INDEX candles_1h_bucket_idx ON candles_1h (bucket);

-- The candles of the bars already written (the job keeps them current from now on).
INSERT INTO candles_1m (token_id, bucket, open, high, low, close, best_bid, best_ask,
                        last_trade_price, volume, messages, bars, open_at, close_at, last_bar_at)
SELECT token_id, date_trunc('minute', bucket),
       (array_agg(open ORDER BY bucket) FILTER (WHERE open IS NOT NULL))[1], max(high), min(low),
       (array_agg(close ORDER BY bucket DESC) FILTER (WHERE close IS NOT NULL))[1],
       (array_agg(best_bid ORDER BY bucket DESC))[1], (array_agg(best_ask ORDER BY bucket DESC))[1],
       (array_agg(last_trade_price ORDER BY bucket DESC))[1], sum(volume), sum(messages), count(*),
       min(bucket) FILTER (WHERE open IS NOT NULL), max(bucket) FILTER (WHERE close IS NOT NULL),
       max(bucket)
FROM price_bars_1s GROUP BY 1, 2;
INSERT INTO candles_1h (token_id, bucket, open, high, low, close, best_bid, best_ask,
                        last_trade_price, volume, messages, bars, open_at, close_at, last_bar_at)
SELECT token_id, date_trunc('hour', bucket),
       (array_agg(open ORDER BY bucket) FILTER (WHERE open IS NOT NULL))[1], max(high), min(low),
       (array_agg(close ORDER BY bucket DESC) FILTER (WHERE close IS NOT NULL))[1],
       (array_agg(best_bid ORDER BY bucket DESC))[1], (array_agg(best_ask ORDER BY bucket DESC))[1],
       (array_agg(last_trade_price ORDER BY bucket DESC))[1], sum(volume), sum(messages), sum(bars),
       min(open_at), max(close_at), max(last_bar_at)
FROM candles_1m GROUP BY 1, 2;

-- Grants as in V2 for the new objects (the partitioned price_bars_1s is a new table).
GRANT SELECT ON price_bars_1s, candles_1m, candles_1h TO polystream_analyst, polystream_gateway;
GRANT SELECT, INSERT, UPDATE ON price_bars_1s, candles_1m, candles_1h TO polystream_job;
REVOKE EXECUTE ON FUNCTION create_bar_partitions(date, date), ensure_bar_partitions(int),
    drop_bar_partitions(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_bar_partitions(int), drop_bar_partitions(interval)
    TO polystream_job;
