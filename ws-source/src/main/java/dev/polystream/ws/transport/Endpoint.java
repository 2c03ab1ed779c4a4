package dev.polystream.ws.transport;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** Where a WebSocket connects, from its URL: host, port, and whether TLS is on. */
record Endpoint(URI uri, String host, int port, boolean tls) {

    static Endpoint of(URI uri) {
        Objects.requireNonNull(uri, "url");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls;
        if ("wss".equals(scheme)) {
            tls = true;
        } else if ("ws".equals(scheme)) {
            tls = false;
        } else {
            throw new IllegalArgumentException(
                    "The market channel URL must start with ws:// or wss://, got " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The market channel URL has no host: " + uri);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        return new Endpoint(uri, uri.getHost(), port, tls);
    }
}
