package dev.polystream.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    private final SecretBox box = SecretsKey.of(randomKey(), "test").box();
    private final byte[] plain =
            "{\"secret\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=\"}"
                    .getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldOpenWhatItSealedWithTheSameKeyAndRow() {
        byte[] sealed = box.seal(plain, "trader-credentials|1|0xabc");
        assertThat(box.open(sealed, "trader-credentials|1|0xabc")).isEqualTo(plain);
        assertThat(sealed[0]).isEqualTo(SecretBox.VERSION);
        assertThat(sealed).hasSize(1 + 12 + plain.length + 16);
    }

    @Test
    void shouldUseAFreshNonceEachTime() {
        byte[] a = box.seal(plain, "row");
        byte[] b = box.seal(plain, "row");
        assertThat(a).isNotEqualTo(b);
        assertThat(Arrays.copyOfRange(a, 1, 13)).isNotEqualTo(Arrays.copyOfRange(b, 1, 13));
    }

    @Test
    void shouldNotContainThePlainText() {
        byte[] sealed = box.seal(plain, "row");
        String asText = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain("secret").doesNotContain("c2VjcmV0");
    }

    @Test
    void shouldRefuseAnotherKeyAnAlteredByteAnotherRowOrAShortBlob() {
        byte[] sealed = box.seal(plain, "trader-credentials|1|0xabc");
        SecretBox other = SecretsKey.of(randomKey(), "test").box();
        assertThatThrownBy(() -> other.open(sealed, "trader-credentials|1|0xabc"))
                .isInstanceOf(SecretBox.SealedException.class)
                .hasMessageNotContaining("secret\"");
        for (int i : new int[] {1, 13, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> box.open(tampered, "trader-credentials|1|0xabc"))
                    .as("byte %d altered", i)
                    .isInstanceOf(SecretBox.SealedException.class);
        }
        assertThatThrownBy(() -> box.open(sealed, "trader-credentials|2|0xabc"))
                .isInstanceOf(SecretBox.SealedException.class);
        assertThatThrownBy(() -> box.open(Arrays.copyOf(sealed, 20), "row"))
                .isInstanceOf(SecretBox.SealedException.class);
        byte[] version = sealed.clone();
        version[0] = 9;
        assertThatThrownBy(() -> box.open(version, "trader-credentials|1|0xabc"))
                .isInstanceOf(SecretBox.SealedException.class)
                .hasMessageContaining("version");
    }
}
