# What every benchmark's run.sh does, sourced by it after it set BENCH to its own directory:
#
#   BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
#   . "$BENCH/../bench-support/common.sh" "$@"
#
# Sets NAME (the harness, e.g. transport-bench), ROOT (the repository), JAR (the harness's jar),
# COMMAND (the command line as the user typed it, for the report) and JDK (a JDK >= 25, which
# ./opentwin finds; also exported as JAVA_HOME), and defines:
#   bench_stale DIR...   true when the jar or target/lib is missing, or a pom or main source of
#                        the root pom, the harness, bench-support or one of DIR is newer than the jar
#   bench_build          builds the harness and the modules it uses (BENCH_MAVEN_ARGS=-o: offline)
#   bench_java MAIN ARG...  runs the harness with the jars the build copied to target/lib, passing
#                        COMMAND (-Dbench.command) and BENCH (-Dbench.home) on
# shellcheck shell=bash

NAME="$(basename "$BENCH")"
ROOT="$(cd "$BENCH/../.." && pwd)"
JAR="$BENCH/target/opentwin-$NAME.jar"

# The report quotes the command exactly as it was given (the script's own arguments only).
COMMAND="bench/$NAME/run.sh"
if [ "$#" -gt 0 ]; then
  COMMAND="$COMMAND$(printf ' %q' "$@")"
fi

JDK="$("$ROOT/opentwin" java)"
export JAVA_HOME="$JDK"

bench_stale() {
  [ -f "$JAR" ] && [ -d "$BENCH/target/lib" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/bench/bench-support" "$BENCH" "$@" \
      \( -name target -o -name .git -o -name node_modules \) -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$JAR" -print -quit)" ]
}

bench_build() {
  echo "run.sh: building the benchmark and the modules it uses ..." >&2
  # shellcheck disable=SC2086 # BENCH_MAVEN_ARGS holds separate flags on purpose
  "$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" -DskipTests ${BENCH_MAVEN_ARGS:-} install -pl "bench/$NAME" -am
}

bench_java() {
  local main="$1"
  shift
  exec "$JDK/bin/java" -XX:+ExitOnOutOfMemoryError -Dbench.command="$COMMAND" -Dbench.home="$BENCH" \
    -cp "$JAR:$BENCH/target/lib/*" "$main" "$@"
}
