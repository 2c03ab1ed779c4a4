package dev.polystream.ws.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user-channel parser on every real fixture, arrays, malformed elements and PONG. */
class UserMessageParserTest {

    private static final String AAPL_LIKE =
            "21742633143463906290569050155826241533067272736897614950488156847949938836455";

    @Test
    void shouldReadEveryFixtureWithoutError() {
        for (String name : Fixtures.WS_USER) {
            UserFrame frame = UserMessageParser.parse(Fixtures.wsUser(name));
            assertThat(frame.errors()).as(name).isEmpty();
            int expected = name.endsWith(".txt") ? 2 : 1;
            assertThat(frame.trades().size() + frame.orders().size()).as(name).isEqualTo(expected);
            assertThat(name.startsWith("trade") ? frame.trades() : frame.orders())
                    .as(name)
                    .hasSize(expected);
        }
    }

    @Test
    void shouldReadATakerTradeExactly() {
        UserTrade t = single(Fixtures.wsUser("trade_MATCHED_taker_real_2024-09-10__nautilus.json"));
        assertThat(t.id()).isEqualTo("f50e8ab2-652d-4dc8-9c82-8e46197fe98d");
        assertThat(t.status()).isEqualTo(TradeStatus.MATCHED);
        assertThat(t.assetId()).isEqualTo(AAPL_LIKE);
        assertThat(t.side()).isEqualTo(Side.BUY);
        assertThat(t.size()).isEqualTo(new BigDecimal("5"));
        assertThat(t.price()).isEqualTo(new BigDecimal("0.52"));
        assertThat(t.feeRateBps()).isEqualTo(new BigDecimal("0"));
        assertThat(t.traderSide()).isEqualTo("TAKER");
        assertThat(t.isTaker()).isTrue();
        assertThat(t.owner()).isEqualTo("3e2c94ca-8124-c4c1-c7ea-be1ea21b71fe");
        assertThat(t.tradeOwner()).isEqualTo("3e2c94ca-8124-c4c1-c7ea-be1ea21b71fe");
        assertThat(t.takerOrderId()).startsWith("0x5b605a0e");
        assertThat(t.transactionHash()).startsWith("0xa667ef3b");
        assertThat(t.matchTime()).isEqualTo(Instant.ofEpochSecond(1725958681L));
        assertThat(t.lastUpdate()).isEqualTo(Instant.ofEpochSecond(1725958682L));
        assertThat(t.timestamp()).isEqualTo(Instant.ofEpochMilli(1725958682125L));
        assertThat(t.makerOrders()).hasSize(1);
        MakerOrder m = t.makerOrders().get(0);
        assertThat(m.matchedAmount()).isEqualTo(new BigDecimal("5"));
        assertThat(m.price()).isEqualTo(new BigDecimal("0.52"));
        assertThat(m.side()).isNull();
        assertThat(m.owner()).isEqualTo("ce168652-c146-2d93-a45c-f36cc52ae6f6");
    }

    @Test
    void shouldReadTimesInSecondsAndTheDocsMatchtimeSpelling() {
        UserTrade seconds =
                single(
                        Fixtures.wsUser(
                                "trade_CONFIRMED_maker_2025-11-10_ts_in_seconds__nautilus_a.json"));
        assertThat(seconds.timestamp()).isEqualTo(Instant.ofEpochSecond(1762776436L));
        assertThat(seconds.makerOrders().get(0).side()).isEqualTo(Side.BUY);
        UserTrade docs = single(Fixtures.wsUser("trade__asyncapi_example.json"));
        assertThat(docs.matchTime()).isEqualTo(Instant.ofEpochSecond(1672290701L));
        assertThat(docs.transactionHash()).isEmpty();
        assertThat(
                        single(
                                        "{\"event_type\":\"trade\",\"id\":\"x\",\"status\":\"MINED\",\"asset_id\":\"1\","
                                                + "\"side\":\"SELL\",\"size\":\"1.50\",\"price\":\"0.3\","
                                                + "\"last_update\":\"2026-07-08T10:00:00Z\"}")
                                .lastUpdate())
                .isEqualTo(Instant.parse("2026-07-08T10:00:00Z"));
    }

    @Test
    void shouldReadAnOrderStatusByItsLongestPrefixAndKeepTheReason() {
        UserOrder fok =
                UserMessageParser.parse(
                                Fixtures.wsUser(
                                        "order_CANCELLATION_FOK_killed_status_with_reason_suffix_2026-05__nautilus.json"))
                        .orders()
                        .get(0);
        assertThat(fok.status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(fok.statusReason())
                .isEqualTo(
                        "order couldn't be fully filled. FOK orders are fully filled or killed.");
        assertThat(fok.sizeMatched()).isNull();
        assertThat(fok.createdAt()).isNull();
        assertThat(fok.expiration()).isNull();
        assertThat(fok.associateTrades()).isEmpty();
        assertThat(fok.outcome()).isEmpty();
        assertThat(fok.orderType()).isEqualTo("FOK");
        assertThat(fok.originalSize()).isEqualTo(new BigDecimal("12"));

        List<UserOrder> two =
                UserMessageParser.parse(
                                Fixtures.wsUser(
                                        "order_PLACEMENT_then_CANCELED_MARKET_RESOLVED_real_2026-07-08__unresolved_repo.txt"))
                        .orders();
        assertThat(two)
                .extracting(UserOrder::status)
                .containsExactly(OrderStatus.LIVE, OrderStatus.CANCELED_MARKET_RESOLVED);
        assertThat(two.get(1).statusReason()).isEmpty();
        assertThat(two.get(1).type()).isEqualTo("CANCELLATION");
        assertThat(two.get(0).createdAt()).isEqualTo(Instant.ofEpochSecond(1783509882L));

        UserOrder placement =
                UserMessageParser.parse(
                                Fixtures.wsUser("order_PLACEMENT_real_2024-09-09__nautilus.json"))
                        .orders()
                        .get(0);
        assertThat(placement.associateTrades()).isNull();
        assertThat(placement.price()).isEqualTo(new BigDecimal("0.513"));
        assertThat(placement.sizeMatched()).isEqualTo(new BigDecimal("0"));
        assertThat(placement.timestamp()).isEqualTo(Instant.ofEpochMilli(1725842520990L));
        assertThat(
                        UserMessageParser.parse(Fixtures.wsUser("order__asyncapi_example.json"))
                                .orders()
                                .get(0)
                                .expiration())
                .isEqualTo(Instant.ofEpochSecond(1234567L));
        assertThat(
                        UserMessageParser.parse(
                                        Fixtures.wsUser(
                                                "order_CANCELLATION_status_INVALID_2026-03__nautilus.json"))
                                .orders()
                                .get(0)
                                .createdAt())
                .isEqualTo(Instant.ofEpochMilli(1774377384000L));
        assertThat(OrderStatus.parse("CANCELED_MARKET_RESOLVED_late"))
                .isEqualTo(OrderStatus.CANCELED_MARKET_RESOLVED);
        assertThat(OrderStatus.reason("CANCELED_MARKET_RESOLVED_late")).isEqualTo("late");
        assertThat(OrderStatus.parse("canceled_market_resolved"))
                .isEqualTo(OrderStatus.CANCELED_MARKET_RESOLVED);
        assertThat(OrderStatus.parse("CANCELEDX")).isNull();
        assertThat(OrderStatus.parse("WHATEVER")).isNull();
    }

    @Test
    void shouldReadAnArrayMixingOrdersAndTradesAndKeepTheGoodOnes() {
        String trade = Fixtures.wsUser("trade_MATCHED_taker_real_2024-09-10__nautilus.json");
        String order = Fixtures.wsUser("order_PLACEMENT_real_2024-09-09__nautilus.json");
        String frame =
                "["
                        + order
                        + ","
                        + trade
                        + ",{\"event_type\":\"trade\",\"status\":\"MATCHED\"}"
                        + ",{\"event_type\":\"trade\",\"id\":\"bad-size\",\"status\":\"MATCHED\","
                        + "\"asset_id\":\"1\",\"side\":\"BUY\",\"size\":\"5x\",\"price\":\"0.5\"}"
                        + ",{\"event_type\":\"bonus\",\"id\":\"b\"}"
                        + ",{\"event_type\":\"trade\",\"id\":\"s\",\"status\":\"SETTLING\","
                        + "\"asset_id\":\"1\",\"side\":\"BUY\",\"size\":\"5\",\"price\":\"0.5\"}"
                        + ",42]";
        UserFrame parsed = UserMessageParser.parse(frame);
        assertThat(parsed.orders()).hasSize(1);
        assertThat(parsed.trades())
                .extracting(UserTrade::id)
                .containsExactly("f50e8ab2-652d-4dc8-9c82-8e46197fe98d");
        assertThat(parsed.errors()).hasSize(5);
        assertThat(parsed.errors().get(0)).contains("missing id");
        assertThat(parsed.errors().get(1)).contains("bad-size").contains("bad number in size");
        assertThat(parsed.errors().get(2)).contains("unknown event type bonus");
        assertThat(parsed.errors().get(3)).contains("unknown trade status SETTLING");
        assertThat(parsed.errors()).allMatch(e -> !e.contains("\n"));
    }

    @Test
    void shouldFlagPongAndReportTextThatIsNotJson() {
        assertThat(UserMessageParser.parse("PONG").pong()).isTrue();
        assertThat(UserMessageParser.parse("PONG").errors()).isEmpty();
        assertThat(UserMessageParser.parse("INVALID OPERATION").errors()).hasSize(1);
        assertThat(UserMessageParser.parse("{\"event_type\":\"trade\",").errors())
                .singleElement()
                .asString()
                .startsWith("malformed JSON");
        assertThat(UserMessageParser.parse("[]").errors()).isEmpty();
    }

    @Test
    void shouldReadRestRowsWithPrefixedStatuses() throws Exception {
        String row =
                Fixtures.wsUser("trade_CONFIRMED_taker_real_2024-09-11__nautilus.json")
                        .replace("\"CONFIRMED\"", "\"TRADE_STATUS_CONFIRMED\"");
        UserFrame rows =
                UserMessageParser.parseTradeRows(new ObjectMapper().readTree("[" + row + ",{}]"));
        assertThat(rows.trades())
                .singleElement()
                .extracting(UserTrade::status)
                .isEqualTo(TradeStatus.CONFIRMED);
        assertThat(rows.errors()).singleElement().asString().contains("missing id");
    }

    private static UserTrade single(String text) {
        UserFrame frame = UserMessageParser.parse(text);
        assertThat(frame.errors()).isEmpty();
        assertThat(frame.trades()).hasSize(1);
        return frame.trades().get(0);
    }
}
