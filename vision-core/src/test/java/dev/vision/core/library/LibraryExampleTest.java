package dev.vision.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.result.Box;
import dev.vision.core.testing.TestData;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * README's "Use it as a library" example, taken from README.md as it stands, compiled against vision-core
 * and run in its own JVM on dog.jpg: it must print the dog, the bicycle and the car where they are.
 */
class LibraryExampleTest {

    @Test
    void readmeExampleCompilesAndFindsTheDog() throws Exception {
        String readme = Files.readString(TestData.repoRoot().resolve("README.md"));
        int section = readme.indexOf("## Use it as a library");
        assertTrue(section >= 0, "README has a section 'Use it as a library'");
        Matcher code = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(code.find(section), "the section holds a Java program");
        String program = code.group(1);
        Matcher name = Pattern.compile("public class (\\w+)").matcher(program);
        assertTrue(name.find(), "a public class");
        assertTrue(program.contains("public static void main"), "with main");

        Path dir = Files.createTempDirectory("vision-readme-example");
        Path source = dir.resolve(name.group(1) + ".java");
        Files.writeString(source, program);
        String classpath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", dir.toString(), "-cp", classpath, source.toString());
        assertEquals(0, compiled, "the README example compiles against vision-core");

        ProcessBuilder run = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                dir + File.pathSeparator + classpath,
                name.group(1),
                TestData.media("images/dog.jpg").toString());
        run.environment().put("VISION_MODEL_MIRROR", TestData.modelMirror().toString());
        run.environment().put("VISION_CACHE", dir.resolve("cache").toString());
        run.redirectError(dir.resolve("stderr.txt").toFile());
        Process process = run.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the example finishes");
        assertEquals(0, process.exitValue(), "exit 0; stderr: " + Files.readString(dir.resolve("stderr.txt")));

        List<String> labels = new ArrayList<>();
        Box dog = null;
        for (String line : out.strip().split("\n")) {
            String[] f = line.trim().split(" ");
            assertEquals(6, f.length, "label score x1 y1 x2 y2: " + line);
            labels.add(f[0]);
            if (f[0].equals("dog")) {
                dog = new Box(
                        Float.parseFloat(f[2]), Float.parseFloat(f[3]), Float.parseFloat(f[4]), Float.parseFloat(f[5]));
                assertEquals(0.855, Double.parseDouble(f[1]), 0.01, "the dog's score");
            }
        }
        assertTrue(labels.containsAll(List.of("dog", "bicycle", "car")), out);
        assertTrue(dog != null && dog.iou(new Box(132.8f, 206.6f, 325.7f, 543.1f)) > 0.95, "dog box " + dog);
    }

    /** What an embedding program gets with vision-core: no web server, no FFmpeg. */
    @Test
    void theLibraryCarriesNoWebServerAndNoFfmpeg() {
        String classpath = System.getProperty("java.class.path").toLowerCase(Locale.ROOT);
        for (String jar : classpath.split(File.pathSeparator)) {
            String fileName = Path.of(jar).getFileName().toString();
            assertFalse(
                    fileName.contains("javalin")
                            || fileName.contains("jetty")
                            || fileName.contains("ffmpeg")
                            || fileName.contains("javacv"),
                    "vision-core's class path holds " + jar);
        }
    }
}
