package dev.polystream.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class OutboxRelayBuilderTest {

    private static OutboxRelay.Builder valid() {
        return OutboxRelay.builder()
                .dataSource(new PGSimpleDataSource())
                .bootstrapServers("localhost:9092")
                .topic("polystream.subscriptions");
    }

    @Test
    void shouldExplainEachMissingOrBadSetting() {
        assertThatThrownBy(() -> valid().dataSource(null).build())
                .hasMessage("No data source is set for the outbox relay");
        assertThatThrownBy(() -> valid().bootstrapServers(" ").build())
                .hasMessageStartingWith("No Kafka bootstrap servers are set");
        assertThatThrownBy(() -> valid().topic("bad topic").build())
                .hasMessageContaining("got 'bad topic'");
        assertThatThrownBy(() -> valid().batchSize(0).build())
                .hasMessage("Batch size must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> valid().pollInterval(Duration.ofMillis(1)).build())
                .hasMessageStartingWith("Poll interval must be between");
        assertThatThrownBy(() -> valid().kafkaTimeout(Duration.ofMillis(10)).build())
                .hasMessageStartingWith("Kafka timeout must be between");
    }

    @Test
    void shouldRefuseToStartAfterClose() {
        OutboxRelay relay = valid().build();
        relay.close();
        assertThatThrownBy(relay::start).hasMessageContaining("closed");
    }
}
