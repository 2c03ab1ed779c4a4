package dev.polystream.ws.user;

import dev.polystream.ws.resilience.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the user channel's client connects (§3, §16).
 *
 * @param url {@code wss://ws-subscriptions-clob.polymarket.com/ws/user}
 * @param pingInterval text {@code PING} this often; with nothing received (no frame, no {@code
 *     PONG}) for three intervals the socket is dropped and replaced
 * @param authFailureWindow a socket closed this soon after subscribing, with no frame, counts as
 *     refused credentials; a socket that lives this long is believed good
 * @param authFailureAttempts that many refused sockets in a row: the credentials are rejected and
 *     reconnecting stops
 * @param connectTimeout bounds the TCP connect and, separately, the handshake
 * @param backoff the wait between sockets (equal jitter), reset after a healthy period
 * @param maxFrameBytes larger frames are refused
 */
public record UserChannelConfig(
        URI url,
        Duration pingInterval,
        Duration authFailureWindow,
        int authFailureAttempts,
        Duration connectTimeout,
        Backoff backoff,
        int maxFrameBytes) {

    public UserChannelConfig {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "The user channel URL must be ws:// or wss:// with a host, got " + url);
        }
        positive(pingInterval, "ping interval");
        positive(authFailureWindow, "auth failure window");
        positive(connectTimeout, "connect timeout");
        Objects.requireNonNull(backoff, "backoff");
        if (authFailureAttempts < 1) {
            throw new IllegalArgumentException("At least one attempt before giving up");
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("Frames of at least 1 KiB");
        }
    }

    /** 10 s ping, 5 s window, 2 attempts, 10 s connect, back-off 1 s to 60 s, 1 MiB frames. */
    public static UserChannelConfig defaults(URI url) {
        return new UserChannelConfig(
                url,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                2,
                Duration.ofSeconds(10),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
                1024 * 1024);
    }

    /** How long a socket must stay up before the back-off starts again from its first delay. */
    Duration healthyPeriod() {
        Duration threePings = pingInterval.multipliedBy(3);
        return threePings.compareTo(authFailureWindow) > 0 ? threePings : authFailureWindow;
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("The " + name + " must be positive");
        }
    }
}
