package dev.polystream.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The writer's bytes read back by the reader: one contract on both sides of the topic. */
class SubscriptionIntentCodecTest {

    private static final String TOKEN =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private static final Instant AT = Instant.parse("2026-11-25T14:03:04.123456Z");

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<SubscriptionIntent> read(SubscriptionIntent written) {
        return SubscriptionIntentCodec.decode(
                utf8(SubscriptionIntentCodec.key(written)),
                SubscriptionIntentCodec.encode(written));
    }

    @Test
    void shouldReadBackEveryFieldTheWriterWrote() {
        SubscriptionIntent written = new SubscriptionIntent(TOKEN, "512", 3, 1, AT);

        assertThat(read(written)).contains(written);
        assertThat(SubscriptionIntentCodec.fromJson(SubscriptionIntentCodec.toJson(written)))
                .isEqualTo(written);
    }

    @Test
    void shouldRoundTripAnUnknownMarketAndZeroCounts() {
        SubscriptionIntent written = new SubscriptionIntent(TOKEN, null, 0, 0, AT);

        assertThat(read(written)).contains(written);
        assertThat(read(written).orElseThrow().wanted()).isFalse();
    }

    @Test
    void shouldReadATombstoneAsNobodyWantsTheKeysToken() {
        assertThat(SubscriptionIntentCodec.decode(utf8(TOKEN), null))
                .contains(new SubscriptionIntent(TOKEN, null, 0, 0, null));
        assertThat(SubscriptionIntentCodec.decode(null, null)).isEmpty();
    }

    @Test
    void shouldIgnoreUnknownFieldsAWriterMayAddLater() {
        String json = SubscriptionIntentCodec.toJson(new SubscriptionIntent(TOKEN, "m", 2, 5, AT));
        String extended = json.substring(0, json.length() - 1) + ",\"source\":\"wallet\"}";

        assertThat(SubscriptionIntentCodec.decode(utf8(TOKEN), utf8(extended)))
                .contains(new SubscriptionIntent(TOKEN, "m", 2, 5, AT));
        assertThat(SubscriptionIntentCodec.fromJson(extended))
                .isEqualTo(new SubscriptionIntent(TOKEN, "m", 2, 5, AT));
    }

    @Test
    void shouldDropAnUnreadableTimeButKeepTheCounts() {
        assertThat(
                        SubscriptionIntentCodec.decode(
                                utf8(TOKEN), utf8("{\"positions\":1,\"updated_at\":\"soon\"}")))
                .contains(new SubscriptionIntent(TOKEN, 1, 0));
        assertThatThrownBy(
                        () ->
                                SubscriptionIntentCodec.fromJson(
                                        "{\"token_id\":\"t\",\"positions\":1,\"watchers\":0,"
                                                + "\"updated_at\":\"soon\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseATokenIdTooLongToBeOne() {
        String garbage = "7".repeat(SubscriptionIntentCodec.MAX_TOKEN_LENGTH + 1);

        assertThat(SubscriptionIntentCodec.decode(utf8(garbage), null)).isEmpty();
        assertThat(
                        SubscriptionIntentCodec.decode(
                                utf8(TOKEN), utf8("{\"token_id\":\"" + garbage + "\"}")))
                .contains(new SubscriptionIntent(TOKEN, 0, 0));
    }

    @Test
    void shouldRefuseACountThatIsNotANonNegativeInteger() {
        assertThatThrownBy(
                        () ->
                                SubscriptionIntentCodec.fromJson(
                                        "{\"token_id\":\"t\",\"positions\":\"many\",\"watchers\":0,"
                                                + "\"updated_at\":\"2026-11-25T14:03:04Z\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-negative");
    }
}
