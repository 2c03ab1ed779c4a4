package dev.polystream.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.gateway.testutils.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsKeyTest {

    @TempDir Path dir;

    @Test
    void shouldHaveNoKeyWhenNothingIsSet() {
        SecretsKey key = SecretsKey.load(Map.of(), "");
        assertThat(key.present()).isFalse();
        assertThat(key.keyId()).isNull();
        assertThatThrownBy(key::box)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SecretsKey.ENV);
        assertThat(SecretsKey.load(Map.of(SecretsKey.ENV, "  "), null).present()).isFalse();
    }

    @Test
    void shouldPreferTheEnvironmentToTheFile() throws IOException {
        String envKey = SecretBoxTest.randomKey();
        String fileKey = SecretBoxTest.randomKey();
        Path file = keyFile(fileKey, "rw-------");
        SecretsKey fromEnv = SecretsKey.load(Map.of(SecretsKey.ENV, envKey), file.toString());
        SecretsKey fromFile = SecretsKey.load(Map.of(), file.toString());
        assertThat(fromEnv.keyId()).isEqualTo(SecretsKey.of(envKey, "x").keyId());
        assertThat(fromFile.keyId()).isEqualTo(SecretsKey.of(fileKey, "x").keyId());
        assertThat(fromEnv.keyId()).isNotEqualTo(fromFile.keyId()).hasSize(16);
        // A blob sealed with the file's key opens with a key read again from the same file.
        byte[] sealed = fromFile.box().seal(new byte[] {1, 2, 3}, "row");
        assertThat(SecretsKey.load(Map.of(), file.toString()).box().open(sealed, "row"))
                .containsExactly(1, 2, 3);
        assertThat(fromFile.toString()).doesNotContain(fileKey).contains(fromFile.keyId());
    }

    @Test
    void shouldWarnOnceInOneLineWhenTheFileIsReadableByOthers() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        String k = SecretBoxTest.randomKey();
        Path open = keyFile(k, "rw-r--r--");
        Path closed = keyFile(SecretBoxTest.randomKey(), "rw-------");
        try (LogCapture logs = LogCapture.of(SecretsKey.class)) {
            SecretsKey.load(Map.of(), closed.toString());
            assertThat(logs.messages(Level.WARN)).isEmpty();
            SecretsKey.load(Map.of(), open.toString());
            assertThat(logs.messages(Level.WARN))
                    .singleElement()
                    .satisfies(
                            line ->
                                    assertThat(line)
                                            .contains("readable by group or others")
                                            .doesNotContain("\n")
                                            .doesNotContain(k));
        }
    }

    @Test
    void shouldRefuseAMalformedKeyWithoutShowingIt() throws IOException {
        String notBase64 = "this-is-not*base64!!";
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        for (String bad : new String[] {notBase64, shortKey}) {
            assertThatThrownBy(() -> SecretsKey.load(Map.of(SecretsKey.ENV, bad), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(SecretsKey.ENV)
                    .hasMessageNotContaining(bad)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        Path file = keyFile(shortKey, "rw-------");
        assertThatThrownBy(() -> SecretsKey.load(Map.of(), file.toString()))
                .hasMessageContaining("secrets.key-file")
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> SecretsKey.load(Map.of(), dir.resolve("missing").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot read the secrets key file");
    }

    private Path keyFile(String base64, String permissions) throws IOException {
        Path file = Files.createTempFile(dir, "key", ".b64");
        Files.writeString(file, base64 + "\n", StandardCharsets.US_ASCII);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        }
        return file;
    }
}
