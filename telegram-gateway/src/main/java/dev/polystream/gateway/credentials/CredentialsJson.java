package dev.polystream.gateway.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.auth.ClobCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.auth.ReadOnlyKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The plain form of credentials before sealing: a small JSON object ({@code {"apiKey", "secret",
 * "passphrase"}} or {@code {"readOnlyKey"}}); the signer address is a column of its own. Errors
 * never carry the content.
 */
public final class CredentialsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CredentialsJson() {}

    /** The JSON bytes of the secrets; the caller zeroes them after sealing. */
    public static byte[] write(ClobCredentials credentials) {
        ObjectNode node = JSON.createObjectNode();
        if (credentials instanceof L2Credentials l2) {
            node.put("apiKey", l2.credentials().apiKey());
            node.put("secret", l2.credentials().secret());
            node.put("passphrase", l2.credentials().passphrase());
        } else {
            node.put("readOnlyKey", ((ReadOnlyKey) credentials).key());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Credentials from their JSON bytes and signer address.
     *
     * @throws IllegalArgumentException when the bytes are not such an object (no content shown)
     */
    public static ClobCredentials read(byte[] json, String kind, String address) {
        try {
            JsonNode node = JSON.readTree(json);
            if ("l2".equals(kind)) {
                return new L2Credentials(
                        new ApiCredentials(
                                node.path("apiKey").asText(),
                                node.path("secret").asText(),
                                node.path("passphrase").asText()),
                        address);
            }
            return new ReadOnlyKey(node.path("readOnlyKey").asText(), address);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Stored credentials of kind " + kind + " are unreadable");
        }
    }

    /** The {@code aad} binding a sealed blob to its row. */
    public static String aad(long userId, String wallet) {
        return "trader-credentials|" + userId + "|" + wallet;
    }
}
