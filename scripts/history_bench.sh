#!/usr/bin/env bash
# The event store's benchmark (BENCHMARKS.md): EVENTS (1,000,000 by default) crossings of 16 cameras written
# through the store's writer into SQLite, then 200 queries of a camera's line over a day and 200 hourly counts,
# each timed (p50, p95, max).   Usage: scripts/history_bench.sh [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${1:-1000000}"
OUT="$(mktemp)"
mvn -B -q -o install -DskipTests -pl vision-core,vision-video -am >/dev/null
mvn -B -o -pl vision-serve test -Dtest=HistoryBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dhistory.events="$EVENTS" -Dhistory.out="$OUT" >"$OUT.log" 2>&1 || { tail -40 "$OUT.log"; exit 1; }
cat "$OUT"
