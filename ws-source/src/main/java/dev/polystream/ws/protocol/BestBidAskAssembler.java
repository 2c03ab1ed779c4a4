package dev.polystream.ws.protocol;

/** Builds a {@link BestBidAskEvent} from its fields. */
final class BestBidAskAssembler {

    private BestBidAskAssembler() {}

    static void assemble(EventFields f, FrameResult out) {
        if (f.assetId == null) {
            out.missing(BestBidAskEvent.TYPE, "asset_id");
            return;
        }
        out.add(
                new BestBidAskEvent(
                        f.market, f.assetId, f.bestBid, f.bestAsk, f.spread, f.timestamp));
    }
}
