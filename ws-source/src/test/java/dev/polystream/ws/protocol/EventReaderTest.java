package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EventReaderTest {

    private final EventReader reader = new EventReader(new TextCache(64, 64), true);

    @Test
    void shouldNotCarryFieldsFromOneObjectOfAnArrayToTheNext() {
        ParsedFrame parsed =
                reader.readObjects(
                        "[{\"event_type\":\"last_trade_price\",\"asset_id\":\"1\",\"market\":\"0xm\","
                                + "\"price\":\"0.5\",\"size\":\"3\",\"side\":\"BUY\","
                                + "\"timestamp\":\"7\"},"
                                + "{\"event_type\":\"last_trade_price\",\"asset_id\":\"2\","
                                + "\"price\":\"0.6\"}]",
                        null,
                        "frame");

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.events()).hasSize(2);
        LastTradePriceEvent second = (LastTradePriceEvent) parsed.events().get(1);
        assertThat(second.assetId()).isEqualTo("2");
        assertThat(second.price()).isEqualTo(new BigDecimal("0.6"));
        assertThat(second.size()).isNull();
        assertThat(second.side()).isNull();
        assertThat(second.market()).isNull();
        assertThat(second.timestamp()).isZero();
    }

    @Test
    void shouldReadTheEventTypeWhereverItComesAndMatchItCaseInsensitively() {
        ParsedFrame parsed =
                reader.readObjects(
                        "{\"asset_id\":\"9\",\"new_tick_size\":\"0.001\","
                                + "\"event_type\":\"Tick_Size_Change\"}",
                        null,
                        "frame");

        assertThat(parsed.events())
                .singleElement()
                .isInstanceOfSatisfying(
                        TickSizeChangeEvent.class,
                        e -> assertThat(e.newTickSize()).isEqualTo(new BigDecimal("0.001")));
    }

    @Test
    void shouldReportAProblemOfOneObjectWithoutLosingTheOthers() {
        ParsedFrame parsed =
                reader.readObjects(
                        "[{\"event_type\":\"best_bid_ask\",\"asset_id\":\"1\",\"best_bid\":\"x\"},"
                                + "{\"event_type\":\"best_bid_ask\",\"asset_id\":\"2\","
                                + "\"best_bid\":\"0.4\"}]",
                        null,
                        "frame");

        assertThat(parsed.errors())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind()).isEqualTo(ParseErrorKind.INVALID_VALUE);
                            assertThat(e.detail()).startsWith("best_bid_ask: best_bid");
                        });
        assertThat(parsed.events())
                .singleElement()
                .isInstanceOfSatisfying(
                        BestBidAskEvent.class, e -> assertThat(e.assetId()).isEqualTo("2"));
    }

    @Test
    void shouldUseTheDefaultTypeForRestBodies() {
        ParsedFrame parsed =
                reader.readObjects(
                        "{\"asset_id\":\"5\",\"bids\":[],\"asks\":[],\"min_order_size\":\"5\","
                                + "\"neg_risk\":false}",
                        BookEvent.TYPE,
                        "body");

        assertThat(parsed.events())
                .singleElement()
                .isInstanceOfSatisfying(
                        BookEvent.class,
                        b -> {
                            assertThat(b.minOrderSize()).isEqualTo("5");
                            assertThat(b.negRisk()).isFalse();
                        });
    }
}
