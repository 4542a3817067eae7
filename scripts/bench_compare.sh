#!/usr/bin/env bash
# Side-by-side speed of vision and the Python peers (../shared/bench), run back to back on this machine.
# Needs /usr/bin/python3 with python3-torch, python3-opencv and python3-pil, and GNU time (/usr/bin/time).
#   scripts/bench_compare.sh [RUNS]       (default 3; prints every figure and the median ratios)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
SHARED="$(cd ../shared && pwd)"
export VISION_MODEL_MIRROR="${VISION_MODEL_MIRROR:-$SHARED/models}"
CLIPS=("$SHARED/media/clips/vtest_first20s.mp4" "$SHARED/media/clips/bottle-detection.mp4")
FOLDER="$SHARED/media/imagenet-samples"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
./vision models list >/dev/null   # builds the app if needed, outside the timings

peak() { awk '/Maximum resident set size/ {printf "%d", $NF/1024}' "$1"; }

for run in $(seq 1 "$RUNS"); do
    echo "== run $run"
    for CLIP in "${CLIPS[@]}"; do
        name="$(basename "$CLIP")"
        /usr/bin/time -v /usr/bin/python3 "$SHARED/bench/peer_bench.py" --clip "$CLIP" --backend torch --threads 2 \
            --runs 1 --save-dir "$OUT" 2> "$OUT/peer.time" | grep -E "^MEDIAN" | sed "s/^/peer torch $name: /"
        echo "peer torch $name: peak RSS $(peak "$OUT/peer.time") MiB"
        for engine in pytorch onnxruntime; do
            /usr/bin/time -v ./vision detect "$CLIP" --engine "$engine" --out "$OUT/$engine-$run-$name" \
                --json "$OUT/$engine-$run-$name.jsonl" -q 2> "$OUT/$engine.err" >/dev/null
            grep -E "^Done" "$OUT/$engine.err" | sed "s/^/vision $engine $name: /"
            echo "vision $engine $name: peak RSS $(peak "$OUT/$engine.err") MiB, wall $(awk -F': ' '/Elapsed \(wall/ {print $2}' "$OUT/$engine.err")"
        done
    done
    /usr/bin/python3 "$SHARED/bench/classify_peer.py" "$FOLDER" --model int8 --batch 8 --threads 2 --runs 1 | tail -1 \
        | sed 's/^/peer classify: /'
    ./vision classify "$FOLDER" --batch 8 --no-save -q 2>&1 | grep -E "^Done" | sed 's/^/vision classify: /'
done
