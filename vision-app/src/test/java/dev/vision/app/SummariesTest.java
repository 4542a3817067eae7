package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries and records that say what they mean (issue 16, item 12). */
class SummariesTest {

    @Test
    void copiesKeepTheirFormatAndRunJsonSaysWhichIsWhoseAndTheWholeCommand(@TempDir Path work) throws Exception {
        Path photos = Files.createDirectories(work.resolve("photos/more"));
        Files.copy(TestData.media("images/dog.jpg"), work.resolve("photos/dog.JPEG"));
        Files.copy(TestData.media("images/dog.jpg"), work.resolve("photos/same.jpg"));
        Files.copy(TestData.media("images/dog.jpg"), photos.resolve("same.jpg"));
        Path out = work.resolve("out");
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of(), "detect", "photos/**/*", "--out", out.toString(), "--conf", "0.3", "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        JsonNode copies = run.get("annotated_copies");
        assertEquals("dog.JPEG", copies.get("photos/dog.JPEG").asText(), copies.toString());
        assertEquals("same.jpg", copies.get("photos/more/same.jpg").asText(), copies.toString());
        assertEquals("same_2.jpg", copies.get("photos/same.jpg").asText(), "a collision is recorded: " + copies);
        for (JsonNode file : copies) {
            assertTrue(Files.isRegularFile(out.resolve(file.asText())), file.asText());
        }
        List<String> argv = new ObjectMapper().convertValue(run.get("command_line"), List.class);
        assertEquals(List.of("vision", "detect", "photos/**/*", "--out", out.toString(), "--conf", "0.3", "-q"), argv);
        assertEquals("detect", run.get("command").asText());
    }

    @Test
    void videoCountsSaySummedOverFramesAndClassifyKeepsLabelsWithCommasApart(@TempDir Path work) throws Exception {
        VisionProcess.Result video = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--no-save",
                "--classes",
                "person");
        assertEquals(0, video.exitCode(), video.stderr());
        assertTrue(
                video.stderr()
                        .lines()
                        .anyMatch(l -> l.matches(
                                "Detections summed over frames: \\d+ person " + "\\(at most \\d+ in one frame\\)\\.")),
                video.stderr());
        VisionProcess.Result cat = VisionProcess.run(
                work,
                Map.of(),
                "classify",
                TestData.repoRoot().resolve("test-images/chelsea.png").toString(),
                "--no-save");
        assertEquals(0, cat.exitCode(), cat.stderr());
        assertTrue(cat.stderr().contains("Egyptian cat 0.78; tiger cat 0.12; tabby, tabby cat 0.09"), cat.stderr());
    }
}
