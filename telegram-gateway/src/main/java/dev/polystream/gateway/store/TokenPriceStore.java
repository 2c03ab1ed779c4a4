package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.TokenPrice;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code token_prices}, read only: the job writes it. */
public final class TokenPriceStore {

    /** Age by the database clock: now() - greatest(exchange_ts, confirmed_at). */
    static final String SELECT =
            "SELECT token_id, price, best_bid, best_ask, last_trade_price, source,"
                    + " greatest(exchange_ts, confirmed_at) AS as_of,"
                    + " (extract(epoch FROM clock_timestamp() - greatest(exchange_ts,"
                    + " confirmed_at)) * 1000)::bigint AS age_ms"
                    + " FROM token_prices";

    private TokenPriceStore() {}

    public static Optional<TokenPrice> find(Connection connection, String tokenId)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE token_id = ?")) {
            ps.setString(1, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public static Map<String, TokenPrice> findAll(Connection connection, Collection<String> tokens)
            throws SQLException {
        Map<String, TokenPrice> prices = new HashMap<>();
        if (tokens.isEmpty()) {
            return prices;
        }
        try (PreparedStatement ps =
                connection.prepareStatement(SELECT + " WHERE token_id = ANY (?)")) {
            ps.setArray(1, connection.createArrayOf("text", tokens.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TokenPrice p = read(rs);
                    prices.put(p.tokenId(), p);
                }
            }
        }
        return prices;
    }

    static TokenPrice read(ResultSet rs) throws SQLException {
        long ageMs = rs.getLong("age_ms");
        boolean noAge = rs.wasNull();
        return new TokenPrice(
                rs.getString("token_id"),
                rs.getBigDecimal("price"),
                rs.getBigDecimal("best_bid"),
                rs.getBigDecimal("best_ask"),
                rs.getBigDecimal("last_trade_price"),
                rs.getString("source"),
                PositionStore.instant(rs, "as_of"),
                noAge ? null : Duration.ofMillis(Math.max(0, ageMs)));
    }

    /**
     * Holdings marked at our live prices next to Polymarket's own values of them: over the holdings
     * whose token has a price here, how many, Polymarket's value sum and ours (the schema's {@code
     * position_value}). A read: nothing is written.
     */
    public static MarkedValue markedValue(
            Connection connection,
            List<String> tokens,
            List<BigDecimal> sizes,
            List<BigDecimal> polymarketValues)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT count(*), sum(u.api_value), sum(position_value(u.size, tp.price))"
                                + " FROM unnest(?::text[], ?::numeric[], ?::numeric[])"
                                + " AS u(token_id, size, api_value)"
                                + " JOIN token_prices tp ON tp.token_id = u.token_id"
                                + " WHERE tp.price IS NOT NULL AND u.api_value IS NOT NULL")) {
            ps.setArray(1, connection.createArrayOf("text", tokens.toArray()));
            ps.setArray(2, connection.createArrayOf("numeric", sizes.toArray()));
            ps.setArray(3, connection.createArrayOf("numeric", polymarketValues.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new MarkedValue(rs.getInt(1), rs.getBigDecimal(2), rs.getBigDecimal(3));
            }
        }
    }

    /** See {@link #markedValue}. */
    public record MarkedValue(int compared, BigDecimal polymarket, BigDecimal ours) {}
}
