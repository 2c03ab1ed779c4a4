package dev.polystream.ws.book;

import static dev.polystream.ws.book.FeedFrames.MARKET;
import static dev.polystream.ws.book.FeedFrames.T0;
import static dev.polystream.ws.book.FeedFrames.YES;
import static dev.polystream.ws.book.FeedFrames.dec;
import static dev.polystream.ws.book.FeedFrames.entryWithHash;
import static dev.polystream.ws.book.FeedFrames.priceChangeAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.PriceLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entry hash verification and the resync of a drifting book. */
class BookHashResyncTest {

    @Test
    void shouldVerifyEntryHashesWhenAskedTo() {
        MarketFeedProcessor processor =
                new MarketFeedProcessor(
                        PriceSource.WS,
                        t -> true,
                        Options.defaults().withHashCheck(HashCheck.ENTRIES));
        List<PriceLevel> bids = List.of(PriceLevel.of("0.40", "10"), PriceLevel.of("0.50", "10"));
        List<PriceLevel> asks = List.of(PriceLevel.of("0.52", "10"));
        String snapshotHash =
                BookHasher.hash(MARKET, YES, T0, bids, asks, "5", dec("0.01"), false, null);
        processor.onFrame(
                "[{\"market\":\""
                        + MARKET
                        + "\",\"asset_id\":\""
                        + YES
                        + "\",\"timestamp\":\""
                        + T0
                        + "\",\"hash\":\""
                        + snapshotHash
                        + "\",\"bids\":[{\"price\":\"0.40\",\"size\":\"10\"},{\"price\":\"0.50\",\"size\":\"10\"}],"
                        + "\"asks\":[{\"price\":\"0.52\",\"size\":\"10\"}],\"tick_size\":\"0.01\","
                        + "\"event_type\":\"book\",\"last_trade_price\":\"\"}]",
                1L);
        String afterHash =
                BookHasher.hash(
                        MARKET,
                        YES,
                        T0 + 1,
                        List.of(PriceLevel.of("0.40", "10"), PriceLevel.of("0.50", "10")),
                        List.of(PriceLevel.of("0.52", "10"), PriceLevel.of("0.51", "3")),
                        "5",
                        dec("0.01"),
                        false,
                        null);

        processor.onFrame(
                priceChangeAt(T0 + 1, entryWithHash(YES, "0.51", "3", "SELL", afterHash)), 2L);
        processor.onFrame(
                priceChangeAt(T0 + 2, entryWithHash(YES, "0.51", "4", "SELL", afterHash)), 3L);

        assertThat(processor.stats().hashChecks()).isEqualTo(3);
        assertThat(processor.stats().hashMismatches()).isEqualTo(1);
    }

    /** A verified snapshot of YES (bids 0.40, 0.50; ask 0.52), as the processor's first frame. */
    private static String verifiedSnapshot() {
        List<PriceLevel> bids = List.of(PriceLevel.of("0.40", "10"), PriceLevel.of("0.50", "10"));
        List<PriceLevel> asks = List.of(PriceLevel.of("0.52", "10"));
        String hash = BookHasher.hash(MARKET, YES, T0, bids, asks, "5", dec("0.01"), false, null);
        return "[{\"market\":\""
                + MARKET
                + "\",\"asset_id\":\""
                + YES
                + "\",\"timestamp\":\""
                + T0
                + "\",\"hash\":\""
                + hash
                + "\",\"bids\":[{\"price\":\"0.40\",\"size\":\"10\"},{\"price\":\"0.50\",\"size\":\"10\"}],"
                + "\"asks\":[{\"price\":\"0.52\",\"size\":\"10\"}],\"tick_size\":\"0.01\","
                + "\"event_type\":\"book\",\"last_trade_price\":\"\"}]";
    }

    /** Records what the processor tells its observer. */
    private static final class Observed implements Observer {
        final List<String> snapshots = new ArrayList<>();
        final List<String> resyncs = new ArrayList<>();

        @Override
        public void onSnapshot(String tokenId) {
            snapshots.add(tokenId);
        }

        @Override
        public void onResyncNeeded(String tokenId) {
            resyncs.add(tokenId);
        }
    }

    private static final String WRONG_HASH = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void shouldAskForAFreshSnapshotAfterRepeatedMismatchesOnAVerifiedToken() {
        Observed observed = new Observed();
        MarketFeedProcessor processor =
                new MarketFeedProcessor(
                        PriceSource.WS,
                        t -> true,
                        Options.defaults().withResync(3, 1_000L),
                        observed);
        processor.onFrame(verifiedSnapshot(), 1L);
        assertThat(observed.snapshots).containsExactly(YES);

        for (int i = 1; i <= 5; i++) {
            processor.onFrame(
                    priceChangeAt(
                            T0 + i,
                            entryWithHash(YES, "0.51", Integer.toString(i), "SELL", WRONG_HASH)),
                    10L + i);
        }

        // the third mismatch asks; later ones wait for the snapshot
        assertThat(observed.resyncs).containsExactly(YES);
        assertThat(processor.stats().hashMismatches()).isEqualTo(5);
        assertThat(processor.stats().hashResyncs()).isEqualTo(1);

        processor.onFrame(verifiedSnapshot(), 100L); // the fresh snapshot
        for (int i = 6; i <= 8; i++) {
            processor.onFrame(
                    priceChangeAt(
                            T0 + i,
                            entryWithHash(YES, "0.51", Integer.toString(i), "SELL", WRONG_HASH)),
                    100L + i);
        }
        assertThat(observed.resyncs).as("within the cool-down").hasSize(1);

        processor.onFrame(verifiedSnapshot(), 2_000L);
        for (int i = 9; i <= 11; i++) {
            processor.onFrame(
                    priceChangeAt(
                            T0 + i,
                            entryWithHash(YES, "0.51", Integer.toString(i), "SELL", WRONG_HASH)),
                    2_000L + i);
        }
        assertThat(observed.resyncs).containsExactly(YES, YES);
    }

    @Test
    void shouldCountAMatchingBurstOnceAndResetOnAMatch() {
        Observed observed = new Observed();
        MarketFeedProcessor processor =
                new MarketFeedProcessor(PriceSource.WS, t -> true, Options.defaults(), observed);
        processor.onFrame(verifiedSnapshot(), 1L);

        // a burst: several messages with one timestamp, all carrying the burst's final hash
        for (int i = 1; i <= 4; i++) {
            processor.onFrame(
                    priceChangeAt(
                            T0 + 1,
                            entryWithHash(YES, "0.51", Integer.toString(i), "SELL", WRONG_HASH)),
                    10L);
        }
        processor.onFrame(
                priceChangeAt(T0 + 2, entryWithHash(YES, "0.51", "9", "SELL", WRONG_HASH)), 11L);
        // back in line: the book is now bids 0.40/0.50, asks 0.52/0.51x0
        String good =
                BookHasher.hash(
                        MARKET,
                        YES,
                        T0 + 3,
                        List.of(PriceLevel.of("0.40", "10"), PriceLevel.of("0.50", "10")),
                        List.of(PriceLevel.of("0.52", "10")),
                        "5",
                        dec("0.01"),
                        false,
                        null);
        processor.onFrame(
                priceChangeAt(T0 + 3, entryWithHash(YES, "0.51", "0", "SELL", good)), 12L);
        processor.onFrame(
                priceChangeAt(T0 + 4, entryWithHash(YES, "0.51", "1", "SELL", WRONG_HASH)), 13L);

        assertThat(processor.stats().hashMismatches()).isEqualTo(6);
        assertThat(observed.resyncs).isEmpty();
    }

    @Test
    void shouldNeverResyncATokenWhoseHashNeverVerified() {
        Observed observed = new Observed();
        MarketFeedProcessor processor =
                new MarketFeedProcessor(PriceSource.WS, t -> true, Options.defaults(), observed);
        // min order size 100 is none of the usual guesses: the snapshot cannot be verified
        List<PriceLevel> bids = List.of(PriceLevel.of("0.50", "10"));
        String hash =
                BookHasher.hash(MARKET, YES, T0, bids, List.of(), "100", dec("0.01"), false, null);
        processor.onFrame(
                "{\"event_type\":\"book\",\"market\":\""
                        + MARKET
                        + "\",\"asset_id\":\""
                        + YES
                        + "\",\"timestamp\":\""
                        + T0
                        + "\",\"hash\":\""
                        + hash
                        + "\",\"bids\":[{\"price\":\"0.50\",\"size\":\"10\"}],\"asks\":[],"
                        + "\"tick_size\":\"0.01\"}",
                1L);
        for (int i = 1; i <= 5; i++) {
            processor.onFrame(
                    priceChangeAt(T0 + i, entryWithHash(YES, "0.51", "1", "SELL", WRONG_HASH)), 2L);
        }

        assertThat(processor.stats().hashChecks()).isEqualTo(1);
        assertThat(processor.stats().hashMismatches()).isEqualTo(1);
        assertThat(observed.resyncs).isEmpty();
    }
}
