package dev.vision.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** The pull example in {@link VisionRun}'s Javadoc, as it stands there, compiled and run on a folder. */
class PullExampleTest {

    @Test
    void theJavadocsForEachExampleCompilesAndPrintsEachImagesObjects() throws Exception {
        String source = Files.readString(
                TestData.repoRoot().resolve("vision-core/src/main/java/dev/vision/core/run/VisionRun.java"));
        Matcher block = Pattern.compile("<pre>\\{@code\\n(.*?)\\n \\* }</pre>", Pattern.DOTALL)
                .matcher(source);
        String example = null;
        while (block.find()) {
            if (block.group(1).contains("for (FrameResult r : results)")) {
                example = block.group(1).replaceAll("(?m)^ \\* ?", "");
            }
        }
        assertTrue(example != null, "VisionRun's Javadoc has a for-each example");
        String program = "import dev.vision.core.capture.*;\nimport dev.vision.core.inference.*;\n"
                + "import dev.vision.core.result.*;\nimport dev.vision.core.run.*;\n"
                + "public class PullExample {\n    public static void main(String[] args) throws Exception {\n"
                + example.replace("\"photos/\"", "args[0]") + "\n    }\n}\n";
        Path dir = Files.createTempDirectory("vision-pull-example");
        Path file = dir.resolve("PullExample.java");
        Files.writeString(file, program);
        String classpath = System.getProperty("java.class.path");
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler()
                        .run(null, null, null, "-d", dir.toString(), "-cp", classpath, file.toString()),
                "the example compiles:\n" + program);
        ProcessBuilder run = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Dvision.models.dir=" + TestData.repoRoot().resolve("models"),
                "-cp",
                dir + File.pathSeparator + classpath,
                "PullExample",
                TestData.repoRoot().resolve("test-images").toString());
        run.environment().put("VISION_MODEL_MIRROR", TestData.modelMirror().toString());
        run.environment().put("VISION_CACHE", dir.resolve("cache").toString());
        run.redirectError(dir.resolve("stderr.txt").toFile());
        Process process = run.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out + Files.readString(dir.resolve("stderr.txt")));
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), "one line per image of test-images/: " + out);
        assertTrue(lines.stream().anyMatch(l -> l.contains("astronaut.png: [") && l.contains("person")), out);
    }
}
