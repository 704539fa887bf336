#!/usr/bin/env bash
# Data path benchmark: a 100 MB result (typed arrays) saved in a real Model (embedded database)
# and fetched through web -> relay -> Model, against nginx serving the same bytes over HTTPS, in
# one run; the report (Markdown) goes to stdout, progress to stderr.
#
#   bench/data-bench/run.sh            the full run: 100 MB, 5 timed rounds per path
#   bench/data-bench/run.sh --quick    8 MB, 2 rounds (what its unit test runs)
#   bench/data-bench/run.sh --help     all flags
#
# Needs a JDK >= 25 and nginx (apt-get install nginx-light, or --nginx PATH).
# Builds what it needs as the other benchmarks do (bench-support/common.sh).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../bench-support/common.sh
. "$BENCH/../bench-support/common.sh" "$@"

if bench_stale "$ROOT/platform" "$ROOT/services/model" "$ROOT/services/relay" "$ROOT/services/web"; then
  bench_build
fi

bench_java org.opentwinj.bench.data.DataBenchmark "$@"
