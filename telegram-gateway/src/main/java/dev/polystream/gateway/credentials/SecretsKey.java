package dev.polystream.gateway.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals traders' credentials at rest: 32 bytes (AES-256), given base64-encoded in the
 * environment variable {@link #ENV} or in a file named by the gateway option {@code
 * secrets.key-file}. Without either there is {@linkplain #none() no key} and {@code /connect} is
 * refused. Its {@link #keyId()} (the first 8 bytes of its SHA-256, hex) is stored with each sealed
 * row, so a row sealed under another key is recognised as such. The key itself is never logged nor
 * put in a message.
 */
public final class SecretsKey {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsKey.class);

    /** The environment variable holding the base64 key. */
    public static final String ENV = "POLYSTREAM_SECRETS_KEY";

    /** How an operator gives the gateway a key; shown to traders when there is none. */
    public static final String HOW_TO_SET =
            "The operator sets a key with the environment variable "
                    + ENV
                    + " (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) or the option"
                    + " secrets.key-file";

    private static final SecretsKey NONE = new SecretsKey(null, null);

    private final SecretBox box;
    private final String keyId;

    private SecretsKey(SecretBox box, String keyId) {
        this.box = box;
        this.keyId = keyId;
    }

    /** No key: nothing can be sealed nor opened. */
    public static SecretsKey none() {
        return NONE;
    }

    /** A key from its base64 text. */
    public static SecretsKey of(String base64, String origin) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw malformed(origin, "is not base64");
        }
        if (raw.length != 32) {
            Arrays.fill(raw, (byte) 0);
            throw malformed(origin, "must decode to 32 bytes, it decodes to " + raw.length);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            String id = HexFormat.of().formatHex(digest, 0, 8);
            SecretsKey key = new SecretsKey(new SecretBox(new SecretKeySpec(raw, "AES")), id);
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * The key from the environment ({@link #ENV}, preferred) or from {@code keyFile} (base64 text;
     * a warning in one line when group or others may read it); {@link #none()} when neither is set.
     *
     * @param keyFile the {@code secrets.key-file} option; null or blank for none
     * @throws IllegalArgumentException with one line that never shows the key, when the key is
     *     malformed or the file cannot be read
     */
    public static SecretsKey load(Map<String, String> env, String keyFile) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return of(fromEnv, "env " + ENV);
        }
        if (keyFile == null || keyFile.isBlank()) {
            return NONE;
        }
        Path file = Path.of(keyFile.strip());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot read the secrets key file "
                            + file
                            + " (secrets.key-file): "
                            + e.getClass().getSimpleName());
        }
        warnIfReadableByOthers(file);
        return of(text, "secrets.key-file " + file);
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ)
                    || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn(
                        "The secrets key file {} is readable by group or others; chmod 600 it",
                        file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    private static IllegalArgumentException malformed(String origin, String why) {
        return new IllegalArgumentException(
                "The secrets key from "
                        + origin
                        + " "
                        + why
                        + ": give base64 of 32 random bytes (openssl rand -base64 32)");
    }

    public boolean present() {
        return box != null;
    }

    /** First 8 bytes of the key's SHA-256, hex; null without a key. */
    public String keyId() {
        return keyId;
    }

    /**
     * The box that seals and opens with this key.
     *
     * @throws IllegalStateException without a key
     */
    public SecretBox box() {
        if (box == null) {
            throw new IllegalStateException("No secrets key: " + HOW_TO_SET);
        }
        return box;
    }

    @Override
    public String toString() {
        return box == null ? "SecretsKey[none]" : "SecretsKey[id " + keyId + "]";
    }
}
