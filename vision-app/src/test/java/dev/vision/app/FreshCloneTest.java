package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.HttpsFileServer;
import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person who only cloned the repository gets: the bundled models and the images in test-images/,
 * no mirror, no cache; and what the download path says when a model must come from a server that fails.
 */
class FreshCloneTest {

    private static final Map<String, String> NO_MIRROR = Map.of("VISION_MODEL_MIRROR", "");

    private static List<String> bundled() {
        return List.of("-Dvision.models.dir=" + TestData.repoRoot().resolve("models"));
    }

    @Test
    void detectAndClassifyRunOnTheRepositorysImagesWithNothingButTheBundledModels(@TempDir Path work) throws Exception {
        Path images = TestData.repoRoot().resolve("test-images");
        VisionProcess.Result detect = VisionProcess.run(
                work,
                NO_MIRROR,
                bundled(),
                "detect",
                images.resolve("astronaut.png").toString(),
                "--json",
                "-");
        assertEquals(0, detect.exitCode(), detect.stderr());
        assertTrue(detect.stdout().contains("\"label\":\"person\""), detect.stdout());
        assertTrue(detect.stderr().lines().noneMatch(l -> l.contains("libpng")), detect.stderr());

        VisionProcess.Result classify = VisionProcess.run(
                work,
                NO_MIRROR,
                bundled(),
                "classify",
                images.resolve("chelsea.png").toString(),
                "--json",
                "-",
                "--top-k",
                "3");
        assertEquals(0, classify.exitCode(), classify.stderr());
        assertTrue(classify.stdout().contains("\"classes\":[{\"label\":\"Egyptian cat\""), classify.stdout());
        assertTrue(
                Files.notExists(work.resolve(".vision-cache")) || isEmpty(work.resolve(".vision-cache")),
                "bundled files are used where they are, not copied");
    }

    @Test
    void aDownloadThatFailsIsOneClearLineAndExit2(@TempDir Path work) throws Exception {
        try (HttpsFileServer server = HttpsFileServer.serve(TestData.modelMirror(), work)) {
            List<String> jvm = new ArrayList<>(server.trustStoreOptions());
            for (String[] c : new String[][] {
                {"wrong", "sha256 mismatch"}, {"missing", "HTTP 404"}, {"stall", "stalled: no data for 2 s"}
            }) {
                VisionProcess.Result r = VisionProcess.run(
                        work,
                        Map.of("VISION_MODEL_MIRROR", server.url(c[0]), "VISION_DOWNLOAD_STALL_S", "2"),
                        jvm,
                        "detect",
                        TestData.media("images/dog.jpg").toString(),
                        "--model",
                        "picodet-s",
                        "--engine",
                        "onnxruntime",
                        "--no-save");
                assertEquals(2, r.exitCode(), c[0] + ": " + r.stderr());
                assertEquals(1, r.stderrLines().size(), c[0] + ": one line: " + r.stderr());
                assertTrue(
                        r.stderr().startsWith("vision: model picodet-s: cannot get picodet_s_416_coco.onnx")
                                && r.stderr().contains(c[1]),
                        c[0] + ": " + r.stderr());
            }
            VisionProcess.Result ok = VisionProcess.run(
                    work,
                    Map.of("VISION_MODEL_MIRROR", server.url("ok")),
                    jvm,
                    "detect",
                    TestData.media("images/dog.jpg").toString(),
                    "--model",
                    "picodet-s",
                    "--engine",
                    "onnxruntime",
                    "--no-save",
                    "--json",
                    "-");
            assertEquals(0, ok.exitCode(), ok.stderr());
            assertTrue(ok.stdout().contains("\"label\":\"dog\""), ok.stdout());
            assertTrue(Files.isRegularFile(work.resolve(".vision-cache/picodet_s_416_coco.onnx")), "downloaded once");
        }
    }

    private static boolean isEmpty(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
