package dev.polystream.gateway;

import dev.polystream.gateway.GatewayOptions.Option;
import dev.polystream.ws.config.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads resolved key values as the type each {@link Option} declares, with one message per kind of
 * mistake. A duration is read by {@link Durations}; a bare number there (the gateway's older
 * spelling) is still read as seconds, with a one-line warning.
 */
final class OptionValues {

    private static final Logger LOG = LoggerFactory.getLogger(OptionValues.class);

    private OptionValues() {}

    static String string(Option option, Map<String, String> values) {
        return values.get(option.key());
    }

    static int integer(Option option, Map<String, String> values) {
        String value = values.get(option.key());
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option.key() + " must be a whole number, got '" + value + "'");
        }
    }

    static Duration duration(Option option, Map<String, String> values) {
        String value = values.get(option.key());
        if (Durations.isBareNumber(value) && Long.parseLong(value.strip()) != 0) {
            LOG.warn(
                    "{}={}: a bare number is read as seconds here, as before; write {}s (or 500ms,"
                            + " 10 min, PT1H)",
                    option.key(),
                    value.strip(),
                    value.strip());
            return Durations.parse(option.key(), value.strip() + "s");
        }
        return Durations.parse(option.key(), value);
    }

    static URI url(Option option, Map<String, String> values) {
        String value = values.get(option.key());
        try {
            URI uri = URI.create(value.strip());
            requireUrl(option, uri);
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option.key() + " must be an http(s) URL, got '" + value + "'");
        }
    }

    static void requireUrl(Option option, URI uri) {
        if (uri == null
                || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(
                    option.key() + " must be an http(s) URL, got '" + uri + "'");
        }
    }

    static void requireRange(Option option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    option.key() + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
