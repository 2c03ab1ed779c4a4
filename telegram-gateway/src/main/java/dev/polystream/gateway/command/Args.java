package dev.polystream.gateway.command;

import dev.polystream.gateway.domain.InvalidInputException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of command arguments into values, each failing with a message the trader can act on. */
final class Args {

    private static final Pattern ID = Pattern.compile("#?(\\d{1,18})");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d{1,12}(\\.\\d{1,12})?");
    private static final Pattern PNL =
            Pattern.compile("([+-]?)(\\$?)(\\d{1,12}(?:\\.\\d{1,12})?)([%$]?)");

    private Args() {}

    static void count(List<String> args, int min, int max, String usage) {
        if (args.size() < min || args.size() > max) {
            throw new InvalidInputException("Usage: " + usage);
        }
    }

    /** A position or alert id: digits, optionally after '#'. */
    static long id(String what, String text) {
        Matcher m = ID.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidInputException(
                    capitalise(what)
                            + " must be a number like 12 (see /positions), got '"
                            + shorten(text)
                            + "'.");
        }
        return Long.parseLong(m.group(1));
    }

    static boolean isId(String text) {
        return text != null && ID.matcher(text.strip()).matches();
    }

    /** USDC: "25", "25.50", "$25". */
    static BigDecimal usdc(String text) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("$")) {
            t = t.substring(1);
        }
        if (!NUMBER.matcher(t).matches() || t.startsWith("+") || t.startsWith("-")) {
            throw new InvalidInputException(
                    "Amount must be a number of USDC like 25 or 12.50, got '"
                            + shorten(text)
                            + "'.");
        }
        return new BigDecimal(t);
    }

    /** A percentage: "50" or "50%". */
    static BigDecimal percent(String text) {
        String t = text == null ? "" : text.strip();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!NUMBER.matcher(t).matches() || t.startsWith("+") || t.startsWith("-")) {
            throw new InvalidInputException(
                    "Percentage must be a number from 1 to 100 like 50 or 25%, got '"
                            + shorten(text)
                            + "'.");
        }
        return new BigDecimal(t);
    }

    /** A price: "0.65", ".65", "65c" or "65¢". */
    static BigDecimal price(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        boolean cents = t.endsWith("c") || t.endsWith("¢");
        if (cents) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.startsWith(".")) {
            t = "0" + t;
        }
        if (!NUMBER.matcher(t).matches() || t.startsWith("+") || t.startsWith("-")) {
            throw new InvalidInputException(
                    "Price must be like 0.65 or 65c, got '" + shorten(text) + "'.");
        }
        BigDecimal value = new BigDecimal(t);
        return cents ? value.movePointLeft(2) : value;
    }

    /** A P&L threshold: "+10%", "-10%", "10%" (percent) or "+25$", "-25$", "$25", "-$25" (USDC). */
    static Pnl pnl(String text) {
        String t = text == null ? "" : text.strip().replace(" ", "");
        Matcher m = PNL.matcher(t);
        boolean percent = m.matches() && m.group(4).equals("%") && m.group(2).isEmpty();
        boolean dollars =
                m.matches()
                        && (m.group(2).equals("$") ^ m.group(4).equals("$"))
                        && !m.group(4).equals("%");
        if (!percent && !dollars) {
            throw new InvalidInputException(
                    "A P&L threshold is a percentage or a dollar amount, like +10% or -25$; got '"
                            + shorten(text)
                            + "'.");
        }
        return new Pnl(new BigDecimal(m.group(1) + m.group(3)), percent);
    }

    record Pnl(BigDecimal value, boolean percent) {}

    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String capitalise(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
