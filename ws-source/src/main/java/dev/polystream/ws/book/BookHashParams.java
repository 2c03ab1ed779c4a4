package dev.polystream.ws.book;

import java.util.Objects;

/**
 * Market parameters that enter the book hash but are not on the WebSocket messages (they come from
 * REST or Gamma).
 */
public record BookHashParams(String minOrderSize, boolean negRisk) {
    public BookHashParams {
        Objects.requireNonNull(minOrderSize, "minOrderSize");
    }
}
