#!/usr/bin/env bash
# Model benchmark: save and load latency and storage per version, delta states against full
# states, on the embedded database (mongo-java-server with its H2 file), in one run.
#
#   bench/model-bench/run.sh                                          the full run: 10,000 entities, 1,000 versions (~10 min)
#   bench/model-bench/run.sh --entities 2000 --versions 100 --loads 20   a quick run (< 1 min)
#   bench/model-bench/run.sh --help                                   all flags
#
# Needs a JDK >= 25, which ./opentwin finds. Builds the benchmark and the modules it uses when
# they are missing or older than their sources (BENCH_MAVEN_ARGS=-o builds offline), then runs
# the harness with the jars the build copied to target/lib. The report (Markdown) goes to
# stdout, progress to stderr. The database file goes to a temporary directory, removed after.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../bench-support/common.sh
. "$BENCH/../bench-support/common.sh" "$@"

if bench_stale "$ROOT/platform" "$ROOT/services/model"; then
  bench_build
fi

bench_java org.opentwinj.bench.model.ModelBenchmark "$@"
