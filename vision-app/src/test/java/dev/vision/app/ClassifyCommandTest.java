package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.BadImages;
import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vision classify} and {@code vision eval} end to end, with the real weights. */
class ClassifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void imageNetSamplesAreMostlyRightAndChelseaIsACat(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "classify",
                TestData.media("imagenet-samples").toString(),
                "--json",
                "out.jsonl",
                "--csv",
                "out.csv",
                "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = Files.readAllLines(work.resolve("out.jsonl"));
        assertEquals(50, lines.size());
        int right = 0;
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            String file = Path.of(o.get("source").asText()).getFileName().toString();
            String trueLabel = file.substring(file.indexOf('_') + 1, file.lastIndexOf('.'))
                    .replace('_', ' ')
                    .toLowerCase();
            JsonNode classes = o.get("classes");
            assertEquals(5, classes.size(), "top-5 by default");
            assertTrue(classes.get(0).get("score").asDouble()
                    >= classes.get(1).get("score").asDouble());
            right += classes.get(0).get("label").asText().toLowerCase().contains(trueLabel) ? 1 : 0;
        }
        assertTrue(right >= 35, "most of the 50 right at top-1 by their file names: " + right);
        assertTrue(r.stderr().contains("Top-1 classes:"), r.stderr());
        assertEquals(1 + 50 * 5, Files.readAllLines(work.resolve("out.csv")).size(), "header and a row per class");
        assertTrue(Files.isRegularFile(work.resolve("runs/classify/1/run.json")));

        VisionProcess.Result cat = VisionProcess.run(
                work,
                Map.of(),
                "classify",
                TestData.media("images/chelsea.png").toString(),
                "--json",
                "-",
                "--no-save",
                "--top-k",
                "3");
        assertEquals(0, cat.exitCode(), cat.stderr());
        JsonNode top = JSON.readTree(cat.stdout()).get("classes").get(0);
        // ImageNet's domestic cats are classes 281-285 (tabby, tiger cat, Persian, Siamese, Egyptian cat)
        int id = top.get("class_id").asInt();
        assertTrue(id >= 281 && id <= 285, "chelsea is some kind of cat: " + top);
    }

    @Test
    void badInputIsSkippedAndAnEmptyFolderIsASetupError(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("mixed"));
        Files.copy(TestData.media("images/chelsea.png"), folder.resolve("chelsea.png"));
        Map<String, Boolean> odd = BadImages.writeAll(folder, TestData.media("images/dog.jpg"));
        VisionProcess.Result r =
                VisionProcess.run(work, Map.of(), "classify", "mixed", "--json", "c.jsonl", "--no-save");
        assertEquals(1, r.exitCode(), r.stderr());
        long usable = 1 + odd.values().stream().filter(b -> b).count();
        assertEquals(usable, Files.readAllLines(work.resolve("c.jsonl")).size());
        assertTrue(r.stderr().contains("truncated.jpg: skipped"), r.stderr());

        Files.createDirectories(work.resolve("empty"));
        VisionProcess.Result empty = VisionProcess.run(work, Map.of(), "classify", "empty");
        assertEquals(2, empty.exitCode());
        assertEquals(1, empty.stderrLines().size(), empty.stderr());
        assertTrue(empty.stderr().contains("no images"), empty.stderr());
    }

    /** The metrics themselves are checked through the library (EvaluationsTest); here, what the command prints. */
    @Test
    void evalClassifyPrintsTheReferencesFiguresAndWritesThem(@TempDir Path work) throws Exception {
        Path json = work.resolve("eval.json");
        InJvm.Result r = InJvm.vision(
                "eval",
                "classify",
                "--data",
                TestData.media("imagenet-samples").toString(),
                "--model",
                "mobilenet-v2-fp32", // the int8 model's figures depend on the CPU (EvaluationsTest)
                "--json",
                json.toString(),
                "-q");
        assertEquals(0, r.exitCode());
        JsonNode m = JSON.readTree(json.toFile());
        assertEquals(50, m.get("images").asInt());
        assertEquals(0.84, m.get("top1").asDouble(), 0.005);
        assertTrue(r.stdout().contains("top-1 84.00 %"), r.stdout());
        assertTrue(r.stdout().contains("most frequent confusions"), r.stdout());
    }

    @Test
    void evalRefusesALabelNamingAnUnknownClass(@TempDir Path work) throws Exception {
        Path data = work.resolve("set");
        Files.createDirectories(data.resolve("images/val"));
        Files.createDirectories(data.resolve("labels/val"));
        Files.copy(TestData.media("images/dog.jpg"), data.resolve("images/val/dog.jpg"));
        Files.writeString(data.resolve("labels/val/dog.txt"), "16 0.3 0.6 0.25 0.6\n85 0.5 0.5 0.1 0.1\n");
        VisionProcess.Result r = VisionProcess.run(work, Map.of(), "eval", "detect", "--data", data.toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.stderrLines().size(), r.stderr());
        assertTrue(r.stderr().contains("dog.txt:2:"), r.stderr());
    }
}
