package dev.polystream.ws.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;

/** The client-to-server frames of the market channel (§2.2 - §2.4). */
public final class MarketSubscription {

    /** Text heartbeat; only after the initial subscription, or the server closes with 1008. */
    public static final String PING = "PING";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private MarketSubscription() {}

    /**
     * The initial subscription, the first frame on every socket: {@code
     * {"assets_ids":[...],"type":"market","initial_dump":true,"custom_feature_enabled":true}}. Sent
     * with {@code "assets_ids":[]} when there is nothing to subscribe yet.
     */
    public static String initial(Collection<String> tokenIds) {
        return write(
                g -> {
                    tokens(g, tokenIds);
                    g.writeStringField("type", "market");
                    g.writeBooleanField("initial_dump", true);
                    g.writeBooleanField("custom_feature_enabled", true);
                });
    }

    /** {@code {"operation":"subscribe","assets_ids":[...],"custom_feature_enabled":true}}. */
    public static String subscribe(Collection<String> tokenIds) {
        return write(
                g -> {
                    g.writeStringField("operation", "subscribe");
                    tokens(g, tokenIds);
                    g.writeBooleanField("custom_feature_enabled", true);
                });
    }

    /** {@code {"operation":"unsubscribe","assets_ids":[...]}}. */
    public static String unsubscribe(Collection<String> tokenIds) {
        return write(
                g -> {
                    g.writeStringField("operation", "unsubscribe");
                    tokens(g, tokenIds);
                });
    }

    private static void tokens(JsonGenerator g, Collection<String> tokenIds) throws IOException {
        g.writeArrayFieldStart("assets_ids");
        for (String token : tokenIds) {
            g.writeString(token);
        }
        g.writeEndArray();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }
}
