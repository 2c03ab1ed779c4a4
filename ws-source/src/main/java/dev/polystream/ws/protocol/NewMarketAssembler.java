package dev.polystream.ws.protocol;

import static dev.polystream.ws.protocol.EventFields.orEmpty;

import java.util.List;

/**
 * Builds a {@link NewMarketEvent} from its fields; the token ids come from {@code assets_ids} or,
 * failing that, {@code clob_token_ids}, the condition from {@code market} or {@code condition_id}.
 */
final class NewMarketAssembler {

    private NewMarketAssembler() {}

    static void assemble(EventFields f, FrameResult out) {
        List<String> ids = f.assetsIds != null ? f.assetsIds : f.clobTokenIds;
        out.add(
                new NewMarketEvent(
                        f.id,
                        f.market != null ? f.market : f.conditionId,
                        f.question,
                        f.slug,
                        orEmpty(ids),
                        orEmpty(f.outcomes),
                        orEmpty(f.tags),
                        f.active,
                        f.minTickSize,
                        f.groupItemTitle,
                        f.timestamp));
    }
}
