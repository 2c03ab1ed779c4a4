-- polystream schema, part 2: three roles, each allowed exactly what it owns.
-- The roles are created without LOGIN; an operator gives them a login and password (never from the repo):
--   ALTER ROLE polystream_job LOGIN PASSWORD '…';
-- Roles are cluster-wide, so creation is guarded: a second database on the same server reuses them.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'polystream_job') THEN
        CREATE ROLE polystream_job NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'polystream_gateway') THEN
        CREATE ROLE polystream_gateway NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'polystream_analyst') THEN
        CREATE ROLE polystream_analyst NOLOGIN;
    END IF;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO polystream_job, polystream_gateway, polystream_analyst',
                   current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO polystream_job, polystream_gateway, polystream_analyst;

-- Analysts read everything and write nothing.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO polystream_analyst;

-- The job: market data, and only the P&L columns of positions.
GRANT SELECT ON markets, token_prices, positions, price_bars_1s TO polystream_job;
GRANT INSERT, UPDATE ON token_prices, price_bars_1s TO polystream_job;
GRANT UPDATE (outcome_prices, source, prices_updated_at) ON markets TO polystream_job;
GRANT UPDATE (current_price, pnl_amount, pnl_percentage, updated_at, price_ts, status) ON positions TO polystream_job;

-- The gateway: users, positions, watches, interest, outbox, and market metadata (never prices).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO polystream_gateway;
GRANT INSERT, UPDATE, DELETE ON users, positions, watches, token_interest, outbox TO polystream_gateway;
GRANT INSERT ON markets TO polystream_gateway;
GRANT UPDATE (condition_id, question, slug, outcomes, token_ids, active, closed, end_date, tick_size,
              metadata_updated_at) ON markets TO polystream_gateway;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO polystream_gateway;
