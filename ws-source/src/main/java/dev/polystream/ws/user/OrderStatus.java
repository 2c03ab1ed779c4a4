package dev.polystream.ws.user;

import java.util.Locale;

/**
 * The status of an order event (§3.3). Live statuses may carry a reason after an underscore ({@code
 * "CANCELED_order couldn't be fully filled..."}), so {@link #parse} takes the longest known prefix
 * ({@code CANCELED_MARKET_RESOLVED} before {@code CANCELED}).
 */
public enum OrderStatus {
    LIVE,
    MATCHED,
    CANCELED,
    INVALID,
    DELAYED,
    UNMATCHED,
    CANCELED_MARKET_RESOLVED;

    /**
     * The longest known status that {@code text} is or starts with (followed by {@code _}); null
     * when none.
     */
    public static OrderStatus parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        String upper = t.toUpperCase(Locale.ROOT);
        OrderStatus best = null;
        for (OrderStatus s : values()) {
            String n = s.name();
            boolean matches =
                    upper.equals(n)
                            || (upper.startsWith(n)
                                    && t.length() > n.length()
                                    && t.charAt(n.length()) == '_');
            if (matches && (best == null || n.length() > best.name().length())) {
                best = s;
            }
        }
        return best;
    }

    /** What follows the status and its underscore in {@code text}: the reason; "" when none. */
    public static String reason(String text) {
        OrderStatus s = parse(text);
        if (s == null) {
            return "";
        }
        String t = text.strip();
        return t.length() > s.name().length() ? t.substring(s.name().length() + 1) : "";
    }
}
