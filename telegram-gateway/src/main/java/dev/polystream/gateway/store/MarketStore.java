package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.Market;
import dev.polystream.ws.gamma.GammaMarket;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code markets}: the gateway inserts markets it learns from Gamma and updates only their metadata
 * columns; the price columns ({@code outcome_prices}, {@code source}, {@code prices_updated_at})
 * belong to the job once the row exists.
 */
public final class MarketStore {

    private static final String COLUMNS =
            "id, condition_id, question, slug, outcomes, token_ids, outcome_prices, active, closed,"
                    + " end_date, tick_size, resolved_at";

    private static final String UPSERT =
            "INSERT INTO markets AS m (id, condition_id, question, slug, outcomes, token_ids,"
                    + " outcome_prices, source, active, closed, end_date, tick_size,"
                    + " metadata_updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 'gamma', ?, ?, ?, ?, now())"
                    + " ON CONFLICT (id) DO UPDATE SET condition_id = EXCLUDED.condition_id,"
                    + " question = EXCLUDED.question, slug = EXCLUDED.slug,"
                    + " outcomes = EXCLUDED.outcomes, token_ids = EXCLUDED.token_ids,"
                    + " active = EXCLUDED.active, closed = EXCLUDED.closed,"
                    + " end_date = EXCLUDED.end_date, tick_size = EXCLUDED.tick_size,"
                    + " metadata_updated_at = now()"
                    + " WHERE (m.condition_id, m.question, m.slug, m.outcomes, m.token_ids,"
                    + " m.active, m.closed, m.end_date, m.tick_size)"
                    + " IS DISTINCT FROM (EXCLUDED.condition_id, EXCLUDED.question,"
                    + " EXCLUDED.slug, EXCLUDED.outcomes, EXCLUDED.token_ids, EXCLUDED.active,"
                    + " EXCLUDED.closed, EXCLUDED.end_date, EXCLUDED.tick_size)";

    private MarketStore() {}

    /**
     * Inserts new markets (with Gamma's outcome prices, source 'gamma') and refreshes the metadata
     * of known ones; rows whose metadata did not change are not rewritten.
     *
     * @return how many rows were inserted or changed
     */
    public static int upsert(Connection connection, Collection<GammaMarket> markets)
            throws SQLException {
        if (markets.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
            for (GammaMarket m : markets) {
                ps.setString(1, m.id());
                ps.setString(2, m.conditionId());
                ps.setString(3, m.question());
                ps.setString(4, m.slug());
                ps.setArray(5, textArray(connection, m.outcomes()));
                ps.setArray(6, textArray(connection, m.tokenIds()));
                if (m.outcomePrices().isEmpty()) {
                    ps.setNull(7, Types.ARRAY);
                } else {
                    ps.setArray(
                            7, connection.createArrayOf("numeric", m.outcomePrices().toArray()));
                }
                ps.setBoolean(8, m.active());
                ps.setBoolean(9, m.closed());
                if (m.endDate() == null) {
                    ps.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    ps.setTimestamp(10, Timestamp.from(m.endDate()));
                }
                ps.setBigDecimal(11, m.tickSize());
                ps.addBatch();
            }
            int changed = 0;
            for (int n : ps.executeBatch()) {
                changed += Math.max(n, 0);
            }
            return changed;
        }
    }

    public static Optional<Market> find(Connection connection, String id) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM markets WHERE id = ?", id);
    }

    public static Optional<Market> findBySlug(Connection connection, String slug)
            throws SQLException {
        return one(
                connection,
                "SELECT " + COLUMNS + " FROM markets WHERE slug = ? ORDER BY id LIMIT 1",
                slug);
    }

    /** The market holding the token. */
    public static Optional<Market> findByToken(Connection connection, String tokenId)
            throws SQLException {
        return one(
                connection,
                "SELECT " + COLUMNS + " FROM markets WHERE token_ids @> ARRAY[?]::text[] LIMIT 1",
                tokenId);
    }

    /**
     * Markets whose question contains every word (case-insensitive), open ones first, at most
     * {@code limit}.
     */
    public static List<Market> search(Connection connection, List<String> words, int limit)
            throws SQLException {
        List<String> patterns = new ArrayList<>();
        for (String word : words) {
            patterns.add("%" + escapeLike(word.toLowerCase(Locale.ROOT)) + "%");
        }
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT "
                                + COLUMNS
                                + " FROM markets WHERE lower(question) LIKE ALL (?)"
                                + " AND token_ids IS NOT NULL"
                                + " ORDER BY (closed IS TRUE OR resolved_at IS NOT NULL),"
                                + " end_date NULLS LAST, id LIMIT ?")) {
            ps.setArray(1, textArray(connection, patterns));
            ps.setInt(2, limit);
            return all(ps);
        }
    }

    /**
     * Ids of markets not known to be closed that hold a token someone still holds or watches: the
     * ones whose {@code closed} flag matters, checked one by one when the keyset pass (which lists
     * open markets only) no longer returns them.
     */
    public static List<String> wantedOpenMarketIds(Connection connection) throws SQLException {
        try (PreparedStatement ps =
                        connection.prepareStatement(
                                "SELECT DISTINCT m.id FROM markets m JOIN token_interest ti"
                                        + " ON ti.token_id = ANY (m.token_ids)"
                                        + " WHERE (ti.positions > 0 OR ti.watchers > 0)"
                                        + " AND m.closed IS NOT TRUE ORDER BY m.id");
                ResultSet rs = ps.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    /**
     * The Gamma ids of the markets with these condition ids (the Data API names markets by
     * condition); conditions the catalogue does not know are missing from the map.
     */
    public static Map<String, String> idsByCondition(
            Connection connection, Collection<String> conditionIds) throws SQLException {
        Map<String, String> ids = new HashMap<>();
        if (conditionIds.isEmpty()) {
            return ids;
        }
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT condition_id, min(id) FROM markets"
                                + " WHERE condition_id = ANY (?) GROUP BY condition_id")) {
            ps.setArray(1, connection.createArrayOf("text", conditionIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return ids;
    }

    private static Optional<Market> one(Connection connection, String sql, String param)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, param);
            List<Market> found = all(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<Market> all(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Market> markets = new ArrayList<>();
            while (rs.next()) {
                markets.add(read(rs));
            }
            return markets;
        }
    }

    static Market read(ResultSet rs) throws SQLException {
        return new Market(
                rs.getString("id"),
                rs.getString("condition_id"),
                rs.getString("question"),
                rs.getString("slug"),
                texts(rs.getArray("outcomes")),
                texts(rs.getArray("token_ids")),
                decimals(rs.getArray("outcome_prices")),
                (Boolean) rs.getObject("active"),
                (Boolean) rs.getObject("closed"),
                PositionStore.instant(rs, "end_date"),
                rs.getBigDecimal("tick_size"),
                PositionStore.instant(rs, "resolved_at"));
    }

    static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add(v == null ? "" : v.toString());
        }
        return list;
    }

    static List<BigDecimal> decimals(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values)
                .map(v -> v == null ? null : new BigDecimal(v.toString()))
                .collect(java.util.stream.Collectors.toList());
    }

    static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
