package dev.polystream.gateway.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Inline buttons under a message, as plain values (the Telegram types stay in {@code BotApi}).
 * Callback data is at most 64 bytes, Telegram's limit.
 */
public record Keyboard(List<List<Button>> rows) {

    public static final Keyboard NONE = new Keyboard(List.of());

    /** One button: its label and the callback data it sends back. */
    public record Button(String text, String data) {
        public Button {
            if (data == null
                    || data.isEmpty()
                    || data.getBytes(StandardCharsets.UTF_8).length > 64) {
                throw new IllegalArgumentException("Callback data must be 1-64 bytes: " + data);
            }
        }
    }

    public Keyboard {
        List<List<Button>> copy = new ArrayList<>();
        for (List<Button> row : rows) {
            if (!row.isEmpty()) {
                copy.add(List.copyOf(row));
            }
        }
        rows = List.copyOf(copy);
    }

    public static Keyboard of(List<Button> row) {
        return new Keyboard(List.of(row));
    }

    public static Keyboard rows(List<List<Button>> rows) {
        return new Keyboard(rows);
    }

    public static Button button(String text, String data) {
        return new Button(text, data);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
