#!/usr/bin/env bash
# Transport benchmark: OpenTwin/J action round trips over mutual TLS against nginx, in one run.
#
#   bench/transport-bench/run.sh                                                   the full run (~4 min)
#   bench/transport-bench/run.sh --prewarm 5s --warmup 1s --measure 3s --rounds 1  a quick run (< 1 min)
#   bench/transport-bench/run.sh --help                                            all flags
#
# Needs nginx (apt-get install nginx-light) and a JDK >= 25, which ./opentwin finds. Builds
# the benchmark and the modules it uses when they are missing or older than their sources
# (set BENCH_MAVEN_ARGS=-o to build offline), then runs the harness with the dependency jars
# that the build copied to target/lib. The report (Markdown) goes to stdout, progress to
# stderr. Traffic goes to 127.0.0.1 only; the harness stops nginx and its server itself.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../bench-support/common.sh
. "$BENCH/../bench-support/common.sh" "$@"

if bench_stale "$ROOT/platform"; then
  bench_build
fi

bench_java org.opentwinj.bench.transport.TransportBenchmark "$@"
