package dev.polystream.launcher;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.domain.Position;
import dev.polystream.job.testutils.Sql;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.math.BigDecimal;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The thin path, real on every hop: a position opened through the gateway's service is written with
 * its outbox row, relayed to Kafka, read by the job, broadcast to the source operator, which
 * subscribes at the fake Polymarket server on a real socket; the server's book changes come back as
 * prices, the market's outcome price, the position's P&L and a price bar in PostgreSQL.
 */
class ThinPathITCase {

    private static final String CONDITION =
            "0x6bd56627aa21311850825edb27e53434a0e17a4f782be0086bc07f71eee00d0d";
    private static final String YES =
            "35097776985291732938703789329476309347184434628144948443908557621261304812";
    private static final String NO =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";

    private FakePolymarketServer polymarket;
    private LocalStack stack;
    private Sql sql;

    @BeforeEach
    void start() throws Exception {
        polymarket = FakePolymarketServer.start();
        // YES book: best bid 0.45, best ask 0.50 (the NO book mirrors it).
        polymarket.addBinaryMarket(
                CONDITION,
                YES,
                NO,
                levels("0.40", "100", "0.45", "200"),
                levels("0.55", "150", "0.50", "100"));
        Configuration conf = new Configuration();
        conf.setString("ws.url", polymarket.wsUrl().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        stack = LocalStack.start(conf, null);
        sql = new Sql(stack.jdbcUrl(), "postgres");
        sql.update(
                "INSERT INTO markets(id, condition_id, question, outcomes, token_ids, source) VALUES"
                        + " ('m-thin', ?, 'Will the thin path work?', '{Yes,No}', ?, 'gamma')",
                CONDITION,
                new String[] {YES, NO});
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (polymarket != null) {
            polymarket.close();
        }
    }

    @Test
    void positionOpenedThroughTheGatewayIsPricedLiveAndUnsubscribedWhenClosed() throws Exception {
        Position position =
                stack.gateway()
                        .positions()
                        .open(
                                42L,
                                "m-thin",
                                YES,
                                "Yes",
                                new BigDecimal("100"),
                                new BigDecimal("0.40"));

        polymarket.awaitSubscribed(YES, Duration.ofSeconds(60));
        assertThat(polymarket.subscribedTokens()).containsExactly(YES);

        // The subscription snapshot alone prices the position: midpoint of 0.45 / 0.50.
        awaitPosition(position.id(), "0.475", "7.5", "18.75");

        // The book moves: best bid 0.48, so the midpoint is 0.49.
        polymarket.priceChange(YES, Side.BUY, "0.48", "50");
        awaitPosition(position.id(), "0.49", "9", "22.5");

        assertThat(decimal("SELECT price FROM token_prices WHERE token_id = ?", YES))
                .isEqualByComparingTo("0.49");
        assertThat(decimal("SELECT best_bid FROM token_prices WHERE token_id = ?", YES))
                .isEqualByComparingTo("0.48");
        assertThat(text("SELECT source FROM token_prices WHERE token_id = ?", YES)).isEqualTo("ws");
        assertThat(text("SELECT market_id FROM token_prices WHERE token_id = ?", YES))
                .isEqualTo("m-thin");
        assertThat(decimal("SELECT outcome_prices[1] FROM markets WHERE id = ?", "m-thin"))
                .isEqualByComparingTo("0.49");
        assertThat(text("SELECT source FROM markets WHERE id = ?", "m-thin")).isEqualTo("ws");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                decimal(
                                                        "SELECT close FROM price_bars_1s WHERE"
                                                                + " token_id = ? ORDER BY bucket"
                                                                + " DESC LIMIT 1",
                                                        YES))
                                        .isEqualByComparingTo("0.49"));

        stack.gateway().positions().close(42L, position.id(), new BigDecimal("0.48"));
        polymarket.awaitUnsubscribed(YES, Duration.ofSeconds(60));
        assertThat(text("SELECT status FROM positions WHERE id = ?", position.id()))
                .isEqualTo("closed");
        // Each change reached the exchange exactly once: a socket opened for the token (its
        // initial subscription), and closed once it had no token left (no socket stays idle).
        assertThat(
                        polymarket.subscriptionLog().stream()
                                .filter(r -> r.tokens().contains(YES))
                                .map(FakePolymarketServer.SubscriptionRecord::operation)
                                .toList())
                .containsExactly("initial");
        polymarket.awaitConnections(0, Duration.ofSeconds(30));
    }

    private void awaitPosition(long id, String price, String pnl, String pnlPercent) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> {
                            assertThat(
                                            decimal(
                                                    "SELECT current_price FROM positions WHERE id = ?",
                                                    id))
                                    .isEqualByComparingTo(price);
                            assertThat(decimal("SELECT pnl_amount FROM positions WHERE id = ?", id))
                                    .isEqualByComparingTo(pnl);
                            assertThat(
                                            decimal(
                                                    "SELECT pnl_percentage FROM positions WHERE id"
                                                            + " = ?",
                                                    id))
                                    .isEqualByComparingTo(pnlPercent);
                        });
    }

    private BigDecimal decimal(String query, Object... params) {
        return sql.value(query, params);
    }

    private String text(String query, Object... params) {
        return sql.value(query, params);
    }
}
