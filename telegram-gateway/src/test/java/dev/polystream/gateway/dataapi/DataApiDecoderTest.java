package dev.polystream.gateway.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.testutils.DataApiRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decoder on the real {@code /v2/positions} captures and on every odd body and row. */
class DataApiDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WALLET = "0x379a410a36c101e3b8dfb6c90d1176eb0def4b1a";
    private static final String LA_TOKEN =
            "56134520934827987450354834210862718136281318820368118025608831884832419413779";
    private static final String CONDITION =
            "0x21f6ce98ea79b65ec014ed5a13eafbc6730afcdd3f2cc958984cc618785e2758";

    private static String fixture(String name) {
        String path = "fixtures/polymarket/data_api/" + name;
        try (InputStream in = DataApiDecoderTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body with the given rows and no more pages. */
    private static String body(List<ObjectNode> rows) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode data = root.putArray("data");
        rows.forEach(data::add);
        root.putObject("pagination").put("has_more", false).putNull("next_cursor");
        return root.toString();
    }

    private static ObjectNode plainRow(String token) {
        return DataApiRows.row(
                WALLET, token, CONDITION, "10", "0.5", "5", "0.6", "Yes", 0, "Will it rain?");
    }

    @Test
    void shouldDecodeTheRealOpenCaptureWithExactDecimals() {
        PositionsPage page =
                DataApiDecoder.positionsPage(fixture(DataApiRows.OPEN_FIXTURE), WALLET);

        assertThat(page.rows()).hasSize(2);
        assertThat(page.skippedRows()).isZero();
        assertThat(page.unreadableTokens()).isEmpty();
        assertThat(page.hasMore()).isTrue();
        assertThat(page.nextCursor())
                .startsWith("eyJkYXRhIjp7InR5cGUiOiJwb3NpdGlvbnMi")
                .endsWith("JlZDJjMzAzZjVjYTY0MDliZDZhMjA5MTY4NmU0MTgzZiJ9")
                .hasSize(392);

        Holding la = page.rows().get(0);
        assertThat(la.wallet()).isEqualTo(WALLET);
        assertThat(la.tokenId()).isEqualTo(LA_TOKEN);
        assertThat(la.conditionId()).isEqualTo(CONDITION);
        assertThat(la.size()).isEqualTo(new BigDecimal("28.09"));
        assertThat(la.avgPrice()).isEqualTo(new BigDecimal("0.6699"));
        assertThat(la.costBasis()).isEqualTo(new BigDecimal("18.8202"));
        assertThat(la.costBasis().toPlainString()).isEqualTo("18.8202");
        assertThat(la.realizedPnl()).isEqualByComparingTo("0");
        assertThat(la.currentPrice()).isEqualTo(new BigDecimal("0.715"));
        assertThat(la.currentValue()).isEqualTo(new BigDecimal("20.0843"));
        assertThat(la.unrealizedPnl()).isEqualTo(new BigDecimal("1.264"));
        assertThat(la.percentPnl()).isEqualTo(new BigDecimal("6.7161"));
        assertThat(la.redeemable()).isFalse();
        assertThat(la.mergeable()).isFalse();
        assertThat(la.negativeRisk()).isTrue();
        assertThat(la.outcome()).isEqualTo("No");
        assertThat(la.outcomeIndex()).isEqualTo(1);
        assertThat(la.oppositeTokenId())
                .isEqualTo(
                        "11732753800729233964919365629507533443893777289896548110818819370155650213824");
        assertThat(la.title()).startsWith("Will the highest temperature in Los Angeles");
        assertThat(la.slug())
                .isEqualTo("highest-temperature-in-los-angeles-on-october-8-2026-82-83f");
        assertThat(la.eventSlug())
                .isEqualTo("highest-temperature-in-los-angeles-on-october-8-2026");
        assertThat(la.firstEntryAt()).isEqualTo(Instant.ofEpochSecond(1791292984L));
        // §15: avg_price × size is not the cost basis.
        assertThat(la.avgPrice().multiply(la.size())).isNotEqualByComparingTo(la.costBasis());

        Holding austin = page.rows().get(1);
        assertThat(austin.size()).isEqualTo(new BigDecimal("35.44"));
        assertThat(austin.unrealizedPnl()).isEqualTo(new BigDecimal("-1.2404"));
    }

    @Test
    void shouldDecodeTheRealClosedCaptureKeepingZeroSizesAndMergeable() {
        PositionsPage page =
                DataApiDecoder.positionsPage(fixture(DataApiRows.CLOSED_FIXTURE), WALLET);

        assertThat(page.rows()).hasSize(2);
        assertThat(page.rows()).allSatisfy(h -> assertThat(h.size()).isEqualByComparingTo("0"));
        assertThat(page.rows().get(0).realizedPnl()).isEqualTo(new BigDecimal("281.1088"));
        assertThat(page.rows().get(0).mergeable()).isFalse();
        assertThat(page.rows().get(1).mergeable()).isTrue();
        assertThat(page.nextCursor()).isNotBlank();
    }

    @Test
    void shouldReadNoRowsFromNullEmptyOrMissingData() {
        for (String body :
                List.of(
                        "{\"data\":null}",
                        "{\"data\":[]}",
                        "{}",
                        "{\"data\":[],\"pagination\":{\"has_more\":false,\"next_cursor\":null}}",
                        "{\"data\":null,\"pagination\":null}")) {
            PositionsPage page = DataApiDecoder.positionsPage(body, WALLET);
            assertThat(page.rows()).as(body).isEmpty();
            assertThat(page.nextCursor()).as(body).isNull();
            assertThat(page.skippedRows()).as(body).isZero();
        }
        assertThat(
                        DataApiDecoder.positionsPage(
                                        "{\"data\":[],\"pagination\":{\"next_cursor\":\"\"}}",
                                        WALLET)
                                .nextCursor())
                .as("an empty cursor ends paging")
                .isNull();
    }

    @Test
    void shouldIgnoreUnknownFieldsAtEveryLevel() {
        ObjectNode row = plainRow("123");
        row.putObject("brand_new_field").put("nested", true);
        ObjectNode root = JSON.createObjectNode();
        root.putArray("data").add(row);
        root.put("server_version", "v2.9");
        root.putObject("pagination").put("has_more", false).put("total_guess", 7);

        PositionsPage page = DataApiDecoder.positionsPage(root.toString(), WALLET);

        assertThat(page.rows()).extracting(Holding::tokenId).containsExactly("123");
    }

    @Test
    void shouldKeepOutcomeIndex999AndReadNumbersFromStringsAndExponents() {
        ObjectNode unlabelable =
                DataApiRows.unlabelableRow(WALLET, "999001", CONDITION, "3", "0.4");
        ObjectNode strings = plainRow("777");
        strings.put("current_size", "0.00001");
        strings.put("entry_cost_usdc", "12.50");
        ObjectNode exponent = plainRow("778");
        exponent.put("current_size", 1e-5);

        PositionsPage page =
                DataApiDecoder.positionsPage(body(List.of(unlabelable, strings, exponent)), WALLET);

        assertThat(page.rows()).hasSize(3);
        Holding odd = page.rows().get(0);
        assertThat(odd.outcomeIndex()).isEqualTo(999);
        assertThat(odd.unlabelable()).isTrue();
        assertThat(odd.eventSlug()).as("blank event_slug").isNull();
        assertThat(page.rows().get(1).size()).isEqualTo(new BigDecimal("0.00001"));
        assertThat(page.rows().get(1).costBasis().toPlainString()).isEqualTo("12.50");
        assertThat(page.rows().get(2).size()).isEqualByComparingTo("0.00001");
    }

    @Test
    void shouldLeaveMissingNumbersUnknownNotZero() {
        ObjectNode row = plainRow("555");
        row.remove(List.of("avg_price", "entry_cost_usdc", "current_price", "outcome_index"));
        row.putNull("percent_pnl");
        row.put("first_entry_at", 0);
        row.remove("redeemable");

        Holding h = DataApiDecoder.positionsPage(body(List.of(row)), WALLET).rows().get(0);

        assertThat(h.avgPrice()).isNull();
        assertThat(h.costBasis()).isNull();
        assertThat(h.currentPrice()).isNull();
        assertThat(h.percentPnl()).isNull();
        assertThat(h.outcomeIndex()).isNull();
        assertThat(h.firstEntryAt()).as("0 means unknown").isNull();
        assertThat(h.redeemable()).isFalse();
    }

    @Test
    void shouldSkipAndCountComboOtherWalletAndMalformedRows() {
        ObjectNode combo = DataApiRows.comboRow(WALLET, "4242", "5");
        ObjectNode other = plainRow("4343");
        other.put("proxy_wallet", "0x" + "ab".repeat(20));
        ObjectNode abc = plainRow("4444");
        abc.put("current_size", "abc");
        ObjectNode object = plainRow("4545");
        object.putObject("current_price").put("value", 1);
        ObjectNode negative = plainRow("4646");
        negative.put("current_size", -1);
        ObjectNode noSize = plainRow("4747");
        noSize.remove("current_size");
        ObjectNode noToken = plainRow("4848");
        noToken.remove("token_id");
        ObjectNode badToken = plainRow("0x12");
        ObjectNode badBoolean = plainRow("4949");
        badBoolean.put("redeemable", "maybe");
        ObjectNode fine = plainRow("5050");
        fine.put("proxy_wallet", WALLET.toUpperCase().replace("0X", "0x"));
        List<ObjectNode> rows =
                List.of(combo, other, abc, object, negative, noSize, noToken, badToken, badBoolean);
        ArrayNode withScalar = JSON.createArrayNode();
        rows.forEach(withScalar::add);
        withScalar.add(fine);
        withScalar.add("not a row");
        String body = JSON.createObjectNode().set("data", withScalar).toString();

        PositionsPage page = DataApiDecoder.positionsPage(body, WALLET);

        assertThat(page.rows()).extracting(Holding::tokenId).containsExactly("5050");
        assertThat(page.rows().get(0).wallet()).isEqualTo(WALLET);
        assertThat(page.skipped())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                Holdings.COMBO, 1,
                                Holdings.OTHER_WALLET, 1,
                                Holdings.MALFORMED, 8));
        assertThat(page.unreadableTokens())
                .as("rows with a usable token and an unusable field")
                .containsExactlyInAnyOrder("4444", "4545", "4646", "4747", "4949");
    }

    @Test
    void shouldRefuseBodiesThatCannotBeReadAsAWhole() {
        String real = fixture(DataApiRows.OPEN_FIXTURE);
        String truncated = real.substring(0, real.length() / 2);
        String html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        for (String body :
                List.of(
                        truncated,
                        html,
                        "",
                        "[]",
                        "{\"data\":{\"token_id\":\"1\"}}",
                        "{\"data\":\"rows\"}",
                        "{\"data\":[],\"pagination\":{\"next_cursor\":42}}",
                        "{\"data\":[]} trailing")) {
            assertThatThrownBy(() -> DataApiDecoder.positionsPage(body, WALLET))
                    .as(body.length() > 40 ? body.substring(0, 40) : body)
                    .isInstanceOfSatisfying(
                            DataApiException.class,
                            e -> {
                                assertThat(e.kind())
                                        .isEqualTo(DataApiException.Kind.MALFORMED_BODY);
                                assertThat(e.getMessage())
                                        .doesNotContain("\n")
                                        .hasSizeLessThan(400);
                            });
        }
    }

    @Test
    void shouldReadUserStatsAndTheirAbsence() {
        assertThat(DataApiDecoder.userStats("{\"data\":null}")).isEmpty();
        assertThat(DataApiDecoder.userStats("{}")).isEmpty();
        JsonNode stats =
                DataApiDecoder.userStats("{\"data\":{\"trades\":0,\"volume\":0.0},\"x\":1}")
                        .orElseThrow();
        assertThat(stats.path("trades").asInt()).isZero();
        assertThatThrownBy(() -> DataApiDecoder.userStats("{\"data\":[1]}"))
                .isInstanceOf(DataApiException.class);
        assertThatThrownBy(() -> DataApiDecoder.userStats("<html>"))
                .isInstanceOf(DataApiException.class);
    }

    @Test
    void shouldDecodeTheErrorBodyToleratingMissingFields() {
        DataApiError full =
                DataApiDecoder.error(
                        "{\"error\":\"user is a protocol contract address\",\"code\":"
                                + "\"invalid_request\",\"retryable\":false,\"trace_id\":\"t-1\","
                                + "\"parameter\":\"user\",\"extra\":[1]}");
        assertThat(full.code()).isEqualTo("invalid_request");
        assertThat(full.retryable()).isFalse();
        assertThat(full.parameter()).isEqualTo("user");
        assertThat(full.traceId()).isEqualTo("t-1");
        assertThat(full.error()).contains("protocol contract");

        DataApiError partial = DataApiDecoder.error("{\"code\":\"rate_limited\"}");
        assertThat(partial.code()).isEqualTo("rate_limited");
        assertThat(partial.retryable()).isNull();
        assertThat(partial.parameter()).isNull();

        assertThat(DataApiDecoder.error("<html>oops</html>")).isEqualTo(DataApiError.NONE);
        assertThat(DataApiDecoder.error("")).isEqualTo(DataApiError.NONE);
        assertThat(DataApiDecoder.error(null)).isEqualTo(DataApiError.NONE);
    }

    @Test
    void shouldJoinPagesKeepingTheLastRowOfATokenAndDroppingUnreadableOnes() {
        ObjectNode first = plainRow("1");
        ObjectNode again = plainRow("1");
        again.put("current_size", 12.0);
        ObjectNode readableThenNot = plainRow("2");
        ObjectNode unreadable = plainRow("2");
        unreadable.put("avg_price", "n/a");
        PositionsPage one =
                DataApiDecoder.positionsPage(body(List.of(first, readableThenNot)), WALLET);
        PositionsPage two = DataApiDecoder.positionsPage(body(List.of(again, unreadable)), WALLET);

        Holdings all = Holdings.of(WALLET, List.of(one, two), Instant.EPOCH);

        assertThat(all.holdings()).extracting(Holding::tokenId).containsExactly("1");
        assertThat(all.holding("1").size()).isEqualByComparingTo("12");
        assertThat(all.unreadableTokens()).containsExactly("2");
        assertThat(all.skipped())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(Holdings.DUPLICATE, 1, Holdings.MALFORMED, 1));
        assertThat(all.skippedRows()).isEqualTo(2);
        assertThat(all.pages()).isEqualTo(2);
    }
}
