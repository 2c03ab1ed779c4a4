package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameClassifierTest {

    @Test
    void controlFramesAreMatchedTrimmedAndCaseInsensitively() {
        assertThat(FrameClassifier.controlFrame("PONG")).isEqualTo(FrameKind.PONG);
        assertThat(FrameClassifier.controlFrame(" pong\n")).isEqualTo(FrameKind.PONG);
        assertThat(FrameClassifier.controlFrame("No New Assets"))
                .isEqualTo(FrameKind.NO_NEW_ASSETS);
        assertThat(FrameClassifier.controlFrame("INVALID OPERATION"))
                .isEqualTo(FrameKind.INVALID_OPERATION);
    }

    @Test
    void jsonLongTextAndOtherTextAreNoControlFrame() {
        assertThat(FrameClassifier.controlFrame(null)).isNull();
        assertThat(FrameClassifier.controlFrame("")).isNull();
        assertThat(FrameClassifier.controlFrame("{}")).isNull();
        assertThat(FrameClassifier.controlFrame("[]")).isNull();
        assertThat(FrameClassifier.controlFrame("PING")).isNull();
        assertThat(FrameClassifier.controlFrame("PONG" + " ".repeat(40))).isNull();
    }

    @Test
    void emptyAndBlankFramesAreMalformed() {
        for (String frame : new String[] {null, "", "   ", "\n\t"}) {
            ParsedFrame parsed = FrameClassifier.nonJson(frame);
            assertThat(parsed.kind()).isEqualTo(FrameKind.MALFORMED);
            assertThat(parsed.errors())
                    .extracting(ParseError::kind)
                    .containsExactly(ParseErrorKind.EMPTY_FRAME);
        }
    }

    @Test
    void controlFramesAreAnsweredWithoutParsing() {
        assertThat(FrameClassifier.nonJson("PONG")).isSameAs(ParsedFrame.PONG);
        assertThat(FrameClassifier.nonJson("NO NEW ASSETS")).isSameAs(ParsedFrame.NO_NEW_ASSETS);
        assertThat(FrameClassifier.nonJson("INVALID OPERATION"))
                .isSameAs(ParsedFrame.INVALID_OPERATION);
    }

    @Test
    void unknownTextIsMalformedAndAbbreviated() {
        String text = "x".repeat(500);
        ParsedFrame parsed = FrameClassifier.nonJson(text);
        assertThat(parsed.kind()).isEqualTo(FrameKind.MALFORMED);
        assertThat(parsed.errors().get(0).kind()).isEqualTo(ParseErrorKind.UNKNOWN_TEXT);
        assertThat(parsed.errors().get(0).detail()).endsWith("...(500 chars)");
    }

    @Test
    void framesStartingLikeJsonAreLeftToTheParser() {
        assertThat(FrameClassifier.nonJson("{\"event_type\":\"book\"}")).isNull();
        assertThat(FrameClassifier.nonJson("  [1")).isNull();
        assertThat(FrameClassifier.firstNonWhitespace(" \t\n{")).isEqualTo('{');
        assertThat(FrameClassifier.firstNonWhitespace("   ")).isEqualTo(' ');
    }
}
