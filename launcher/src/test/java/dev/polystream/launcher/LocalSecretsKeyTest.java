package dev.polystream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.credentials.SecretsKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsKeyTest {

    @TempDir Path dir;

    @Test
    void shouldMakeOneOwnerOnlyKeyInTheDataDirectoryAndKeepIt() throws Exception {
        Path file = LocalSecretsKey.ensure(dir.resolve("data"), Map.of(), null);
        assertThat(file).isEqualTo(dir.resolve("data").resolve(LocalSecretsKey.FILE));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        SecretsKey key = SecretsKey.load(Map.of(), file.toString());
        assertThat(key.present()).isTrue();
        String text = Files.readString(file);

        // A second run keeps the key the stored credentials were sealed with.
        assertThat(LocalSecretsKey.ensure(dir.resolve("data"), Map.of(), "")).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(SecretsKey.load(Map.of(), file.toString()).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void shouldLeaveAKeyTheOperatorGaveAlone() {
        assertThat(LocalSecretsKey.ensure(dir, Map.of(SecretsKey.ENV, "x"), null)).isNull();
        assertThat(LocalSecretsKey.ensure(dir, Map.of(), "/etc/polystream/key")).isNull();
        assertThat(LocalSecretsKey.ensure(null, Map.of(), null)).isNull();
        assertThat(dir.resolve(LocalSecretsKey.FILE)).doesNotExist();
    }
}
