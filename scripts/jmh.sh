#!/usr/bin/env bash
# Builds and runs the JMH micro-benchmarks (preprocessing, YOLOX decoding with NMS, annotation, tracking).
# Extra arguments go to JMH, e.g.  scripts/jmh.sh PreprocessBenchmark -f 1 -wi 2 -i 3
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl vision-bench -am -DskipTests package
export VISION_TEST_MEDIA="${VISION_TEST_MEDIA:-../shared/media}"
exec java -cp "vision-bench/target/classes:$(cat vision-bench/target/classpath.txt)" org.openjdk.jmh.Main "$@"
