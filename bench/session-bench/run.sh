#!/usr/bin/env bash
# Session benchmark: session open-to-ready latency and sessions per minute on this machine,
# against starting the same three echo services directly, in one run.
#
#   bench/session-bench/run.sh                  the full run (~30 min on 2 cores; see docs/benchmarks/sessions.md)
#   bench/session-bench/run.sh --cold 1 --warmup 0 --samples 3 --levels 1,2 --level-warmup 5s --level-measure 15s
#                                               a quick run (~4 min)
#   bench/session-bench/run.sh --scenario compute
#                                               issue 14's targets: a session of the Model at open and two
#                                               on-demand services, without and with the LSS's warm pool
#   bench/session-bench/run.sh --scenario compute --variants none,pool --cold 1 --warmup 0 --samples 3 \
#       --levels 1 --level-warmup 0 --level-samples 3
#                                               a quick compute run (< 10 min on an idle machine)
#   bench/session-bench/run.sh --help           all flags
#
# Needs a JDK >= 25, which ./opentwin finds. The services run from the distribution
# (clients/cli/target/opentwin-cli.jar + lib/); when it is missing or older than the sources it
# is built with ./opentwin build, as the wrapper would. The harness is built when it is missing
# or older than its own sources (set BENCH_MAVEN_ARGS=-o to build offline). BENCH_SKIP_BUILD=1
# skips both checks and uses what is there. The report (Markdown) goes to stdout, progress to
# stderr. Everything runs on 127.0.0.1; the harness stops every process it started, session
# services included, on every exit but kill -9.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../bench-support/common.sh
. "$BENCH/../bench-support/common.sh" "$@"
DIST="$ROOT/clients/cli/target"

# The wrapper's own test: the distribution is stale when a source or pom changed since its last build.
distribution_stale() {
  [ -f "$DIST/opentwin-cli.jar" ] && [ -f "$ROOT/.opentwin/build.stamp" ] || return 0
  [ -n "$(find "$ROOT" \( -name target -o -name .git -o -name .opentwin -o -name node_modules \) -prune -o \
      \( -name pom.xml -o -path '*/src/*' -o -path '*/.mvn/*' \) -type f -newer "$ROOT/.opentwin/build.stamp" -print -quit)" ]
}

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  # shellcheck disable=SC2119 # the harness's own sources only: distribution_stale covers the services
  if bench_stale; then
    bench_build
  fi
  if distribution_stale; then
    echo "run.sh: building the distribution (./opentwin build) ..." >&2
    "$ROOT/opentwin" build
  fi
fi

cd "$ROOT"
bench_java org.opentwinj.bench.session.SessionBenchmark --distribution "$DIST" "$@"
