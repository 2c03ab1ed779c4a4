package dev.polystream.gateway.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.ws.auth.ClobCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.auth.ReadOnlyKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectInputTest {

    static final String KEY = "7c3e1a52-9d0b-4f7e-8a61-2b5c9e0d4f13";
    static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
    static final String PASSPHRASE =
            "5f2b9c0e7a1d4b3c8e6f0a2d9b7c5e1f3a8d6b4c2e0f9a7d5b3c1e8f6a4d2b0c";
    static final String ADDRESS = "0x1111111111111111111111111111111111111111";
    static final String PRIVATE_KEY =
            "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    static List<String> words(String... w) {
        return Arrays.asList(w);
    }

    @Test
    void shouldReadL2CredentialsAndAReadOnlyKey() {
        ClobCredentials l2 =
                ConnectInput.parse(
                        words(KEY, SECRET, PASSPHRASE, ADDRESS.toUpperCase().replace("0X", "0x")));
        assertThat(l2).isInstanceOf(L2Credentials.class);
        assertThat(l2.address()).isEqualTo(ADDRESS);
        assertThat(((L2Credentials) l2).credentials().passphrase()).isEqualTo(PASSPHRASE);
        ClobCredentials ro = ConnectInput.parse(words(KEY, ADDRESS));
        assertThat(ro).isInstanceOf(ReadOnlyKey.class);
        assertThat(((ReadOnlyKey) ro).key()).isEqualTo(KEY);
    }

    @Test
    void shouldRefuseAPrivateKeyAnywhereButTheBarePassphrase() {
        for (List<String> args :
                List.of(
                        words(PRIVATE_KEY),
                        words("0x" + PRIVATE_KEY),
                        words(PRIVATE_KEY, ADDRESS),
                        words(KEY, PRIVATE_KEY, PASSPHRASE, ADDRESS),
                        words(KEY, SECRET, "0x" + PRIVATE_KEY, ADDRESS),
                        words("key=" + PRIVATE_KEY, ADDRESS),
                        words(KEY, SECRET, PASSPHRASE, ADDRESS, PRIVATE_KEY))) {
            assertThatThrownBy(() -> ConnectInput.parse(args))
                    .as(String.join(" ", args))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(ConnectInput.PRIVATE_KEY_WARNING);
        }
    }

    @Test
    void shouldRefuseASeedPhrase() {
        List<String> seed =
                words(
                        "abandon",
                        "ability",
                        "able",
                        "about",
                        "above",
                        "absent",
                        "absorb",
                        "abstract",
                        "absurd",
                        "abuse",
                        "access",
                        "accident");
        assertThatThrownBy(() -> ConnectInput.parse(seed))
                .hasMessage(ConnectInput.SEED_PHRASE_WARNING);
    }

    @Test
    void shouldRefuseHostileInputWithoutRepeatingIt() {
        String lookalike = "0x111111111111111111111111111111111111111１"; // fullwidth digit
        String cyrillic = KEY.replace('e', 'е');
        for (List<String> args :
                List.of(
                        words(KEY, SECRET, PASSPHRASE),
                        words(KEY),
                        words(KEY, SECRET, ADDRESS),
                        words(KEY, "0xnothex", SECRET, ADDRESS),
                        words(KEY, SECRET, PASSPHRASE, "0x123"),
                        words(KEY, SECRET, PASSPHRASE, lookalike),
                        words(cyrillic, ADDRESS),
                        words(KEY, SECRET, PASSPHRASE, ADDRESS, "extra"),
                        words("x".repeat(500), ADDRESS),
                        words("short", ADDRESS),
                        words(KEY, "not base64 at all!", PASSPHRASE, ADDRESS),
                        words(KEY, "%%%%%%%%%%%%%%%%%%%%%%", PASSPHRASE, ADDRESS))) {
            assertThatThrownBy(() -> ConnectInput.parse(args))
                    .as(String.join(" ", args))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(
                            e -> {
                                for (String a : args) {
                                    if (a.length() > 6) {
                                        assertThat(e.getMessage()).doesNotContain(a);
                                    }
                                }
                            });
        }
    }
}
