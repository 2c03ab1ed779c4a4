package dev.polystream.ws.book;

import static dev.polystream.ws.book.FeedFrames.DOCS_NO;
import static dev.polystream.ws.book.FeedFrames.DOCS_YES;
import static dev.polystream.ws.book.FeedFrames.YES;
import static dev.polystream.ws.book.FeedFrames.book;
import static dev.polystream.ws.book.FeedFrames.dec;
import static dev.polystream.ws.book.FeedFrames.entry;
import static dev.polystream.ws.book.FeedFrames.levels;
import static dev.polystream.ws.book.FeedFrames.priceChange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code price_change} in its three schemas: entries, the entry BBO, crossed tops. */
class PriceChangeApplierTest {

    private final MarketFeedProcessor replay =
            new MarketFeedProcessor(PriceSource.REPLAY, t -> true);

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
}
