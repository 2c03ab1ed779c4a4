package dev.polystream.ws.book;

import static dev.polystream.ws.book.FeedFrames.MARKET;
import static dev.polystream.ws.book.FeedFrames.T0;
import static dev.polystream.ws.book.FeedFrames.YES;
import static dev.polystream.ws.book.FeedFrames.book;
import static dev.polystream.ws.book.FeedFrames.dec;
import static dev.polystream.ws.book.FeedFrames.levels;
import static dev.polystream.ws.book.FeedFrames.trade;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code last_trade_price}, {@code tick_size_change} and {@code market_resolved}. */
class TradeTickSizeResolutionTest {

    private final MarketFeedProcessor replay =
            new MarketFeedProcessor(PriceSource.REPLAY, t -> true);

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
}
