package dev.polystream.launcher;

import dev.polystream.gateway.credentials.SecretsKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals traders' API credentials in {@code local}: unless the operator gives one
 * ({@code POLYSTREAM_SECRETS_KEY} or {@code secrets.key-file}), a random key made once in the data
 * directory ({@code secrets.key}, readable by its owner only) and kept beside the database it
 * opens, so {@code /connect} works on the embedded default and survives restarts.
 */
final class LocalSecretsKey {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSecretsKey.class);
    static final String FILE = "secrets.key";

    private LocalSecretsKey() {}

    /**
     * The key file to use, or null when the operator set a key or there is no data directory (a
     * temporary database: /connect is then refused unless a key is given).
     */
    static Path ensure(Path dataDir, Map<String, String> env, String configuredKeyFile) {
        String fromEnv = env.get(SecretsKey.ENV);
        if (dataDir == null
                || (fromEnv != null && !fromEnv.isBlank())
                || (configuredKeyFile != null && !configuredKeyFile.isBlank())) {
            return null;
        }
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            try {
                Files.createFile(
                        file,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(
                    file, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
            LOG.info(
                    "Made {} to seal traders' API credentials (keep it with the database: without"
                            + " it they must /connect again)",
                    file);
        } catch (FileAlreadyExistsException kept) {
            // Made by an earlier run: the stored credentials open with it.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the secrets key " + file, e);
        }
        return file;
    }
}
