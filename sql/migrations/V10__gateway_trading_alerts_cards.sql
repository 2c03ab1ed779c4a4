-- polystream schema, part 10: the Telegram gateway's own tables (paper orders, alerts, live cards).
-- All written by the gateway only; prices stay the job's.

-- Paper trades: every fill of a /buy or /sell, at the top of book the gateway read when it filled.
CREATE TABLE orders (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL,
    position_id   bigint NOT NULL,                   -- the position opened, averaged into or reduced
    market_id     text,
    token_id      text NOT NULL,
    side          text NOT NULL CHECK (side IN ('buy', 'sell')),
    shares        numeric NOT NULL CHECK (shares > 0),
    price         numeric NOT NULL CHECK (price >= 0 AND price <= 1), -- best ask (buy) or best bid (sell)
    usdc          numeric NOT NULL,                  -- cost of a buy, proceeds of a sell
    realized_pnl  numeric,                           -- sells: (price - entry) * shares
    price_ts      timestamptz,                       -- greatest(exchange_ts, confirmed_at) of the price used
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_idx ON orders (user_id, id);
CREATE INDEX orders_position_idx ON orders (position_id);

-- Alerts: a price crossing on a token, or a P&L threshold on a position. Fired once: fired_at is set in the
-- transaction that decides it fired; notified_at once Telegram accepted the message (the gap is retried,
-- also after a restart).
CREATE TABLE alerts (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL,
    chat_id       bigint NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('price_above', 'price_below', 'pnl_percent', 'pnl_amount')),
    position_id   bigint,                            -- pnl alerts, and price alerts set on a position
    market_id     text,
    token_id      text NOT NULL,
    outcome       text,
    threshold     numeric NOT NULL,                  -- pnl kinds: the sign gives the direction (+ rises to, - falls to)
    created_at    timestamptz NOT NULL DEFAULT now(),
    fired_at      timestamptz,
    fired_value   numeric,                           -- the price or P&L that fired it
    notified_at   timestamptz
);
CREATE INDEX alerts_armed_idx ON alerts (token_id) WHERE fired_at IS NULL;
CREATE INDEX alerts_unnotified_idx ON alerts (id) WHERE fired_at IS NOT NULL AND notified_at IS NULL;
CREATE INDEX alerts_user_idx ON alerts (user_id, id);

-- The live /positions card of each chat: the message edited in place while prices move.
CREATE TABLE live_cards (
    chat_id       bigint PRIMARY KEY,
    user_id       bigint NOT NULL,
    message_id    bigint NOT NULL,
    page          int NOT NULL DEFAULT 0,
    render_hash   text,                              -- hash of the text and buttons last sent
    last_tap_at   timestamptz NOT NULL DEFAULT now(),-- auto-refresh stops 15 minutes after the last tap
    paused_at     timestamptz,                       -- set when auto-refresh stopped
    updated_at    timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE, DELETE ON orders, alerts, live_cards TO polystream_gateway;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO polystream_gateway;
GRANT SELECT ON orders, alerts, live_cards TO polystream_analyst;
