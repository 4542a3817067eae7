package dev.vision.app;

import dev.vision.core.model.ModelStoreConfig;
import dev.vision.core.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs the vision command inside the test's JVM, through the same picocli mapping as the process, with its
 * standard output and error captured: for tests of what a command computes, where the process itself (exit on signals,
 * memory limits, a fresh JVM) is not what is tested. Models and native libraries load once per test JVM.
 */
final class InJvm {

    record Result(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private InJvm() {}

    /** Runs {@code vision ARGS}; stderr goes to the test's own. */
    static synchronized Result vision(String... args) {
        // the mirror as the test sees it (VISION_MODEL_MIRROR may be relative to the repository, not this module)
        System.setProperty(
                ModelStoreConfig.MIRROR_PROPERTY, TestData.modelMirror().toString());
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
                PrintStream saying = new PrintStream(said, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(saying);
            int code = VisionCommand.run(args);
            capture.flush();
            saying.flush();
            return new Result(code, captured.toString(StandardCharsets.UTF_8), said.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            err.print(said.toString(StandardCharsets.UTF_8)); // the test's own log still shows it
        }
    }
}
