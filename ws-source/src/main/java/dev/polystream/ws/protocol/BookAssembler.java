package dev.polystream.ws.protocol;

import static dev.polystream.ws.protocol.EventFields.orEmpty;

/** Builds a {@link BookEvent} (a WebSocket snapshot or a REST book) from its fields. */
final class BookAssembler {

    private BookAssembler() {}

    static void assemble(EventFields f, FrameResult out) {
        if (f.assetId == null) {
            out.missing(BookEvent.TYPE, "asset_id");
            return;
        }
        out.add(
                new BookEvent(
                        f.market,
                        f.assetId,
                        f.timestamp,
                        orEmpty(f.bids),
                        orEmpty(f.asks),
                        f.hash,
                        f.tickSize,
                        f.lastTradePrice,
                        f.minOrderSize,
                        f.negRisk));
    }
}
