package dev.polystream.ws.protocol;

import static dev.polystream.ws.protocol.ScalarDecoder.abbreviate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a JSON text holding one event object or an array of them with Jackson's streaming parser:
 * accumulates each object's {@link EventFields}, then hands them to the assembler of its {@code
 * event_type}. Never throws. Not thread-safe (the reused fields and the text cache).
 */
final class EventReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final EventFields fields;

    EventReader(TextCache cache, boolean entryHashes) {
        ScalarReader scalars = new ScalarReader(cache);
        this.fields = new EventFields(scalars, new ArrayReader(scalars, entryHashes));
    }

    /**
     * @param defaultType see {@link #readEvent}
     * @param what "frame" or "body", for the error messages
     */
    ParsedFrame readObjects(String text, String defaultType, String what) {
        FrameResult out = new FrameResult();
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.START_ARRAY) {
                while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == null) {
                        return ParsedFrame.malformed(
                                ParseErrorKind.INVALID_JSON, "unexpected end of " + what);
                    }
                    if (token == JsonToken.START_OBJECT) {
                        readEvent(p, out, defaultType);
                    } else {
                        p.skipChildren();
                        out.error(ParseErrorKind.UNEXPECTED_JSON, "array element is " + token);
                    }
                }
            } else if (token == JsonToken.START_OBJECT) {
                readEvent(p, out, defaultType);
            } else {
                return ParsedFrame.malformed(ParseErrorKind.UNEXPECTED_JSON, "top level " + token);
            }
            if (p.nextToken() != null) {
                return ParsedFrame.malformed(
                        ParseErrorKind.INVALID_JSON, "trailing content after the first value");
            }
        } catch (JsonProcessingException e) {
            return ParsedFrame.malformed(
                    ParseErrorKind.INVALID_JSON, abbreviate(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            // Reading from a String cannot do I/O; a RuntimeException here would be a parser bug,
            // and the contract is that a frame never throws.
            return ParsedFrame.malformed(ParseErrorKind.INVALID_JSON, abbreviate(e.toString()));
        }
        return new ParsedFrame(FrameKind.JSON, out.events(), out.errors());
    }

    /**
     * @param defaultType the event type of objects without {@code event_type} (REST bodies), or
     *     null to report those as {@link ParseErrorKind#MISSING_EVENT_TYPE}
     */
    private void readEvent(JsonParser p, FrameResult out, String defaultType) throws IOException {
        ElementError el = out.element();
        EventFields f = fields;
        f.read(p, el);
        String eventType = f.eventType != null ? f.eventType : defaultType;
        if (eventType == null) {
            out.error(ParseErrorKind.MISSING_EVENT_TYPE, "object without event_type");
            return;
        }
        if (el.kind != null) {
            out.error(el.kind, eventType + ": " + el.detail);
            return;
        }
        switch (canonicalType(eventType)) {
            case BookEvent.TYPE -> BookAssembler.assemble(f, out);
            case PriceChangeEvent.TYPE -> PriceChangeAssembler.assemble(f, out);
            case TickSizeChangeEvent.TYPE -> TickSizeChangeAssembler.assemble(f, out);
            case LastTradePriceEvent.TYPE -> LastTradePriceAssembler.assemble(f, out);
            case BestBidAskEvent.TYPE -> BestBidAskAssembler.assemble(f, out);
            case NewMarketEvent.TYPE -> NewMarketAssembler.assemble(f, out);
            case MarketResolvedEvent.TYPE -> MarketResolvedAssembler.assemble(f, out);
            default -> out.add(new UnknownEvent(eventType, f.market, f.timestamp));
        }
    }

    /** The known types as sent need no copy; anything else is matched case-insensitively. */
    private static String canonicalType(String eventType) {
        switch (eventType) {
            case BookEvent.TYPE,
                    PriceChangeEvent.TYPE,
                    TickSizeChangeEvent.TYPE,
                    LastTradePriceEvent.TYPE,
                    BestBidAskEvent.TYPE,
                    NewMarketEvent.TYPE,
                    MarketResolvedEvent.TYPE -> {
                return eventType;
            }
            default -> {
                return eventType.toLowerCase(Locale.ROOT);
            }
        }
    }
}
