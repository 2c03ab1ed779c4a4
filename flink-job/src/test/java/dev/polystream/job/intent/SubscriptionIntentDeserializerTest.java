package dev.polystream.job.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.flink.SubscriptionIntent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionIntentDeserializerTest {

    private static final String TOKEN =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";

    private static Optional<SubscriptionIntent> parse(String key, String value) {
        return SubscriptionIntentDeserializer.parse(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheGatewaysMessage() {
        assertThat(
                        parse(
                                TOKEN,
                                "{\"token_id\":\""
                                        + TOKEN
                                        + "\",\"market_id\":\"512\",\"positions\":3,\"watchers\":1,"
                                        + "\"updated_at\":\"2026-11-25T10:00:00Z\"}"))
                .contains(new SubscriptionIntent(TOKEN, 3, 1));
    }

    @Test
    void shouldTakeTheTokenFromTheKeyWhenTheValueHasNone() {
        assertThat(parse(TOKEN, "{\"positions\":0}")).contains(new SubscriptionIntent(TOKEN, 0, 0));
    }

    @Test
    void shouldReadATombstoneAsNobodyWantsIt() {
        assertThat(parse(TOKEN, null)).contains(new SubscriptionIntent(TOKEN, 0, 0));
    }

    @Test
    void shouldIgnoreUnknownFieldsAndAcceptNumericStrings() {
        assertThat(parse(TOKEN, "{\"positions\":\"2\",\"extra\":[1,2]}"))
                .contains(new SubscriptionIntent(TOKEN, 2, 0));
    }

    @Test
    void shouldRejectWhatItCannotUnderstand() {
        assertThat(parse(TOKEN, "not json")).isEmpty();
        assertThat(parse(TOKEN, "[1,2]")).isEmpty();
        assertThat(parse(TOKEN, "{\"positions\":-1}")).isEmpty();
        assertThat(parse(TOKEN, "{\"positions\":1.5}")).isEmpty();
        assertThat(parse(TOKEN, "{\"positions\":\"many\"}")).isEmpty();
        assertThat(parse(null, "{\"positions\":1}")).isEmpty();
        assertThat(parse(null, null)).isEmpty();
        assertThat(parse("", "{\"positions\":1}")).isEmpty();
    }
}
