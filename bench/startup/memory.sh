#!/usr/bin/env bash
# Memory of the platform's JVMs, measured from outside: RSS and PSS of each process from
# /proc/<pid>/smaps_rollup (PSS shares the pages that several processes map, such as the AOT
# cache and the JDK's modules file, between them; RSS counts them in each). Prints a Markdown
# table, one row per OpenTwin/J service process and a total, in MB (10^6 bytes).
#
#   bench/startup/memory.sh [DATA_DIR]
#
# A process is an OpenTwin/J service when its command line holds "OpenTwinCli run <service>";
# with DATA_DIR, only those whose command line names that directory (one platform of several),
# and the session services of its LSS (their files live under DATA_DIR/lss). Linux only.
set -euo pipefail

DATA_DIR="${1:-}"

# kB (1024 bytes, as /proc counts) to MB (10^6 bytes), one decimal.
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1.024 / 1000 }'; }

kb() { awk -v key="$1:" '$1 == key { print $2; exit }' "$2"; }

printf '| service | pid | RSS MB | PSS MB |\n|---|---:|---:|---:|\n'
total_rss=0
total_pss=0
count=0
for proc in /proc/[0-9]*; do
  pid="${proc#/proc/}"
  cmdline="$(tr '\0' ' ' 2>/dev/null <"$proc/cmdline")" || continue
  case "$cmdline" in
    *OpenTwinCli\ run\ *) ;;
    *) continue ;;
  esac
  if [ -n "$DATA_DIR" ] && [[ "$cmdline" != *"$DATA_DIR"* ]]; then
    continue
  fi
  service="$(sed -E 's/.*OpenTwinCli run ([a-z-]+).*/\1/' <<<"$cmdline")"
  # A session service says which one it is and of which session.
  if [[ "$cmdline" =~ --session-service\ ([^ ]+) ]]; then
    service="$service (session service ${BASH_REMATCH[1]})"
  fi
  rollup="$proc/smaps_rollup"
  rss="$(kb Rss "$rollup" 2>/dev/null)" || continue
  pss="$(kb Pss "$rollup" 2>/dev/null)" || continue
  if [ -z "$rss" ] || [ -z "$pss" ]; then continue; fi
  printf '| %s | %s | %s | %s |\n' "$service" "$pid" "$(mb "$rss")" "$(mb "$pss")"
  total_rss=$((total_rss + rss))
  total_pss=$((total_pss + pss))
  count=$((count + 1))
done
printf '| **all (%d JVMs)** | | **%s** | **%s** |\n' "$count" "$(mb "$total_rss")" "$(mb "$total_pss")"
