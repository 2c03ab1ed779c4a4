package dev.polystream.ws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds user-channel frames from the real fixtures for scripted scenarios: the same trade at its
 * next status ({@code MATCHED → MINED → CONFIRMED}), under another id, several events in one array
 * frame. Fields are set in the JSON tree, so the rest of the captured event stays as it was.
 */
public final class UserFrames {

    private UserFrames() {}

    /** The {@code ws_user/} fixture {@code fixtureName} as one event object. */
    public static String fixture(String fixtureName) {
        return Fixtures.wsUser(fixtureName);
    }

    /** {@code eventJson} with {@code status} (e.g. {@code "MINED"}). */
    public static String withStatus(String eventJson, String status) {
        return with(eventJson, "status", status);
    }

    /** {@code eventJson} with {@code id}. */
    public static String withId(String eventJson, String id) {
        return with(eventJson, "id", id);
    }

    /** {@code eventJson} with the text field {@code field} set to {@code value}. */
    public static String with(String eventJson, String field, String value) {
        ObjectNode event = object(eventJson);
        event.put(field, value);
        return event.toString();
    }

    /** One array frame holding the given events, in order. */
    public static String array(String... eventsJson) {
        var array = WireFrames.JSON.createArrayNode();
        for (String e : eventsJson) {
            array.add(object(e));
        }
        return array.toString();
    }

    private static ObjectNode object(String json) {
        try {
            JsonNode node = WireFrames.JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("Not one JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
