package dev.polystream.ws.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link PriceChangeEvent} from whichever of the three schemas the object uses: the
 * current {@code price_changes}, the legacy {@code changes} with one top-level asset, or the legacy
 * flat form with one price, size and side. Frames of the current schema rarely come here: {@link
 * PriceChangeFastPath} reads them first.
 */
final class PriceChangeAssembler {

    private static final String TYPE = PriceChangeEvent.TYPE;

    private PriceChangeAssembler() {}

    static void assemble(EventFields f, FrameResult out) {
        if (f.priceChanges != null) {
            out.add(
                    new PriceChangeEvent(
                            f.market,
                            f.timestamp,
                            f.priceChanges,
                            PriceChangeSchema.PRICE_CHANGES,
                            null));
        } else if (f.legacyChanges != null) {
            if (f.assetId == null) {
                out.missing(TYPE, "asset_id");
                return;
            }
            List<PriceChange> changes = new ArrayList<>(f.legacyChanges.size());
            for (PriceChange c : f.legacyChanges) {
                changes.add(
                        new PriceChange(
                                f.assetId, c.price(), c.size(), c.side(), null, null, null));
            }
            out.add(
                    new PriceChangeEvent(
                            f.market,
                            f.timestamp,
                            changes,
                            PriceChangeSchema.LEGACY_CHANGES,
                            f.hash));
        } else if (f.price != null) {
            if (f.assetId == null || f.size == null || f.side == null) {
                out.missing(TYPE, "asset_id/size/side of the flat schema");
                return;
            }
            out.add(
                    new PriceChangeEvent(
                            f.market,
                            f.timestamp,
                            List.of(
                                    new PriceChange(
                                            f.assetId, f.price, f.size, f.side, null, null, null)),
                            PriceChangeSchema.LEGACY_FLAT,
                            f.hash));
        } else {
            out.error(
                    ParseErrorKind.UNKNOWN_PRICE_CHANGE_SCHEMA,
                    "price_change without price_changes, changes or price");
        }
    }
}
