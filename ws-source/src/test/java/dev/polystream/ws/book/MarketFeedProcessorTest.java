package dev.polystream.ws.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.book.MarketFeedProcessor.HashCheck;
import dev.polystream.ws.book.MarketFeedProcessor.Options;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.ParseErrorKind;
import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class MarketFeedProcessorTest {

    private static final List<String> WS_MARKET = Fixtures.WS_MARKET;

    private static final String SNAPSHOT_2026 =
            "book__initial_snapshot_with_tick_size_last_trade_price_real_2026-08__nautilus.json";
    private static final String SNAPSHOT_2026_TOKEN =
            "350977769852917329387037893294763093471844346281449484439085576212613048126";
    private static final String DOCS_YES =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private static final String DOCS_NO =
            "52114319501245915516055106046884209969926127482827954674443846427813813222426";

    private static final String MARKET = "0xabc";
    private static final String YES = "111";
    private static final String NO = "222";
    private static final long T0 = 1_790_000_000_000L;

    private final MarketFeedProcessor replay =
            new MarketFeedProcessor(PriceSource.REPLAY, t -> true);

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

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

    @Test
    void shouldPublishTheSnapshotTopAndVerifyItsHash() {
        List<PriceTick> ticks = replay.onFrame(Fixtures.wsMarket(SNAPSHOT_2026), 42L);

        assertThat(ticks)
                .containsExactly(
                        new PriceTick(
                                SNAPSHOT_2026_TOKEN,
                                "0x6bd56627aa21311850825edb27e53434a0e17a4f782be0086bc07f71eee00d0d",
                                1786604072222L,
                                42L,
                                dec("0.075"),
                                dec("0.07"),
                                dec("0.08"),
                                // the wire's 0.920 is the other outcome's trade: 1 - 0.920
                                dec("0.08"),
                                BigDecimal.ZERO,
                                TickKind.BOOK,
                                PriceSource.REPLAY));
        assertThat(replay.book(SNAPSHOT_2026_TOKEN).tickSize()).isEqualByComparingTo("0.01");
        assertThat(replay.stats().snapshotTradesMirrored()).isEqualTo(1);
        assertThat(replay.stats().hashChecks()).isEqualTo(1);
        assertThat(replay.stats().hashMismatches()).isZero();
    }

    @Test
    void shouldCountAHashMismatchWithoutActingOnIt() {
        String tampered = Fixtures.wsMarket(SNAPSHOT_2026).replace("ed47eb91", "00000000");

        List<PriceTick> ticks = replay.onFrame(tampered, 42L);

        assertThat(ticks).hasSize(1);
        assertThat(replay.stats().hashChecks()).isEqualTo(1);
        assertThat(replay.stats().hashMismatches()).isEqualTo(1);
    }

    @Test
    void shouldReadEntrySentinelsAsMissingSides() {
        List<PriceTick> ticks =
                replay.onFrame(
                        Fixtures.wsMarket(
                                "price_change__NEW_price_changes__docs_migration_guide.json"),
                        42L);

        assertThat(ticks).hasSize(2);
        PriceTick yes = ticks.get(0);
        assertThat(yes.tokenId()).isEqualTo(DOCS_YES);
        assertThat(yes.bestBid()).isEqualTo(dec("0.5"));
        assertThat(yes.bestAsk()).isNull(); // "1" = no ask
        assertThat(yes.price()).isNull(); // one side empty, no trade known
        PriceTick no = ticks.get(1);
        assertThat(no.tokenId()).isEqualTo(DOCS_NO);
        assertThat(no.bestBid()).isNull(); // "0" = no bid
        assertThat(no.bestAsk()).isEqualTo(dec("0.5"));
        assertThat(no.kind()).isEqualTo(TickKind.PRICE_CHANGE);
        assertThat(no.exchangeTimeMs()).isEqualTo(1757908892351L);
    }

    @Test
    void shouldEmitOneTickPerTokenPerEventUsingTheLastEntryBbo() {
        List<PriceTick> ticks =
                replay.onFrame(
                        Fixtures.wsMarket("price_change__NEW_semi_synthetic__nautilus.json"), 42L);

        assertThat(ticks).hasSize(1);
        assertThat(ticks.get(0).bestBid()).isEqualTo(dec("0.6"));
        assertThat(ticks.get(0).bestAsk()).isEqualTo(dec("0.7"));
        assertThat(ticks.get(0).price()).isEqualTo(dec("0.65"));
        OrderBook book = replay.book(DOCS_NO);
        assertThat(book.bidLevels()).isEqualTo(3);
    }

    @Test
    void shouldTreatEntryBboAsAuthoritativeOverTheLevels() {
        replay.onFrame(book(YES, levels("0.40", "10", "0.50", "10"), levels("0.52", "10")), 1L);

        // a bid placed deep in the book, but the entry says the top moved (a matching burst)
        List<PriceTick> ticks =
                replay.onFrame(priceChange(entry(YES, "0.45", "5", "BUY", "0.51", "0.53")), 2L);

        assertThat(ticks).hasSize(1);
        assertThat(ticks.get(0).bestBid()).isEqualTo(dec("0.51"));
        assertThat(ticks.get(0).bestAsk()).isEqualTo(dec("0.53"));
        assertThat(ticks.get(0).price()).isEqualTo(dec("0.52"));
        assertThat(replay.book(YES).levelBestBid()).isEqualByComparingTo("0.50");
    }

    @Test
    void shouldNeverPublishACrossedTop() {
        replay.onFrame(book(YES, levels("0.50", "10"), levels("0.52", "10")), 1L);

        List<PriceTick> ticks =
                replay.onFrame(priceChange(entry(YES, "0.53", "5", "BUY", "0.53", "0.52")), 2L);
        List<PriceTick> locked =
                replay.onFrame(priceChange(entry(YES, "0.53", "5", "BUY", "0.53", "0.53")), 3L);

        assertThat(ticks.get(0).bestBid()).isEqualTo(dec("0.5"));
        assertThat(ticks.get(0).bestAsk()).isEqualTo(dec("0.52"));
        assertThat(locked.get(0).bestBid()).isEqualTo(dec("0.5"));
        assertThat(locked.get(0).price()).isEqualTo(dec("0.51"));
        assertThat(replay.stats().crossedTopsRefused()).isEqualTo(2);

        List<PriceTick> recovered =
                replay.onFrame(priceChange(entry(YES, "0.53", "0", "BUY", "0.50", "0.51")), 4L);
        assertThat(recovered.get(0).price()).isEqualTo(dec("0.505"));
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
    void shouldPublishTradesAndSwitchToLastTradeOnWideSpreads() {
        replay.onFrame(book(YES, levels("0.30", "10"), levels("0.70", "10")), 1L);

        List<PriceTick> ticks = replay.onFrame(trade(YES, "0.62", "12.50", "BUY", T0), 2L);

        assertThat(ticks)
                .containsExactly(
                        new PriceTick(
                                YES,
                                MARKET,
                                T0,
                                2L,
                                dec("0.62"),
                                dec("0.3"),
                                dec("0.7"),
                                dec("0.62"),
                                dec("12.5"),
                                TickKind.LAST_TRADE,
                                PriceSource.REPLAY));
    }

    @Test
    void shouldKeepSnapshotTradesThatFitTheBookOrAreAmbiguous() {
        String fits =
                withSnapshotFields(book(YES, levels("0.40", "1"), levels("0.60", "1")), "0.45");
        String oneSided = withSnapshotFields(book(NO, levels("0.40", "1"), levels()), "0.90");

        assertThat(replay.onFrame(fits, 1L).get(0).lastTradePrice()).isEqualTo(dec("0.45"));
        assertThat(replay.onFrame(fits, 1L).get(0).price()).isEqualTo(dec("0.45"));
        assertThat(replay.onFrame(oneSided, 1L).get(0).lastTradePrice()).isEqualTo(dec("0.9"));
        assertThat(replay.stats().snapshotTradesMirrored()).isZero();
    }

    @Test
    void shouldRecordTickSizeChanges() {
        replay.onFrame(book(YES, levels("0.95", "10"), levels("0.97", "10")), 1L);

        List<PriceTick> ticks =
                replay.onFrame(
                        "{\"event_type\":\"tick_size_change\",\"asset_id\":\""
                                + YES
                                + "\",\"market\":\""
                                + MARKET
                                + "\",\"old_tick_size\":\"0.01\",\"new_tick_size\":\"0.001\","
                                + "\"timestamp\":\"7\"}",
                        8L);

        assertThat(ticks).extracting(PriceTick::kind).containsExactly(TickKind.TICK_SIZE_CHANGE);
        assertThat(ticks.get(0).price()).isEqualTo(dec("0.96"));
        assertThat(replay.book(YES).tickSize()).isEqualByComparingTo("0.001");
    }

    @Test
    void shouldPublishResolutionsAsOneAndZero() {
        MarketFeedProcessor processor =
                new MarketFeedProcessor(
                        PriceSource.WS,
                        Set.of(
                                        "76043073756653678226373981964075571318267289248134717369284518995922789326425",
                                        "31690934263385727664202099278545688007799199447969475608906331829650099442770")
                                ::contains);

        List<PriceTick> ticks =
                processor.onFrame(
                        Fixtures.wsMarket("market_resolved__asyncapi_2026__nautilus.json"), 5L);

        assertThat(ticks).extracting(PriceTick::kind).containsOnly(TickKind.RESOLVED);
        assertThat(ticks)
                .extracting(PriceTick::price)
                .containsExactly(BigDecimal.ONE, BigDecimal.ZERO);
        assertThat(ticks.get(0).exchangeTimeMs()).isEqualTo(1766790415550L);
    }

    @Test
    void shouldApplyLegacySchemasFromTheLevels() {
        replay.onFrame(book(YES, levels("0.40", "10"), levels("0.54", "10", "0.52", "3")), 1L);

        List<PriceTick> ticks =
                replay.onFrame(
                        "{\"asset_id\":\""
                                + YES
                                + "\",\"changes\":[{\"price\":\"0.52\",\"side\":\"SELL\",\"size\":\"0\"},"
                                + "{\"price\":\"0.45\",\"side\":\"BUY\",\"size\":\"4\"}],"
                                + "\"event_type\":\"price_change\",\"hash\":\"x\",\"market\":\"m\","
                                + "\"timestamp\":\"9\"}",
                        10L);

        assertThat(ticks).hasSize(1);
        assertThat(ticks.get(0).bestBid()).isEqualTo(dec("0.45"));
        assertThat(ticks.get(0).bestAsk()).isEqualTo(dec("0.54"));
        assertThat(ticks.get(0).price()).isEqualTo(dec("0.495"));
    }

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
    private static final class Observed implements MarketFeedProcessor.Observer {
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

    @Test
    void shouldApplyRestBooksAsSnapshotsAndLearnTheirMarketParameters() {
        MarketMessageParserAccess rest = new MarketMessageParserAccess();
        List<BookEvent> books =
                rest.books(
                        "["
                                + Fixtures.polymarket(
                                        "rest_clob/book__GET_book_real_2026-10-06__equinox_xi_yes.json")
                                + "]");
        MarketFeedProcessor poll = new MarketFeedProcessor(PriceSource.POLL, t -> true);

        List<PriceTick> ticks = poll.onBooks(books, 5L);

        assertThat(ticks)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.kind()).isEqualTo(TickKind.BOOK);
                            assertThat(t.source()).isEqualTo(PriceSource.POLL);
                            assertThat(t.bestBid()).isEqualTo(dec("0.024"));
                            assertThat(t.bestAsk()).isEqualTo(dec("0.025"));
                            assertThat(t.price()).isEqualTo(dec("0.0245"));
                        });
        assertThat(poll.stats().hashChecks()).isEqualTo(1);
        assertThat(poll.stats().hashMismatches()).isZero();
        assertThat(poll.stats().events("book")).isEqualTo(1);
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

    // ---------------------------------------------------------------------------------------

    /** Reads REST bodies with the real parser. */
    private static final class MarketMessageParserAccess {
        List<BookEvent> books(String body) {
            return new MarketMessageParser()
                    .parseBooks(body).events().stream().map(BookEvent.class::cast).toList();
        }
    }

    /** Adds the subscribe-only fields to a {@link #book} object. */
    static String withSnapshotFields(String book, String lastTradePrice) {
        return book.substring(0, book.length() - 1)
                + ",\"tick_size\":\"0.01\",\"last_trade_price\":\""
                + lastTradePrice
                + "\"}";
    }

    static List<String[]> levels(String... priceSize) {
        List<String[]> levels = new ArrayList<>();
        for (int i = 0; i < priceSize.length; i += 2) {
            levels.add(new String[] {priceSize[i], priceSize[i + 1]});
        }
        return levels;
    }

    static String book(String token, List<String[]> bids, List<String[]> asks) {
        return "{\"event_type\":\"book\",\"asset_id\":\""
                + token
                + "\",\"market\":\""
                + MARKET
                + "\",\"timestamp\":\""
                + T0
                + "\",\"bids\":"
                + json(bids)
                + ",\"asks\":"
                + json(asks)
                + "}";
    }

    private static String json(List<String[]> levels) {
        StringBuilder out = new StringBuilder("[");
        for (String[] level : levels) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"price\":\"")
                    .append(level[0])
                    .append("\",\"size\":\"")
                    .append(level[1])
                    .append("\"}");
        }
        return out.append(']').toString();
    }

    static String entry(
            String token, String price, String size, String side, String bestBid, String bestAsk) {
        return "{\"asset_id\":\""
                + token
                + "\",\"price\":\""
                + price
                + "\",\"size\":\""
                + size
                + "\",\"side\":\""
                + side
                + "\",\"best_bid\":\""
                + bestBid
                + "\",\"best_ask\":\""
                + bestAsk
                + "\"}";
    }

    static String entryWithHash(String token, String price, String size, String side, String hash) {
        return "{\"asset_id\":\""
                + token
                + "\",\"price\":\""
                + price
                + "\",\"size\":\""
                + size
                + "\",\"side\":\""
                + side
                + "\",\"hash\":\""
                + hash
                + "\"}";
    }

    static String priceChange(String... entries) {
        return priceChangeAt(T0, entries);
    }

    static String priceChangeAt(long timestamp, String... entries) {
        return "{\"market\":\""
                + MARKET
                + "\",\"price_changes\":["
                + String.join(",", entries)
                + "],\"timestamp\":\""
                + timestamp
                + "\",\"event_type\":\"price_change\"}";
    }

    static String trade(String token, String price, String size, String side, long timestamp) {
        return "{\"asset_id\":\""
                + token
                + "\",\"event_type\":\"last_trade_price\",\"fee_rate_bps\":\"0\",\"market\":\""
                + MARKET
                + "\",\"price\":\""
                + price
                + "\",\"side\":\""
                + side
                + "\",\"size\":\""
                + size
                + "\",\"timestamp\":\""
                + timestamp
                + "\"}";
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
