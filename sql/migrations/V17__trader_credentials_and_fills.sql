-- polystream schema, part 17: traders' own CLOB credentials (sealed) and their own fills (issue 11).
-- Both written and read by the gateway only. Nobody else is granted anything: the credentials are
-- secrets (sealed with AES-GCM under the gateway's key, never readable in the clear here), and a
-- trader's own fills, tied to their Telegram user id, are their private business.

-- One connection per trader and linked wallet: the credentials they gave /connect, sealed.
CREATE TABLE trader_credentials (
    user_id       bigint NOT NULL,
    chat_id       bigint NOT NULL,
    wallet        text NOT NULL CHECK (wallet ~ '^0x[0-9a-f]{40}$'),   -- the linked proxy wallet
    address       text NOT NULL CHECK (address ~ '^0x[0-9a-f]{40}$'),  -- POLY_ADDRESS: the key's signer
    kind          text NOT NULL CHECK (kind IN ('l2', 'read_only')),
    key_hint      text NOT NULL,                     -- last 4 characters of the API key (not secret)
    sealed        bytea NOT NULL,                    -- version + nonce + AES-GCM(JSON of the secrets)
    key_id        text NOT NULL,                     -- first 8 bytes (hex) of SHA-256 of the sealing key
    state         text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'rejected')),
    connected_at  timestamptz NOT NULL DEFAULT now(),
    rejected_at   timestamptz,                       -- Polymarket refused them (the user channel dropped)
    PRIMARY KEY (user_id, wallet)
);

-- Every status of every own leg seen, once: the dedupe across restarts and reconnections.
CREATE TABLE own_fills (
    user_id       bigint NOT NULL,
    wallet        text NOT NULL,
    trade_id      text NOT NULL,
    leg_id        text NOT NULL,
    status        text NOT NULL CHECK (status IN ('MATCHED', 'MINED', 'CONFIRMED', 'RETRYING', 'FAILED')),
    taker         boolean NOT NULL,
    market        text,                              -- condition id
    asset_id      text,
    outcome       text,
    side          text CHECK (side IN ('BUY', 'SELL')),
    size          numeric,
    price         numeric,
    match_time    timestamptz,
    announced     boolean NOT NULL DEFAULT false,    -- a message was queued for this status
    notified_at   timestamptz,                       -- Telegram accepted that message
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, trade_id, leg_id, status)
);
CREATE INDEX own_fills_wallet_idx ON own_fills (wallet, recorded_at);
-- Announced but not delivered (the gateway stopped in between): sent again at the next start.
CREATE INDEX own_fills_undelivered_idx ON own_fills (user_id, wallet)
    WHERE announced AND notified_at IS NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON trader_credentials, own_fills TO polystream_gateway;
