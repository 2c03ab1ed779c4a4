-- polystream schema, part 14: the history back-fill (issue 10, item 3).
-- When the job first streams a token it loads the token's recent history once from CLOB
-- GET /prices-history, so charts and candles have history before the first live bar.

-- One row per point of a token's history, as the CLOB reports it (its displayed price then).
-- Inserted ON CONFLICT DO NOTHING: a point is written once, a repeated load changes nothing.
-- The primary key answers "one token over a day"; the BRIN index "every token in one hour".
CREATE TABLE price_history (
    token_id  text        NOT NULL,
    ts        timestamptz NOT NULL,                       -- the point's time (CLOB `t`, unix seconds)
    price     numeric     NOT NULL,                       -- CLOB `p`
    source    text        NOT NULL DEFAULT 'clob-history',
    PRIMARY KEY (token_id, ts)
);
CREATE INDEX price_history_ts_brin ON price_history USING brin (ts);

-- Tokens whose history was loaded: a token is never loaded twice, across restarts and savepoints too.
-- Written in the transaction that writes the token's points.
CREATE TABLE backfills (
    token_id          text        PRIMARY KEY,
    done_at           timestamptz NOT NULL DEFAULT now(),
    points            int         NOT NULL,               -- points the CLOB returned
    window_start      timestamptz NOT NULL,               -- the range asked for
    window_end        timestamptz NOT NULL,
    fidelity_minutes  int         NOT NULL
);

GRANT SELECT, INSERT ON price_history, backfills TO polystream_job;
GRANT SELECT ON price_history, backfills TO polystream_analyst;
GRANT SELECT ON price_history, backfills TO polystream_gateway;
