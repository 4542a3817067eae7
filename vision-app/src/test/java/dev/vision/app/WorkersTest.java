package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several inference workers change the speed, never the results or their order. */
class WorkersTest {

    private static List<JsonNode> run(Path work, String name, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--json", name + ".jsonl", "-q"));
        if (!all.contains("--no-save")) {
            all.addAll(List.of("--out", name));
        }
        VisionProcess.Result r = VisionProcess.run(work, Map.of(), all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        return VideoCommandTest.jsonLines(work.resolve(name + ".jsonl"));
    }

    @Test
    void twoWorkersTrackTheClipExactlyAsOneDoesWithEveryFrameInOrder(@TempDir Path work) throws Exception {
        String clip = TestData.media("clips/vtest_first20s.mp4").toString();
        String[] common = {
            "track", clip, "--engine", "onnxruntime", "--classes", "person", "--line", "walk=0,300,768,300"
        };
        List<JsonNode> one = run(work, "one", concat(common, "--workers", "1"));
        List<JsonNode> two = run(work, "two", concat(common, "--workers", "2", "--batch", "2"));
        assertEquals(200, two.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(i, two.get(i).get("frame").asInt(), "frame order");
            assertEquals(
                    one.get(i).get("detections"), two.get(i).get("detections"), "frame " + i + ": boxes and track ids");
            assertEquals(one.get(i).path("events"), two.get(i).path("events"), "frame " + i + ": events");
        }
        assertEquals(
                "200",
                VideoCommandTest.probe(work.resolve("two/vtest_first20s.mp4")).get("nb_read_frames"));
        JsonNode record =
                new ObjectMapper().readTree(work.resolve("two/run.json").toFile());
        assertEquals(2, record.get("workers").asInt());
    }

    @Test
    void pyTorchWorkersFindTheSameObjects(@TempDir Path work) throws Exception {
        String[] common = {
            "detect",
            TestData.media("clips/vtest_first20s.mp4").toString(),
            "--engine",
            "pytorch",
            "--no-save",
            "--vid-stride",
            "4" // 50 of the 200 frames: PyTorch on a CPU is slow, and any frame shows a disagreement
        };
        List<JsonNode> one = run(work, "one", concat(common, "--workers", "1"));
        List<JsonNode> two = run(work, "two", concat(common, "--workers", "2"));
        assertEquals(50, one.size(), "every fourth frame");
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) {
            JsonNode a = one.get(i).get("detections");
            JsonNode b = two.get(i).get("detections");
            assertEquals(a.size(), b.size(), "frame " + i);
            for (int k = 0; k < a.size(); k++) {
                assertEquals(a.get(k).get("label"), b.get(k).get("label"));
                for (int c = 0; c < 4; c++) {
                    assertTrue(
                            Math.abs(a.get(k).get("box").get(c).asDouble()
                                            - b.get(k).get("box").get(c).asDouble())
                                    <= 0.11,
                            "frame " + i + " box " + k + ": " + a.get(k) + " vs " + b.get(k));
                }
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
