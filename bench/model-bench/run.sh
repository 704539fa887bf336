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
ROOT="$(cd "$BENCH/../.." && pwd)"
JAR="$BENCH/target/opentwin-model-bench.jar"

JDK="$("$ROOT/opentwin" java)"
export JAVA_HOME="$JDK"

# Stale when the jar is missing or a pom or main source it is built from is newer.
needs_build() {
  [ -f "$JAR" ] && [ -d "$BENCH/target/lib" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/platform" "$ROOT/services/model" "$BENCH" \( -name target -o -name .git \) -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$JAR" -print -quit)" ]
}

if needs_build; then
  echo "run.sh: building the benchmark and the modules it uses ..." >&2
  # shellcheck disable=SC2086 # BENCH_MAVEN_ARGS holds separate flags on purpose
  "$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" -DskipTests ${BENCH_MAVEN_ARGS:-} install -pl bench/model-bench -am
fi

# The report quotes the command exactly as it was given.
COMMAND="bench/model-bench/run.sh"
if [ "$#" -gt 0 ]; then
  COMMAND="$COMMAND$(printf ' %q' "$@")"
fi

exec "$JDK/bin/java" -XX:+ExitOnOutOfMemoryError -Dbench.command="$COMMAND" \
  -cp "$JAR:$BENCH/target/lib/*" org.opentwinj.bench.model.ModelBenchmark "$@"
