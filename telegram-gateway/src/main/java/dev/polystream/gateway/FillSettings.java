package dev.polystream.gateway;

import static dev.polystream.gateway.GatewayOptions.CLOB_URL;
import static dev.polystream.gateway.GatewayOptions.FILLS_MAX_PAGES;
import static dev.polystream.gateway.GatewayOptions.FILLS_POLL_INTERVAL;
import static dev.polystream.gateway.GatewayOptions.USER_CHANNEL_URL;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Connected traders' settings (keys {@code clob.url}, {@code user-channel.url}, {@code fills.*}):
 * where their own fills come from and how much of their history a reconciliation reads.
 */
public record FillSettings(
        URI clobUrl, URI userChannelUrl, Duration readOnlyPollInterval, int maxPages) {

    public FillSettings {
        OptionValues.requireUrl(CLOB_URL, clobUrl);
        if (userChannelUrl == null
                || userChannelUrl.getHost() == null
                || !("ws".equals(userChannelUrl.getScheme())
                        || "wss".equals(userChannelUrl.getScheme()))) {
            throw new IllegalArgumentException(
                    USER_CHANNEL_URL.key()
                            + " must be a ws:// or wss:// URL, got '"
                            + userChannelUrl
                            + "'");
        }
        OptionValues.requireRange(
                FILLS_POLL_INTERVAL, readOnlyPollInterval.toMillis(), 200, 86_400_000);
        OptionValues.requireRange(FILLS_MAX_PAGES, maxPages, 1, 1_000);
    }

    static FillSettings from(Map<String, String> values) {
        String channel = OptionValues.string(USER_CHANNEL_URL, values).strip();
        URI channelUri;
        try {
            channelUri = URI.create(channel);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    USER_CHANNEL_URL.key()
                            + " must be a ws:// or wss:// URL, got '"
                            + channel
                            + "'");
        }
        return new FillSettings(
                OptionValues.url(CLOB_URL, values),
                channelUri,
                OptionValues.duration(FILLS_POLL_INTERVAL, values),
                OptionValues.integer(FILLS_MAX_PAGES, values));
    }

    @Override
    public String toString() {
        return "clob.url="
                + clobUrl
                + ", user-channel.url="
                + userChannelUrl
                + ", fills.poll-interval="
                + readOnlyPollInterval.toSeconds()
                + "s";
    }
}
