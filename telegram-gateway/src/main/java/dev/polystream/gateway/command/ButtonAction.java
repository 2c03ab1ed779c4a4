package dev.polystream.gateway.command;

import dev.polystream.gateway.telegram.ButtonPress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an inline button does. Its callback data must match {@link #pattern()} exactly. */
public interface ButtonAction {

    /** The whole callback data, e.g. {@code ok:([0-9a-f]{18})}. */
    Pattern pattern();

    /**
     * Handles the tap.
     *
     * @param match the data matched against {@link #pattern()}
     * @return the short notice shown to the trader (toast), or null for none
     */
    String press(ButtonPress press, Matcher match, Chat chat);
}
