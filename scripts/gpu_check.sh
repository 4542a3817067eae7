#!/usr/bin/env bash
# The GPU path, checked on a machine with an NVIDIA GPU: builds vision with ONNX Runtime's CUDA build
# (-Pgpu), runs detect on the GPU with each engine that can, `vision bench` at batch 1, 8 and 32, and 8
# sources in one run, and writes a short report (Markdown) to REPORT. On a machine without one it says
# "no CUDA device" in one line and exits 0.
# Usage: scripts/gpu_check.sh [REPORT=gpu_report.md]   (media from VISION_TEST_MEDIA, default ../shared/media)
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvidia-smi > /dev/null 2>&1 || ! nvidia-smi -L 2> /dev/null | grep -q '^GPU'; then
    echo "gpu_check: no CUDA device (nvidia-smi finds no NVIDIA GPU); nothing to check"
    exit 0
fi
REPORT=${1:-gpu_report.md}
MEDIA=${VISION_TEST_MEDIA:-../shared/media}
CLIP="$MEDIA/clips/vtest_first20s.mp4"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "gpu_check: building with ONNX Runtime's CUDA build (-Pgpu)..." >&2
if ! mvn -B -q -Pgpu -DskipTests ${VISION_MAVEN_ARGS:-} package -pl vision-app -am > "$WORK/build.log" 2>&1; then
    echo "gpu_check: the -Pgpu build failed (see below)" >&2
    tail -20 "$WORK/build.log" >&2
    exit 2
fi
vision() {
    java -XX:+UseSerialGC -Xmx1g -Dvision.models.dir=models -Dai.djl.offline=true ${JAVA_OPTS:-} \
        -jar vision-app/target/vision-app.jar "$@"
}
section() {
    printf '\n## %s\n\n```\n' "$1"
    shift
    "$@" 2>&1 | grep -v '^\[' | tail -"${LINES_KEPT:-12}"
    echo "(exit ${PIPESTATUS[0]})"
    printf '```\n'
}

{
    echo "# GPU check, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo '```'
    nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv
    ls /usr/lib/x86_64-linux-gnu/libcudnn*.so.9 /usr/local/cuda/lib64/libcudart.so.12 2> /dev/null \
        || echo "(no cuDNN 9 / CUDA 12 runtime found in the usual places)"
    echo '```'
    section "detect on the GPU, ONNX Runtime (CUDA execution provider)" \
        vision detect "$MEDIA/images/dog.jpg" --engine onnxruntime --device gpu --no-save
    section "detect on the GPU, PyTorch (needs DJL's CUDA natives: see README, GPU)" \
        vision detect "$MEDIA/images/dog.jpg" --engine pytorch --device gpu --no-save
    for batch in 1 8 32; do
        section "bench, ONNX Runtime on the GPU, batch $batch" \
            vision bench "$CLIP" --engine onnxruntime --device gpu --batch "$batch"
        section "bench, ONNX Runtime on the CPU, batch $batch (for comparison)" \
            vision bench "$CLIP" --engine onnxruntime --device cpu --batch "$batch"
    done
    SOURCES=()
    for i in 0 1 2 3 4 5 6 7; do SOURCES+=("cam$i=$CLIP"); done
    section "8 sources in one run, ONNX Runtime on the GPU, batch 8" \
        vision detect "${SOURCES[@]}" --engine onnxruntime --device gpu --batch 8 --no-save
    LINES_KEPT=8 section "density: the most 640x360 cameras at 5 detections/s each (device auto: the GPU)" \
        vision bench density --clip "$CLIP" --search --seconds 20 --warm-up 8
} > "$REPORT"
echo "gpu_check: report written to $REPORT" >&2
