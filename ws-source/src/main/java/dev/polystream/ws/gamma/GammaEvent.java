package dev.polystream.ws.gamma;

import java.util.List;

/** A Gamma event (§5.3): a group of markets under one slug. */
public record GammaEvent(String id, String slug, String title, List<GammaMarket> markets) {

    public GammaEvent {
        markets = List.copyOf(markets);
    }
}
