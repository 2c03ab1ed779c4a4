package dev.polystream.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.gateway.domain.TokenInterest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SubscriptionIntentTest {

    private static final Instant AT = Instant.parse("2026-11-25T14:03:04.123456Z");

    @Test
    void shouldWriteTheContractFieldsAndNothingElse() throws Exception {
        String json = SubscriptionIntent.of(new TokenInterest("7123", "m-9", 3, 1, AT)).toJson();

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

        assertThat(intent.toJson()).contains("\"market_id\":null");
        assertThat(SubscriptionIntent.fromJson(intent.toJson())).isEqualTo(intent);
        assertThat(intent.isWanted()).isFalse();
    }

    @Test
    void shouldRefuseTextThatIsNotAnIntent() {
        assertThatThrownBy(() -> SubscriptionIntent.fromJson("{\"token_id\":\"t\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'positions'");
        assertThatThrownBy(() -> SubscriptionIntent.fromJson("[1]"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubscriptionIntent("t", "m", -1, 0, AT))
                .hasMessageContaining("negative");
    }
}
