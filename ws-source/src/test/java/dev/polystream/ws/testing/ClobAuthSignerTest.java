package dev.polystream.ws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The L1 ClobAuth signer against every official known-answer vector. */
class ClobAuthSignerTest {

    private static JsonNode file() throws Exception {
        return new ObjectMapper()
                .readTree(Fixtures.polymarket("auth_vectors/clob_auth_l1__official.json"));
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    @Test
    void shouldDeriveTheKeysAddressAndTheTypeHash() throws Exception {
        JsonNode f = file();
        ClobAuthSigner signer = new ClobAuthSigner(f.path("private_key").asText());
        assertThat(signer.address()).isEqualTo(f.path("address").asText().toLowerCase(Locale.ROOT));
        assertThat(hex(ClobAuthSigner.typeHash()))
                .isEqualTo(f.path("eip712").path("derived_clobauth_typehash").asText());
        assertThat(f.path("eip712").path("message_field").asText())
                .isEqualTo(ClobAuthSigner.MESSAGE);
        assertThat(signer.toString()).doesNotContain(f.path("private_key").asText().substring(2));
    }

    @Test
    void shouldMatchEveryOfficialVector() throws Exception {
        JsonNode f = file();
        ClobAuthSigner signer = new ClobAuthSigner(f.path("private_key").asText());
        int checked = 0;
        for (JsonNode v : f.path("vectors")) {
            long chainId = v.path("chainId").asLong();
            String timestamp = v.path("timestamp").asText();
            long nonce = v.path("nonce").asLong();
            String why = v.path("sources").toString();
            if (v.has("derived_domain_separator")) {
                assertThat(hex(ClobAuthSigner.domainSeparator(chainId)))
                        .as(why)
                        .isEqualTo(v.path("derived_domain_separator").asText());
            }
            assertThat(hex(ClobAuthSigner.digest(signer.address(), chainId, timestamp, nonce)))
                    .as(why)
                    .isEqualTo(v.path("derived_digest").asText());
            assertThat(signer.sign(chainId, timestamp, nonce))
                    .as(why)
                    .isEqualTo(v.path("expected_signature").asText());
            assertThat(signer.headers(chainId, timestamp, nonce))
                    .containsEntry("POLY_NONCE", Long.toString(nonce))
                    .containsEntry("POLY_TIMESTAMP", timestamp)
                    .containsEntry("POLY_SIGNATURE", v.path("expected_signature").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void shouldSignDifferentlyForAnotherNonce() throws Exception {
        ClobAuthSigner signer = new ClobAuthSigner(file().path("private_key").asText());
        assertThat(signer.sign(137, "100000", 1)).isNotEqualTo(signer.sign(137, "100000", 0));
    }
}
