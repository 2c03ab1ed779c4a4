package dev.polystream.ws.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The L2 HMAC against every official known-answer vector, and the two credential kinds' headers.
 */
class L2SignatureTest {

    private static final String ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    private static JsonNode vectors() throws Exception {
        return new ObjectMapper()
                .readTree(Fixtures.polymarket("auth_vectors/l2_hmac__official.json"));
    }

    @Test
    void shouldMatchEveryOfficialVector() throws Exception {
        JsonNode file = vectors();
        String secret = file.path("secret").asText();
        int checked = 0;
        for (JsonNode v : file.path("vectors")) {
            if (!v.has("expected")) {
                continue; // the alphabet-equivalence vector, below
            }
            String body = v.path("body").isNull() ? null : v.path("body").asText();
            String signature =
                    L2Signature.sign(
                            secret,
                            v.path("timestamp").asText(),
                            v.path("method").asText(),
                            v.path("path").asText(),
                            body);
            assertThat(signature)
                    .as(v.path("sources").toString())
                    .isEqualTo(v.path("expected").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void shouldGiveOneSignatureForBothBase64Alphabets() throws Exception {
        JsonNode file = vectors();
        JsonNode first = file.path("vectors").get(0);
        String expected = null;
        for (JsonNode v : file.path("vectors")) {
            if (v.has("derived_value_for_both")) {
                expected = v.path("derived_value_for_both").asText();
            }
        }
        assertThat(expected).isNotNull();
        List<String> secrets =
                List.of(
                        "++/" + "A".repeat(40) + "=",
                        "--_" + "A".repeat(40),
                        "--_" + "A".repeat(40) + "=",
                        "++/" + "A".repeat(40));
        List<String> signatures = new ArrayList<>();
        for (String s : secrets) {
            signatures.add(
                    L2Signature.sign(
                            s,
                            first.path("timestamp").asText(),
                            first.path("method").asText(),
                            first.path("path").asText(),
                            first.path("body").asText()));
        }
        assertThat(signatures).containsOnly(expected);
    }

    @Test
    void shouldLeaveAnEmptyBodyOut() {
        String secret = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        assertThat(L2Signature.sign(secret, "1", "GET", "/", ""))
                .isEqualTo(L2Signature.sign(secret, "1", "GET", "/", null));
    }

    @Test
    void shouldRefuseASecretThatIsNotBase64WithoutEchoingIt() {
        assertThatThrownBy(() -> L2Signature.sign("not*base64!", "1", "GET", "/", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not*base64!");
    }

    @Test
    void shouldGiveTheFiveL2Headers() throws Exception {
        JsonNode file = vectors();
        JsonNode getVector = file.path("vectors").get(2);
        ApiCredentials api =
                new ApiCredentials(
                        "00000000-0000-0000-0000-000000000000",
                        file.path("secret").asText(),
                        "a".repeat(64));
        L2Credentials l2 = new L2Credentials(api, ADDRESS);
        Map<String, String> h =
                l2.headers("get", "/", null, Long.parseLong(getVector.path("timestamp").asText()));
        assertThat(h)
                .containsOnlyKeys(
                        "POLY_ADDRESS",
                        "POLY_SIGNATURE",
                        "POLY_TIMESTAMP",
                        "POLY_API_KEY",
                        "POLY_PASSPHRASE");
        assertThat(h.get("POLY_SIGNATURE")).isEqualTo(getVector.path("expected").asText());
        assertThat(h.get("POLY_TIMESTAMP")).isEqualTo("1");
        assertThat(h.get("POLY_ADDRESS")).isEqualTo(ADDRESS.toLowerCase());
        assertThat(h.get("POLY_API_KEY")).isEqualTo(api.apiKey());
        assertThat(h.get("POLY_PASSPHRASE")).isEqualTo("a".repeat(64));
    }

    @Test
    void shouldGiveTheReadOnlyKeyHeadersWithoutASignature() {
        ReadOnlyKey key = new ReadOnlyKey("ro-key-1234", ADDRESS);
        Map<String, String> h = key.headers("GET", "/data/trades", null, 1L);
        assertThat(h).containsOnlyKeys("POLY_ADDRESS", "POLY_READONLY_API_KEY");
        assertThat(h.get("POLY_READONLY_API_KEY")).isEqualTo("ro-key-1234");
        assertThat(h.get("POLY_ADDRESS")).isEqualTo(ADDRESS.toLowerCase());
    }

    @Test
    void shouldNeverShowTheSecretOrPassphrase() {
        String secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXM=";
        String passphrase = "pass-" + "f".repeat(59);
        ApiCredentials api =
                new ApiCredentials("11111111-2222-3333-4444-555555559abc", secret, passphrase);
        L2Credentials l2 = new L2Credentials(api, ADDRESS);
        ReadOnlyKey ro = new ReadOnlyKey("22222222-0000-0000-0000-00000000beef", ADDRESS);
        for (String text : List.of(api.toString(), l2.toString())) {
            assertThat(text)
                    .doesNotContain(secret)
                    .doesNotContain(passphrase)
                    .doesNotContain(api.apiKey())
                    .contains("9abc");
        }
        assertThat(ro.toString()).doesNotContain(ro.key()).contains("beef");
    }
}
