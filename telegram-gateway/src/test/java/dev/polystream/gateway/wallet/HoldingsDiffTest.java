package dev.polystream.gateway.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.domain.HoldingState;
import dev.polystream.gateway.domain.PositionStatus;
import dev.polystream.gateway.store.WalletPositionStore.Stored;
import dev.polystream.gateway.wallet.HoldingsDiff.Action;
import dev.polystream.gateway.wallet.HoldingsDiff.Change;
import dev.polystream.gateway.wallet.HoldingsDiff.Observed;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HoldingsDiffTest {

    static HoldingState state(String token, String size, String cost, boolean redeemable) {
        return new HoldingState(
                token,
                "0xc" + token,
                "m" + token,
                "Yes",
                new BigDecimal(size),
                new BigDecimal("0.5"),
                new BigDecimal(cost),
                BigDecimal.ZERO,
                redeemable,
                false);
    }

    static Map<String, Observed> observed(HoldingState... states) {
        Map<String, Observed> map = new LinkedHashMap<>();
        for (HoldingState s : states) {
            map.put(s.tokenId(), new Observed(s, new BigDecimal("1"), null));
        }
        return map;
    }

    static Stored stored(long id, PositionStatus status, HoldingState s) {
        return new Stored(id, status, s);
    }

    @Test
    void shouldChangeNothingWhenTheHoldingsAreTheSameEvenWithOtherScales() {
        Stored a = stored(1, PositionStatus.ACTIVE, state("1", "28.09", "18.8202", false));
        List<Change> changes =
                HoldingsDiff.between(
                        List.of(a), observed(state("1", "28.0900", "18.82020", false)), Set.of());
        assertThat(changes).isEmpty();
    }

    @Test
    void shouldInsertNewHoldingsAndIgnoreEmptyOnes() {
        List<Change> changes =
                HoldingsDiff.between(
                        List.of(),
                        observed(
                                state("2", "10", "5", false),
                                state("1", "0", "0", false),
                                state("3", "4", "2", true)),
                        Set.of());
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).action()).isEqualTo(Action.INSERT);
        assertThat(changes.get(0).status()).isEqualTo(PositionStatus.ACTIVE);
        assertThat(changes.get(0).interestDelta()).isEqualTo(1);
        assertThat(changes.get(1).status()).isEqualTo(PositionStatus.RESOLVED);
        assertThat(changes.get(1).interestDelta()).isZero();
    }

    @Test
    void shouldUpdateAChangedSizeAndCloseAGoneOrEmptiedHolding() {
        Stored up = stored(1, PositionStatus.ACTIVE, state("1", "10", "5", false));
        Stored gone = stored(2, PositionStatus.ACTIVE, state("2", "10", "5", false));
        Stored emptied = stored(3, PositionStatus.ACTIVE, state("3", "10", "5", false));
        List<Change> changes =
                HoldingsDiff.between(
                        List.of(up, gone, emptied),
                        observed(state("1", "15", "7.5", false), state("3", "0", "0", false)),
                        Set.of());
        assertThat(changes)
                .extracting(Change::action)
                .containsExactly(Action.UPDATE, Action.CLOSE, Action.CLOSE);
        assertThat(changes.get(0).next().amount()).isEqualByComparingTo("15");
        assertThat(changes).extracting(Change::interestDelta).containsExactly(0, -1, -1);
    }

    @Test
    void shouldResolveARedeemableHoldingAndNeverReopenIt() {
        Stored active = stored(1, PositionStatus.ACTIVE, state("1", "10", "5", false));
        List<Change> first =
                HoldingsDiff.between(
                        List.of(active), observed(state("1", "10", "5", true)), Set.of());
        assertThat(first).singleElement().extracting(Change::action).isEqualTo(Action.RESOLVE);
        assertThat(first.get(0).price()).isEqualByComparingTo("1");

        Stored resolved = stored(1, PositionStatus.RESOLVED, state("1", "10", "5", true));
        assertThat(
                        HoldingsDiff.between(
                                List.of(resolved),
                                observed(state("1", "10", "5", false)),
                                Set.of()))
                .allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.UPDATE));
        // Redeemed: the shares went away; nothing is left to redeem, the size is kept.
        List<Change> redeemed = HoldingsDiff.between(List.of(resolved), Map.of(), Set.of());
        assertThat(redeemed).singleElement().extracting(Change::action).isEqualTo(Action.UPDATE);
        Change u = redeemed.get(0);
        assertThat(u.next().redeemable()).isFalse();
        assertThat(u.next().amount()).isEqualByComparingTo("10");
    }

    @Test
    void shouldLeaveUnreadableTokensAlone() {
        Stored held = stored(1, PositionStatus.ACTIVE, state("1", "10", "5", false));
        assertThat(HoldingsDiff.between(List.of(held), Map.of(), Set.of("1"))).isEmpty();
        assertThat(
                        HoldingsDiff.between(
                                List.of(), observed(state("9", "10", "5", false)), Set.of("9")))
                .isEmpty();
    }

    @Test
    void shouldKeepAKnownMarketWhenTheNewReadLacksIt() {
        HoldingState known = state("1", "10", "5", false);
        HoldingState unknownMarket =
                new HoldingState(
                        "1",
                        known.conditionId(),
                        null,
                        "Yes",
                        known.amount(),
                        known.avgPrice(),
                        known.costBasis(),
                        known.realizedPnl(),
                        false,
                        false);
        assertThat(
                        HoldingsDiff.between(
                                List.of(stored(1, PositionStatus.ACTIVE, known)),
                                observed(unknownMarket),
                                Set.of()))
                .isEmpty();
    }

    @Test
    void shouldOrderChangesByTokenSoInterestLocksAreTakenInOneOrder() {
        List<Change> changes =
                HoldingsDiff.between(
                        List.of(stored(1, PositionStatus.ACTIVE, state("5", "1", "1", false))),
                        observed(state("9", "1", "1", false), state("1", "1", "1", false)),
                        Set.of());
        assertThat(changes).extracting(Change::tokenId).containsExactly("1", "5", "9");
        assertThat(changes.get(1).action()).isEqualTo(Action.CLOSE);
    }
}
