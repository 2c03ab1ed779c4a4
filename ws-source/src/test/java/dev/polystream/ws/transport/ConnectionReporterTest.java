package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceTick;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames are decoded into text only for a listener that takes raw frames: one that keeps the
 * interface's do-nothing {@code onRawFrame} costs no decoding.
 */
class ConnectionReporterTest {

    @Test
    void shouldNotAskForRawFramesFromAListenerThatKeepsTheDefault() {
        MarketChannelListener ticksOnly = ticks -> {};

        assertThat(new ConnectionReporter(1, ticksOnly).wantsRawFrames()).isFalse();
    }

    @Test
    void shouldHandRawFramesToAListenerThatTakesThem() {
        List<String> raw = new ArrayList<>();
        ConnectionReporter reporter =
                new ConnectionReporter(
                        1,
                        new MarketChannelListener() {
                            @Override
                            public void onTicks(List<PriceTick> ticks) {}

                            @Override
                            public void onRawFrame(
                                    int connectionId, String frame, long receivedAtMs) {
                                raw.add(connectionId + " " + frame);
                            }
                        });

        assertThat(reporter.wantsRawFrames()).isTrue();
        reporter.rawFrame(7, "xPONGx".getBytes(StandardCharsets.UTF_8), 5, 1L);
        assertThat(raw).containsExactly("7 xPONG");
    }
}
