package dev.polystream.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A newcomer's first {@code ./polystream local} streams nothing until something is subscribed: a
 * while after the start, when no token is watched and no position or watch wants one ({@code
 * token_interest}), one INFO line says how to get prices.
 */
final class IdleHint {

    private static final Logger LOG = LoggerFactory.getLogger(IdleHint.class);

    /** How long after the start the hint is considered; {@code -Dpolystream.idle-hint-delay}. */
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(20);

    static final String HINT =
            "Nothing is subscribed yet, so no prices stream. To get prices: restart with --watch"
                    + " TOKEN_ID, a market slug or a polymarket.com link; or open a position"
                    + " through the Telegram bot (/buy, needs TELEGRAM_BOT_TOKEN); or link a"
                    + " wallet in the bot (/wallets)";

    private IdleHint() {}

    /**
     * Checks once after {@code delay} (null: never, e.g. when tokens are watched), on a daemon
     * thread; the returned executor stops it.
     */
    static ScheduledExecutorService schedule(
            Duration delay, String jdbcUrl, String user, String password) {
        ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "polystream-idle-hint");
                            t.setDaemon(true);
                            return t;
                        });
        if (delay == null) {
            return timer;
        }
        timer.schedule(
                () -> {
                    try {
                        if (!anythingWanted(jdbcUrl, user, password)) {
                            LOG.info(HINT);
                        }
                    } catch (SQLException e) {
                        LOG.debug("Idle hint skipped: {}", e.toString());
                    }
                },
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
        return timer;
    }

    static Duration delay() {
        String text = System.getProperty("polystream.idle-hint-delay");
        return text == null
                ? DEFAULT_DELAY
                : dev.polystream.ws.config.Durations.parse("polystream.idle-hint-delay", text);
    }

    static boolean anythingWanted(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT EXISTS (SELECT 1 FROM token_interest"
                                        + " WHERE positions > 0 OR watchers > 0)")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
