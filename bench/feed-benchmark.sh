#!/usr/bin/env bash
# JMH benchmarks of the ws-source hot path (parser, books, displayed price, hashes).
#   bench/feed-benchmark.sh                      # every benchmark, the annotated settings
#   bench/feed-benchmark.sh -f 1 -wi 1 -i 1 -r 1s applyPriceChange   # any JMH options/filter
# Results: printed, and as JSON in ws-source/target/jmh-result.json. See BENCHMARKS.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q -pl ws-source -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cd "$ROOT/ws-source"
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
if [[ $# -eq 0 ]]; then
  set -- FeedBenchmark
fi
exec java -cp "$CP" org.openjdk.jmh.Main -rf json -rff target/jmh-result.json "$@"
