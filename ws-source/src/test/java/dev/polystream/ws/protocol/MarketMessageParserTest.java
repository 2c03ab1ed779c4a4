package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class MarketMessageParserTest {

    private static final List<String> WS_MARKET = Fixtures.WS_MARKET;

    private final MarketMessageParser parser = new MarketMessageParser();

    private ParsedFrame parseFixture(String name) {
        return parser.parse(Fixtures.wsMarket(name));
    }

    private <T extends MarketEvent> T single(String fixture, Class<T> type) {
        ParsedFrame frame = parseFixture(fixture);
        assertThat(frame.kind()).isEqualTo(FrameKind.JSON);
        assertThat(frame.errors()).isEmpty();
        assertThat(frame.events()).hasSize(1).first().isInstanceOf(type);
        return type.cast(frame.events().get(0));
    }

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    @ParameterizedTest
    @FieldSource("WS_MARKET")
    void shouldParseEveryFixtureWithoutErrors(String fixture) {
        ParsedFrame frame = parseFixture(fixture);

        assertThat(frame.kind()).isEqualTo(FrameKind.JSON);
        assertThat(frame.errors()).isEmpty();
        assertThat(frame.events()).hasSize(1);
        assertThat(frame.events().get(0)).isNotInstanceOf(UnknownEvent.class);
        assertThat(fixture).startsWith(frame.events().get(0).eventType());
    }

    @Test
    void shouldParseDocsBookWithLeadingDotPrices() {
        BookEvent book = single("book__docs_example.json", BookEvent.class);

        assertThat(book.assetId())
                .isEqualTo(
                        "65818619657568813474341868652308942079804919287380422192892211131408793125422");
        assertThat(book.market())
                .isEqualTo("0xbd31dc8a20211944f6b70f31557f1001557b59905b7738480ca09bd4532f84af");
        assertThat(book.timestamp()).isEqualTo(123456789000L);
        assertThat(book.hash()).isEqualTo("0x0....");
        assertThat(book.bids())
                .containsExactly(
                        PriceLevel.of("0.48", "30"),
                        PriceLevel.of("0.49", "20"),
                        PriceLevel.of("0.50", "15"));
        assertThat(book.asks())
                .containsExactly(
                        PriceLevel.of("0.52", "25"),
                        PriceLevel.of("0.53", "60"),
                        PriceLevel.of("0.54", "10"));
        assertThat(book.tickSize()).isNull();
        assertThat(book.lastTradePrice()).isNull();
    }

    @Test
    void shouldParseSubscribeSnapshotWithTickSizeAndLastTradeKeepingWireScale() {
        BookEvent book =
                single(
                        "book__initial_snapshot_with_tick_size_last_trade_price_real_2026-08__nautilus.json",
                        BookEvent.class);

        assertThat(book.assetId())
                .isEqualTo(
                        "350977769852917329387037893294763093471844346281449484439085576212613048126");
        assertThat(book.timestamp()).isEqualTo(1786604072222L);
        assertThat(book.hash()).isEqualTo("ed47eb91f3c7985fac1cb18cb7c19535eddd3c0a");
        assertThat(book.bids()).hasSize(7);
        assertThat(book.bids().get(0)).isEqualTo(PriceLevel.of("0.01", "3149725.72"));
        assertThat(book.bids().get(6)).isEqualTo(PriceLevel.of("0.07", "182528.55"));
        assertThat(book.asks()).hasSize(57);
        assertThat(book.asks().get(0)).isEqualTo(PriceLevel.of("0.99", "156606.14"));
        assertThat(book.asks().get(56)).isEqualTo(PriceLevel.of("0.08", "228198.28"));
        assertThat(book.tickSize()).isEqualTo(dec("0.01"));
        // the wire string is "0.920": the scale survives (the hash needs it)
        assertThat(book.lastTradePrice().toPlainString()).isEqualTo("0.920");
    }

    @Test
    void shouldParseOlderBooks() {
        BookEvent old = single("book__real_2024-10-13__nautilus.json", BookEvent.class);
        assertThat(old.bids()).hasSize(76);
        assertThat(old.asks()).hasSize(86);
        assertThat(old.hash()).isEqualTo("655a38d4977427b086c25b985993691b753ed166");
        assertThat(old.timestamp()).isEqualTo(1728799418260L);

        BookEvent excerpt =
                single(
                        "book__real_2025-02-28_EXCERPT_levels_trimmed__poly-websockets.json",
                        BookEvent.class);
        assertThat(excerpt.bids())
                .containsExactly(PriceLevel.of("0.01", "510000"), PriceLevel.of("0.02", "3100"));
        assertThat(excerpt.asks())
                .containsExactly(PriceLevel.of("0.99", "58.07"), PriceLevel.of("0.97", "178.73"));
    }

    @Test
    void shouldParseCurrentPriceChangeWithEntryHashAndSentinelBbo() {
        PriceChangeEvent event =
                single(
                        "price_change__NEW_price_changes__docs_migration_guide.json",
                        PriceChangeEvent.class);

        assertThat(event.schema()).isEqualTo(PriceChangeSchema.PRICE_CHANGES);
        assertThat(event.market())
                .isEqualTo("0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1");
        assertThat(event.timestamp()).isEqualTo(1757908892351L);
        assertThat(event.hash()).isNull();
        assertThat(event.changes())
                .containsExactly(
                        new PriceChange(
                                "71321045679252212594626385532706912750332728571942532289631379312455583992563",
                                dec("0.5"),
                                dec("200"),
                                Side.BUY,
                                "56621a121a47ed9333273e21c83b660cff37ae50",
                                dec("0.5"),
                                dec("1")),
                        new PriceChange(
                                "52114319501245915516055106046884209969926127482827954674443846427813813222426",
                                dec("0.5"),
                                dec("200"),
                                Side.SELL,
                                "1895759e4df7a796bf4f1c5a5950b748306923e2",
                                dec("0"),
                                dec("0.5")));
    }

    @Test
    void shouldParseSemiSyntheticAndRealSingleEntryPriceChanges() {
        PriceChangeEvent semi =
                single("price_change__NEW_semi_synthetic__nautilus.json", PriceChangeEvent.class);
        assertThat(semi.changes()).hasSize(3);
        assertThat(semi.changes())
                .extracting(PriceChange::price)
                .containsExactly(dec("0.6"), dec("0.5"), dec("0.7"));
        assertThat(semi.changes()).extracting(PriceChange::side).containsOnly(Side.BUY);

        PriceChangeEvent real =
                single(
                        "price_change__NEW_single_entry_real_2026-04-20__poly-websockets_issue25.json",
                        PriceChangeEvent.class);
        assertThat(real.timestamp()).isEqualTo(1776685885367L);
        assertThat(real.changes())
                .containsExactly(
                        new PriceChange(
                                "33054216498433974727928740629431410718158782878539276726311923670519568532355",
                                dec("0.53"),
                                dec("78.68"),
                                Side.BUY,
                                "6de56a14f540f6f422cac3cbcf1fbf54162e6997",
                                dec("0.53"),
                                dec("0.54")));
    }

    @Test
    void shouldNormaliseLegacyChangesArrayCopyingTheAssetIntoEntries() {
        PriceChangeEvent real =
                single(
                        "price_change__LEGACY_changes_array_real_2025-06-08__poly-websockets.json",
                        PriceChangeEvent.class);

        assertThat(real.schema()).isEqualTo(PriceChangeSchema.LEGACY_CHANGES);
        assertThat(real.hash()).isEqualTo("a0b7cadf869fc288dbbf65704996fe818cc97d6a");
        assertThat(real.timestamp()).isEqualTo(1749371014925L);
        assertThat(real.changes())
                .containsExactly(
                        new PriceChange(
                                "39327269875426915204597944387916069897800289788920336317845465327697809453999",
                                dec("0.044"),
                                dec("611"),
                                Side.SELL,
                                null,
                                null,
                                null));

        PriceChangeEvent docs =
                single(
                        "price_change__LEGACY_changes_array__docs_migration_guide.json",
                        PriceChangeEvent.class);
        assertThat(docs.schema()).isEqualTo(PriceChangeSchema.LEGACY_CHANGES);
        assertThat(docs.changes()).hasSize(1);
        assertThat(docs.changes().get(0).assetId())
                .isEqualTo(
                        "71321045679252212594626385532706912750332728571942532289631379312455583992563");
    }

    @Test
    void shouldNormaliseLegacyFlatPriceChange() {
        PriceChangeEvent flat =
                single(
                        "price_change__LEGACY_FLAT_real_2024-08-18__nautilus.json",
                        PriceChangeEvent.class);

        assertThat(flat.schema()).isEqualTo(PriceChangeSchema.LEGACY_FLAT);
        assertThat(flat.hash()).isEqualTo("bf32b3746fff40c76c98021b7f3f07261169dd26");
        assertThat(flat.changes())
                .containsExactly(
                        new PriceChange(
                                "48331043336612883890938759509493159234755048973500640148014422747788308965732",
                                dec("0.514"),
                                dec("21574.08"),
                                Side.SELL,
                                null,
                                null,
                                null));
    }

    @Test
    void shouldParseTickSizeChanges() {
        TickSizeChangeEvent real =
                single(
                        "tick_size_change__real_2025-02-09__nautilus.json",
                        TickSizeChangeEvent.class);
        assertThat(real)
                .isEqualTo(
                        new TickSizeChangeEvent(
                                "0xbacdf04bf7f22a670dc4fb408878ec56b76f9934599829455b9371693ba84b8b",
                                "115474063863764126958837769719736461272619491980773624567012766320777398670353",
                                dec("0.01"),
                                dec("0.001"),
                                1739068041853L));

        TickSizeChangeEvent docs =
                single("tick_size_change__docs_example.json", TickSizeChangeEvent.class);
        assertThat(docs.timestamp()).isEqualTo(100000000L);
        assertThat(docs.newTickSize()).isEqualTo(dec("0.001"));
    }

    @Test
    void shouldParseLastTradePricesWithAndWithoutTransactionHash() {
        LastTradePriceEvent withHash =
                single(
                        "last_trade_price__with_transaction_hash_real_2025-02-28__poly-websockets.json",
                        LastTradePriceEvent.class);
        assertThat(withHash)
                .isEqualTo(
                        new LastTradePriceEvent(
                                "0xf83fb46dd70a4459fcc441a8511701c463374c5c3c250f585d74fda85ddfb7c9",
                                "101007741586870489619361069512452187353898396425142157315847015703471254508752",
                                dec("0.12"),
                                dec("8.333332"),
                                Side.BUY,
                                dec("0"),
                                1740760245471L,
                                "0xd449923990fce41c5fcd1fef8079df5b1dc55fa00c2df62831d0bd3a7cdcc2aa"));

        LastTradePriceEvent old =
                single(
                        "last_trade_price__real_2024-08-25__nautilus.json",
                        LastTradePriceEvent.class);
        assertThat(old.transactionHash()).isNull();
        assertThat(old.side()).isEqualTo(Side.SELL);
        assertThat(old.price()).isEqualTo(dec("0.491"));
        assertThat(old.size()).isEqualTo(dec("85.36"));

        LastTradePriceEvent docs =
                single("last_trade_price__docs_asyncapi_example.json", LastTradePriceEvent.class);
        assertThat(docs.price()).isEqualTo(dec("0.456"));
        assertThat(docs.transactionHash()).isEqualTo("0xeeefffggghhh");
    }

    @Test
    void shouldParseBestBidAsk() {
        BestBidAskEvent event =
                single("best_bid_ask__docs_example__nautilus.json", BestBidAskEvent.class);
        assertThat(event)
                .isEqualTo(
                        new BestBidAskEvent(
                                "0x0005c0d312de0be897668695bae9f32b624b4a1ae8b140c49f08447fcc74f442",
                                "85354956062430465315924116860125388538595433819574542752031640332592237464430",
                                dec("0.73"),
                                dec("0.77"),
                                dec("0.04"),
                                1766789469958L));
    }

    @Test
    void shouldParseNewMarket() {
        NewMarketEvent event =
                single("new_market__asyncapi_2026__nautilus.json", NewMarketEvent.class);
        assertThat(event.id()).isEqualTo("1031769");
        assertThat(event.market())
                .isEqualTo("0x311d0c4b6671ab54af4970c06fcf58662516f5168997bdda209ec3db5aa6b0c1");
        assertThat(event.question())
                .isEqualTo("Will NVIDIA (NVDA) close above $240 end of January?");
        assertThat(event.slug()).isEqualTo("nvda-above-240-on-january-30-2026");
        assertThat(event.assetIds())
                .containsExactly(
                        "76043073756653678226373981964075571318267289248134717369284518995922789326425",
                        "31690934263385727664202099278545688007799199447969475608906331829650099442770");
        assertThat(event.outcomes()).containsExactly("Yes", "No");
        assertThat(event.tags()).containsExactly("stocks");
        assertThat(event.active()).isTrue();
        assertThat(event.tickSize()).isEqualTo(dec("0.01"));
        assertThat(event.groupItemTitle()).isEqualTo("NVDA above $240");
        assertThat(event.timestamp()).isEqualTo(1766790415550L);
    }

    @Test
    void shouldParseBothMarketResolvedShapes() {
        MarketResolvedEvent asyncApi =
                single("market_resolved__asyncapi_2026__nautilus.json", MarketResolvedEvent.class);
        assertThat(asyncApi.winningAssetId())
                .isEqualTo(
                        "76043073756653678226373981964075571318267289248134717369284518995922789326425");
        assertThat(asyncApi.winningOutcome()).isEqualTo("Yes");
        assertThat(asyncApi.assetIds()).hasSize(2);
        assertThat(asyncApi.question()).isNull();
        assertThat(asyncApi.tags()).containsExactly("stocks");

        MarketResolvedEvent docs =
                single(
                        "market_resolved__docs_market-channel_page_example.json",
                        MarketResolvedEvent.class);
        assertThat(docs.question())
                .isEqualTo("Will NVIDIA (NVDA) close above $240 end of January?");
        assertThat(docs.outcomes()).containsExactly("Yes", "No");
        assertThat(docs.winningAssetId()).isEqualTo(asyncApi.winningAssetId());
        assertThat(docs.timestamp()).isEqualTo(1766790415550L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PONG", "pong", " PONG\n", "Pong"})
    void shouldRecognisePongWhateverTheCase(String frame) {
        assertThat(parser.parse(frame).kind()).isEqualTo(FrameKind.PONG);
        assertThat(MarketMessageParser.controlFrame(frame)).isEqualTo(FrameKind.PONG);
    }

    @Test
    void shouldRecogniseTheOtherControlFrames() {
        assertThat(parser.parse("INVALID OPERATION").kind()).isEqualTo(FrameKind.INVALID_OPERATION);
        assertThat(parser.parse("NO NEW ASSETS").kind()).isEqualTo(FrameKind.NO_NEW_ASSETS);
        assertThat(MarketMessageParser.controlFrame("[]")).isNull();
        assertThat(MarketMessageParser.controlFrame("{\"event_type\":\"book\"}")).isNull();
    }

    @Test
    void shouldTreatEmptyArrayAsAHealthyEmptySnapshot() {
        ParsedFrame frame = parser.parse("[]");
        assertThat(frame.kind()).isEqualTo(FrameKind.JSON);
        assertThat(frame.events()).isEmpty();
        assertThat(frame.errors()).isEmpty();
    }

    @Test
    void shouldReadArraysOfEventsIncludingUnknownTypes() {
        String frame =
                "["
                        + compact(Fixtures.wsMarket("book__docs_example.json"))
                        + ",{\"event_type\":\"settlement_preview\",\"market\":\"0x1\",\"timestamp\":\"5\"}"
                        + ","
                        + compact(
                                Fixtures.wsMarket(
                                        "price_change__NEW_single_entry_real_2026-04-20__poly-websockets_issue25.json"))
                        + "]";

        ParsedFrame parsed = parser.parse(frame);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.events())
                .extracting(MarketEvent::eventType)
                .containsExactly("book", "settlement_preview", "price_change");
        assertThat(parsed.events().get(1))
                .isEqualTo(new UnknownEvent("settlement_preview", "0x1", 5L));
    }

    @Test
    void shouldAcceptJsonNumbersAndUpperCaseEventTypes() {
        ParsedFrame parsed =
                parser.parse(
                        "{\"event_type\":\"LAST_TRADE_PRICE\",\"asset_id\":\"7\",\"price\":0.25,"
                                + "\"size\":10,\"side\":\"buy\",\"timestamp\":1700000000000}");

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.events())
                .containsExactly(
                        new LastTradePriceEvent(
                                null,
                                "7",
                                dec("0.25"),
                                dec("10"),
                                Side.BUY,
                                null,
                                1700000000000L,
                                null));
    }

    @Test
    void shouldTreatEmptyOptionalDecimalsAsAbsent() {
        ParsedFrame parsed =
                parser.parse(
                        "{\"event_type\":\"best_bid_ask\",\"asset_id\":\"7\",\"best_bid\":\"\","
                                + "\"best_ask\":\"0.4\",\"spread\":\"\",\"timestamp\":\"1\"}");

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.events())
                .containsExactly(new BestBidAskEvent(null, "7", null, dec("0.4"), null, 1L));
    }

    @Test
    void shouldKeepTheReadableElementsOfAnArrayAndReportTheOthers() {
        ParsedFrame parsed =
                parser.parse(
                        "[1,{\"event_type\":\"book\"},{\"asset_id\":\"9\"},"
                                + "{\"event_type\":\"tick_size_change\",\"asset_id\":\"9\","
                                + "\"new_tick_size\":\"0.001\",\"timestamp\":\"3\"}]");

        assertThat(parsed.kind()).isEqualTo(FrameKind.JSON);
        assertThat(parsed.events()).hasSize(1).first().isInstanceOf(TickSizeChangeEvent.class);
        assertThat(parsed.errors())
                .extracting(ParseError::kind)
                .containsExactly(
                        ParseErrorKind.UNEXPECTED_JSON,
                        ParseErrorKind.MISSING_FIELD,
                        ParseErrorKind.MISSING_EVENT_TYPE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"event_type\":\"price_change\"",
                "[{\"event_type\":\"book\",\"asset_id\":\"1\",\"bids\":[{\"price\":\"0.5\"",
                "{\"event_type\":\"book\",,}",
                "{\"event_type\":\"book\",\"asset_id\":\"1\"} trailing",
                "[{\"event_type\":\"book\",\"asset_id\":\"1\"}]]"
            })
    void shouldReportTruncatedOrBrokenJsonWithoutEvents(String frame) {
        ParsedFrame parsed = parser.parse(frame);

        assertThat(parsed.kind()).isEqualTo(FrameKind.MALFORMED);
        assertThat(parsed.events()).isEmpty();
        assertThat(parsed.errors())
                .extracting(ParseError::kind)
                .containsExactly(ParseErrorKind.INVALID_JSON);
    }

    @Test
    void shouldClassifyOtherBadFrames() {
        assertThat(kinds("")).containsExactly(ParseErrorKind.EMPTY_FRAME);
        assertThat(kinds("  \n")).containsExactly(ParseErrorKind.EMPTY_FRAME);
        assertThat(kinds("hello")).containsExactly(ParseErrorKind.UNKNOWN_TEXT);
        assertThat(kinds("42")).containsExactly(ParseErrorKind.UNKNOWN_TEXT);
        assertThat(kinds("{\"asset_id\":\"1\"}"))
                .containsExactly(ParseErrorKind.MISSING_EVENT_TYPE);
        assertThat(kinds("{\"event_type\":\"price_change\",\"market\":\"0x1\"}"))
                .containsExactly(ParseErrorKind.UNKNOWN_PRICE_CHANGE_SCHEMA);
        assertThat(
                        kinds(
                                "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1\","
                                        + "\"price\":\"abc\",\"size\":\"1\",\"side\":\"BUY\"}]}"))
                .containsExactly(ParseErrorKind.INVALID_VALUE);
        assertThat(
                        kinds(
                                "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1\","
                                        + "\"price\":\"0.5\",\"size\":\"1\",\"side\":\"HOLD\"}]}"))
                .containsExactly(ParseErrorKind.INVALID_VALUE);
        assertThat(
                        kinds(
                                "{\"event_type\":\"price_change\",\"price_changes\":[{\"asset_id\":\"1\","
                                        + "\"price\":\"0.5\",\"side\":\"BUY\"}]}"))
                .containsExactly(ParseErrorKind.MISSING_FIELD);
        assertThat(kinds("{\"event_type\":\"book\",\"asset_id\":\"1\",\"timestamp\":\"soon\"}"))
                .containsExactly(ParseErrorKind.INVALID_VALUE);
    }

    @Test
    void shouldRefuseDecimalsThatWouldExplodeArithmetic() {
        assertThat(
                        kinds(
                                "{\"event_type\":\"last_trade_price\",\"asset_id\":\"1\","
                                        + "\"price\":\"1e-999999999\",\"size\":\"1\"}"))
                .containsExactly(ParseErrorKind.INVALID_VALUE);
        assertThat(
                        kinds(
                                "{\"event_type\":\"last_trade_price\",\"asset_id\":\"1\","
                                        + "\"price\":1e999999,\"size\":\"1\"}"))
                .containsExactly(ParseErrorKind.INVALID_VALUE);
    }

    @Test
    void shouldSkipUnknownNestedFields() {
        ParsedFrame parsed =
                parser.parse(
                        "{\"event_type\":\"book\",\"asset_id\":\"1\",\"fee_schedule\":{\"a\":[1,{\"b\":2}]},"
                                + "\"bids\":[{\"price\":\"0.4\",\"size\":\"1\",\"extra\":[1]}],\"asks\":[],"
                                + "\"timestamp\":\"10\"}");

        assertThat(parsed.errors()).isEmpty();
        BookEvent book = (BookEvent) parsed.events().get(0);
        assertThat(book.bids()).containsExactly(PriceLevel.of("0.4", "1"));
        assertThat(book.asks()).isEmpty();
    }

    private List<ParseErrorKind> kinds(String frame) {
        return parser.parse(frame).errors().stream().map(ParseError::kind).toList();
    }

    /** Fixtures are pretty-printed; frames inside an array are easier to read compact. */
    static String compact(String json) {
        return json.replaceAll("\\s*\n\\s*", "");
    }
}
