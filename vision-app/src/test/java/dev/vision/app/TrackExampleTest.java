package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's tracking program, taken from README.md as it stands: it imports vision-core alone, compiles,
 * and on vtest counts the same crossings of the door line, each way, as {@code vision track} does.
 */
class TrackExampleTest {

    private static final String LINE = "door=0,300,768,300";

    @Test
    void readmeTrackingProgramCountsWhatVisionTrackCounts(@TempDir Path work) throws Exception {
        String readme = Files.readString(TestData.repoRoot().resolve("README.md"));
        int section = readme.indexOf("## Use it as a library");
        Matcher code = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        String program = null;
        for (int from = section; code.find(from); from = code.end()) {
            if (code.group(1).contains("public class TrackExample")) {
                program = code.group(1);
                break;
            }
        }
        assertTrue(program != null, "README's library section holds the tracking program");
        for (String line : program.split("\n")) {
            if (line.startsWith("import ")) {
                assertTrue(
                        line.startsWith("import dev.vision.core.") || line.startsWith("import java."),
                        "vision-core and the JDK only: " + line);
            }
        }
        int start = program.indexOf("public static void main");
        long body = program.substring(start).lines().count() - 3; // the signature and two closing braces
        assertTrue(body <= 15, "about 15 lines of body, got " + body);

        Path source = work.resolve("TrackExample.java");
        Files.writeString(source, program);
        String classpath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", work.toString(), "-cp", classpath, source.toString()));

        String clip = TestData.media("clips/vtest_first20s.mp4").toString();
        ProcessBuilder run = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                work + File.pathSeparator + classpath,
                "TrackExample",
                clip,
                LINE);
        run.environment().put("VISION_MODEL_MIRROR", TestData.modelMirror().toString());
        run.environment().put("VISION_CACHE", work.resolve("cache").toString());
        run.redirectError(work.resolve("stderr.txt").toFile());
        Process process = run.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the program finishes");
        assertEquals(0, process.exitValue(), "exit 0; stderr: " + Files.readString(work.resolve("stderr.txt")));
        Matcher library = Pattern.compile("door: in (\\d+), out (\\d+)").matcher(out);
        assertTrue(library.find(), out);

        VisionProcess.Result cli = VisionProcess.run(
                work, Map.of(), "track", clip, "--classes", "person", "--line", LINE, "--no-save", "-q");
        assertEquals(0, cli.exitCode(), cli.stderr());
        Matcher command =
                Pattern.compile("Line door: in (\\d+) .*, out (\\d+) ").matcher(cli.stdout() + cli.stderr());
        assertTrue(command.find(), cli.stdout() + cli.stderr());
        assertEquals(command.group(1), library.group(1), "crossings in: vision track against the program");
        assertEquals(command.group(2), library.group(2), "crossings out");
        assertTrue(Integer.parseInt(library.group(2)) > 0, "people do cross the door line in vtest");
    }
}
