#!/usr/bin/env bash
# Builds README's "Use it as a library" example as a separate Maven project that depends on vision-core
# alone, checks that its dependency tree holds no Javalin, Jetty or FFmpeg, and runs it on an image.
# Usage: scripts/library_example.sh IMAGE   (VISION_MODEL_MIRROR or the cache must hold yolox-nano)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGE="$(readlink -f "${1:?usage: scripts/library_example.sh IMAGE}")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

mvn -B -q -f "$ROOT/pom.xml" -pl vision-core -am install -DskipTests
VERSION="$(mvn -B -q -Dstyle.color=never -f "$ROOT/pom.xml" help:evaluate -Dexpression=project.version -DforceStdout | sed -e 's/\x1b\[[0-9;]*m//g')"

mkdir -p "$WORK/src/main/java"
# the program is README's first ```java block after the heading, exactly as written there
awk '/^## Use it as a library/{s=1} s&&/^```java/{c=1;next} c&&/^```/{exit} c{print}' "$ROOT/README.md" \
    > "$WORK/src/main/java/DetectExample.java"
cat > "$WORK/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>detect-example</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>dev.vision</groupId>
      <artifactId>vision-core</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.14.0</version>
      </plugin>
    </plugins>
  </build>
</project>
POM
cd "$WORK"
mvn -B -q dependency:tree -DoutputFile=tree.txt
if grep -Ei 'javalin|jetty|ffmpeg|javacv' tree.txt; then
    echo "library_example: the dependency tree holds a web server or FFmpeg" >&2
    exit 1
fi
echo "library_example: dependency tree: $(grep -c ':jar:' tree.txt) jars, no Javalin, Jetty or FFmpeg" >&2
mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=cp.txt
java -Dai.djl.offline=true -cp "target/classes:$(cat cp.txt)" DetectExample "$IMAGE"
