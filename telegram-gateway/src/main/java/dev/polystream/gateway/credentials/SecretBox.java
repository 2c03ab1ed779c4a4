package dev.polystream.gateway.credentials;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens small secrets with AES-256-GCM (JDK {@code AES/GCM/NoPadding}): a fresh 12-byte
 * random nonce per seal, a 128-bit tag, and additional authenticated data that binds the blob to
 * its row, so a blob copied to another row does not open. Format: version byte {@code 1}, nonce,
 * ciphertext with tag.
 */
public final class SecretBox {

    static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    SecretBox(SecretKey key) {
        this.key = key;
    }

    /** Seals {@code plain}, bound to {@code aad}; the caller zeroes {@code plain} afterwards. */
    public byte[] seal(byte[] plain, String aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a blob sealed with this key and the same {@code aad}.
     *
     * @throws SealedException when the blob is malformed, was sealed under another key or for
     *     another row, or was altered (the tag does not match)
     */
    public byte[] open(byte[] sealed, String aad) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8) {
            throw new SealedException("The sealed blob is too short");
        }
        if (sealed[0] != VERSION) {
            throw new SealedException("Unknown sealed blob version " + sealed[0]);
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedException("The sealed blob does not open (other key, row or altered)");
        } catch (GeneralSecurityException e) {
            throw new SealedException("The sealed blob does not open: " + e.getClass().getName());
        }
    }

    /** A blob that cannot be opened; the message never carries any of its content. */
    public static final class SealedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SealedException(String message) {
            super(message);
        }
    }
}
