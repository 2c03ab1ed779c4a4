#!/usr/bin/env bash
# The linked-wallet sync benchmark: the gateway and its bot against the fake Data API, PostgreSQL and Kafka.
#   bench/wallet-benchmark.sh                               # 2,000 wallets × 40 positions at 8 req/s, ~15 min
#   bench/wallet-benchmark.sh --wallets 200 --idle-interval 30s --changes 10 --seconds 300
# Prints a table and writes it to benchmarks/target/wallet-benchmark.md. See BENCHMARKS.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q -pl benchmarks -am -DskipTests -Dspotless.check.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cd "$ROOT/benchmarks"
CP="target/test-classes:$(cat target/bench-classpath.txt)"
# The gateway, its bot, the Kafka broker and the fakes (with every wallet's holdings) in a 1 GiB heap;
# PostgreSQL runs as its own process.
# shellcheck disable=SC2086
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir=target \
  -Dlog4j2.configurationFile=log4j2-test.xml -cp "$CP" dev.polystream.bench.WalletSyncBenchmark "$@"
