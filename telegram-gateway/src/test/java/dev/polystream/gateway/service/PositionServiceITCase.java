package dev.polystream.gateway.service;

import static dev.polystream.gateway.testutils.GatewayTables.count;
import static dev.polystream.gateway.testutils.GatewayTables.interest;
import static dev.polystream.gateway.testutils.GatewayTables.outbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionNotActiveException;
import dev.polystream.gateway.domain.PositionNotFoundException;
import dev.polystream.gateway.domain.PositionStatus;
import dev.polystream.gateway.domain.TokenInterest;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.GatewayTables.OutboxEntry;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.intent.SubscriptionIntent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The position service against real PostgreSQL, as the gateway role; no Kafka involved. */
@ExtendWith(SharedInfrastructure.class)
class PositionServiceITCase {

    private static final String TOPIC = "test.subscriptions";
    private static final long ALICE = 1001L;
    private static final long BOB = 2002L;

    private final AtomicInteger hookCalls = new AtomicInteger();
    private PositionService service;

    @BeforeEach
    void setUp() {
        SharedInfrastructure.truncate();
        service =
                new PositionService(
                        SharedInfrastructure.gatewayDataSource(),
                        TOPIC,
                        hookCalls::incrementAndGet);
    }

    private Position open(long user, String token, String amount, String price) {
        return service.open(
                user, "market-1", token, "Yes", new BigDecimal(amount), new BigDecimal(price));
    }

    @Test
    void shouldOpenPositionWithInterestAndOutboxRowInOneTransaction() {
        Instant before = Instant.now().minusSeconds(5);
        Position p = open(ALICE, "tok-a", "100", "0.42");

        assertThat(p.id()).isPositive();
        assertThat(p.userId()).isEqualTo(ALICE);
        assertThat(p.status()).isEqualTo(PositionStatus.ACTIVE);
        assertThat(p.amount()).isEqualByComparingTo("100");
        assertThat(p.entryPrice()).isEqualByComparingTo("0.42");
        assertThat(p.openedAt()).isAfter(before);
        assertThat(count("users")).isEqualTo(1);
        assertThat(interest("tok-a")).containsExactly(1, 0);

        List<OutboxEntry> rows = outbox();
        assertThat(rows).hasSize(1);
        OutboxEntry row = rows.get(0);
        assertThat(row.topic()).isEqualTo(TOPIC);
        assertThat(row.key()).isEqualTo("tok-a");
        assertThat(row.sent()).isFalse();
        SubscriptionIntent intent = row.intent();
        assertThat(intent.tokenId()).isEqualTo("tok-a");
        assertThat(intent.marketId()).isEqualTo("market-1");
        assertThat(intent.positions()).isEqualTo(1);
        assertThat(intent.watchers()).isZero();
        assertThat(intent.updatedAt()).isAfter(before);
        assertThat(hookCalls).hasValue(1);
    }

    @Test
    void shouldLeaveNeitherPositionNorOutboxRowWhenTheTransactionFailsMidway() {
        // A real failure inside PostgreSQL, after the position and the interest are written: the
        // outbox insert for this token raises.
        SharedInfrastructure.asSuperuser(
                "CREATE OR REPLACE FUNCTION test_reject_outbox() RETURNS trigger AS $$"
                        + " BEGIN RAISE EXCEPTION 'outbox rejected for test'; END $$"
                        + " LANGUAGE plpgsql");
        SharedInfrastructure.asSuperuser(
                "CREATE TRIGGER test_reject_outbox BEFORE INSERT ON outbox FOR EACH ROW"
                        + " WHEN (NEW.msg_key = 'poison') EXECUTE FUNCTION test_reject_outbox()");
        try {
            assertThatThrownBy(() -> open(ALICE, "poison", "10", "0.5"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("Could not open a position")
                    .hasMessageContaining("outbox rejected for test");
        } finally {
            SharedInfrastructure.asSuperuser("DROP TRIGGER test_reject_outbox ON outbox");
        }

        assertThat(count("positions")).isZero();
        assertThat(count("outbox")).isZero();
        assertThat(count("users")).isZero();
        assertThat(interest("poison")).isNull();
        assertThat(hookCalls).hasValue(0);
    }

    @Test
    void shouldCloseOwnPositionWithRealizedPnlAndAnnounceZero() {
        Position opened = open(ALICE, "tok-a", "100", "0.40");

        Position closed = service.close(ALICE, opened.id(), new BigDecimal("0.55"));

        assertThat(closed.id()).isEqualTo(opened.id());
        assertThat(closed.status()).isEqualTo(PositionStatus.CLOSED);
        assertThat(closed.closedAt()).isNotNull();
        assertThat(closed.exitPrice()).isEqualByComparingTo("0.55");
        assertThat(closed.realizedPnl()).isEqualByComparingTo("15.00");
        assertThat(interest("tok-a")).containsExactly(0, 0);
        assertThat(outbox()).extracting(r -> r.intent().positions()).containsExactly(1, 0);
        assertThat(service.activePositions(ALICE)).isEmpty();
        assertThat(hookCalls).hasValue(2);
    }

    @Test
    void shouldRefuseToCloseAnotherUsersPositionAndChangeNothing() {
        Position alices = open(ALICE, "tok-a", "100", "0.40");

        assertThatThrownBy(() -> service.close(BOB, alices.id(), new BigDecimal("0.9")))
                .isInstanceOf(PositionNotFoundException.class)
                .hasMessage("You have no position #" + alices.id() + ".");
        assertThatThrownBy(() -> service.close(BOB, 999_999L, new BigDecimal("0.9")))
                .isInstanceOf(PositionNotFoundException.class)
                .hasMessage("You have no position #999999.");

        assertThat(service.activePositions(ALICE)).containsExactly(alices);
        assertThat(interest("tok-a")).containsExactly(1, 0);
        assertThat(count("outbox")).isEqualTo(1);
        assertThat(count("users")).isEqualTo(1);
    }

    @Test
    void shouldRefuseToCloseTwice() {
        Position p = open(ALICE, "tok-a", "5", "0.40");
        service.close(ALICE, p.id(), new BigDecimal("0.30"));

        assertThatThrownBy(() -> service.close(ALICE, p.id(), new BigDecimal("0.35")))
                .isInstanceOf(PositionNotActiveException.class)
                .hasMessage("Position #" + p.id() + " is already closed.");
        assertThat(interest("tok-a")).containsExactly(0, 0);
        assertThat(count("outbox")).isEqualTo(2);
    }

    @Test
    void shouldRefuseInvalidInputWithClearMessagesAndWriteNothing() {
        assertThatThrownBy(() -> open(ALICE, "tok-a", "0", "0.5"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Amount must be a positive number of shares, got 0.");
        assertThatThrownBy(() -> open(ALICE, "tok-a", "-10", "0.5"))
                .hasMessage("Amount must be a positive number of shares, got -10.");
        assertThatThrownBy(() -> open(ALICE, "tok-a", "10", "1.2"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Entry price must be between 0 and 1");
        assertThatThrownBy(() -> open(ALICE, "tok-a", "10", "0"))
                .hasMessageStartingWith("Entry price must be between 0 and 1");
        Position p = open(ALICE, "tok-a", "10", "0.5");
        assertThatThrownBy(() -> service.close(ALICE, p.id(), new BigDecimal("-0.01")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Exit price must be between 0 and 1, e.g. 0.42 for 42¢; got -0.01.");
        assertThatThrownBy(() -> service.watch(ALICE, "", "market-1"))
                .hasMessage("Token id is missing.");

        assertThat(count("positions")).isEqualTo(1);
        assertThat(count("outbox")).isEqualTo(1);
        assertThat(count("watches")).isZero();
        assertThat(service.activePositions(ALICE)).containsExactly(p);
    }

    @Test
    void shouldCountWatchersAndIgnoreRepeatedWatchesAndUnwatches() {
        assertThat(service.watch(ALICE, "tok-w", "market-1")).isTrue();
        assertThat(service.watch(ALICE, "tok-w", "market-1")).isFalse();
        assertThat(service.watch(BOB, "tok-w", "market-1")).isTrue();
        assertThat(interest("tok-w")).containsExactly(0, 2);

        assertThat(service.unwatch(ALICE, "tok-w")).isTrue();
        assertThat(service.unwatch(ALICE, "tok-w")).isFalse();
        assertThat(service.unwatch(ALICE, "never-watched")).isFalse();

        assertThat(interest("tok-w")).containsExactly(0, 1);
        assertThat(interest("never-watched")).isNull();
        assertThat(outbox())
                .extracting(r -> r.key() + ":" + r.intent().watchers())
                .containsExactly("tok-w:1", "tok-w:2", "tok-w:1");
        assertThat(outbox().get(2).intent().marketId()).isEqualTo("market-1");
        assertThat(hookCalls).hasValue(3);
    }

    @Test
    void shouldWriteAbsoluteCountsInCommitOrderUnderConcurrentOpens() throws Exception {
        int opens = 20;
        ExecutorService pool = Executors.newFixedThreadPool(opens);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Position>> results = new ArrayList<>();
            for (int i = 0; i < opens; i++) {
                long user = 5000 + i;
                results.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return open(user, "tok-hot", "1", "0.5");
                                }));
            }
            go.countDown();
            for (Future<Position> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).id()).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(interest("tok-hot")).containsExactly(opens, 0);
        List<Integer> counts = new ArrayList<>();
        for (OutboxEntry row : outbox()) {
            counts.add(row.intent().positions());
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= opens; i++) {
            expected.add(i);
        }
        assertThat(counts).as("outbox counts in id order").isEqualTo(expected);
    }

    @Test
    void shouldRegisterUsersAndRefreshTheirNames() {
        service.registerUser(ALICE, "alice", "Alice");
        service.registerUser(ALICE, "alice2", "Alice");
        open(ALICE, "tok-a", "1", "0.5");

        List<String> names = new ArrayList<>();
        GatewayTables.query("SELECT username FROM users", rs -> names.add(rs.getString(1)));
        assertThat(names).containsExactly("alice2");
    }

    @Test
    void shouldListOnlyTheUsersActivePositionsOldestFirst() {
        Position first = open(ALICE, "tok-a", "1", "0.5");
        Position second = open(ALICE, "tok-b", "2", "0.5");
        Position closed = open(ALICE, "tok-c", "3", "0.5");
        open(BOB, "tok-a", "4", "0.5");
        service.close(ALICE, closed.id(), new BigDecimal("0.6"));

        assertThat(service.activePositions(ALICE)).containsExactly(first, second);
        assertThat(service.interest("tok-a"))
                .get()
                .extracting(TokenInterest::positions)
                .isEqualTo(2);
        assertThat(service.interest("unknown")).isEmpty();
    }
}
