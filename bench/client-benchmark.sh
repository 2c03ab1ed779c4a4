#!/usr/bin/env bash
# The client alone: the fake server's firehose on loopback into one connection, read by a bare Netty
# WebSocket client (frames counted) and by MarketChannelClient (parsing and books on), in turn.
#   bench/client-benchmark.sh                                   # 400 tokens, 3 rounds of 5 s each
#   bench/client-benchmark.sh --tokens 400 --rate 2000000 --seconds 10 --rounds 5
# Prints a table and writes it to benchmarks/target/client-benchmark.md. See BENCHMARKS.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q -pl benchmarks -am -DskipTests -Dspotless.check.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cd "$ROOT/benchmarks"
CP="target/test-classes:$(cat target/bench-classpath.txt)"
# shellcheck disable=SC2086
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir=target \
  -Dlog4j2.configurationFile=log4j2-test.xml -cp "$CP" dev.polystream.bench.ClientBenchmark "$@"
