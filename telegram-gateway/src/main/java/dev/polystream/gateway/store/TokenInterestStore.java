package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.TokenInterest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code token_interest}: how many active positions and watches want each token. */
public final class TokenInterestStore {

    private TokenInterestStore() {}

    /**
     * Adds the deltas to the token's counts and returns the counts after the change.
     *
     * <p>The upsert locks the token's row until the transaction ends, so concurrent changes on one
     * token run one after another and each sees the count the previous one committed: the returned
     * counts are the true absolute counts at this transaction's commit. Counts never go below zero;
     * a decrement of a count that is already zero (interest recorded before the gateway kept
     * counts) leaves it at zero instead of failing the trader's change.
     *
     * @param marketId the token's market; null keeps the one recorded
     */
    public static TokenInterest adjust(
            Connection connection,
            String tokenId,
            String marketId,
            int positionsDelta,
            int watchersDelta)
            throws SQLException {
        // clock_timestamp(), not now(): in the update branch it is evaluated under the row lock, so
        // updated_at rises with every change to the token even when transactions overlap.
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO token_interest AS ti"
                                + " (token_id, market_id, positions, watchers, updated_at)"
                                + " VALUES (?, ?, GREATEST(?, 0), GREATEST(?, 0), clock_timestamp())"
                                + " ON CONFLICT (token_id) DO UPDATE SET"
                                + " market_id = COALESCE(EXCLUDED.market_id, ti.market_id),"
                                + " positions = GREATEST(ti.positions + ?, 0),"
                                + " watchers = GREATEST(ti.watchers + ?, 0),"
                                + " updated_at = clock_timestamp()"
                                + " RETURNING token_id, market_id, positions, watchers,"
                                + " updated_at")) {
            ps.setString(1, tokenId);
            ps.setString(2, marketId);
            ps.setInt(3, positionsDelta);
            ps.setInt(4, watchersDelta);
            ps.setInt(5, positionsDelta);
            ps.setInt(6, watchersDelta);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    public static Optional<TokenInterest> find(Connection connection, String tokenId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT token_id, market_id, positions, watchers, updated_at"
                                + " FROM token_interest WHERE token_id = ?")) {
            ps.setString(1, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Every token someone still wants, share-locked until the transaction ends: a change in flight
     * on one of them is waited for (and its count read), and later changes wait for this
     * transaction, so anything written here in the same transaction is ordered correctly with the
     * changes' own outbox rows.
     */
    public static List<TokenInterest> lockWanted(Connection connection) throws SQLException {
        try (PreparedStatement ps =
                        connection.prepareStatement(
                                "SELECT token_id, market_id, positions, watchers, updated_at"
                                        + " FROM token_interest"
                                        + " WHERE positions > 0 OR watchers > 0"
                                        + " ORDER BY token_id FOR SHARE");
                ResultSet rs = ps.executeQuery()) {
            List<TokenInterest> wanted = new ArrayList<>();
            while (rs.next()) {
                wanted.add(read(rs));
            }
            return wanted;
        }
    }

    private static TokenInterest read(ResultSet rs) throws SQLException {
        return new TokenInterest(
                rs.getString("token_id"),
                rs.getString("market_id"),
                rs.getInt("positions"),
                rs.getInt("watchers"),
                PositionStore.instant(rs, "updated_at"));
    }
}
