#!/usr/bin/env bash
# The count error table of BENCHMARKS.md: `vision track` on the four labelled sequences (made by
# make_track_sequences.py: 150 images at 25 FPS, each with its line, zone and counts.json) with each tracker, at
# the full rate and at 5 and 3.1 FPS (every 5th and every 8th image: --max-fps paces videos, and these are
# images), each run compared with its truth by `vision eval count`. Prints a Markdown table.
# Usage: scripts/count_table.sh [WORKDIR]   (needs /usr/bin/python3 with python3-opencv, and the models)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mkdir -p "${1:-$(mktemp -d)}" && cd "${1:-.}" && pwd)"
MEDIA="${VISION_TEST_MEDIA:-$ROOT/../shared/media}"
SEQ="$WORK/sequences"
[ -d "$SEQ" ] || /usr/bin/python3 "$ROOT/scripts/make_track_sequences.py" "$MEDIA/clips/vtest_first20s.mp4" "$SEQ" >/dev/null
spec() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$SEQ/$1/expected.json" "$2"; }
echo "| tracker | rate | crossing | occlusion | lookalike | pillar | all: error / truth |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for tracker in ocsort bytetrack sort; do
    for stride in 1 5 8; do
        row="| $tracker | $(case $stride in 1) echo "25 FPS (all)";; 5) echo "5 FPS (--vid-stride 5)";; *) echo "3.1 FPS (--vid-stride 8)";; esac) |"
        errors=0; truth=0
        for s in crossing occlusion lookalike pillar; do
            "$ROOT/vision" track "$SEQ/$s/img1" --tracker "$tracker" --vid-stride "$stride" --line "$(spec "$s" line_spec)" \
                --zone "$(spec "$s" zone_spec)" --no-save --json "$WORK/$s-$tracker-$stride.jsonl" -q 2>/dev/null
            read -r e t < <("$ROOT/vision" eval count "$WORK/$s-$tracker-$stride.jsonl" --gt "$SEQ/$s/counts.json" --json \
                | /usr/bin/python3 -c "import json,sys; r=json.load(sys.stdin); print(r['total_abs_error'], r['total_truth'])")
            row="$row $e / $t |"; errors=$((errors + e)); truth=$((truth + t))
        done
        echo "$row $errors / $truth |"
    done
done
