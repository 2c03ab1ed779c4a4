package dev.polystream.ws.book;

import static dev.polystream.ws.book.FeedFrames.NO;
import static dev.polystream.ws.book.FeedFrames.SNAPSHOT_2026;
import static dev.polystream.ws.book.FeedFrames.SNAPSHOT_2026_TOKEN;
import static dev.polystream.ws.book.FeedFrames.YES;
import static dev.polystream.ws.book.FeedFrames.book;
import static dev.polystream.ws.book.FeedFrames.entry;
import static dev.polystream.ws.book.FeedFrames.levels;
import static dev.polystream.ws.book.FeedFrames.priceChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.ParseErrorKind;
import dev.polystream.ws.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Frames in, ticks and counters out: fixtures, malformed and control frames, subscription,
 * clearing, confirmations.
 */
class MarketFeedProcessorTest {

    private static final List<String> WS_MARKET = Fixtures.WS_MARKET;

    private final MarketFeedProcessor replay =
            new MarketFeedProcessor(PriceSource.REPLAY, t -> true);

    @ParameterizedTest
    @FieldSource("WS_MARKET")
    void shouldReplayEveryFixtureWithoutErrors(String fixture) {
        List<PriceTick> ticks = replay.onFrame(Fixtures.wsMarket(fixture), 42L);

        FeedStats stats = replay.stats();
        assertThat(stats.parseErrors()).isZero();
        assertThat(stats.processingErrors()).isZero();
        assertThat(stats.dataFrames()).isEqualTo(1);
        assertThat(ticks).allSatisfy(t -> assertThat(t.source()).isEqualTo(PriceSource.REPLAY));
        if (fixture.startsWith("new_market")) {
            assertThat(ticks).isEmpty();
        } else if (fixture.startsWith("price_change__LEGACY")) {
            // no entry BBO and no snapshot: the levels are a fragment, no top to publish
            assertThat(ticks).isEmpty();
            assertThat(stats.partialBookUpdates()).isEqualTo(1);
        } else {
            assertThat(ticks).isNotEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("WS_MARKET")
    void shouldReadAFrameFromItsBytesAsFromItsText(String fixture) {
        // The live connection hands frames over as UTF-8 bytes; replay and tests as text.
        MarketFeedProcessor fromBytes = new MarketFeedProcessor(PriceSource.REPLAY, t -> true);
        String frame = Fixtures.wsMarket(fixture);
        byte[] utf8 = (frame + "trailing bytes past the frame").getBytes(StandardCharsets.UTF_8);
        int length = frame.getBytes(StandardCharsets.UTF_8).length;

        for (int i = 0; i < 2; i++) {
            assertThat(fromBytes.onFrame(utf8, length, 42L)).isEqualTo(replay.onFrame(frame, 42L));
        }
        assertThat(fromBytes.stats()).isEqualTo(replay.stats());
    }

    @Test
    void shouldReadMalformedUtf8AsItsDecodedText() {
        MarketFeedProcessor fromBytes = new MarketFeedProcessor(PriceSource.REPLAY, t -> true);
        byte[] frame =
                priceChange(entry(YES, "0.45", "5", "BUY", "0.44", "0.46"))
                        .getBytes(StandardCharsets.UTF_8);
        for (int at : new int[] {1, 12, frame.length / 2, frame.length - 2}) {
            byte[] damaged = frame.clone();
            damaged[at] = (byte) 0xC3;
            assertThat(fromBytes.onFrame(damaged, damaged.length, 1L))
                    .as("byte %d", at)
                    .isEqualTo(replay.onFrame(new String(damaged, StandardCharsets.UTF_8), 1L));
        }
        assertThat(fromBytes.stats()).isEqualTo(replay.stats());
        assertThat(fromBytes.stats().parseErrors()).isPositive();
    }

    @Test
    void shouldDropEventsForTokensNotSubscribed() {
        MarketFeedProcessor processor =
                new MarketFeedProcessor(PriceSource.WS, Set.of(YES)::contains);

        List<PriceTick> ticks =
                processor.onFrame(
                        priceChange(
                                entry(YES, "0.50", "10", "BUY", "0.50", "0.52"),
                                entry(NO, "0.50", "10", "SELL", "0.48", "0.50")),
                        1L);
        List<PriceTick> noBook =
                processor.onFrame(book(NO, levels("0.1", "1"), levels("0.9", "1")), 2L);

        assertThat(ticks).extracting(PriceTick::tokenId).containsExactly(YES);
        assertThat(noBook).isEmpty();
        assertThat(processor.book(NO)).isNull();
        assertThat(processor.stats().droppedUnsubscribed()).isEqualTo(2);
    }

    @Test
    void shouldCountMalformedFramesWithoutThrowing() {
        List<String> bad =
                Arrays.asList(
                        null,
                        "",
                        "hello",
                        "{",
                        "[{\"event_type\":\"book\"",
                        "{\"asset_id\":\"1\"}",
                        "{\"event_type\":\"book\"}",
                        "{\"event_type\":\"price_change\"}",
                        "{\"event_type\":\"last_trade_price\",\"asset_id\":\"1\",\"price\":\"x\"}",
                        "[1,2]",
                        "{\"event_type\":\"book\",\"asset_id\":\"1\",\"bids\":{}}");

        for (String frame : bad) {
            assertThatCode(() -> assertThat(replay.onFrame(frame, 1L)).isEmpty())
                    .doesNotThrowAnyException();
        }

        FeedStats stats = replay.stats();
        assertThat(stats.frames()).isEqualTo(bad.size());
        assertThat(stats.parseErrors()).isEqualTo(12);
        assertThat(stats.parseErrors(ParseErrorKind.EMPTY_FRAME)).isEqualTo(2);
        assertThat(stats.parseErrors(ParseErrorKind.UNKNOWN_TEXT)).isEqualTo(1);
        assertThat(stats.parseErrors(ParseErrorKind.INVALID_JSON)).isEqualTo(2);
        assertThat(stats.parseErrors(ParseErrorKind.MISSING_EVENT_TYPE)).isEqualTo(1);
        assertThat(stats.parseErrors(ParseErrorKind.MISSING_FIELD)).isEqualTo(1);
        assertThat(stats.parseErrors(ParseErrorKind.UNKNOWN_PRICE_CHANGE_SCHEMA)).isEqualTo(1);
        assertThat(stats.parseErrors(ParseErrorKind.INVALID_VALUE)).isEqualTo(2);
        assertThat(stats.parseErrors(ParseErrorKind.UNEXPECTED_JSON)).isEqualTo(2);
        assertThat(stats.ticks()).isZero();
    }

    @ParameterizedTest
    @FieldSource("WS_MARKET")
    void shouldSurviveEveryTruncationOfEveryFixture(String fixture) {
        String frame = Fixtures.wsMarket(fixture);
        for (int cut = 0; cut < frame.length() - 1; cut += Math.max(1, frame.length() / 97)) {
            String truncated = frame.substring(0, cut);
            assertThatCode(() -> replay.onFrame(truncated, 1L)).doesNotThrowAnyException();
        }
        assertThat(replay.stats().ticks()).isZero();
        assertThat(replay.stats().processingErrors()).isZero();
        assertThat(replay.stats().parseErrors()).isEqualTo(replay.stats().frames());
    }

    @Test
    void shouldCountControlFramesWithoutTicks() {
        replay.onFrame("PONG", 1L);
        replay.onFrame("NO NEW ASSETS", 1L);
        replay.onFrame("INVALID OPERATION", 1L);
        replay.onFrame("[]", 1L);

        FeedStats stats = replay.stats();
        assertThat(stats.pongs()).isEqualTo(1);
        assertThat(stats.noNewAssets()).isEqualTo(1);
        assertThat(stats.invalidOperations()).isEqualTo(1);
        assertThat(stats.dataFrames()).isEqualTo(1);
        assertThat(stats.parseErrors()).isZero();
    }

    @Test
    void shouldForgetBooksOnClear() {
        replay.onFrame(book(YES, levels("0.50", "10"), levels("0.52", "10")), 1L);
        assertThat(replay.bookTokens()).containsExactly(YES);

        replay.clear();

        assertThat(replay.bookTokens()).isEmpty();
        assertThat(replay.stats().books()).isZero();
    }

    @Test
    void shouldUseReceiveTimeForEventsWithoutTimestamp() {
        List<PriceTick> ticks =
                replay.onFrame(
                        "{\"event_type\":\"book\",\"asset_id\":\"5\",\"bids\":[],\"asks\":[]}",
                        77L);

        assertThat(ticks.get(0).exchangeTimeMs()).isEqualTo(77L);
        assertThat(ticks.get(0).price()).isNull();
    }

    @Test
    void shouldConfirmOnlyBooksBuiltFromASnapshotOfSubscribedTokens() {
        java.util.Set<String> subscribed =
                new java.util.HashSet<>(java.util.Set.of(SNAPSHOT_2026_TOKEN));
        MarketFeedProcessor live = new MarketFeedProcessor(PriceSource.WS, subscribed::contains);
        assertThat(live.confirmations(99L, 99L)).isEmpty();

        live.onFrame(Fixtures.wsMarket(SNAPSHOT_2026), 42L);
        // Not quiet since before its last event: nothing to vouch for.
        assertThat(live.confirmations(1786604072222L + 5_000, 1786604072222L - 1)).isEmpty();
        List<PriceTick> confirmations = live.confirmations(5_000L, 1786604072222L);

        assertThat(confirmations).hasSize(1);
        PriceTick confirmation = confirmations.get(0);
        assertThat(confirmation.kind()).isEqualTo(TickKind.CONFIRMATION);
        assertThat(confirmation.tokenId()).isEqualTo(SNAPSHOT_2026_TOKEN);
        assertThat(confirmation.exchangeTimeMs()).isEqualTo(1786604072222L);
        assertThat(confirmation.receivedAtMs()).isEqualTo(5_000L);
        assertThat(confirmation.price()).isEqualByComparingTo("0.075");
        assertThat(confirmation.bestBid()).isEqualByComparingTo("0.07");

        subscribed.clear();
        assertThat(live.confirmations(6_000L, Long.MAX_VALUE)).isEmpty();
    }
}
