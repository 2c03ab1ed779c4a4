package dev.polystream.gateway.notify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Telegram HTML: escaping and the formats the cards share. Every message is built line by line with
 * each tag opened and closed on its line, so {@link #clip} can cut between lines and keep the
 * markup valid.
 */
public final class Html {

    /** Telegram's limit on a message's length. */
    public static final int MAX_MESSAGE = 4096;

    private Html() {}

    /** Escapes text for Telegram's HTML parse mode ({@code < > &} and quotes). */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Escaped and cut to {@code max} characters (with an ellipsis). */
    public static String escape(String text, int max) {
        String plain = text == null ? "" : text;
        if (plain.length() > max) {
            plain = plain.substring(0, Math.max(0, max - 1)) + "…";
        }
        return escape(plain);
    }

    /** Keeps a message under Telegram's limit, cutting at a line break. */
    public static String clip(String html) {
        if (html.length() <= MAX_MESSAGE) {
            return html;
        }
        int cut = html.lastIndexOf('\n', MAX_MESSAGE - 10);
        if (cut <= 0) {
            // One huge line: fall back to plain text without markup.
            String plain = html.replaceAll("<[^>]*>", "");
            return plain.substring(0, Math.min(plain.length(), MAX_MESSAGE - 10)) + "…";
        }
        return html.substring(0, cut) + "\n…";
    }

    /** A price as cents: 0.435 → "43.5¢". */
    public static String cents(BigDecimal price) {
        if (price == null) {
            return "—";
        }
        return price.movePointRight(2)
                        .setScale(2, RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString()
                + "¢";
    }

    /** USDC with two decimals and a sign when asked: "+$12.50", "-$3.10". */
    public static String usd(BigDecimal amount, boolean signed) {
        if (amount == null) {
            return "—";
        }
        BigDecimal v = amount.setScale(2, RoundingMode.HALF_UP);
        String abs = "$" + v.abs().toPlainString();
        if (v.signum() < 0) {
            return "-" + abs;
        }
        return signed ? "+" + abs : abs;
    }

    public static String percent(BigDecimal pct) {
        if (pct == null) {
            return "—";
        }
        BigDecimal v = pct.setScale(1, RoundingMode.HALF_UP);
        return (v.signum() > 0 ? "+" : "") + v.toPlainString() + "%";
    }

    public static String shares(BigDecimal shares) {
        return shares == null ? "—" : shares.stripTrailingZeros().toPlainString();
    }

    /**
     * How old a price is, in coarse steps so that a card's text does not change every second:
     * "&lt;10s", "&lt;30s", then whole minutes.
     */
    public static String age(Duration age) {
        if (age == null) {
            return "no data";
        }
        long s = age.toSeconds();
        if (s < 10) {
            return "&lt;10s";
        }
        if (s < 30) {
            return "&lt;30s";
        }
        if (s < 60) {
            return "&lt;1m";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        return (s / 3600) + "h";
    }
}
