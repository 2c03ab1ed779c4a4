-- polystream schema, part 12: real positions from linked wallets, and P&L defined once.

-- P&L is defined here and nowhere else (ARCHITECTURE.md): the job's set-based statement, the live card, the
-- alerts, the analysts' view and the realized P&L of a sale all call these functions.
--   value          = amount × price
--   pnl_amount     = amount × price − cost basis
--   pnl_percentage = pnl_amount / cost basis × 100        (unknown when the cost basis is 0 or unknown)
--   sale P&L       = sold × price − cost basis × sold / amount
-- One rounding rule: round() (half away from zero), money to 6 decimals (USDC's own precision), percentages to
-- 4 (Polymarket's). Display rounds those to cents and tenths with the same rule (Java's HALF_UP).
-- A paper position's cost basis is entry_price × amount (kept so by the trigger below), which gives the seed's
-- (current − entry) × amount; a wallet position's is Polymarket's entry_cost_usdc.
CREATE FUNCTION position_value(amount numeric, price numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT round(amount * price, 6) $$;

CREATE FUNCTION position_pnl_amount(amount numeric, price numeric, cost_basis numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT round(amount * price - cost_basis, 6) $$;

CREATE FUNCTION position_pnl_percentage(amount numeric, price numeric, cost_basis numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN cost_basis > 0 THEN round((amount * price - cost_basis) / cost_basis * 100, 4) END $$;

CREATE FUNCTION position_sale_pnl(sold numeric, price numeric, amount numeric, cost_basis numeric)
    RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN amount > 0 THEN round(sold * price - cost_basis * sold / amount, 6) END $$;

-- Where a position comes from: a paper trade in the bot, or a holding of a linked wallet (Data API v2).
ALTER TABLE positions
    ADD COLUMN source       text NOT NULL DEFAULT 'paper' CHECK (source IN ('paper', 'wallet')),
    ADD COLUMN wallet       text,        -- lower-case proxy address; wallet positions only (user_id is NULL)
    ADD COLUMN condition_id text,        -- the market's condition id, when known
    ADD COLUMN cost_basis   numeric,     -- USDC paid for the shares held, fees excluded
    ADD COLUMN redeemable   boolean,     -- Data API: resolved and still held (losers too)
    ADD COLUMN mergeable    boolean,     -- Data API: the wallet also holds the opposite outcome
    ADD CONSTRAINT positions_wallet_source CHECK ((source = 'wallet') = (wallet IS NOT NULL));

UPDATE positions SET cost_basis = entry_price * amount WHERE cost_basis IS NULL;

-- A paper position's cost basis follows its entry price and amount (averaging buys, partial sells), so a row
-- inserted with only the contract columns gets one too.
CREATE FUNCTION positions_paper_cost_basis() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.source = 'paper' THEN
        NEW.cost_basis := NEW.entry_price * NEW.amount;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER positions_paper_cost_basis
    BEFORE INSERT OR UPDATE OF amount, entry_price, cost_basis, source ON positions
    FOR EACH ROW EXECUTE FUNCTION positions_paper_cost_basis();

-- One open holding per wallet and token: active while held, resolved once its market settled (never reopened).
CREATE UNIQUE INDEX positions_wallet_holding_idx ON positions (wallet, token_id)
    WHERE source = 'wallet' AND status IN ('active', 'resolved');
-- A wallet's whole history (its totals count closed positions' realized P&L; notices join by wallet).
CREATE INDEX positions_wallet_idx ON positions (wallet, status) WHERE source = 'wallet';

-- Wallets traders linked (public data: linking proves nothing about ownership and needs no secret).
CREATE TABLE wallets (
    address     text PRIMARY KEY CHECK (address ~ '^0x[0-9a-f]{40}$'),  -- the proxy wallet, lower case
    name        text,                                 -- the public profile's name or pseudonym, when any
    created_at  timestamptz NOT NULL DEFAULT now(),
    synced_at   timestamptz,                          -- last successful sync (written at most every few minutes)
    changed_at  timestamptz                           -- last sync that changed a holding
);

CREATE TABLE wallet_links (
    user_id    bigint NOT NULL,
    wallet     text NOT NULL REFERENCES wallets (address),
    chat_id    bigint NOT NULL,                       -- where resolution notices go
    linked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, wallet)
);
CREATE INDEX wallet_links_wallet_idx ON wallet_links (wallet);

-- A held market resolved: one notice per position and linked trader, delivered like an alert (fired at insert,
-- notified once Telegram accepted it), never twice.
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
    CHECK (kind IN ('price_above', 'price_below', 'pnl_percent', 'pnl_amount', 'resolved'));
CREATE UNIQUE INDEX alerts_resolved_once_idx ON alerts (user_id, position_id) WHERE kind = 'resolved';

-- For analysts: every wallet position, marked at the live price (the settlement price once resolved).
CREATE VIEW wallet_positions AS
SELECT p.wallet,
       p.market_id,
       m.question,
       p.condition_id,
       p.token_id,
       p.outcome,
       p.status,
       p.amount                                            AS size,
       p.entry_price                                       AS avg_price,
       p.cost_basis,
       x.price                                             AS current_price,
       position_value(p.amount, x.price)                   AS value,
       position_pnl_amount(p.amount, x.price, p.cost_basis) AS unrealized_pnl,
       position_pnl_percentage(p.amount, x.price, p.cost_basis) AS unrealized_pnl_percentage,
       p.realized_pnl,
       p.redeemable,
       p.mergeable,
       w.synced_at                                         AS holdings_synced_at,
       x.price_at,
       p.opened_at,
       p.closed_at
FROM positions p
LEFT JOIN wallets w ON w.address = p.wallet
LEFT JOIN token_prices tp ON tp.token_id = p.token_id
LEFT JOIN markets m ON m.id = p.market_id
CROSS JOIN LATERAL (
    SELECT CASE p.status
               WHEN 'active' THEN tp.price
               WHEN 'resolved' THEN COALESCE(p.exit_price, p.current_price)
           END AS price,
           CASE p.status
               WHEN 'active' THEN GREATEST(tp.exchange_ts, tp.confirmed_at)
               WHEN 'resolved' THEN COALESCE(p.closed_at, p.price_ts)
           END AS price_at) x
WHERE p.source = 'wallet';

GRANT SELECT, INSERT, UPDATE, DELETE ON wallets, wallet_links TO polystream_gateway;
GRANT SELECT ON wallets, wallet_links, wallet_positions TO polystream_analyst;
