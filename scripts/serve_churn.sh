#!/usr/bin/env bash
# The churn benchmark of `vision serve` (BENCHMARKS.md): a client adds and removes cameras (32 names, each
# toggled at random) OPERATIONS times (200 by default) while 4 loopback MJPEG cameras stay up, in one JVM,
# and prints resident memory after warm-up and at the end, threads before and after, the slowest add and
# remove, and the longest time a steady camera's frame count stood still.
# Usage: scripts/serve_churn.sh [OPERATIONS]   (needs ffmpeg, and the media and models as the tests do)
set -euo pipefail
cd "$(dirname "$0")/.."
OPERATIONS="${1:-200}"
OUT="$(mktemp)"
export VISION_MODEL_MIRROR="${VISION_MODEL_MIRROR:-../shared/models}"
export VISION_TEST_MEDIA="${VISION_TEST_MEDIA:-../shared/media}"
mvn -B -q -o install -DskipTests -pl vision-core,vision-video -am >/dev/null
mvn -B -o -pl vision-serve test -Dtest=ServiceChurnBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dchurn.operations="$OPERATIONS" -Dchurn.out="$OUT" >"$OUT.log" 2>&1 || { tail -40 "$OUT.log"; exit 1; }
cat "$OUT"
