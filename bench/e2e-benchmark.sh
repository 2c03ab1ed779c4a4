#!/usr/bin/env bash
# The end-to-end benchmark: fake Polymarket firehose → the job on a MiniCluster → PostgreSQL.
#   bench/e2e-benchmark.sh                                  # 100..20,000 tokens, 10k..200k msg/s
#   bench/e2e-benchmark.sh --tokens 1000 --rates 50000,100000 --seconds 10 --parallelism 2
# Prints a table and writes it to benchmarks/target/e2e-benchmark.md. See BENCHMARKS.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q -pl benchmarks -am -DskipTests -Dspotless.check.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cd "$ROOT/benchmarks"
CP="target/test-classes:$(cat target/bench-classpath.txt)"
FLINK_JVM_FLAGS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"
# The whole benchmark (job, Kafka broker, fake exchange) in a 1 GiB heap; PostgreSQL runs as its own process.
# shellcheck disable=SC2086
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} $FLINK_JVM_FLAGS -Djava.io.tmpdir=target \
  -Dlog4j2.configurationFile=log4j2-test.xml -cp "$CP" dev.polystream.bench.EndToEndBenchmark "$@"
