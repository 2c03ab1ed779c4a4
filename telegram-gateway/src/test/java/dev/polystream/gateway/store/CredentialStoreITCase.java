package dev.polystream.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.gateway.credentials.SecretsKey;
import dev.polystream.gateway.credentials.StoredCredentials;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.auth.ReadOnlyKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Credentials at rest on a real PostgreSQL, as the gateway role: sealed (no secret in the stored
 * bytes), opened only with the key they were sealed with, replaced, rejected and deleted.
 */
@ExtendWith(SharedInfrastructure.class)
class CredentialStoreITCase {

    static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
    static final String PASSPHRASE =
            "5f2b9c0e7a1d4b3c8e6f0a2d9b7c5e1f3a8d6b4c2e0f9a7d5b3c1e8f6a4d2b0c";
    static final String SIGNER = "0x2222222222222222222222222222222222222222";

    static SecretsKey newKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return SecretsKey.of(Base64.getEncoder().encodeToString(raw), "test");
    }

    static String wallet(long n) {
        return String.format("0x%040x", n);
    }

    static StoredCredentials l2(long user, String wallet, String apiKey) {
        return new StoredCredentials(
                user,
                user,
                wallet,
                apiKey.substring(apiKey.length() - 4),
                new L2Credentials(new ApiCredentials(apiKey, SECRET, PASSPHRASE), SIGNER));
    }

    private final SecretsKey key = newKey();
    private final CredentialStore store =
            new CredentialStore(SharedInfrastructure.gatewayDataSource(), key);

    @Test
    void shouldStoreSealedAndOpenWithTheKey() {
        long user = 71_001;
        String w = wallet(user);
        store.save(l2(user, w, "11111111-2222-3333-4444-5555aaaa0001"));

        StoredCredentials found = store.find(user, w).orElseThrow();
        assertThat(found.l2().secret()).isEqualTo(SECRET);
        assertThat(found.l2().passphrase()).isEqualTo(PASSPHRASE);
        assertThat(found.credentials().address()).isEqualTo(SIGNER);
        assertThat(found.keyHint()).isEqualTo("0001");
        assertThat(found.toString()).doesNotContain(SECRET).doesNotContain(PASSPHRASE);
        assertThat(store.active()).extracting(StoredCredentials::userId).contains(user);

        byte[][] sealed = new byte[1][];
        String[] row = new String[1];
        GatewayTables.query(
                "SELECT sealed, kind || '|' || key_hint || '|' || key_id || '|' || address"
                        + " FROM trader_credentials WHERE user_id = "
                        + user,
                rs -> {
                    sealed[0] = rs.getBytes(1);
                    row[0] = rs.getString(2);
                });
        String stored = new String(sealed[0], StandardCharsets.ISO_8859_1);
        assertThat(stored)
                .doesNotContain(SECRET)
                .doesNotContain(PASSPHRASE)
                .doesNotContain("11111111-2222")
                .doesNotContain(PASSPHRASE.substring(0, 16));
        assertThat(row[0]).isEqualTo("l2|0001|" + key.keyId() + "|" + SIGNER);
    }

    @Test
    void shouldReplaceDeleteAndRejectAReadOnlyKey() {
        long user = 71_002;
        String a = wallet(user);
        String b = wallet(user + 1_000_000);
        store.save(l2(user, a, "11111111-2222-3333-4444-5555aaaa0002"));
        store.save(
                new StoredCredentials(
                        user, user, b, "beef", new ReadOnlyKey("ro-key-0000beef", SIGNER)));
        store.save(l2(user, a, "11111111-2222-3333-4444-5555aaaa0003"));
        assertThat(store.ofUser(user))
                .extracting(StoredCredentials::keyHint)
                .containsExactly("0003", "beef");
        assertThat(store.find(user, b).orElseThrow().l2()).isNull();

        assertThat(store.markRejected(user, a)).isTrue();
        assertThat(store.markRejected(user, a)).isFalse();
        assertThat(store.active())
                .extracting(StoredCredentials::wallet)
                .doesNotContain(a)
                .contains(b);
        store.save(l2(user, a, "11111111-2222-3333-4444-5555aaaa0004"));
        assertThat(store.active()).extracting(StoredCredentials::wallet).contains(a);

        assertThat(store.delete(user, a)).isTrue();
        assertThat(store.delete(user, a)).isFalse();
        assertThat(store.deleteAll(user)).containsExactly(b);
        assertThat(store.walletsOf(user)).isEmpty();
    }

    @Test
    void shouldGrantTheTablesToTheGatewayOnly() {
        for (String role : List.of("polystream_analyst", "polystream_job")) {
            for (String table : List.of("trader_credentials", "own_fills")) {
                assertThatThrownBy(
                                () ->
                                        SharedInfrastructure.asSuperuser(
                                                "SET ROLE "
                                                        + role
                                                        + "; SELECT count(*) FROM "
                                                        + table))
                        .as(role + " reads " + table)
                        .hasRootCauseMessage("ERROR: permission denied for table " + table);
            }
        }
    }

    @Test
    void shouldSkipARowSealedUnderAnotherKeyNamingOnlyUserAndWallet() {
        long user = 71_003;
        String w = wallet(user);
        store.save(l2(user, w, "11111111-2222-3333-4444-5555aaaa0005"));
        CredentialStore other =
                new CredentialStore(SharedInfrastructure.gatewayDataSource(), newKey());
        CredentialStore none =
                new CredentialStore(SharedInfrastructure.gatewayDataSource(), SecretsKey.none());
        try (LogCapture logs = LogCapture.of(CredentialStore.class)) {
            assertThat(other.find(user, w)).isEmpty();
            assertThat(other.active()).extracting(StoredCredentials::userId).doesNotContain(user);
            assertThat(none.find(user, w)).isEmpty();
            List<String> warnings = logs.messages(Level.WARN);
            assertThat(warnings)
                    .anySatisfy(
                            line ->
                                    assertThat(line)
                                            .contains("user=" + user)
                                            .contains("wallet=" + w)
                                            .contains("sealed with another key"));
            assertThat(logs.allText())
                    .noneMatch(
                            l ->
                                    l.contains(SECRET)
                                            || l.contains(PASSPHRASE)
                                            || l.contains("aaaa0005"));
        }
        assertThatThrownBy(() -> none.save(l2(user, w, "11111111-2222-3333-4444-5555aaaa0006")))
                .isInstanceOf(IllegalStateException.class);

        // A sealed blob moved to another row (same key) does not open there.
        long thief = 71_004;
        SharedInfrastructure.asSuperuser(
                "INSERT INTO trader_credentials (user_id, chat_id, wallet, address, kind, key_hint,"
                        + " sealed, key_id) SELECT "
                        + thief
                        + ", "
                        + thief
                        + ", wallet, address, kind, key_hint, sealed, key_id FROM"
                        + " trader_credentials WHERE user_id = "
                        + user);
        assertThat(store.find(thief, w)).isEmpty();
        assertThat(store.find(user, w)).isPresent();
    }
}
