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
ROOT="$(cd "$BENCH/../.." && pwd)"
JAR="$BENCH/target/opentwin-transport-bench.jar"

JDK="$("$ROOT/opentwin" java)"
export JAVA_HOME="$JDK"

# Stale when the jar is missing or a pom or main source it is built from is newer.
needs_build() {
  [ -f "$JAR" ] && [ -d "$BENCH/target/lib" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/platform" "$BENCH" \( -name target -o -name .git \) -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$JAR" -print -quit)" ]
}

if needs_build; then
  echo "run.sh: building the benchmark and the modules it uses ..." >&2
  # shellcheck disable=SC2086 # BENCH_MAVEN_ARGS holds separate flags on purpose
  "$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" -DskipTests ${BENCH_MAVEN_ARGS:-} install -pl bench/transport-bench -am
fi

# The report quotes the command exactly as it was given.
COMMAND="bench/transport-bench/run.sh"
if [ "$#" -gt 0 ]; then
  COMMAND="$COMMAND$(printf ' %q' "$@")"
fi

exec "$JDK/bin/java" -XX:+ExitOnOutOfMemoryError -Dbench.command="$COMMAND" \
  -cp "$JAR:$BENCH/target/lib/*" org.opentwinj.bench.transport.TransportBenchmark "$@"
