#!/usr/bin/env bash
# Builds the release archive (mvn -Pdist package): bin/vision, lib/, the bundled models, notices.
# With --with-runtime it also adds a jlink Java runtime (about 50 MB), so the archive runs on a machine
# with no Java at all: vision-app/target/vision-<version>-linux-x86_64.tar.gz.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mvn -B -q -f "$ROOT/pom.xml" -Pdist -DskipTests package
ARCHIVE="$(ls "$ROOT"/vision-app/target/vision-*-dist.tar.gz)"
echo "release: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))"
if [ "${1:-}" = "--with-runtime" ]; then
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
    tar xzf "$ARCHIVE" -C "$WORK"
    DIR="$(ls "$WORK")"
    # the modules vision and its libraries use (DJL, ONNX Runtime, OpenCV, JavaCV, Javalin, picocli)
    jlink --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.unsupported,jdk.crypto.ec,jdk.httpserver,java.instrument,jdk.zipfs \
        --output "$WORK/$DIR/runtime" --strip-debug --no-header-files --no-man-pages --compress=2
    WITH_RUNTIME="${ARCHIVE%-dist.tar.gz}-linux-x86_64.tar.gz"
    tar czf "$WITH_RUNTIME" -C "$WORK" "$DIR"
    echo "release with its own Java runtime: $WITH_RUNTIME ($(du -h "$WITH_RUNTIME" | cut -f1))"
fi
