package dev.polystream.ws.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trader's own legs in the real trade fixtures, as taker and as maker. */
class OwnFillsTest {

    private static final String YES =
            "21742633143463906290569050155826241533067272736897614950488156847949938836455";
    private static final String NO =
            "48331043336612883890938759509493159234755048973500640148014422747788308965732";
    private static final String KEY_2024 = "3e2c94ca-8124-c4c1-c7ea-be1ea21b71fe";
    private static final String KEY_2025 = "a93a3d32-74fa-dd2b-4b67-98bfa6fc5cb5";
    private static final String WALLET = "0xa3d82ed56f4c68d2328fb8c29e568ba2caf7d7c8";

    private static UserTrade trade(String name) {
        UserFrame frame = UserMessageParser.parse(Fixtures.wsUser(name));
        assertThat(frame.errors()).isEmpty();
        return frame.trades().get(0);
    }

    @Test
    void shouldTakeTheTopLevelFieldsOfATakerTrade() {
        UserTrade t = trade("trade_MATCHED_taker_real_2024-09-10__nautilus.json");
        List<OwnFill> fills = OwnFills.of(t, KEY_2024, List.of());
        assertThat(fills).hasSize(1);
        OwnFill f = fills.get(0);
        assertThat(f.taker()).isTrue();
        assertThat(f.tradeId()).isEqualTo("f50e8ab2-652d-4dc8-9c82-8e46197fe98d");
        assertThat(f.legId()).isEqualTo(t.takerOrderId());
        assertThat(f.status()).isEqualTo(TradeStatus.MATCHED);
        assertThat(f.side()).isEqualTo(Side.BUY);
        assertThat(f.size()).isEqualByComparingTo("5");
        assertThat(f.price()).isEqualByComparingTo("0.52");
        assertThat(f.assetId()).isEqualTo(YES);
        assertThat(f.outcome()).isEqualTo("Yes");
        assertThat(f.matchTime()).isEqualTo(Instant.ofEpochSecond(1725958681L));
        // The wallet alone (any case) finds it too; another key and wallet find nothing.
        assertThat(OwnFills.of(t, "other", List.of(WALLET.toUpperCase().replace("0X", "0x"))))
                .hasSize(1);
        assertThat(OwnFills.of(t, "other", List.of("0x" + "1".repeat(40)))).isEmpty();
    }

    @Test
    void shouldFindTheTakerOfARestShapedRowByItsOwner() {
        UserTrade t = trade("trade_CONFIRMED_taker_real_2024-09-11__nautilus.json");
        OwnFill f = OwnFills.of(t, KEY_2024, null).get(0);
        assertThat(f.status()).isEqualTo(TradeStatus.CONFIRMED);
        assertThat(f.size()).isEqualByComparingTo("5");
        assertThat(f.price()).isEqualByComparingTo("0.489");
        assertThat(f.side()).isEqualTo(Side.BUY);
    }

    @Test
    void shouldFindTheMakerLegAmongOtherTradersOrdersAndDeriveItsSide() {
        UserTrade t = trade("trade_MINED_maker_real_2024-09-09__nautilus.json");
        List<OwnFill> fills = OwnFills.of(t, KEY_2024, List.of());
        assertThat(fills).hasSize(1);
        OwnFill f = fills.get(0);
        assertThat(f.taker()).isFalse();
        assertThat(f.legId())
                .isEqualTo("0xab679e56242324e15e59cfd488cd0f12e4fd71b153b9bfb57518898b9983145e");
        assertThat(f.size()).isEqualByComparingTo("5");
        assertThat(f.price()).isEqualByComparingTo("0.518");
        assertThat(f.assetId()).isEqualTo(YES);
        // The taker bought YES; a maker on the same token sold.
        assertThat(f.side()).isEqualTo(Side.SELL);
        assertThat(f.status()).isEqualTo(TradeStatus.MINED);
    }

    @Test
    void shouldGiveTheComplementaryTokenLegWithTheTakersSide() {
        UserTrade t = trade("trade_MINED_maker_real_2024-09-09__nautilus.json");
        List<OwnFill> fills =
                OwnFills.of(t, "not-mine", List.of("0xFfd192468b7a05b38c37C82d09fA941289FaEB23"));
        assertThat(fills).hasSize(1);
        OwnFill f = fills.get(0);
        assertThat(f.assetId()).isEqualTo(NO);
        assertThat(f.outcome()).isEqualTo("No");
        assertThat(f.size()).isEqualByComparingTo("10");
        assertThat(f.price()).isEqualByComparingTo("0.482");
        // The taker bought YES at 0.518 against a NO buyer at 0.482: both buy (a mint).
        assertThat(f.side()).isEqualTo(Side.BUY);
        assertThat(f.price().add(t.price())).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void shouldGiveOneLegPerOwnMakerOrderWithTheSideAsSent() {
        UserTrade t = trade("trade_CONFIRMED_maker_2025-11-10_ts_in_seconds__nautilus_b.json");
        List<OwnFill> fills = OwnFills.of(t, KEY_2025, List.of());
        assertThat(fills)
                .extracting(OwnFill::legId)
                .containsExactly(
                        "0x3ad09f225ebe141dfbdb3824f31cb457e8e0301ca4e0a06311e543f5328b9dea",
                        "0x67b598cab933c71389176573822be763192a35a8c37e49999a11d611a5882e7d");
        assertThat(fills)
                .extracting(OwnFill::price)
                .containsExactly(new BigDecimal("0.4"), new BigDecimal("0.3"));
        assertThat(fills)
                .extracting(OwnFill::size)
                .containsExactly(new BigDecimal("5"), new BigDecimal("5"));
        assertThat(fills).extracting(OwnFill::side).containsOnly(Side.BUY);
        assertThat(fills).allMatch(f -> f.status() == TradeStatus.CONFIRMED && !f.taker());
        // By wallet the same two legs; the taker's key finds none (this event is a maker's).
        assertThat(OwnFills.of(t, null, List.of(WALLET))).hasSize(2);
        assertThat(OwnFills.of(t, "092dab0c-74fa-5ba7-4b67-572daeace198", List.of())).isEmpty();

        UserTrade a = trade("trade_CONFIRMED_maker_2025-11-10_ts_in_seconds__nautilus_a.json");
        List<OwnFill> one = OwnFills.of(a, KEY_2025, List.of());
        assertThat(one).hasSize(1);
        assertThat(one.get(0).price()).isEqualByComparingTo("0.513");
        assertThat(one.get(0).side()).isEqualTo(Side.BUY);
    }

    @Test
    void shouldGiveOnlyTheTakerLegOfATakerEvent() {
        UserTrade t = trade("trade__asyncapi_example.json");
        List<OwnFill> fills = OwnFills.of(t, "9180014b-33c8-9240-a14b-bdca11c0a465", List.of());
        assertThat(fills).singleElement().extracting(OwnFill::taker).isEqualTo(true);
        assertThat(fills.get(0).size()).isEqualByComparingTo("10");
        assertThat(fills.get(0).price()).isEqualByComparingTo("0.57");
    }

    @Test
    void shouldReadARowWithoutTraderSideByItsMakerEntriesElseItsTakerKey() {
        String mined = Fixtures.wsUser("trade_MINED_maker_real_2024-09-09__nautilus.json");
        UserTrade asMaker =
                UserMessageParser.parse(mined.replace("\"trader_side\": \"MAKER\",", ""))
                        .trades()
                        .get(0);
        assertThat(asMaker.traderSide()).isEmpty();
        assertThat(OwnFills.of(asMaker, KEY_2024, List.of()))
                .singleElement()
                .extracting(OwnFill::taker)
                .isEqualTo(false);
        // Its taker key (trade_owner) gets the taker leg; a stranger nothing.
        List<OwnFill> taker =
                OwnFills.of(asMaker, "092dab0c-74fa-5ba7-4b67-572daeace198", List.of());
        assertThat(taker).singleElement().extracting(OwnFill::taker).isEqualTo(true);
        assertThat(taker.get(0).size()).isEqualByComparingTo("1096.87");
        assertThat(OwnFills.of(asMaker, "stranger", List.of())).isEmpty();
    }
}
