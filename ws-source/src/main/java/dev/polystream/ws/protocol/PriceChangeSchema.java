package dev.polystream.ws.protocol;

/** Which of the three {@code price_change} shapes a message used (§2.8.2, §2.8.3). */
public enum PriceChangeSchema {
    /** Since 2025-09-15: {@code price_changes[]}, each entry with its own asset, hash and BBO. */
    PRICE_CHANGES,
    /** 2024-10 .. 2025-09-15: one token per message, {@code changes[]} without hash/BBO. */
    LEGACY_CHANGES,
    /** 2024: a single change at the top level. */
    LEGACY_FLAT
}
