package dev.polystream.ws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownKeysTest {

    private final KnownKeys known =
            KnownKeys.of(
                    List.of("sink.max-outage", "sink.batch-size", "jdbc.url", "ws.url"),
                    List.of("kafka.client."));

    @Test
    void shouldRefuseAnUnknownProjectKeyNamingTheNearestKnownOne() {
        assertThatThrownBy(() -> known.check("sink.max-outtage", "--conf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown config key 'sink.max-outtage' in --conf; did you mean"
                                + " 'sink.max-outage'?");
        assertThatThrownBy(() -> known.check("jdbc.uri", "--conf"))
                .hasMessageContaining("did you mean 'jdbc.url'?");
    }

    @Test
    void shouldSuggestNothingWhenNothingIsClose() {
        assertThatThrownBy(() -> known.check("telegram.anything-else", "the config file"))
                .hasMessage(
                        "Unknown config key 'telegram.anything-else' in the config file; no known"
                                + " key is close");
    }

    @Test
    void shouldPassKnownKeysWildcardsAndForeignPrefixes() {
        known.check("sink.max-outage", "--conf");
        known.check("kafka.client.security.protocol", "--conf");
        known.check("execution.checkpointing.interval", "--conf");
        known.check("rest.port", "--conf");
        assertThat(known.accepts("ws.urll")).isFalse();
        assertThat(known.isKnown("execution.checkpointing.interval")).isFalse();
    }

    @Test
    void shouldMeasureEditDistance() {
        assertThat(KnownKeys.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(KnownKeys.distance("", "abc")).isEqualTo(3);
        assertThat(KnownKeys.distance("same", "same")).isZero();
    }
}
