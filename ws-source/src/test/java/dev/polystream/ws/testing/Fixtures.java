package dev.polystream.ws.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captured Polymarket payloads kept as test resources under {@code fixtures/polymarket/} (copies of
 * the shared captures; provenance in that folder's README). Published in the test-jar, so other
 * modules' tests can read them too.
 */
public final class Fixtures {

    /** Every market-channel frame fixture, relative to {@code fixtures/polymarket/ws_market/}. */
    public static final List<String> WS_MARKET =
            List.of(
                    "best_bid_ask__docs_example__nautilus.json",
                    "book__docs_example.json",
                    "book__initial_snapshot_with_tick_size_last_trade_price_real_2026-08__nautilus.json",
                    "book__real_2024-10-13__nautilus.json",
                    "book__real_2025-02-28_EXCERPT_levels_trimmed__poly-websockets.json",
                    "last_trade_price__docs_asyncapi_example.json",
                    "last_trade_price__real_2024-08-25__nautilus.json",
                    "last_trade_price__with_transaction_hash_real_2025-02-28__poly-websockets.json",
                    "market_resolved__asyncapi_2026__nautilus.json",
                    "market_resolved__docs_market-channel_page_example.json",
                    "new_market__asyncapi_2026__nautilus.json",
                    "price_change__LEGACY_FLAT_real_2024-08-18__nautilus.json",
                    "price_change__LEGACY_changes_array__docs_migration_guide.json",
                    "price_change__LEGACY_changes_array_real_2025-06-08__poly-websockets.json",
                    "price_change__NEW_price_changes__docs_migration_guide.json",
                    "price_change__NEW_semi_synthetic__nautilus.json",
                    "price_change__NEW_single_entry_real_2026-04-20__poly-websockets_issue25.json",
                    "tick_size_change__docs_example.json",
                    "tick_size_change__real_2025-02-09__nautilus.json");

    private Fixtures() {}

    /**
     * A resource under {@code fixtures/polymarket/}, e.g. {@code
     * "ws_market/book__docs_example.json"}.
     */
    public static String polymarket(String relativePath) {
        return text("fixtures/polymarket/" + relativePath);
    }

    /** A market-channel frame fixture by file name. */
    public static String wsMarket(String fileName) {
        return polymarket("ws_market/" + fileName);
    }

    /** Any classpath resource as UTF-8 text. */
    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
