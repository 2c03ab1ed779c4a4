package dev.polystream.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The writer's side of the contract (moved from the gateway's outbox). */
class SubscriptionIntentTest {

    private static final Instant AT = Instant.parse("2026-11-25T14:03:04.123456Z");

    @Test
    void shouldWriteTheContractFieldsAndNothingElse() throws Exception {
        String json =
                SubscriptionIntentCodec.toJson(new SubscriptionIntent("7123", "m-9", 3, 1, AT));

        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.fieldNames())
                .toIterable()
                .containsExactly("token_id", "market_id", "positions", "watchers", "updated_at");
        assertThat(node.get("token_id").isTextual()).isTrue();
        assertThat(node.get("token_id").asText()).isEqualTo("7123");
        assertThat(node.get("market_id").asText()).isEqualTo("m-9");
        assertThat(node.get("positions").isInt()).isTrue();
        assertThat(node.get("positions").asInt()).isEqualTo(3);
        assertThat(node.get("watchers").asInt()).isEqualTo(1);
        assertThat(node.get("updated_at").asText()).isEqualTo("2026-11-25T14:03:04.123456Z");
    }

    @Test
    void shouldRoundTripIncludingAnUnknownMarket() {
        SubscriptionIntent intent = new SubscriptionIntent("t", null, 0, 0, AT);

        assertThat(SubscriptionIntentCodec.toJson(intent)).contains("\"market_id\":null");
        assertThat(SubscriptionIntentCodec.fromJson(SubscriptionIntentCodec.toJson(intent)))
                .isEqualTo(intent);
        assertThat(intent.wanted()).isFalse();
    }

    @Test
    void shouldRefuseTextThatIsNotAnIntent() {
        assertThatThrownBy(() -> SubscriptionIntentCodec.fromJson("{\"token_id\":\"t\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'positions'");
        assertThatThrownBy(() -> SubscriptionIntentCodec.fromJson("[1]"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubscriptionIntent("t", "m", -1, 0, AT))
                .hasMessageContaining("negative");
    }

    @Test
    void shouldBeWantedWhileAPositionOrAWatchRemains() {
        assertThat(new SubscriptionIntent("t", 1, 0).wanted()).isTrue();
        assertThat(new SubscriptionIntent("t", 0, 1).wanted()).isTrue();
        assertThat(new SubscriptionIntent("t", 0, 0).wanted()).isFalse();
        assertThat(new SubscriptionIntent("t", Integer.MAX_VALUE, Integer.MAX_VALUE).wanted())
                .isTrue();
        assertThatThrownBy(() -> new SubscriptionIntent("", 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubscriptionIntent(null, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
