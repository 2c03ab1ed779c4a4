package dev.polystream.ws.protocol;

import java.util.List;

/**
 * {@code market_resolved} (custom feature), in either the AsyncAPI or the docs-page shape. Delivery
 * is reported unreliable (RS #226): never the only way to learn a resolution.
 *
 * @param question, slug only in the docs-page shape; may be null
 */
public record MarketResolvedEvent(
        String id,
        String market,
        List<String> assetIds,
        String winningAssetId,
        String winningOutcome,
        String question,
        String slug,
        List<String> outcomes,
        List<String> tags,
        long timestamp)
        implements MarketEvent {

    public static final String TYPE = "market_resolved";

    public MarketResolvedEvent {
        assetIds = List.copyOf(assetIds);
        outcomes = List.copyOf(outcomes);
        tags = List.copyOf(tags);
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}
