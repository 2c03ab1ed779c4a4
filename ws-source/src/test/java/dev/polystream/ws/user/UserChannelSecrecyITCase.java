package dev.polystream.ws.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.auth.ReadOnlyKey;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakeUserChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * The user channel and the trades client at DEBUG, through a connect, a fill, a drop, refused
 * credentials and REST checks: no log line holds a secret, a passphrase or a whole API key.
 */
class UserChannelSecrecyITCase {

    private static final String KEY = "5c377165-301f-d7cb-81b1-fb1f3baec608";
    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXM=";
    private static final String WRONG_SECRET = "d3JvbmctY2VjcmV0LXdyb25nLWNlY3JldC13cm8=";
    private static final String PASSPHRASE = "0123456789abcdef".repeat(4);
    private static final String RO_KEY = "ro-7e1c9d2a-4b3f-4f7e-9a11-c0ffee000042";
    private static final String ADDRESS = "0xC41997C65144683AB62051EDd1f80B034756E588";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void shouldLogNoSecretAtDebug() throws Exception {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Map<String, Level> before =
                Map.of(
                        "dev.polystream", LogManager.getLogger("dev.polystream").getLevel(),
                        "io.netty", LogManager.getLogger("io.netty").getLevel());
        Lines lines = new Lines();
        lines.start();
        context.getConfiguration().getRootLogger().addAppender(lines, Level.ALL, null);
        Configurator.setLevel("dev.polystream", Level.DEBUG);
        Configurator.setLevel("io.netty", Level.DEBUG);
        context.updateLoggers();
        try (FakePolymarketServer server = FakePolymarketServer.start()) {
            run(server);
        } finally {
            context.getConfiguration().getRootLogger().removeAppender(lines.getName());
            before.forEach(Configurator::setLevel);
            context.updateLoggers();
            lines.stop();
        }
        assertThat(lines.text).anyMatch(l -> l.contains("key …c608"));
        for (String line : lines.text) {
            assertThat(line)
                    .doesNotContain(SECRET)
                    .doesNotContain(WRONG_SECRET)
                    .doesNotContain(PASSPHRASE)
                    .doesNotContain(KEY)
                    .doesNotContain(RO_KEY);
        }
    }

    private static void run(FakePolymarketServer server) throws Exception {
        FakeUserChannel user = server.userChannel();
        user.accounts().addL2(KEY, SECRET, PASSPHRASE, ADDRESS);
        user.accounts().addReadOnly(RO_KEY, ADDRESS);
        UserChannelConfig config =
                new UserChannelConfig(
                        server.userWsUrl(),
                        Duration.ofMillis(200),
                        Duration.ofMillis(1_000),
                        2,
                        Duration.ofSeconds(2),
                        new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                        1024 * 1024);
        try (UserChannelClient client = new UserChannelClient(config)) {
            UserChannelClientITCase.Recorder good = new UserChannelClientITCase.Recorder();
            client.subscribe(new ApiCredentials(KEY, SECRET, PASSPHRASE), List.of(), good);
            user.awaitOpenSessions(KEY, 1, WAIT);
            user.publishFixture(KEY, "trade_MATCHED_taker_real_2024-09-10__nautilus.json");
            user.publish(KEY, "[{\"event_type\":\"trade\",\"id\":\"x\"}]");
            await().atMost(WAIT).until(() -> good.has("connected false"));
            user.dropSessions(KEY);
            await().atMost(WAIT).until(() -> good.has("connected true"));

            UserChannelClientITCase.Recorder bad = new UserChannelClientITCase.Recorder();
            client.subscribe(new ApiCredentials(KEY, WRONG_SECRET, PASSPHRASE), List.of(), bad);
            await().atMost(WAIT).until(() -> bad.has("auth rejected"));
        }
        ClobTradesClient rest = new ClobTradesClient(server.restUrl(), Duration.ofSeconds(5));
        L2Credentials l2 = new L2Credentials(new ApiCredentials(KEY, SECRET, PASSPHRASE), ADDRESS);
        assertThat(rest.check(l2)).isEqualTo(ClobTradesClient.Verdict.VALID);
        assertThat(rest.all(l2, 5)).hasSize(1);
        assertThat(
                        rest.check(
                                new L2Credentials(
                                        new ApiCredentials(KEY, WRONG_SECRET, PASSPHRASE),
                                        ADDRESS)))
                .isEqualTo(ClobTradesClient.Verdict.REJECTED);
        assertThat(rest.check(new ReadOnlyKey(RO_KEY, ADDRESS)))
                .isEqualTo(ClobTradesClient.Verdict.VALID);
        server.restAvailable(false);
        assertThat(rest.check(l2)).isEqualTo(ClobTradesClient.Verdict.UNAVAILABLE);
    }

    /** Every formatted log line with its exception's text, from every logger. */
    private static final class Lines extends AbstractAppender {
        final List<String> text = new CopyOnWriteArrayList<>();

        Lines() {
            super("secrecy-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            Throwable thrown = event.getThrown();
            text.add(
                    event.getMessage().getFormattedMessage()
                            + (thrown == null ? "" : " " + thrown));
        }
    }
}
