#!/usr/bin/env bash
# Runs `vision track` on the four labelled sequences (made by make_track_sequences.py) and on vtest, with
# their lines and zones and clips on line_crossed and zone_left, and writes each run's JSON lines without the
# timings (and with source and clip paths cut to their file names) into OUTDIR, so that two commits' outputs can be
# compared byte for byte:  scripts/track_outputs.sh /tmp/before; (change); scripts/track_outputs.sh /tmp/after;
# diff -r /tmp/before /tmp/after
# Needs /usr/bin/python3 with python3-opencv, and VISION_MODEL_MIRROR as for the tests.
set -euo pipefail
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MEDIA="${VISION_TEST_MEDIA:-$ROOT/../shared/media}"
SEQ="$OUT/sequences"
[ -d "$SEQ" ] || /usr/bin/python3 "$ROOT/scripts/make_track_sequences.py" "$MEDIA/clips/vtest_first20s.mp4" "$SEQ" >/dev/null
strip() {
    /usr/bin/python3 -c '
import json, re, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    o.pop("timings_ms", None)
    o["source"] = re.sub(r"^.*/", "", o["source"])
    for e in o.get("events", []):
        if "clip" in e:
            e["clip"] = re.sub(r"^.*/", "", e["clip"])
    print(json.dumps(o))' "$1" > "$2"
}
for s in crossing lookalike occlusion pillar; do
    spec() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$SEQ/$s/expected.json" "$1"; }
    rm -rf "$OUT/$s-run" "$OUT/$s.raw.jsonl"
    "$ROOT/vision" track "$SEQ/$s/img1" --line "$(spec line_spec)" --zone "$(spec zone_spec)" --out "$OUT/$s-run" \
        --clip-on line_crossed --clip-on zone_left --json "$OUT/$s.raw.jsonl" -q 2>"$OUT/$s.stderr"
    strip "$OUT/$s.raw.jsonl" "$OUT/$s.jsonl"
    /usr/bin/python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['summary']['tracking'], indent=1))" \
        "$OUT/$s-run/run.json" > "$OUT/$s.summary.json"
done
rm -f "$OUT/vtest.raw.jsonl"
"$ROOT/vision" track "$MEDIA/clips/vtest_first20s.mp4" --line door=0,300,768,300 --zone bay=10,10,300,10,300,250,10,250 \
    --no-save --json "$OUT/vtest.raw.jsonl" -q 2>"$OUT/vtest.stderr"
strip "$OUT/vtest.raw.jsonl" "$OUT/vtest.jsonl"
echo "track_outputs: $(ls "$OUT"/*.jsonl | grep -vc raw) runs in $OUT"
