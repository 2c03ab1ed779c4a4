package dev.polystream.gateway.dataapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.ws.resilience.OutageLog;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An outage is three kinds of log line, never one per failed request. */
class DataApiOutageLogTest {

    @Test
    void shouldLogBeganStillFailingAtMostOnceAMinuteAndRecovered() {
        AtomicLong now = new AtomicLong();
        OutageLog outage =
                new OutageLog(
                        LoggerFactory.getLogger(DataApiOutageLogTest.class), "Data API", now::get);
        try (LogCapture log = LogCapture.of(DataApiOutageLogTest.class)) {
            outage.answered();
            for (int second = 0; second < 150; second++) {
                now.set(TimeUnit.SECONDS.toNanos(second));
                outage.failure("HTTP 503 at " + second + " s");
                outage.failure("HTTP 503 again");
            }
            now.set(TimeUnit.SECONDS.toNanos(151));
            outage.answered();
            outage.answered();

            assertThat(log.messages(Level.WARN))
                    .containsExactly(
                            "Data API outage began: HTTP 503 at 0 s",
                            "Data API still failing after 60 s, 121 failed requests; last: HTTP"
                                    + " 503 at 60 s",
                            "Data API still failing after 120 s, 241 failed requests; last: HTTP"
                                    + " 503 at 120 s");
            assertThat(log.messages(Level.INFO))
                    .containsExactly("Data API recovered after 151 s, 300 failed requests");
        }
    }
}
