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

    private static VisionProcess.Result detect(Path work, String... options) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("detect", TestData.media("images/dog.jpg").toString()));
        args.addAll(List.of(options));
        return VisionProcess.run(work, Map.of(), args.toArray(String[]::new));
    }

    @Test
    void nativeLibrariesAreUnpackedOnceAndReusedAndAFailureToUnpackIsOneLine(@TempDir Path work) throws Exception {
        Path natives = work.resolve("natives");
        String photo = TestData.repoRoot().resolve("test-images/astronaut.png").toString();
        Map<String, String> env = Map.of("VISION_NATIVES_DIR", natives.toString());
        assertEquals(
                0,
                VisionProcess.run(work, env, "detect", photo, "--no-save", "-q").exitCode());
        Path opencv = natives.resolve("opencv-4.9.0/libopencv_java490.so");
        assertTrue(Files.isRegularFile(opencv), "OpenCV unpacked into the natives folder");
        long modified = Files.getLastModifiedTime(opencv).toMillis();
        assertEquals(
                0,
                VisionProcess.run(work, env, "detect", photo, "--no-save", "-q").exitCode());
        assertEquals(modified, Files.getLastModifiedTime(opencv).toMillis(), "reused, not unpacked again");
        try (var inside = Files.list(natives.resolve("opencv-4.9.0"))) {
            assertEquals(1, inside.count(), "no part files left");
        }
        Path blocked = work.resolve("a-file");
        Files.writeString(blocked, "not a folder");
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of("VISION_NATIVES_DIR", blocked.toString()), "detect", photo, "--no-save", "-q");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(r.stderr().startsWith("vision: cannot unpack the native library"), r.stderr());
    }
}
