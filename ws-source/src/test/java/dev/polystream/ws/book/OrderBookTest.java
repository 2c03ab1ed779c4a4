package dev.polystream.ws.book;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderBookTest {

    private final OrderBook book = new OrderBook("1");

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    @Test
    void shouldFindBestLevelsWhateverTheWireOrder() {
        // wire order is bids ascending, asks descending; feed the opposite on purpose
        book.replace(
                List.of(
                        PriceLevel.of("0.50", "1"),
                        PriceLevel.of("0.40", "1"),
                        PriceLevel.of("0.45", "1")),
                List.of(
                        PriceLevel.of("0.52", "1"),
                        PriceLevel.of("0.60", "1"),
                        PriceLevel.of("0.55", "1")));

        assertThat(book.levelBestBid()).isEqualByComparingTo("0.50");
        assertThat(book.levelBestAsk()).isEqualByComparingTo("0.52");
        assertThat(book.topFromLevels()).isTrue();
        assertThat(book.bestBid()).isEqualTo(dec("0.5"));
        assertThat(book.bestAsk()).isEqualTo(dec("0.52"));
        assertThat(book.displayPrice()).isEqualTo(dec("0.51"));
    }

    @Test
    void shouldRemoveALevelWhenItsSizeIsZero() {
        book.replace(List.of(PriceLevel.of("0.4", "10"), PriceLevel.of("0.5", "10")), List.of());

        book.set(Side.BUY, dec("0.5"), dec("0"));

        assertThat(book.bidLevels()).isEqualTo(1);
        assertThat(book.levelBestBid()).isEqualByComparingTo("0.4");
    }

    @Test
    void shouldTreatDifferentScalesOfOnePriceAsOneLevel() {
        book.set(Side.SELL, dec("0.5"), dec("10"));
        book.set(Side.SELL, dec("0.50"), dec("7"));

        assertThat(book.askLevels()).isEqualTo(1);
        assertThat(book.size(Side.SELL, dec("0.500"))).isEqualByComparingTo("7");

        book.set(Side.SELL, dec("0.500"), dec("0.00"));

        assertThat(book.askLevels()).isZero();
    }

    @Test
    void shouldSkipZeroSizeLevelsOfASnapshot() {
        book.replace(List.of(PriceLevel.of("0.4", "0")), List.of(PriceLevel.of("0.6", "0.0")));

        assertThat(book.bidLevels()).isZero();
        assertThat(book.askLevels()).isZero();
        assertThat(book.snapshotSeen()).isTrue();
    }

    @Test
    void shouldReadWireSentinelsAsMissingSides() {
        assertThat(book.updateTop(dec("0"), dec("1"))).isTrue();
        assertThat(book.bestBid()).isNull();
        assertThat(book.bestAsk()).isNull();

        assertThat(book.updateTop(dec("-0.01"), dec("1.00"))).isTrue();
        assertThat(book.bestBid()).isNull();
        assertThat(book.bestAsk()).isNull();
    }

    @Test
    void shouldRefuseCrossedOrLockedTopsKeepingTheLastGoodOne() {
        assertThat(book.updateTop(dec("0.52"), dec("0.54"))).isTrue();

        assertThat(book.updateTop(dec("0.55"), dec("0.54"))).isFalse();
        assertThat(book.updateTop(dec("0.53"), dec("0.530"))).isFalse();

        assertThat(book.bestBid()).isEqualTo(dec("0.52"));
        assertThat(book.bestAsk()).isEqualTo(dec("0.54"));
        assertThat(book.displayPrice()).isEqualTo(dec("0.53"));
    }

    @Test
    void shouldFallBackToLastTradeWhenASideIsEmpty() {
        book.replace(List.of(PriceLevel.of("0.4", "1")), List.of());
        book.topFromLevels();
        assertThat(book.displayPrice()).isNull();

        book.lastTradePrice(dec("0.430"));

        assertThat(book.displayPrice()).isEqualTo(dec("0.43"));
    }
}
