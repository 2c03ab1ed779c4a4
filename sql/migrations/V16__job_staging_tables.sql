-- polystream schema, part 16: the job stages each flush's one-second bars in a temporary table.
--
-- The sink COPYs a flush's bars into a per-connection temporary table (bars_in, emptied at each
-- commit) and merges them into price_bars_1s with one INSERT … SELECT … ON CONFLICT. PostgreSQL
-- grants TEMPORARY to PUBLIC by default; a hardened database may have revoked it, so the job's role
-- gets it by name.
DO $$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO polystream_job', current_database());
END
$$;
