package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    @Test
    @Tag(TestData.TEAM_DATA)
    void listFetchAndVerify(@TempDir Path work) throws Exception {
        VisionProcess.Result list = VisionProcess.run(work, Map.of(), "models", "list");
        assertEquals(0, list.exitCode(), list.stderr());
        for (String name : new String[] {"yolox-nano", "picodet-s", "mobilenet-v2", "mobilenet-v2-fp32"}) {
            assertTrue(list.stdout().contains(name), list.stdout());
        }

        VisionProcess.Result fetch = VisionProcess.run(work, Map.of(), "models", "fetch", "picodet-s");
        assertEquals(0, fetch.exitCode(), fetch.stderr());
        assertTrue(Files.isRegularFile(work.resolve(".vision-cache/picodet_s_416_coco.onnx")));
        assertTrue(Files.isRegularFile(work.resolve(".vision-cache/picodet_s_416_coco.torchscript.pt")));

        VisionProcess.Result verify = VisionProcess.run(work, Map.of(), "models", "verify");
        assertEquals(0, verify.exitCode(), verify.stdout() + verify.stderr());
        assertTrue(verify.stdout().contains("ok       picodet-s"), verify.stdout());

        // a corrupted cache file is reported, and fetching with no mirror names everything it tried
        Files.write(work.resolve(".vision-cache/picodet_s_416_coco.onnx"), new byte[] {1, 2, 3});
        VisionProcess.Result bad = VisionProcess.run(work, Map.of(), "models", "verify");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stdout().contains("BAD") && bad.stdout().contains("sha256 mismatch"), bad.stdout());

        VisionProcess.Result noMirror =
                VisionProcess.run(work, Map.of("VISION_MODEL_MIRROR", ""), "models", "fetch", "yolox-nano");
        assertEquals(2, noMirror.exitCode());
        assertTrue(
                noMirror.stderr().contains("tried cache") && noMirror.stderr().contains("no mirror"),
                noMirror.stderr());
    }
}
