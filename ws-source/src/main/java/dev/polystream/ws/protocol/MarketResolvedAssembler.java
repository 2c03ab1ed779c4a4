package dev.polystream.ws.protocol;

import static dev.polystream.ws.protocol.EventFields.orEmpty;

/** Builds a {@link MarketResolvedEvent} from its fields. */
final class MarketResolvedAssembler {

    private MarketResolvedAssembler() {}

    static void assemble(EventFields f, FrameResult out) {
        if (f.assetsIds == null && f.winningAssetId == null) {
            out.missing(MarketResolvedEvent.TYPE, "assets_ids and winning_asset_id");
            return;
        }
        out.add(
                new MarketResolvedEvent(
                        f.id,
                        f.market,
                        orEmpty(f.assetsIds),
                        f.winningAssetId,
                        f.winningOutcome,
                        f.question,
                        f.slug,
                        orEmpty(f.outcomes),
                        orEmpty(f.tags),
                        f.timestamp));
    }
}
