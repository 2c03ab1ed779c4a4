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

    /** Every user-channel fixture, relative to {@code fixtures/polymarket/ws_user/}. */
    public static final List<String> WS_USER =
            List.of(
                    "order_CANCELLATION_FOK_killed_status_with_reason_suffix_2026-05__nautilus.json",
                    "order_CANCELLATION_real_2024-09-09__nautilus.json",
                    "order_CANCELLATION_status_INVALID_2026-03__nautilus.json",
                    "order_PLACEMENT_real_2024-09-09__nautilus.json",
                    "order_PLACEMENT_then_CANCELED_MARKET_RESOLVED_real_2026-07-08__unresolved_repo.txt",
                    "order__asyncapi_example.json",
                    "trade_CONFIRMED_maker_2025-11-10_ts_in_seconds__nautilus_a.json",
                    "trade_CONFIRMED_maker_2025-11-10_ts_in_seconds__nautilus_b.json",
                    "trade_CONFIRMED_taker_real_2024-09-11__nautilus.json",
                    "trade_MATCHED_taker_real_2024-09-10__nautilus.json",
                    "trade_MINED_maker_real_2024-09-09__nautilus.json",
                    "trade__asyncapi_example.json");

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

    /** A user-channel fixture by file name. */
    public static String wsUser(String fileName) {
        return polymarket("ws_user/" + fileName);
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
