package dev.polystream.gateway.wallet;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.dataapi.DataApiClient;
import dev.polystream.gateway.dataapi.DataApiException;
import dev.polystream.gateway.dataapi.DataApiSettings;
import dev.polystream.gateway.domain.HoldingState;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.domain.WalletSyncStatus;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.store.AlertStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.testutils.DataApiRows;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.testing.FakeGammaServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The wallet sync on real parts: PostgreSQL as the gateway role, the fake Data API and the fake
 * Gamma on real sockets. Each test uses its own wallets and tokens.
 */
@ExtendWith(SharedInfrastructure.class)
class WalletSyncITCase {

    static final String TOPIC = "wallet.sync.it";
    static final AtomicLong IDS = new AtomicLong(7_000);

    static FakeDataApi api;
    static FakeGammaServer gamma;
    static DataApiClient client;
    static PositionService positions;
    static WalletSync sync;
    static WalletLinks links;
    static DataSource db;

    @BeforeAll
    static void start() {
        api = FakeDataApi.start();
        gamma = FakeGammaServer.start();
        db = SharedInfrastructure.gatewayDataSource();
        client =
                new DataApiClient(
                        new DataApiSettings(
                                api.baseUrl(),
                                100,
                                4,
                                Duration.ofSeconds(5),
                                20,
                                3,
                                Duration.ofMillis(20),
                                Duration.ofMillis(100)));
        positions = new PositionService(db, TOPIC, null);
        GammaClient gammaClient = new GammaClient(gamma.baseUrl(), Duration.ofSeconds(5));
        sync =
                new WalletSync(
                        db,
                        client,
                        new HoldingsWriter(db, positions, Clock.systemUTC()),
                        new MarketCatalog(db, gammaClient),
                        Clock.systemUTC());
        links = new WalletLinks(db, positions, gammaClient, client, 3, w -> {});
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close();
        }
        if (gamma != null) {
            gamma.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    static String wallet() {
        return String.format("0x%040x", IDS.incrementAndGet());
    }

    static String token() {
        return "7100000000000000000000000000000" + IDS.incrementAndGet();
    }

    static String condition(String token) {
        byte[] bytes = new byte[32];
        byte[] digits = token.getBytes();
        System.arraycopy(
                digits, Math.max(0, digits.length - 32), bytes, 0, Math.min(32, digits.length));
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** A holding, in a market the fake Gamma knows by the row's slug. */
    static ObjectNode holding(String wallet, String token, String size, String cost, String price) {
        String slug = "market-of-" + token;
        String condition = condition(token);
        gamma.addMarket(
                FakeGammaServer.market(
                        "m" + token.substring(token.length() - 6),
                        "Will " + token + " happen?",
                        slug,
                        condition,
                        List.of("Yes", "No"),
                        List.of(token, token + "9"),
                        List.of("0.5", "0.5")));
        BigDecimal avg =
                new BigDecimal(cost)
                        .divide(new BigDecimal(size), 4, java.math.RoundingMode.HALF_UP);
        ObjectNode row =
                FakeDataApi.row(
                        wallet,
                        token,
                        condition,
                        size,
                        avg.toPlainString(),
                        cost,
                        price,
                        "Yes",
                        0,
                        "Will " + token + " happen?");
        row.put("slug", slug);
        return row;
    }

    /** Links the wallet for a new user (Gamma knows no profile: the address is the wallet). */
    static long link(String wallet) {
        long user = IDS.incrementAndGet();
        api.knownUser(wallet);
        links.link(user, user, wallet);
        return user;
    }

    static WalletSync.Outcome syncNow(String wallet) {
        return sync.sync(WalletAddress.of(wallet), false);
    }

    static Map<String, Object> position(String wallet, String token) {
        List<Map<String, Object>> rows = new ArrayList<>();
        GatewayTables.query(
                "SELECT id, status, amount, entry_price, cost_basis, realized_pnl, market_id,"
                        + " condition_id, outcome, redeemable, exit_price, xmin::text AS version"
                        + " FROM positions WHERE wallet = '"
                        + wallet
                        + "' AND token_id = '"
                        + token
                        + "' ORDER BY id DESC LIMIT 1",
                rs -> {
                    Map<String, Object> row = new java.util.HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                });
        return rows.isEmpty() ? null : rows.get(0);
    }

    static long outboxRowsFor(String token) {
        return GatewayTables.outbox().stream().filter(r -> r.key().equals(token)).count();
    }

    // ---- tests -----------------------------------------------------------------------------

    @Test
    void shouldWriteTheHoldingsAndNothingAtAllWhenNothingChanged() {
        String w = wallet();
        String a = token();
        String b = token();
        api.setHoldings(
                w,
                List.of(
                        holding(w, a, "28.09", "18.8202", "0.715"),
                        holding(w, b, "10", "4", "0.5")));
        link(w);

        WalletSync.Outcome first = syncNow(w);
        assertThat(first.written().inserted()).isEqualTo(2);
        Map<String, Object> p = position(w, a);
        assertThat(p.get("status")).isEqualTo("active");
        assertThat((BigDecimal) p.get("amount")).isEqualByComparingTo("28.09");
        assertThat((BigDecimal) p.get("cost_basis")).isEqualByComparingTo("18.8202");
        assertThat((BigDecimal) p.get("entry_price")).isEqualByComparingTo("0.6700");
        assertThat(p.get("market_id")).isEqualTo("m" + a.substring(a.length() - 6));
        assertThat(p.get("condition_id")).isEqualTo(condition(a));
        assertThat(p.get("outcome")).isEqualTo("Yes");
        assertThat(GatewayTables.interest(a)).containsExactly(1, 0);
        assertThat(outboxRowsFor(a)).isEqualTo(1);
        assertThat(first.status().holdings()).isEqualTo(2);
        assertThat(first.status().polymarketValue()).isEqualByComparingTo("25.0844");

        String version = (String) p.get("version");
        long outbox = GatewayTables.count("outbox");
        for (int i = 0; i < 3; i++) {
            assertThat(syncNow(w).written().changed()).isFalse();
        }
        assertThat(position(w, a).get("version"))
                .as("the row was not rewritten")
                .isEqualTo(version);
        assertThat(GatewayTables.count("outbox")).as("no outbox churn").isEqualTo(outbox);
    }

    @Test
    void shouldFollowASizeChangeANewHoldingAndAHoldingThatWentAway() {
        String w = wallet();
        String a = token();
        String b = token();
        String c = token();
        api.setHoldings(
                w, List.of(holding(w, a, "10", "5", "0.5"), holding(w, b, "20", "8", "0.4")));
        link(w);
        syncNow(w);
        long bId = (Long) position(w, b).get("id");

        api.putHolding(w, holding(w, a, "15", "7.7", "0.5"));
        api.putHolding(w, holding(w, c, "3", "1.5", "0.5"));
        // b is sold out on polymarket.com: it leaves the open list, and the closed list holds its
        // final realized P&L.
        ObjectNode soldOut = holding(w, b, "20", "8", "0.4");
        soldOut.put("current_size", 0);
        DataApiRows.status(soldOut, "CLOSED");
        DataApiRows.realizedPnl(soldOut, "3.25");
        api.putHolding(w, soldOut);
        HoldingsWriter.Result r = syncNow(w).written();
        assertThat(List.of(r.inserted(), r.updated(), r.closed(), r.resolved()))
                .containsExactly(1, 1, 1, 0);
        assertThat(r.gone()).extracting(HoldingState::tokenId).containsExactly(b);
        assertThat((BigDecimal) position(w, b).get("realized_pnl")).isEqualByComparingTo("3.25");
        assertThat(
                        api.requests("/v2/positions").stream()
                                .filter(q -> w.equals(q.param("user")))
                                .filter(q -> "CLOSED".equals(q.param("status")))
                                .map(q -> q.param("condition")))
                .containsExactly(condition(b));
        assertThat((BigDecimal) position(w, a).get("amount")).isEqualByComparingTo("15");
        assertThat((BigDecimal) position(w, a).get("cost_basis")).isEqualByComparingTo("7.7");
        assertThat(position(w, b).get("status")).isEqualTo("closed");
        assertThat(position(w, b).get("id")).as("closed, never deleted").isEqualTo(bId);
        assertThat(GatewayTables.interest(b)).containsExactly(0, 0);
        assertThat(GatewayTables.interest(c)).containsExactly(1, 0);
        // The intent record for b says nobody wants it any more.
        assertThat(
                        GatewayTables.outbox().stream()
                                .filter(o -> o.key().equals(b))
                                .reduce((x, y) -> y)
                                .orElseThrow()
                                .intent()
                                .positions())
                .isZero();
    }

    @Test
    void shouldReadEveryPageAndTrackUnlabelableButNotComboRows() {
        String w = wallet();
        List<ObjectNode> rows = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String t = token();
            tokens.add(t);
            rows.add(holding(w, t, String.valueOf(10 + i), "5", "0.5"));
        }
        // outcome_index 999: the label Polymarket still gives is kept (as in the real capture);
        // without one the outcome shows as unknown.
        String odd = token();
        rows.add(FakeDataApi.unlabelableRow(w, odd, condition(odd), "4", "0.25"));
        String blank = token();
        ObjectNode unlabelled = FakeDataApi.unlabelableRow(w, blank, condition(blank), "3", "0.25");
        unlabelled.put("outcome", "");
        rows.add(unlabelled);
        rows.add(FakeDataApi.comboRow(w, token(), "2"));
        api.setHoldings(w, rows);
        api.setMaxPageSize(2);
        try {
            link(w);
            WalletSync.Outcome outcome = syncNow(w);
            assertThat(outcome.written().inserted()).isEqualTo(7);
            assertThat(outcome.status().skipped()).isEqualTo(1);
            for (String t : tokens) {
                assertThat(position(w, t)).as(t).isNotNull();
            }
            assertThat(position(w, odd).get("outcome")).isEqualTo("Yes");
            assertThat(position(w, blank).get("outcome")).isEqualTo("Outcome ?");
        } finally {
            api.setMaxPageSize(1000);
        }
    }

    @Test
    void shouldNeverCloseAPositionBecauseItsRowWasUnreadable() {
        String w = wallet();
        String a = token();
        String b = token();
        api.setHoldings(
                w, List.of(holding(w, a, "10", "5", "0.5"), holding(w, b, "10", "5", "0.5")));
        link(w);
        syncNow(w);
        ObjectNode broken = holding(w, b, "10", "5", "0.5");
        broken.put("current_size", "abc");
        api.putHolding(w, broken);
        assertThat(syncNow(w).written().changed()).isFalse();
        assertThat(position(w, b).get("status")).isEqualTo("active");
    }

    @Test
    void shouldKeepTheLastHoldingsThroughFailuresAndBadBodies() {
        String w = wallet();
        String a = token();
        api.setHoldings(w, List.of(holding(w, a, "10", "5", "0.5")));
        link(w);
        syncNow(w);
        String version = (String) position(w, a).get("version");
        api.putHolding(w, holding(w, a, "99", "50", "0.5"));

        api.failNext(3, 503, null);
        assertThatThrownBy(() -> syncNow(w)).isInstanceOf(DataApiException.class);
        api.truncateNext(1);
        assertThatThrownBy(() -> syncNow(w)).isInstanceOf(DataApiException.class);
        api.malformedNext(1);
        assertThatThrownBy(() -> syncNow(w)).isInstanceOf(DataApiException.class);
        assertThat(position(w, a).get("version")).isEqualTo(version);

        assertThat(syncNow(w).written().updated()).isEqualTo(1);
        assertThat((BigDecimal) position(w, a).get("amount")).isEqualByComparingTo("99");
    }

    @Test
    void shouldConfirmAnAnswerOfNoHoldingsBeforeClosingEverything() {
        String w = wallet();
        String a = token();
        api.setHoldings(w, List.of(holding(w, a, "10", "5", "0.5")));
        link(w);
        syncNow(w);

        api.dataNullNext(1);
        WalletSync.Outcome glitch = syncNow(w);
        assertThat(glitch.unconfirmedEmpty()).isTrue();
        assertThat(position(w, a).get("status")).isEqualTo("active");
        // The next read holds the position again: nothing changes.
        assertThat(sync.sync(WalletAddress.of(w), true).written().changed()).isFalse();

        // Really sold out: confirmed by the second read, then closed.
        api.removeHolding(w, a);
        assertThat(syncNow(w).unconfirmedEmpty()).isTrue();
        assertThat(sync.sync(WalletAddress.of(w), true).written().closed()).isEqualTo(1);
        assertThat(position(w, a).get("status")).isEqualTo("closed");
    }

    @Test
    void shouldSettleARedeemableHoldingAndNoticeEachLinkedTraderOnce() {
        String w = wallet();
        String won = token();
        String lost = token();
        api.setHoldings(
                w, List.of(holding(w, won, "10", "5", "0.5"), holding(w, lost, "4", "2", "0.5")));
        long alice = link(w);
        long bob = IDS.incrementAndGet();
        links.link(bob, bob, w);
        syncNow(w);

        ObjectNode settledWon = holding(w, won, "10", "5", "1");
        settledWon.put("redeemable", true);
        ObjectNode settledLost = holding(w, lost, "4", "2", "0");
        settledLost.put("redeemable", true);
        api.setHoldings(w, List.of(settledWon, settledLost));
        assertThat(syncNow(w).written().resolved()).isEqualTo(2);
        assertThat(position(w, won).get("status")).isEqualTo("resolved");
        assertThat((BigDecimal) position(w, won).get("exit_price")).isEqualByComparingTo("1");
        assertThat(GatewayTables.interest(won)).containsExactly(0, 0);

        TransactionRunner tx = new TransactionRunner(db);
        tx.inTransaction("notices", AlertStore::insertResolutionNotices);
        tx.inTransaction("notices again", AlertStore::insertResolutionNotices);
        assertThat(
                        GatewayTables.count(
                                "alerts WHERE kind = 'resolved' AND user_id IN ("
                                        + alice
                                        + ", "
                                        + bob
                                        + ")"))
                .isEqualTo(4);
        // Still listed as redeemable: no new row, no new notice.
        assertThat(syncNow(w).written().changed()).isFalse();
        // Redeemed on polymarket.com: the rows go away; nothing is left to redeem.
        api.setHoldings(w, List.of());
        syncNow(w);
        assertThat(position(w, won).get("redeemable")).isEqualTo(false);
        assertThat(position(w, won).get("status")).isEqualTo("resolved");
    }

    @Test
    void shouldShareAWalletBetweenTradersAndReleaseItWhenTheLastOneUnlinks() {
        String w = wallet();
        String a = token();
        api.setHoldings(w, List.of(holding(w, a, "10", "5", "0.5")));
        long alice = link(w);
        long bob = IDS.incrementAndGet();
        links.link(bob, bob, w);
        syncNow(w);
        assertThat(GatewayTables.interest(a)).containsExactly(1, 0);

        links.unlink(alice, w);
        assertThat(position(w, a).get("status")).isEqualTo("active");
        assertThatThrownBy(() -> links.unlink(alice, w)).hasMessageContaining("not linked");
        links.unlink(bob, "1");
        assertThat(position(w, a).get("status")).isEqualTo("closed");
        assertThat(GatewayTables.interest(a)).containsExactly(0, 0);
        assertThat(GatewayTables.count("wallets WHERE address = '" + w + "'")).isZero();
        // A sync racing the unlink writes nothing for a wallet nobody links.
        assertThat(syncNow(w).written().changed()).isFalse();
    }

    @Test
    void shouldResolveAProfileToItsProxyAndRefuseWhatIsNotATrader() {
        String signer = wallet();
        String proxy = wallet();
        gamma.addProfile(signer, proxy, "alice-pm");
        api.knownUser(proxy);
        long user = IDS.incrementAndGet();
        WalletLinks.Linked linked =
                links.link(
                        user,
                        user,
                        "https://polymarket.com/profile/"
                                + signer.toUpperCase().replace("0X", "0x"));
        assertThat(linked.wallet().value()).isEqualTo(proxy);
        assertThat(linked.name()).isEqualTo("alice-pm");
        assertThat(linked.viaProfile()).isTrue();

        String stranger = wallet();
        api.clearRequests();
        assertThatThrownBy(() -> links.link(user, user, stranger))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("knows no trader");
        assertThatThrownBy(() -> links.link(user, user, proxy))
                .hasMessageContaining("already linked");
        // The cap (3 here).
        for (int i = 0; i < 2; i++) {
            String more = wallet();
            api.knownUser(more);
            links.link(user, user, more);
        }
        String fourth = wallet();
        api.knownUser(fourth);
        assertThatThrownBy(() -> links.link(user, user, fourth))
                .hasMessageContaining("at most 3 wallets");
        assertThat(GatewayTables.count("wallet_links WHERE user_id = " + user)).isEqualTo(3);
    }

    @Test
    void shouldScheduleWalletsSomeoneLooksAtMoreOftenThanTheOthers() throws Exception {
        String watched = wallet();
        String idle = wallet();
        api.setHoldings(watched, List.of(holding(watched, token(), "1", "0.5", "0.5")));
        api.setHoldings(idle, List.of(holding(idle, token(), "1", "0.5", "0.5")));
        long looker = link(watched);
        link(idle);
        asSuperuser(
                "INSERT INTO live_cards (chat_id, user_id, message_id) VALUES ("
                        + looker
                        + ", "
                        + looker
                        + ", 1)");
        WalletScheduler scheduler =
                new WalletScheduler(
                        db,
                        sync,
                        new WalletScheduler.Cadence(
                                Duration.ofMillis(400),
                                Duration.ofHours(1),
                                Duration.ofMinutes(15),
                                Duration.ofMillis(100),
                                Duration.ofHours(1),
                                2),
                        Clock.systemUTC());
        try {
            scheduler.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> requestsFor(watched) >= 4 && requestsFor(idle) >= 1);
            Thread.sleep(1_000);
            assertThat(requestsFor(idle)).as("the idle wallet waits for its hour").isEqualTo(1);
            WalletSyncStatus status = scheduler.status(watched);
            assertThat(status.lastSuccess()).isNotNull();
            assertThat(status.failing()).isFalse();

            // An outage: the status says so and keeps the last success; then it heals by itself.
            api.failNext(1_000, 503, null);
            await().atMost(Duration.ofSeconds(20)).until(() -> scheduler.status(watched).failing());
            assertThat(scheduler.status(watched).lastSuccess()).isNotNull();
            api.clearFaults();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !scheduler.status(watched).failing());
        } finally {
            scheduler.close();
        }
    }

    @Test
    void shouldStartTheNextDueWalletAsSoonAsAWorkerIsFree() {
        // A pass every second (a quarter of the active interval) with 2 workers: passes alone
        // would start 2 syncs a second (12 s for these 24 wallets); workers that take the next
        // due wallet as they finish are held only by the Data API budget (100 req/s here).
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String w = wallet();
            api.setHoldings(w, List.of(holding(w, token(), "1", "0.5", "0.5")));
            link(w);
            wallets.add(w);
        }
        WalletScheduler scheduler =
                new WalletScheduler(
                        db,
                        sync,
                        new WalletScheduler.Cadence(
                                Duration.ofSeconds(4),
                                Duration.ofHours(1),
                                Duration.ofMinutes(15),
                                Duration.ofMillis(100),
                                Duration.ofHours(1),
                                2),
                        Clock.systemUTC());
        try {
            scheduler.start();
            await().atMost(Duration.ofSeconds(6))
                    .until(
                            () ->
                                    wallets.stream()
                                            .allMatch(
                                                    w ->
                                                            scheduler.status(w).lastSuccess()
                                                                    != null));
        } finally {
            scheduler.close();
        }
    }

    @Test
    void shouldAcceptAnIdleIntervalShorterThanTheFirstRetry() {
        // wallet.idle-interval only has to be at least wallet.active-interval (200 ms or more);
        // the retries after a failure then wait the idle interval, not 5 s.
        String w = wallet();
        api.setHoldings(w, List.of(holding(w, token(), "1", "0.5", "0.5")));
        link(w);
        WalletScheduler scheduler =
                new WalletScheduler(
                        db,
                        sync,
                        new WalletScheduler.Cadence(
                                Duration.ofMillis(500),
                                Duration.ofSeconds(2),
                                Duration.ofMinutes(15),
                                Duration.ofMillis(100),
                                Duration.ofHours(1),
                                2),
                        Clock.systemUTC());
        try {
            scheduler.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> scheduler.status(w).lastSuccess() != null);
        } finally {
            scheduler.close();
        }
    }

    static long requestsFor(String wallet) {
        return api.requests("/v2/positions").stream()
                .filter(r -> wallet.equals(r.param("user")))
                .count();
    }
}
