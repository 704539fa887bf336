#!/usr/bin/env bash
# Start-up and memory of the local level, measured from outside (docs/benchmarks/sessions.md,
# "Start-up and memory (issue 14)"):
#   1. `./opentwin --version`, RUNS times (default 20): p50 and the slowest, in ms;
#   2. `./opentwin up` on a scratch data directory and free ports: seconds from the command to
#      its summary ("... stops everything."), ROUNDS times (default 3; the first creates the CA);
#   3. after the last round, RSS and PSS per service (memory.sh), then `down`.
#
#   bench/startup/startup.sh [RUNS] [ROUNDS]
#
# Run from the repository root after `./opentwin build`. Prints the load average with each
# figure: on a shared machine it says more than the figure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-20}"
ROUNDS="${2:-3}"
OPENTWIN="$ROOT/opentwin"
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }

"$OPENTWIN" --version >/dev/null # builds if due
times=()
for _ in $(seq 1 "$RUNS"); do
  start=$(now_ms)
  "$OPENTWIN" --version >/dev/null
  times+=($(( $(now_ms) - start )))
done
mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
echo "opentwin --version, $RUNS runs: p50 ${sorted[$(( (RUNS - 1) / 2 ))]} ms, slowest ${sorted[$(( RUNS - 1 ))]} ms (load $(load))"

data="$(mktemp -d "${TMPDIR:-/tmp}/opentwin-startup-bench.XXXXXX")"
log="$data.log"
offset=$(( 10000 + (RANDOM % 150) * 100 ))
trap '"$OPENTWIN" down --data-dir "$data" >/dev/null 2>&1 || true; rm -rf "$data" "$log"' EXIT
for round in $(seq 1 "$ROUNDS"); do
  : >"$log"
  start=$(now_ms)
  OPEN_TWIN_ADMIN_PASSWORD=startup-bench-only "$OPENTWIN" up --data-dir "$data" --port-offset "$offset" >"$log" 2>&1 &
  pid=$!
  until grep -q "stops everything" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log" >&2
      echo "up exited before it was ready" >&2
      exit 1
    fi
    sleep 0.05
  done
  ready=$(( $(now_ms) - start ))
  echo "opentwin up, round $round: ready after $(awk -v ms="$ready" 'BEGIN { printf "%.2f", ms / 1000 }') s (load $(load))"
  grep -E "ready \\(" "$log" | sed 's/^/    /'
  if [ "$round" = "$ROUNDS" ]; then
    sleep 10 # idle
    "$BENCH/memory.sh" "$data"
  fi
  "$OPENTWIN" down --data-dir "$data" >/dev/null
  wait "$pid" || true
done
