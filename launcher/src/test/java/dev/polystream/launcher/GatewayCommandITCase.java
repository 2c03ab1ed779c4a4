package dev.polystream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.job.testutils.Sql;
import dev.polystream.sql.SchemaMigrator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./polystream gateway} as a real process: the bot token only from the environment, the bot
 * answering through a fake Bot API, a clean stop on SIGTERM, and the token in no output.
 */
class GatewayCommandITCase {

    private static final String TOKEN = "987654:process-token-secret";

    @Test
    void gatewayRunsTheBotFromTheEnvironmentTokenAndStopsOnSigterm() throws Exception {
        try (LocalPostgres pg = LocalPostgres.startTemporary();
                LocalKafka kafka = LocalKafka.start();
                FakeBotApi telegram = FakeBotApi.start(TOKEN)) {
            SchemaMigrator.migrate(pg.jdbcUrl(), pg.user(), pg.password());
            LauncherScript.Running gateway =
                    LauncherScript.start(
                            Map.of("TELEGRAM_BOT_TOKEN", TOKEN),
                            "gateway",
                            "--conf",
                            "jdbc.url=" + pg.jdbcUrl(),
                            "--conf",
                            "jdbc.user=" + pg.user(),
                            "--conf",
                            "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                            "--conf",
                            "telegram.api-url=" + telegram.baseUrl(),
                            "--conf",
                            "telegram.poll-timeout=1s",
                            "--conf",
                            "gamma.sync-interval=0");
            try {
                telegram.sendText(4242L, "/start");
                telegram.awaitText(4242L, "Welcome", Duration.ofSeconds(90));
                Sql sql = new Sql(pg.jdbcUrl(), pg.user());
                assertThat(sql.<Long>value("SELECT count(*) FROM users WHERE id = 4242"))
                        .isEqualTo(1L);
            } finally {
                gateway.process().destroy(); // SIGTERM
                assertThat(gateway.process().waitFor(30, TimeUnit.SECONDS))
                        .as(gateway.output())
                        .isTrue();
            }
            String output = gateway.output();
            assertThat(output).contains("Telegram bot started").contains("Telegram bot stopped");
            assertThat(output).doesNotContain(TOKEN).doesNotContain("process-token-secret");
        }
    }

    @Test
    void gatewayRefusesUnknownSettings() throws Exception {
        LauncherScript.Result bad = LauncherScript.run(60, "gateway", "--conf", "nope=1");
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(2);
        assertThat(bad.output()).contains("Unknown config key 'nope'");
    }
}
