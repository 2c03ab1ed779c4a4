package dev.polystream.ws.book;

import static dev.polystream.ws.book.FeedFrames.NO;
import static dev.polystream.ws.book.FeedFrames.SNAPSHOT_2026;
import static dev.polystream.ws.book.FeedFrames.SNAPSHOT_2026_TOKEN;
import static dev.polystream.ws.book.FeedFrames.YES;
import static dev.polystream.ws.book.FeedFrames.book;
import static dev.polystream.ws.book.FeedFrames.dec;
import static dev.polystream.ws.book.FeedFrames.levels;
import static dev.polystream.ws.book.FeedFrames.withSnapshotFields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code book} snapshots, from the socket and from REST. */
class BookSnapshotApplierTest {

    private final MarketFeedProcessor replay =
            new MarketFeedProcessor(PriceSource.REPLAY, t -> true);

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

    /** Reads REST bodies with the real parser. */
    private static final class MarketMessageParserAccess {
        List<BookEvent> books(String body) {
            return new MarketMessageParser()
                    .parseBooks(body).events().stream().map(BookEvent.class::cast).toList();
        }
    }
}
