package dev.polystream.ws.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * The project's one way to write a duration, the same grammar as Flink's {@code
 * TimeUtils.parseDuration} (so a job key and a gateway key read alike): a whole number and a unit,
 * with or without a space ({@code 500ms}, {@code 10 s}, {@code 5min}, {@code 1 h}, {@code 2d}), or
 * ISO-8601 ({@code PT5M}). Units: ns, µs, ms, s, m/min, h, d and their long names. A bare number is
 * milliseconds, as in Flink.
 */
public final class Durations {

    private static final Map<String, ChronoUnit> UNITS = units();

    private Durations() {}

    /**
     * Parses {@code text} as a non-negative duration.
     *
     * @throws IllegalArgumentException naming {@code key} and the accepted forms
     */
    public static Duration parse(String key, String text) {
        String trimmed = text == null ? "" : text.strip();
        try {
            Duration duration = parseOrNull(trimmed);
            if (duration != null && !duration.isNegative()) {
                return duration;
            }
        } catch (ArithmeticException | DateTimeParseException | NumberFormatException e) {
            // fall through to the one message below
        }
        throw new IllegalArgumentException(
                key
                        + " must be a duration like 500ms, 30s, 10 min, 1h or PT5M, got '"
                        + text
                        + "'");
    }

    /** True when {@code text} is a bare whole number (no unit). */
    public static boolean isBareNumber(String text) {
        String trimmed = text == null ? "" : text.strip();
        return !trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit);
    }

    private static Duration parseOrNull(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.charAt(0) == 'P' || text.charAt(0) == 'p') {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 18) {
            return null;
        }
        long amount = Long.parseLong(text.substring(0, digits));
        String label = text.substring(digits).strip().toLowerCase(Locale.ROOT);
        ChronoUnit unit = label.isEmpty() ? ChronoUnit.MILLIS : UNITS.get(label);
        return unit == null ? null : Duration.of(amount, unit);
    }

    private static Map<String, ChronoUnit> units() {
        return Map.ofEntries(
                Map.entry("ns", ChronoUnit.NANOS),
                Map.entry("nano", ChronoUnit.NANOS),
                Map.entry("nanos", ChronoUnit.NANOS),
                Map.entry("nanosecond", ChronoUnit.NANOS),
                Map.entry("nanoseconds", ChronoUnit.NANOS),
                Map.entry("µs", ChronoUnit.MICROS),
                Map.entry("micro", ChronoUnit.MICROS),
                Map.entry("micros", ChronoUnit.MICROS),
                Map.entry("microsecond", ChronoUnit.MICROS),
                Map.entry("microseconds", ChronoUnit.MICROS),
                Map.entry("ms", ChronoUnit.MILLIS),
                Map.entry("milli", ChronoUnit.MILLIS),
                Map.entry("millis", ChronoUnit.MILLIS),
                Map.entry("millisecond", ChronoUnit.MILLIS),
                Map.entry("milliseconds", ChronoUnit.MILLIS),
                Map.entry("s", ChronoUnit.SECONDS),
                Map.entry("sec", ChronoUnit.SECONDS),
                Map.entry("secs", ChronoUnit.SECONDS),
                Map.entry("second", ChronoUnit.SECONDS),
                Map.entry("seconds", ChronoUnit.SECONDS),
                Map.entry("m", ChronoUnit.MINUTES),
                Map.entry("min", ChronoUnit.MINUTES),
                Map.entry("mins", ChronoUnit.MINUTES),
                Map.entry("minute", ChronoUnit.MINUTES),
                Map.entry("minutes", ChronoUnit.MINUTES),
                Map.entry("h", ChronoUnit.HOURS),
                Map.entry("hour", ChronoUnit.HOURS),
                Map.entry("hours", ChronoUnit.HOURS),
                Map.entry("d", ChronoUnit.DAYS),
                Map.entry("day", ChronoUnit.DAYS),
                Map.entry("days", ChronoUnit.DAYS));
    }
}
