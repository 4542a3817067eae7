package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the process tests check of a finished vision command, and the run most of them start from. */
final class ProcessChecks {

    private ProcessChecks() {}

    /** {@code vision detect} on dog.jpg with {@code options}. */
    static VisionProcess.Result detect(Path work, String... options) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("detect", TestData.media("images/dog.jpg").toString()));
        args.addAll(List.of(options));
        return VisionProcess.run(work, Map.of(), args.toArray(String[]::new));
    }

    /** Refused in one "vision: " line with exit 2, before the model was loaded. */
    static void refused(VisionProcess.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(r.stderr().startsWith("vision: ") && r.stderr().contains(expected), r.stderr());
        assertFalse(r.stderr().contains("Model:"), "refused before the model was loaded");
    }

    /** Refused in one line with exit 2 (possibly once the model is known). */
    static void oneLineRefusal(VisionProcess.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(r.stderr().contains(expected), r.stderr());
    }

    /** No Java stack trace reached the user. */
    static void assertClean(VisionProcess.Result r) {
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), r.stderr());
    }
}
