package dev.polystream.ws.gamma;

import dev.polystream.ws.transport.MarketChannelConfig;

/** Breaks {@code ClientCoreArchitectureTest}'s Gamma rule on purpose (test code only). */
public final class ArchitectureCanary {

    private ArchitectureCanary() {}

    public static Object marketChannel() {
        return MarketChannelConfig.defaults();
    }
}
