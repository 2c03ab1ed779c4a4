package dev.polystream.ws.testing;

import java.math.BigDecimal;

/** A binary market of the fake exchange: its two tokens, tick size and last trade. */
final class FakeMarket {
    final String conditionId;
    final String yes;
    final String no;
    final String minOrderSize;
    final boolean negRisk = false;
    BigDecimal tickSize = new BigDecimal("0.01");
    BigDecimal lastTradePrice; // market-level, YES terms; null = no trade yet

    FakeMarket(String conditionId, String yes, String no, String minOrderSize) {
        this.conditionId = conditionId;
        this.yes = yes;
        this.no = no;
        this.minOrderSize = minOrderSize;
    }

    String other(String token) {
        return token.equals(yes) ? no : yes;
    }

    boolean subscribedBy(ClientConnection c) {
        return c.tokens.contains(yes) || c.tokens.contains(no);
    }
}
