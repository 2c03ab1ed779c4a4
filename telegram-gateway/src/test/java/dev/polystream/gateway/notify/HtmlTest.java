package dev.polystream.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void shouldEscapeEverythingTelegramParses() {
        assertThat(Html.escape("<b>a & \"b\"</b>"))
                .isEqualTo("&lt;b&gt;a &amp; &quot;b&quot;&lt;/b&gt;");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape("abcdef", 4)).isEqualTo("abc…");
    }

    @Test
    void shouldClipAtALineBreakUnderTheLimit() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append("<b>line ").append(i).append("</b>\n");
        }
        String clipped = Html.clip(text.toString());
        assertThat(clipped.length()).isLessThanOrEqualTo(Html.MAX_MESSAGE);
        assertThat(clipped).endsWith("\n…");
        assertThat(clipped.split("<b>", -1).length).isEqualTo(clipped.split("</b>", -1).length);
        assertThat(Html.clip("<i>" + "x".repeat(5000) + "</i>"))
                .doesNotContain("<i>")
                .hasSizeLessThanOrEqualTo(Html.MAX_MESSAGE);
    }

    @Test
    void shouldFormatMoneyPricesAndCoarseAges() {
        assertThat(Html.cents(new BigDecimal("0.435"))).isEqualTo("43.5¢");
        assertThat(Html.cents(new BigDecimal("0.50"))).isEqualTo("50¢");
        assertThat(Html.usd(new BigDecimal("-3.104"), true)).isEqualTo("-$3.10");
        assertThat(Html.usd(new BigDecimal("12.5"), true)).isEqualTo("+$12.50");
        assertThat(Html.percent(new BigDecimal("22.54"))).isEqualTo("+22.5%");
        assertThat(Html.age(Duration.ofSeconds(3))).isEqualTo(Html.age(Duration.ofSeconds(9)));
        assertThat(Html.age(Duration.ofSeconds(45))).isEqualTo("&lt;1m");
        assertThat(Html.age(Duration.ofMinutes(5))).isEqualTo("5m");
    }
}
