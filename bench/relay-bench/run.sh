#!/usr/bin/env bash
# Relay benchmark: websocket messages per second and added latency of the OpenTwin/J relay, of
# the relay behind the web service's bridge (the browser's path), and of configurable-http-proxy
# in front of the same echo service, in one run.
#
#   bench/relay-bench/run.sh                                                   the full run (~6 min)
#   bench/relay-bench/run.sh --prewarm 5s --warmup 1s --measure 3s --rounds 1  a quick run (~1 min)
#   bench/relay-bench/run.sh --help                                            all flags
#
# Needs Node.js >= 20 with npm (configurable-http-proxy 5 needs it) and a JDK >= 25, which
# ./opentwin finds. Installs configurable-http-proxy, at the version package-lock.json pins,
# into bench/relay-bench/node_modules with `npm ci` when it is missing or the lock file changed.
# Builds the benchmark and the modules it uses when they are missing or older than their
# sources (set BENCH_MAVEN_ARGS=-o to build offline), then runs the harness with the
# dependency jars that the build copied to target/lib. The report (Markdown) goes to stdout,
# progress to stderr. Traffic goes to 127.0.0.1 only; the harness stops the echo service, the
# relay, the web service and the proxy itself, also on failure or Ctrl-C.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../bench-support/common.sh
. "$BENCH/../bench-support/common.sh" "$@"

if bench_stale "$ROOT/platform" "$ROOT/services/echo" "$ROOT/services/relay" "$ROOT/services/web"; then
  bench_build
fi

case " $* " in
  *" --help "*|*" -h "*) bench_java org.opentwinj.bench.relay.RelayBenchmark --help ;;
esac

# The peer: configurable-http-proxy from npm, the exact tree package-lock.json pins.
NODE="$(command -v node || true)"
if [ -z "$NODE" ] || ! command -v npm >/dev/null 2>&1; then
  echo "run.sh: node and npm are needed (Node.js >= 20): e.g. apt-get install nodejs npm, or NodeSource's nodejs 20" >&2
  exit 2
fi
NODE_MAJOR="$("$NODE" -p 'process.versions.node.split(".")[0]')"
if [ "$NODE_MAJOR" -lt 20 ]; then
  echo "run.sh: node $("$NODE" --version) is too old: configurable-http-proxy 5 needs Node.js >= 20" >&2
  exit 2
fi
INSTALLED="$BENCH/node_modules/.package-lock.json"
if [ ! -f "$INSTALLED" ] || [ "$BENCH/package-lock.json" -nt "$INSTALLED" ]; then
  echo "run.sh: installing configurable-http-proxy with npm ci ..." >&2
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

bench_java org.opentwinj.bench.relay.RelayBenchmark --node "$NODE" "$@"
