package dev.polystream.ws.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/** The one spelling of an address in credentials: lower case {@code 0x} + 40 hex. */
final class Addresses {

    private static final Pattern ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");

    private Addresses() {}

    static String normalise(String address) {
        if (address == null || !ADDRESS.matcher(address.strip()).matches()) {
            throw new IllegalArgumentException("An address must be 0x followed by 40 hex digits");
        }
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
