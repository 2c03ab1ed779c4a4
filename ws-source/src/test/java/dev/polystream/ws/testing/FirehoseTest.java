package dev.polystream.ws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.ParsedFrame;
import dev.polystream.ws.protocol.PriceChange;
import dev.polystream.ws.protocol.PriceChangeEvent;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirehoseTest {

    @Test
    void shouldSendRealisticMirroredPriceChangesThatParseCleanly() {
        String[] market = {"0x" + "a".repeat(64), "111", "222"};
        MarketMessageParser parser = new MarketMessageParser();
        for (String frame : Firehose.sample(market, 2000)) {
            ParsedFrame parsed = parser.parse(frame);
            assertThat(parsed.errors()).as(frame).isEmpty();
            assertThat(parsed.events()).hasSize(1);
            PriceChangeEvent event = (PriceChangeEvent) parsed.events().get(0);
            assertThat(event.market()).isEqualTo(market[0]);
            List<PriceChange> changes = event.changes();
            assertThat(changes).extracting(PriceChange::assetId).containsExactly("111", "222");
            PriceChange yes = changes.get(0);
            PriceChange no = changes.get(1);
            // The NO entry mirrors the YES entry.
            assertThat(yes.price().add(no.price())).isEqualByComparingTo(BigDecimal.ONE);
            assertThat(yes.side()).isNotEqualTo(no.side());
            assertThat(yes.size()).isEqualByComparingTo(no.size());
            // Tops are never crossed, and mirror each other.
            assertThat(yes.bestBid()).isLessThan(yes.bestAsk());
            assertThat(yes.bestBid().add(no.bestAsk())).isEqualByComparingTo(BigDecimal.ONE);
            assertThat(yes.bestBid()).isBetween(new BigDecimal("0.04"), new BigDecimal("0.96"));
        }
    }
}
