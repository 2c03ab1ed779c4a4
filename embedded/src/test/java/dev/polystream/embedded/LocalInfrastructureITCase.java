package dev.polystream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalInfrastructureITCase {

    @Test
    void postgresKeepsItsDataAcrossAStopAndRestart() throws SQLException {
        try (LocalPostgres pg = LocalPostgres.startTemporary()) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t(x int)");
                s.execute("INSERT INTO t VALUES (42)");
            }
            pg.stop();
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), ""))
                    .isInstanceOf(SQLException.class);
            pg.restart();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT x FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void kafkaBrokerCarriesRecordsOnACompactedTopic() {
        try (LocalKafka kafka = LocalKafka.start()) {
            kafka.createTopic("intent", 1, true);
            kafka.createTopic("intent", 1, true); // idempotent
            Map<String, Object> producerProps =
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
                producer.send(new ProducerRecord<>("intent", "token-1", "{\"positions\":1}"));
                producer.flush();
            }
            Map<String, Object> consumerProps =
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG,
                            "it",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest",
                            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                            StringDeserializer.class,
                            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                            StringDeserializer.class);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
                consumer.subscribe(List.of("intent"));
                ConsumerRecord<String, String> record = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (record == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        record = r;
                    }
                }
                assertThat(record).isNotNull();
                assertThat(record.key()).isEqualTo("token-1");
                assertThat(record.value()).isEqualTo("{\"positions\":1}");
            }
        }
    }
}
