#!/usr/bin/env bash
# Many sources against one at a time, and what --motion saves; side by side in one session.
#   scripts/bench_sources.sh [RUNS]     (default 2; every figure is printed)
# 1. four copies of vtest as four sources of one process, against four processes one after another
#    (each writes its MP4s and JSON lines): aggregate FPS over the whole wall time and peak resident memory;
# 2. the bottle clip (mostly still) with and without --motion: model calls and per-class counts.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-2}"
SHARED="$(cd ../shared && pwd)"
export VISION_MODEL_MIRROR="${VISION_MODEL_MIRROR:-$SHARED/models}"
CLIP="$SHARED/media/clips/vtest_first20s.mp4"
STILL="$SHARED/media/clips/bottle-detection.mp4"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
./vision models list >/dev/null   # builds the app if needed, outside the timings

peak() { awk '/Maximum resident set size/ {printf "%d", $NF/1024}' "$1"; }
now() { date +%s.%N; }

for run in $(seq 1 "$RUNS"); do
    echo "== run $run"
    start=$(now)
    /usr/bin/time -v ./vision detect "$CLIP" "$CLIP" "$CLIP" "$CLIP" --batch 4 --out "$OUT/one-$run" \
        --json "$OUT/one-$run.jsonl" -q 2> "$OUT/one.err" >/dev/null
    end=$(now)
    frames=$(wc -l < "$OUT/one-$run.jsonl")
    echo "one process, 4 sources: $frames frames in $(echo "$end - $start" | bc) s wall: \
$(echo "scale=1; $frames / ($end - $start)" | bc) FPS; peak RSS $(peak "$OUT/one.err") MiB"
    start=$(now)
    maxrss=0
    frames=0
    for i in 1 2 3 4; do
        /usr/bin/time -v ./vision detect "$CLIP" --out "$OUT/seq-$run-$i" --json "$OUT/seq-$run-$i.jsonl" -q \
            2> "$OUT/seq.err" >/dev/null
        frames=$((frames + $(wc -l < "$OUT/seq-$run-$i.jsonl")))
        rss=$(peak "$OUT/seq.err"); [ "$rss" -gt "$maxrss" ] && maxrss=$rss
    done
    end=$(now)
    echo "four processes in turn: $frames frames in $(echo "$end - $start" | bc) s wall: \
$(echo "scale=1; $frames / ($end - $start)" | bc) FPS; peak RSS of one $maxrss MiB"
    for motion in "" "--motion"; do
        ./vision detect "$STILL" --no-save --json "$OUT/still.jsonl" --force -q $motion 2> "$OUT/still.err" >/dev/null
        echo "bottle clip ${motion:-without --motion}:"
        grep -E "^(Done|Detections|Load)" "$OUT/still.err" | sed 's/^/    /'
    done
done
