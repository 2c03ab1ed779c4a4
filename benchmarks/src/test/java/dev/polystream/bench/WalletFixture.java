package dev.polystream.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.testutils.DataApiRows;
import dev.polystream.gateway.testutils.FakeDataApi;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The linked wallets of the wallet-sync benchmark: {@code wallets} traders, each linking one wallet
 * that holds {@code positions} tokens drawn at random from a shared pool of {@code tokens} (binary
 * markets of two tokens each, so wallets share markets and sometimes hold both sides), with random
 * sizes and entry prices. It loads them into the fake Data API (live-shaped rows from {@link
 * DataApiRows}) and into PostgreSQL ({@code markets}, {@code users}, {@code wallets}, {@code
 * wallet_links}), and makes the rows of a changed holding.
 */
final class WalletFixture {

    /** Row fields that depend on the token alone: one node shared by every wallet's row. */
    private static final String[] SHARED_FIELDS = {
        "token_id",
        "condition_id",
        "title",
        "slug",
        "icon",
        "event_id",
        "event_slug",
        "outcome",
        "opposite_outcome",
        "opposite_token_id",
        "end_date",
        "status",
        "name",
        "profile_image"
    };

    private final int tokenCount;
    private final String[] wallets;
    private final long[] users;
    private final int[][] held;
    private final BigDecimal[][] sizes;
    private final BigDecimal[][] avgPrices;
    private final BigDecimal[] yesPrices;
    private final ObjectNode[] templates;

    private WalletFixture(int walletCount, int positions, int tokenCount) {
        this.tokenCount = tokenCount;
        this.wallets = new String[walletCount];
        this.users = new long[walletCount];
        this.held = new int[walletCount][positions];
        this.sizes = new BigDecimal[walletCount][positions];
        this.avgPrices = new BigDecimal[walletCount][positions];
        this.yesPrices = new BigDecimal[markets(tokenCount)];
        this.templates = new ObjectNode[tokenCount];
    }

    /**
     * @param tokenCount even, at least {@code positions}
     */
    static WalletFixture generate(int walletCount, int positions, int tokenCount, long seed) {
        if (tokenCount < 2 || tokenCount % 2 != 0 || positions < 1 || positions > tokenCount) {
            throw new IllegalArgumentException(
                    "Need an even number of tokens (two per market), at least the positions per"
                            + " wallet; got "
                            + tokenCount
                            + " tokens for "
                            + positions
                            + " positions");
        }
        Random random = new Random(seed);
        WalletFixture f = new WalletFixture(walletCount, positions, tokenCount);
        for (int m = 0; m < f.yesPrices.length; m++) {
            f.yesPrices[m] = BigDecimal.valueOf(5 + random.nextInt(91), 2);
        }
        for (int w = 0; w < walletCount; w++) {
            f.wallets[w] = String.format(Locale.ROOT, "0x%040x", 0xbe0000000L + w);
            f.users[w] = 5_000_000L + w;
            // A partial Fisher-Yates draw: distinct tokens, in a bounded number of steps.
            int[] pool = new int[tokenCount];
            for (int t = 0; t < tokenCount; t++) {
                pool[t] = t;
            }
            for (int slot = 0; slot < positions; slot++) {
                int pick = slot + random.nextInt(tokenCount - slot);
                int token = pool[pick];
                pool[pick] = pool[slot];
                pool[slot] = token;
                f.held[w][slot] = token;
                f.sizes[w][slot] = BigDecimal.valueOf(100 + random.nextInt(500_000), 2);
                f.avgPrices[w][slot] = BigDecimal.valueOf(1 + random.nextInt(99), 2);
            }
        }
        return f;
    }

    int walletCount() {
        return wallets.length;
    }

    int positionsPerWallet() {
        return held.length == 0 ? 0 : held[0].length;
    }

    String wallet(int w) {
        return wallets[w];
    }

    long user(int w) {
        return users[w];
    }

    static String token(int t) {
        return "9" + String.format(Locale.ROOT, "%06d", t) + "3".repeat(70);
    }

    private static int markets(int tokenCount) {
        return tokenCount / 2;
    }

    private static String condition(int market) {
        return "0x" + String.format(Locale.ROOT, "%064x", 0xc0000000L + market);
    }

    private static String marketId(int market) {
        return "wb-" + market;
    }

    private static String question(int market) {
        return "Will wallet benchmark market " + market + " resolve Yes?";
    }

    /** The wallet's slot holding this token, or -1. */
    int slotOf(int w, String tokenId) {
        for (int slot = 0; slot < held[w].length; slot++) {
            if (token(held[w][slot]).equals(tokenId)) {
                return slot;
            }
        }
        return -1;
    }

    /** Puts every wallet's holdings at the fake Data API. */
    void load(FakeDataApi api) {
        for (int w = 0; w < wallets.length; w++) {
            List<ObjectNode> rows = new ArrayList<>(held[w].length);
            for (int slot = 0; slot < held[w].length; slot++) {
                rows.add(row(w, slot));
            }
            api.setHoldings(wallets[w], rows);
        }
    }

    /**
     * Changes the size of one holding (the entry price stays, the cost follows) and returns the row
     * to put at the fake Data API.
     */
    ObjectNode resize(int w, int slot, BigDecimal size) {
        sizes[w][slot] = size;
        return row(w, slot);
    }

    /** The Data API row of the wallet's holding, sharing the token's text nodes with others. */
    private ObjectNode row(int w, int slot) {
        int t = held[w][slot];
        int market = t / 2;
        boolean yes = t % 2 == 0;
        BigDecimal price = yes ? yesPrices[market] : BigDecimal.ONE.subtract(yesPrices[market]);
        BigDecimal size = sizes[w][slot];
        BigDecimal avg = avgPrices[w][slot];
        ObjectNode row =
                DataApiRows.row(
                        wallets[w],
                        token(t),
                        condition(market),
                        size.toPlainString(),
                        avg.toPlainString(),
                        size.multiply(avg).setScale(4, RoundingMode.HALF_UP).toPlainString(),
                        price.toPlainString(),
                        yes ? "Yes" : "No",
                        yes ? 0 : 1,
                        question(market));
        // 80,000 rows of ~40 fields each: sharing the immutable text nodes keeps the fake's
        // share of the heap down (it runs in the benchmark's JVM).
        if (templates[t] == null) {
            templates[t] = row;
        } else {
            for (String field : SHARED_FIELDS) {
                row.set(field, templates[t].get(field));
            }
        }
        return row;
    }

    /** Every market of the pool, in {@code markets}: the sync finds them all locally. */
    void insertMarkets(Connection c) throws SQLException {
        int count = markets(tokenCount);
        String[] ids = new String[count];
        String[] conditions = new String[count];
        String[] questions = new String[count];
        String[] yes = new String[count];
        String[] no = new String[count];
        for (int m = 0; m < count; m++) {
            ids[m] = marketId(m);
            conditions[m] = condition(m);
            questions[m] = question(m);
            yes[m] = token(2 * m);
            no[m] = token(2 * m + 1);
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO markets (id, condition_id, question, slug, outcomes, token_ids,"
                                + " source, active, closed)"
                                + " SELECT id, c, q, id, '{Yes,No}', ARRAY[y, n], 'gamma', true, false"
                                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                                + " ?::text[]) AS u(id, c, q, y, n)")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", conditions));
            ps.setArray(3, c.createArrayOf("text", questions));
            ps.setArray(4, c.createArrayOf("text", yes));
            ps.setArray(5, c.createArrayOf("text", no));
            ps.executeUpdate();
        }
    }

    /**
     * The traders and their links, written directly: linking 2,000 wallets through /link would
     * spend the Data API budget on user-stats checks before the first sync.
     */
    void insertLinks(Connection c) throws SQLException {
        Long[] ids = new Long[users.length];
        for (int w = 0; w < users.length; w++) {
            ids[w] = users[w];
        }
        try (PreparedStatement users =
                        c.prepareStatement(
                                "INSERT INTO users (id, first_name)"
                                        + " SELECT u, 'bench' FROM unnest(?::bigint[]) AS u");
                PreparedStatement addresses =
                        c.prepareStatement(
                                "INSERT INTO wallets (address) SELECT unnest(?::text[])");
                PreparedStatement links =
                        c.prepareStatement(
                                "INSERT INTO wallet_links (user_id, wallet, chat_id)"
                                        + " SELECT u, w, u FROM unnest(?::bigint[], ?::text[])"
                                        + " AS x(u, w)")) {
            users.setArray(1, c.createArrayOf("bigint", ids));
            users.executeUpdate();
            addresses.setArray(1, c.createArrayOf("text", wallets));
            addresses.executeUpdate();
            links.setArray(1, c.createArrayOf("bigint", ids));
            links.setArray(2, c.createArrayOf("text", wallets));
            links.executeUpdate();
        }
    }
}
