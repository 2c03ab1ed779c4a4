package dev.polystream.ws.protocol;

/** Builds a {@link LastTradePriceEvent} from its fields. */
final class LastTradePriceAssembler {

    private LastTradePriceAssembler() {}

    static void assemble(EventFields f, FrameResult out) {
        if (f.assetId == null || f.price == null) {
            out.missing(LastTradePriceEvent.TYPE, f.assetId == null ? "asset_id" : "price");
            return;
        }
        out.add(
                new LastTradePriceEvent(
                        f.market,
                        f.assetId,
                        f.price,
                        f.size,
                        f.side,
                        f.feeRateBps,
                        f.timestamp,
                        f.transactionHash));
    }
}
