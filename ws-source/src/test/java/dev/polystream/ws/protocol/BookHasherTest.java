package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The §2.9 test vectors. */
class BookHasherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldMatchThePyClobClientSyntheticVector() {
        String hash =
                BookHasher.hash(
                        "0xaabbcc",
                        "100",
                        123456789L,
                        List.of(PriceLevel.of("0.3", "100"), PriceLevel.of("0.4", "100")),
                        List.of(PriceLevel.of("0.6", "100"), PriceLevel.of("0.7", "100")),
                        "100",
                        new BigDecimal("0.01"),
                        false,
                        new BigDecimal("0.5"));

        assertThat(hash).isEqualTo("0458ea5755c9f73d64a14636fa5c36ed460ec394");
    }

    @Test
    void shouldMatchRealRestBooks() throws Exception {
        assertThat(restBookHash("rest_clob/book__GET_book_real_2026-10-06__equinox_xi_yes.json"))
                .isEqualTo("6bd013d5f211e2eaecf60fbf357b1f936422049f");
        // empty ask side, neg_risk true, last_trade_price ""
        assertThat(
                        restBookHash(
                                "rest_clob/book__GET_book_empty_ask_side_ltp_empty_real_2026-08-03__nautilus.json"))
                .isEqualTo("d7df883ae546b09533a4f485bfae0810da1af04e");
    }

    @Test
    void shouldMatchTheWebSocketSnapshotGivenMinOrderSizeAndNegRiskFromRest() {
        BookEvent book =
                (BookEvent)
                        new MarketMessageParser()
                                .parse(
                                        Fixtures.wsMarket(
                                                "book__initial_snapshot_with_tick_size_last_trade_price_real_2026-08__nautilus.json"))
                                .events()
                                .get(0);

        String hash =
                BookHasher.hash(
                        book.market(),
                        book.assetId(),
                        book.timestamp(),
                        book.bids(),
                        book.asks(),
                        "5",
                        book.tickSize(),
                        false,
                        book.lastTradePrice());

        assertThat(hash)
                .isEqualTo(book.hash())
                .isEqualTo("ed47eb91f3c7985fac1cb18cb7c19535eddd3c0a");
    }

    @Test
    void shouldDependOnLevelOrder() {
        String ascending =
                BookHasher.hash(
                        "0xaabbcc",
                        "100",
                        123456789L,
                        List.of(PriceLevel.of("0.3", "100"), PriceLevel.of("0.4", "100")),
                        List.of(PriceLevel.of("0.7", "100"), PriceLevel.of("0.6", "100")),
                        "100",
                        new BigDecimal("0.01"),
                        false,
                        new BigDecimal("0.5"));

        assertThat(ascending).isNotEqualTo("0458ea5755c9f73d64a14636fa5c36ed460ec394");
    }

    private static String restBookHash(String fixture) throws Exception {
        JsonNode body = JSON.readTree(Fixtures.polymarket(fixture));
        String ltp = body.get("last_trade_price").asText();
        String hash =
                BookHasher.hash(
                        body.get("market").asText(),
                        body.get("asset_id").asText(),
                        Long.parseLong(body.get("timestamp").asText()),
                        levels(body.get("bids")),
                        levels(body.get("asks")),
                        body.get("min_order_size").asText(),
                        new BigDecimal(body.get("tick_size").asText()),
                        body.get("neg_risk").asBoolean(),
                        ltp.isEmpty() ? null : new BigDecimal(ltp));
        assertThat(hash).isEqualTo(body.get("hash").asText());
        return hash;
    }

    private static List<PriceLevel> levels(JsonNode array) {
        List<PriceLevel> levels = new ArrayList<>();
        array.forEach(
                l -> levels.add(PriceLevel.of(l.get("price").asText(), l.get("size").asText())));
        return levels;
    }
}
