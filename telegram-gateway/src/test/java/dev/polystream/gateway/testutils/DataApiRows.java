package dev.polystream.gateway.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Rows of Data API {@code /v2/positions} (protocol §15.1) for {@link FakeDataApi}: built with every
 * field the live API sends and consistent derived values, or read from the real captures under
 * {@code fixtures/polymarket/data_api/}. Numbers are written as JSON numbers (doubles), like the
 * live API. A row is a plain {@link ObjectNode}: tests make odd rows by editing it.
 */
public final class DataApiRows {

    /** The real capture of two OPEN rows (2026-10-07). */
    public static final String OPEN_FIXTURE = "v2-positions_open_2026-10-07_polyoxide_REAL.json";

    /** The real capture of two CLOSED rows (2026-10-07), one of them mergeable. */
    public static final String CLOSED_FIXTURE =
            "v2-positions_closed_2026-10-07_polyoxide_REAL.json";

    private static final String FIXTURE_DIR = "fixtures/polymarket/data_api/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigDecimal FEE_RATE = new BigDecimal("0.02");
    private static final long ENTRY_EPOCH = 1_791_292_984L;

    private DataApiRows() {}

    /**
     * A row with every live field: {@code current_value = size × currentPrice} (4 dp), {@code
     * unrealized_pnl = current_value − entryCost}, {@code total_pnl}, {@code percent_pnl}, fees of
     * 2 % of the entry cost ({@code entry_fees_usdc}, {@code total_cost_usdc}), {@code total_size =
     * size}, status OPEN, not redeemable, not mergeable, not negative-risk, slug and event from the
     * title, an opposite outcome and token derived from the token id.
     */
    public static ObjectNode row(
            String wallet,
            String tokenId,
            String conditionId,
            String size,
            String avgPrice,
            String entryCost,
            String currentPrice,
            String outcome,
            int outcomeIndex,
            String title) {
        BigDecimal shares = new BigDecimal(size);
        BigDecimal price = new BigDecimal(currentPrice);
        BigDecimal cost = new BigDecimal(entryCost);
        BigDecimal value = shares.multiply(price).setScale(4, RoundingMode.HALF_UP);
        BigDecimal unrealized = value.subtract(cost).setScale(4, RoundingMode.HALF_UP);
        BigDecimal fees = cost.multiply(FEE_RATE).setScale(5, RoundingMode.HALF_UP);
        BigDecimal percent =
                cost.signum() == 0
                        ? BigDecimal.ZERO
                        : unrealized
                                .multiply(BigDecimal.valueOf(100))
                                .divide(cost, 4, RoundingMode.HALF_UP);
        String slug = slug(title, tokenId);
        ObjectNode r = JSON.createObjectNode();
        r.put("proxy_wallet", wallet.toLowerCase(Locale.ROOT));
        r.put("token_id", tokenId);
        r.put("condition_id", conditionId);
        number(r, "current_size", shares);
        number(r, "avg_price", new BigDecimal(avgPrice));
        number(r, "entry_cost_usdc", cost);
        number(r, "entry_fees_usdc", fees);
        number(r, "total_cost_usdc", cost.add(fees));
        number(r, "current_price", price);
        number(r, "current_value", value);
        number(r, "total_size", shares);
        number(r, "realized_pnl", BigDecimal.ZERO);
        number(r, "unrealized_pnl", unrealized);
        number(r, "total_pnl", unrealized);
        number(r, "percent_pnl", percent);
        number(r, "percent_realized_pnl", percent);
        r.put("status", "OPEN");
        r.put("redeemable", false);
        r.put("mergeable", false);
        r.put("negative_risk", false);
        r.put("archived", false);
        r.put("title", title);
        r.put("slug", slug);
        r.put("icon", "https://polymarket-upload.s3.us-east-2.amazonaws.com/" + slug + ".png");
        r.put("event_id", String.valueOf(digest(conditionId).mod(BigInteger.valueOf(9_000_000))));
        r.put("event_slug", slug + "-event");
        r.put("outcome", outcome);
        r.put("outcome_index", outcomeIndex);
        r.put("opposite_outcome", opposite(outcome));
        r.put("opposite_token_id", oppositeTokenId(tokenId));
        r.put("end_date", "2026-12-31");
        r.put("last_event_at", ENTRY_EPOCH);
        r.put("first_entry_at", ENTRY_EPOCH);
        r.put("name", "");
        r.put("profile_image", "");
        r.put("verified", false);
        return r;
    }

    /**
     * A combo position as the live API lists it: a {@code condition_id} of 62 hex digits and an
     * empty slug and event slug. Clients must skip it before any market lookup.
     */
    public static ObjectNode comboRow(String wallet, String tokenId, String size) {
        String condition = "0x" + HexFormat.of().formatHex(sha256(tokenId)).substring(0, 62);
        ObjectNode r =
                row(wallet, tokenId, condition, size, "0.5", half(size), "0.5", "Yes", 0, "Combo");
        r.put("slug", "");
        r.put("event_slug", "");
        r.put("icon", "");
        r.put("opposite_token_id", "");
        r.put("opposite_outcome", "");
        return r;
    }

    /**
     * A row Polymarket cannot label: {@code outcome_index} 999 and an empty {@code event_slug}, as
     * seen live on activity and trades.
     */
    public static ObjectNode unlabelableRow(
            String wallet, String tokenId, String conditionId, String size, String price) {
        BigDecimal cost = new BigDecimal(size).multiply(new BigDecimal(price));
        ObjectNode r =
                row(
                        wallet,
                        tokenId,
                        conditionId,
                        size,
                        price,
                        cost.toPlainString(),
                        price,
                        "Yes",
                        999,
                        "Will the highest temperature be in range?");
        r.put("event_slug", "");
        return r;
    }

    /** Sets {@code redeemable} (a resolved market still held: winners and losers). */
    public static ObjectNode redeemable(ObjectNode row, boolean value) {
        return row.put("redeemable", value);
    }

    /** Sets {@code mergeable} (the opposite outcome is held too). */
    public static ObjectNode mergeable(ObjectNode row, boolean value) {
        return row.put("mergeable", value);
    }

    /** Sets {@code status} ({@code OPEN}, {@code CLOSED}, …). */
    public static ObjectNode status(ObjectNode row, String value) {
        return row.put("status", value);
    }

    /** Sets {@code realized_pnl} and keeps {@code total_pnl = realized + unrealized}. */
    public static ObjectNode realizedPnl(ObjectNode row, String value) {
        BigDecimal realized = new BigDecimal(value);
        number(row, "realized_pnl", realized);
        number(row, "total_pnl", realized.add(row.path("unrealized_pnl").decimalValue()));
        return row;
    }

    /**
     * The rows of a real capture: a file name under {@code fixtures/polymarket/data_api/} (e.g.
     * {@link #OPEN_FIXTURE}) or a full resource path. Fresh copies on every call.
     */
    public static List<ObjectNode> fixtureRows(String resource) {
        String path = resource.contains("/") ? resource : FIXTURE_DIR + resource;
        path = path.startsWith("/") ? path.substring(1) : path;
        try (InputStream in = DataApiRows.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + path);
            }
            JsonNode root = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<ObjectNode> rows = new ArrayList<>();
            for (JsonNode row : root.path("data")) {
                rows.add(((ObjectNode) row).deepCopy());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The live API writes doubles: 28.09, 1.0E-5. */
    static void number(ObjectNode row, String field, BigDecimal value) {
        row.put(field, value.doubleValue());
    }

    private static String half(String size) {
        return new BigDecimal(size).divide(BigDecimal.valueOf(2)).toPlainString();
    }

    private static String opposite(String outcome) {
        if ("Yes".equalsIgnoreCase(outcome)) {
            return "No";
        }
        return "No".equalsIgnoreCase(outcome) ? "Yes" : "Other";
    }

    /** A stable 77-ish digit token id that is not {@code tokenId}. */
    private static String oppositeTokenId(String tokenId) {
        return digest("opposite:" + tokenId).toString();
    }

    private static String slug(String title, String tokenId) {
        String slug =
                title == null
                        ? ""
                        : title.toLowerCase(Locale.ROOT)
                                .replaceAll("[^a-z0-9]+", "-")
                                .replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            slug = "market";
        }
        slug = slug.length() > 60 ? slug.substring(0, 60) : slug;
        return slug + "-" + tokenId.substring(0, Math.min(6, tokenId.length()));
    }

    private static BigInteger digest(String text) {
        return new BigInteger(1, sha256(text));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
