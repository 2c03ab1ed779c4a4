-- polystream schema, part 1: the tables.
-- Ownership (see ARCHITECTURE.md): the job writes prices and the P&L columns of positions; the gateway writes
-- users, positions (open/close/size/entry), watches, interest and the outbox, and market metadata from Gamma.
-- Every column beyond the contract columns has a default or is nullable, so a row can be inserted with only the
-- contract columns. There are deliberately no foreign keys between the job's and the gateway's tables: each side
-- writes on its own schedule (a price can arrive before Gamma metadata, a position before its first price).

CREATE TABLE users (
    id          bigint PRIMARY KEY,                      -- the Telegram user id
    username    text,
    first_name  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE markets (
    id                 text PRIMARY KEY,                 -- Gamma market id
    condition_id       text,                             -- 0x… condition id (`market` on the WebSocket)
    question           text,
    slug               text,
    outcomes           text[],
    token_ids          text[],                           -- token_ids[i] is the token of outcomes[i]
    outcome_prices     numeric[],                        -- outcome_prices[i] is the displayed price of token_ids[i]
    source             text CHECK (source IN ('gamma', 'ws', 'poll', 'replay')),
    prices_updated_at  timestamptz,                      -- exchange time of the newest price in outcome_prices
    active             boolean,
    closed             boolean,
    end_date           timestamptz,
    tick_size          numeric,
    metadata_updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX markets_token_ids_idx ON markets USING gin (token_ids);
CREATE INDEX markets_condition_id_idx ON markets (condition_id);
CREATE INDEX markets_slug_idx ON markets (slug);

CREATE TABLE token_prices (
    token_id          text PRIMARY KEY,
    market_id         text,                              -- markets.id of the market holding the token, when known
    condition_id      text,                              -- the feed's `market` field
    price             numeric,                           -- displayed price: midpoint, or last trade when spread > 0.10
    best_bid          numeric,
    best_ask          numeric,
    last_trade_price  numeric,
    source            text,
    exchange_ts       timestamptz,                       -- exchange time of the newest event in this row
    updated_at        timestamptz DEFAULT now()
);

CREATE TABLE positions (
    id              bigserial PRIMARY KEY,
    user_id         bigint,
    market_id       text,
    token_id        text,
    outcome         text,
    amount          numeric,                             -- shares
    entry_price     numeric,
    status          text DEFAULT 'active' CHECK (status IN ('active', 'closed', 'resolved')),
    current_price   numeric,
    pnl_amount      numeric,                             -- (current_price - entry_price) * amount
    pnl_percentage  numeric,                             -- (current_price - entry_price) / entry_price * 100
    updated_at      timestamptz,
    price_ts        timestamptz,                         -- exchange time of current_price
    opened_at       timestamptz NOT NULL DEFAULT now(),
    closed_at       timestamptz,
    exit_price      numeric,
    realized_pnl    numeric
);
CREATE INDEX positions_active_token_idx ON positions (token_id) WHERE status = 'active';
CREATE INDEX positions_user_idx ON positions (user_id, status);

CREATE TABLE price_bars_1s (
    token_id          text,
    bucket            timestamptz,                       -- start of the exchange-time second
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
    PRIMARY KEY (token_id, bucket)
);
CREATE INDEX price_bars_1s_bucket_idx ON price_bars_1s (bucket);

-- Watches: a user follows a token without holding it.
CREATE TABLE watches (
    user_id     bigint NOT NULL,
    token_id    text NOT NULL,
    market_id   text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, token_id)
);

-- How many open positions and watches want each token. Updated in the same transaction as the change, under the
-- row lock, so concurrent changes on one token serialise and each outbox row carries the true absolute count.
CREATE TABLE token_interest (
    token_id    text PRIMARY KEY,
    market_id   text,
    positions   int NOT NULL DEFAULT 0 CHECK (positions >= 0),
    watchers    int NOT NULL DEFAULT 0 CHECK (watchers >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Transactional outbox: the gateway writes a row in the same transaction as the position change; the relay
-- publishes unsent rows to Kafka in id order and stamps sent_at.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    topic       text NOT NULL,
    msg_key     text NOT NULL,
    payload     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;
