package dev.polystream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Keeps the wallet-sync benchmark harness working: a tiny, fast run (20 wallets × 5 positions at 50
 * req/s) must sync every wallet, see every change on a card, and print its figures. It asserts one
 * product guarantee, that a cycle in which nothing changed writes nothing; no speed (figures come
 * from bench/wallet-benchmark.sh).
 */
class WalletSyncBenchmarkITCase {

    @Test
    void tinyRunSyncsEveryWalletWritesNothingWhenNothingChangedAndSeesEveryChange()
            throws Exception {
        WalletSyncBenchmark.Options options =
                new WalletSyncBenchmark.Options(
                        20,
                        5,
                        40,
                        50,
                        3,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(3),
                        5,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(100),
                        7);

        WalletSyncBenchmark.Result result = WalletSyncBenchmark.run(options);
        String report = WalletSyncReport.report(result);
        System.out.println(report);

        assertThat(result.first().took()).as("every wallet synced once").isNotNull();
        assertThat(result.positionsStored()).isEqualTo(20 * 5);
        assertThat(result.first().writes().inserted()).isGreaterThanOrEqualTo(20 * 5);

        WalletSyncBenchmark.Cycle steady = result.steady();
        assertThat(steady).isNotNull();
        assertThat(steady.took()).as("every wallet synced once more").isNotNull();
        assertThat(steady.syncs()).isGreaterThanOrEqualTo(20);
        assertThat(steady.changed()).isZero();
        assertThat(steady.failures()).isZero();
        // The product's guarantee: a sync that changes nothing writes nothing.
        assertThat(steady.writes().rows()).as(steady.writes().perTable()).isZero();
        assertThat(steady.writes().writingTransactions()).isZero();
        assertThat(steady.rowVersionsTotal()).as(steady.rowVersions().toString()).isZero();
        assertThat(steady.syncedAtRecorded()).isZero();
        assertThat(steady.requests().count()).isGreaterThanOrEqualTo(20);
        assertThat(steady.requests().rateLimited()).isZero();

        WalletSyncBenchmark.Latency latency = result.latency();
        assertThat(latency).isNotNull();
        assertThat(latency.seconds()).as("every change seen on its card").hasSize(5);
        assertThat(latency.missed()).isZero();
        assertThat(latency.writes().updated()).as("the changes were written").isPositive();

        assertThat(report)
                .contains("| First full cycle")
                .contains("| Database writes in the steady cycle | 0 rows")
                .contains("p99 ")
                .contains("Raw numbers");
    }
}
