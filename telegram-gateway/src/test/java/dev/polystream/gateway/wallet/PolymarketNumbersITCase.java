package dev.polystream.gateway.wallet;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.dataapi.DataApiClient;
import dev.polystream.gateway.dataapi.DataApiSettings;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.testutils.DataApiRows;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our numbers are Polymarket's: the real {@code /v2/positions} capture, synced into {@code
 * positions} through the real client and writer, then marked at the API's own {@code
 * current_price}, reproduces the API's {@code current_value}, {@code unrealized_pnl} and {@code
 * percent_pnl} to the cent, through the analysts' view {@code wallet_positions} (the schema's one
 * definition of P&L).
 */
@ExtendWith(SharedInfrastructure.class)
class PolymarketNumbersITCase {

    static final String WALLET = "0x379a410a36c101e3b8dfb6c90d1176eb0def4b1a";

    @Test
    void shouldReproducePolymarketsValueAndPnlToTheCent() {
        List<ObjectNode> rows = FakeDataApi.fixtureRows(DataApiRows.OPEN_FIXTURE);
        DataSource db = SharedInfrastructure.gatewayDataSource();
        try (FakeDataApi api = FakeDataApi.start();
                DataApiClient client =
                        new DataApiClient(DataApiSettings.defaults().withBaseUrl(api.baseUrl()))) {
            api.setHoldings(WALLET, rows);
            asSuperuser(
                    "INSERT INTO wallets (address) VALUES ('"
                            + WALLET
                            + "') ON CONFLICT DO NOTHING");
            asSuperuser(
                    "INSERT INTO wallet_links (user_id, wallet, chat_id) VALUES (31, '"
                            + WALLET
                            + "', 31) ON CONFLICT DO NOTHING");
            PositionService positions = new PositionService(db, "numbers.it", null);
            new WalletSync(
                            db,
                            client,
                            new HoldingsWriter(db, positions, Clock.systemUTC()),
                            null,
                            Clock.systemUTC())
                    .sync(WalletAddress.of(WALLET), false);
        }
        for (ObjectNode row : rows) {
            String token = row.path("token_id").asText();
            asSuperuser(
                    "INSERT INTO token_prices (token_id, price, source, exchange_ts) VALUES ('"
                            + token
                            + "', "
                            + row.path("current_price").decimalValue().toPlainString()
                            + ", 'ws', now()) ON CONFLICT (token_id) DO UPDATE SET price ="
                            + " EXCLUDED.price, exchange_ts = EXCLUDED.exchange_ts");
            BigDecimal[] ours = new BigDecimal[3];
            GatewayTables.query(
                    "SELECT value, unrealized_pnl, unrealized_pnl_percentage FROM wallet_positions"
                            + " WHERE wallet = '"
                            + WALLET
                            + "' AND token_id = '"
                            + token
                            + "' AND status = 'active'",
                    rs -> {
                        ours[0] = rs.getBigDecimal(1);
                        ours[1] = rs.getBigDecimal(2);
                        ours[2] = rs.getBigDecimal(3);
                    });
            assertThat(cents(ours[0]))
                    .as("current_value of %s", token)
                    .isEqualTo(cents(row.path("current_value").decimalValue()));
            assertThat(cents(ours[1]))
                    .as("unrealized_pnl of %s", token)
                    .isEqualTo(cents(row.path("unrealized_pnl").decimalValue()));
            assertThat(cents(ours[2]))
                    .as("percent_pnl of %s", token)
                    .isEqualTo(cents(row.path("percent_pnl").decimalValue()));
        }
    }

    @Test
    void shouldReproduceTheLegacyCaptureToTheCentWithTheSameFunctions() {
        // v1-positions (go-polymarket, 2026-08): size 162963.4451, initialValue (the cost basis)
        // 162627.5391, curPrice 0.955 → currentValue 155630.09, cashPnl -6997.4491, percentPnl
        // -4.3027.
        BigDecimal[] ours = new BigDecimal[3];
        GatewayTables.query(
                "SELECT position_value(162963.4451, 0.955),"
                        + " position_pnl_amount(162963.4451, 0.955, 162627.5391),"
                        + " position_pnl_percentage(162963.4451, 0.955, 162627.5391)",
                rs -> {
                    ours[0] = rs.getBigDecimal(1);
                    ours[1] = rs.getBigDecimal(2);
                    ours[2] = rs.getBigDecimal(3);
                });
        assertThat(cents(ours[0])).isEqualTo(cents(new BigDecimal("155630.09")));
        assertThat(cents(ours[1])).isEqualTo(cents(new BigDecimal("-6997.4491")));
        assertThat(cents(ours[2])).isEqualTo(cents(new BigDecimal("-4.3027")));
    }

    /** To the cent, with the project's one rounding rule (half away from zero). */
    static BigDecimal cents(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
