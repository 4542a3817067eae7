#!/usr/bin/env bash
# memory_watch.sh OUT.csv -- COMMAND...: runs COMMAND and samples its JVM's resident memory every second.
# Columns: seconds since start, RSS in MiB, frames written so far (lines of the JSON file given by --json).
set -euo pipefail
out="$1"; shift; [ "$1" = "--" ] && shift
json=""; prev=""
for a in "$@"; do [ "$prev" = "--json" ] && json="$a"; prev="$a"; done
"$@" & pid=$!
echo "seconds,rss_mib,frames" > "$out"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
    java_pid=$(pgrep -P "$pid" java || echo "$pid")
    rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$java_pid/status" 2>/dev/null || echo 0)
    frames=$([ -n "$json" ] && [ -f "$json" ] && wc -l < "$json" || echo 0)
    echo "$(( $(date +%s) - start )),$rss,$frames" >> "$out"
    sleep 1
done
wait "$pid"
