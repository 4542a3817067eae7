#!/usr/bin/env bash
# Many live cameras in one run, measured: N MJPEG cameras served by FFmpeg on loopback (each a copy of one
# pre-encoded clip, looped at its own rate, so the cameras cost little CPU), `vision detect` over all of them
# for SECONDS with its default outputs, and the process's resident memory sampled every 5 s.
# Usage: scripts/bench_many_cameras.sh [N=64] [SECONDS=120] [CLIP=../shared/media/clips/vtest_first20s.mp4]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-64}
SECONDS_TO_RUN=${2:-120}
CLIP=${3:-../shared/media/clips/vtest_first20s.mp4}
./vision --version > /dev/null # builds first, if sources changed, so that the timing is the run's alone
WORK=$(mktemp -d)
# the camera loops first (so that none starts its ffmpeg again), then their ffmpegs, which outlive a killed loop
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "$WORK/camera.avi" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# one MJPEG file at 5 frames a second: the cameras only copy its packets
ffmpeg -loglevel error -i "$CLIP" -r 5 -c:v mjpeg -q:v 5 -an "$WORK/camera.avi"
BASE_PORT=$((20000 + RANDOM % 20000))
: > "$WORK/sources.txt"
for i in $(seq 0 $((N - 1))); do
    port=$((BASE_PORT + i))
    ( while true; do
        ffmpeg -loglevel quiet -re -stream_loop -1 -i "$WORK/camera.avi" -c copy -f mpjpeg -listen 1 \
            "http://127.0.0.1:$port/cam.mjpg" || sleep 0.2
      done ) &
    echo "cam$i=http://127.0.0.1:$port/cam.mjpg" >> "$WORK/sources.txt"
done
sleep 2

./vision detect --sources "$WORK/sources.txt" --out "$WORK/out" --read-timeout 5000 -q 2> "$WORK/vision.err" &
JAVA_PID=$! # the launcher execs java: same process
echo "seconds rss_mib"
for t in $(seq 5 5 "$SECONDS_TO_RUN"); do
    sleep 5
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$JAVA_PID/status" 2>/dev/null || echo gone)
    echo "$t $rss"
done
kill -TERM "$JAVA_PID"
wait "$JAVA_PID" || echo "vision exit $?"
grep -E "^(Interrupted|Done|Stages)" "$WORK/vision.err" || tail -5 "$WORK/vision.err"
echo "videos: $(ls "$WORK"/out/*.mp4 2>/dev/null | wc -l)"
bad=0
frames=0
for f in "$WORK"/out/*.mp4; do
    n=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$f" \
        2>/dev/null || true)
    if [[ "$n" =~ ^[1-9][0-9]*$ ]]; then frames=$((frames + n)); else bad=$((bad + 1)); fi
done
echo "frames in the videos: $frames; unplayable: $bad"
