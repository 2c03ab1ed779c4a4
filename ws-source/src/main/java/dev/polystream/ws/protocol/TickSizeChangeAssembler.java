package dev.polystream.ws.protocol;

/** Builds a {@link TickSizeChangeEvent} from its fields. */
final class TickSizeChangeAssembler {

    private TickSizeChangeAssembler() {}

    static void assemble(EventFields f, FrameResult out) {
        if (f.assetId == null || f.newTickSize == null) {
            out.missing(TickSizeChangeEvent.TYPE, f.assetId == null ? "asset_id" : "new_tick_size");
            return;
        }
        out.add(
                new TickSizeChangeEvent(
                        f.market, f.assetId, f.oldTickSize, f.newTickSize, f.timestamp));
    }
}
