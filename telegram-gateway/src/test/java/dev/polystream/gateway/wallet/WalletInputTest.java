package dev.polystream.gateway.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.gateway.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

class WalletInputTest {

    static final String PROXY = "0x379a410a36c101e3b8dfb6c90d1176eb0def4b1a";

    @Test
    void shouldAcceptAnAddressInAnyCaseAndKeepItLowerCase() {
        assertThat(WalletInput.parse(PROXY).value()).isEqualTo(PROXY);
        assertThat(WalletInput.parse("  0x379A410A36C101E3B8DFB6C90D1176EB0DEF4B1A ").value())
                .isEqualTo(PROXY);
        assertThat(WalletInput.parse("0X379a410a36c101e3b8dfb6c90d1176eb0def4b1a").value())
                .isEqualTo(PROXY);
    }

    @Test
    void shouldTakeTheAddressOutOfAProfileLink() {
        for (String link :
                new String[] {
                    "https://polymarket.com/profile/" + PROXY,
                    "http://www.polymarket.com/profile/" + PROXY + "/",
                    "polymarket.com/profile/" + PROXY + "?tab=activity",
                    "https://polymarket.com/profile/" + PROXY + "#positions",
                    "HTTPS://POLYMARKET.COM/profile/" + PROXY.toUpperCase().replace("0X", "0x")
                }) {
            assertThat(WalletInput.parse(link).value()).as(link).isEqualTo(PROXY);
        }
    }

    @Test
    void shouldRefuseOtherHostsAndLookAlikes() {
        for (String hostile :
                new String[] {
                    "https://evil.example/profile/" + PROXY,
                    "https://polymarket.com.evil.example/profile/" + PROXY,
                    "https://evilpolymarket.com/profile/" + PROXY,
                    "https://polymarket.com@evil.example/profile/" + PROXY,
                    "https://polymarket.com/profile/" + PROXY + "/../../x",
                    "https://polymarket.com/event/some-event",
                    "ftp://polymarket.com/profile/" + PROXY,
                    "//polymarket.com/profile/" + PROXY,
                }) {
            assertThatThrownBy(() -> WalletInput.parse(hostile))
                    .as(hostile)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("polymarket.com profile links");
        }
    }

    @Test
    void shouldRefuseMalformedAddresses() {
        for (String bad :
                new String[] {
                    "0x379a",
                    PROXY + "0",
                    PROXY.substring(0, 41),
                    "0x" + "g".repeat(40),
                    "hello",
                    "379a410a36c101e3b8dfb6c90d1176eb0def4b1a",
                    PROXY + "&x=1",
                    "' OR 1=1 --"
                }) {
            assertThatThrownBy(() -> WalletInput.parse(bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> WalletInput.parse(""))
                .hasMessageContaining("Give your Polymarket wallet");
        assertThatThrownBy(() -> WalletInput.parse(null))
                .hasMessageContaining("Give your Polymarket wallet");
    }

    @Test
    void shouldRefuseVeryLongInputWithoutEchoingIt() {
        String longInput = "0x" + "a".repeat(5_000);
        assertThatThrownBy(() -> WalletInput.parse(longInput))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too long")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void shouldExplainThatProfileNamesCannotBeLookedUp() {
        assertThatThrownBy(() -> WalletInput.parse("https://polymarket.com/@jaboobelite"))
                .hasMessageContaining("Profile names can't be looked up");
    }

    @Test
    void shouldRefuseProtocolContracts() {
        assertThatThrownBy(() -> WalletInput.parse("0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E"))
                .hasMessageContaining("one of Polymarket's contracts");
        assertThatThrownBy(
                        () ->
                                WalletInput.parse(
                                        "https://polymarket.com/profile/0x4d97dcd97ec945f40cf65f87097ace5ea0476045"))
                .hasMessageContaining("one of Polymarket's contracts");
    }
}
