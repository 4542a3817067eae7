package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.result.Box;
import dev.vision.core.sink.CsvSink;
import dev.vision.core.testing.BadImages;
import dev.vision.core.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vision detect} end to end, in its own JVM, on real photos with the real weights. */
class DetectCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Box> DOG_REFERENCE = Map.of(
            "dog", new Box(132, 206, 325, 543),
            "bicycle", new Box(51, 137, 572, 423),
            "car", new Box(466, 78, 692, 171));

    private static String dogJpg() {
        return TestData.media("images/dog.jpg").toString();
    }

    private static List<JsonNode> lines(String text) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static Box box(JsonNode d) {
        JsonNode b = d.get("box");
        return new Box(
                (float) b.get(0).asDouble(),
                (float) b.get(1).asDouble(),
                (float) b.get(2).asDouble(),
                (float) b.get(3).asDouble());
    }

    private static JsonNode find(JsonNode line, String... labels) {
        JsonNode best = null;
        for (JsonNode d : line.get("detections")) {
            if (List.of(labels).contains(d.get("label").asText())
                    && (best == null
                            || d.get("score").asDouble() > best.get("score").asDouble())) {
                best = d;
            }
        }
        if (best == null) {
            throw new AssertionError(List.of(labels) + " not in " + line);
        }
        return best;
    }

    @Test
    void dogPhotoToStdoutOnBothEnginesFindsTheReferenceObjects(@TempDir Path work) throws Exception {
        VisionProcess.Result torch =
                VisionProcess.run(work, Map.of(), "detect", dogJpg(), "--json", "-", "--engine", "pytorch");
        assertEquals(0, torch.exitCode(), torch.stderr());
        List<JsonNode> out = lines(torch.stdout());
        assertEquals(1, out.size(), "stdout holds the JSON line and nothing else");
        JsonNode line = out.get(0);
        assertEquals(768, line.get("width").asInt());
        for (var ref : DOG_REFERENCE.entrySet()) {
            String[] labels = ref.getKey().equals("car") ? new String[] {"car", "truck"} : new String[] {ref.getKey()};
            Box found = box(find(line, labels));
            assertTrue(found.iou(ref.getValue()) >= 0.5, ref.getKey() + " " + found);
        }
        assertTrue(torch.stderr().contains("Done: 1 image(s) read, 1 processed, 0 dropped, 0 skipped"), torch.stderr());
        assertTrue(torch.stderr().contains("sha256 72552a699c7b"), "the summary names the model file");

        // the annotated copy and run.json went to a new run folder
        Path run = work.resolve("runs/detect/1");
        assertTrue(Files.size(run.resolve("dog.jpg")) > 10_000);
        JsonNode record = JSON.readTree(run.resolve("run.json").toFile());
        assertEquals(
                "72552a699c7b1e3687d2fe9970eb1484a72ae6ccc4d681261a4fafb980e51e95",
                record.get("model").get("sha256").asText());
        assertEquals("pytorch", record.get("model").get("engine").asText());
        assertEquals(0.25, record.get("thresholds").get("conf").asDouble(), 1e-6);
        assertEquals(1, record.get("summary").get("processed").asInt());

        // on the CPU the default engine is ONNX Runtime, the faster one here
        VisionProcess.Result onnx = VisionProcess.run(work, Map.of(), "detect", dogJpg(), "--json", "-");
        assertEquals(0, onnx.exitCode(), onnx.stderr());
        assertTrue(Files.isDirectory(work.resolve("runs/detect/2")), "a second run never overwrites the first");
        JsonNode second = JSON.readTree(work.resolve("runs/detect/2/run.json").toFile());
        assertEquals("onnxruntime", second.get("model").get("engine").asText());
        assertEquals(
                "2b008e4ff80d5e5e76dfb1663838888f94907c176f708cc17792d49735505ffe",
                second.get("model").get("sha256").asText());
        JsonNode onnxLine = lines(onnx.stdout()).get(0);
        for (JsonNode d : line.get("detections")) {
            Box other = box(find(onnxLine, d.get("label").asText()));
            assertTrue(other.iou(box(d)) >= 0.9, d + " vs " + other);
        }
    }

    @Test
    void aMessyFolderIsProcessedWithBadFilesSkippedAndCounted(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("photos"));
        List<String> real;
        try (Stream<Path> s = Files.list(TestData.media("images"))) {
            real = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String name : real) {
            Files.copy(TestData.media("images/" + name), folder.resolve(name));
        }
        Map<String, Boolean> odd = BadImages.writeAll(folder, TestData.media("images/dog.jpg"));
        Files.writeString(folder.resolve("README.txt"), "not an image, not looked at");
        long usable = real.size() + odd.values().stream().filter(b -> b).count();
        long bad = odd.values().stream().filter(b -> !b).count();

        VisionProcess.Result r = VisionProcess.run(
                work, Map.of(), "detect", "photos", "--json", "out.jsonl", "--csv", "out.csv", "--out", "annotated");
        assertEquals(1, r.exitCode(), "exit 1: finished, some inputs skipped\n" + r.stderr());
        List<JsonNode> out = lines(Files.readString(work.resolve("out.jsonl")));
        assertEquals(usable, out.size());
        for (JsonNode line : out) {
            assertTrue(line.has("detections") && line.has("timings_ms") && line.has("source"), line.toString());
        }
        Map<String, JsonNode> byName = out.stream()
                .collect(Collectors.toMap(
                        l -> Path.of(l.get("source").asText()).getFileName().toString(), l -> l));
        find(byName.get("person.jpg"), "person");
        find(byName.get("person.jpg"), "horse");
        find(byName.get("person.jpg"), "dog");
        find(byName.get("giraffe.jpg"), "giraffe");
        find(byName.get("giraffe.jpg"), "zebra");
        long horses = 0;
        for (JsonNode d : byName.get("horses.jpg").get("detections")) {
            horses += d.get("label").asText().equals("horse") && d.get("score").asDouble() > 0.4 ? 1 : 0;
        }
        assertTrue(horses >= 3, "horses: " + horses);

        // one annotated copy per usable image, nothing half-written
        Set<String> annotated;
        try (Stream<Path> s = Files.list(work.resolve("annotated"))) {
            annotated = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(usable + 1, annotated.size(), "images plus run.json: " + annotated);
        assertTrue(annotated.contains("run.json"));
        assertTrue(annotated.stream().noneMatch(n -> n.contains(".part")));

        // each bad file: exactly one line naming it and why
        for (var c : odd.entrySet()) {
            List<String> mentions =
                    r.stderrLines().stream().filter(l -> l.contains(c.getKey())).toList();
            if (!c.getValue()) {
                assertEquals(1, mentions.size(), c.getKey() + " in\n" + r.stderr());
                assertTrue(mentions.get(0).contains("skipped: "), mentions.get(0));
            }
        }
        assertTrue(r.stderr().contains(bad + " skipped"), r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());

        List<String> csv = Files.readAllLines(work.resolve("out.csv"), StandardCharsets.UTF_8);
        assertEquals(String.join(",", CsvSink.DETECTION_HEADER), csv.get(0));
        assertTrue(csv.size() > usable, "a row per detection");
    }

    @Test
    void aMissingSourceIsOneLineAndExit2(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(work, Map.of(), "detect", "no/such/photo.jpg");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.stderrLines().size(), r.stderr());
        assertTrue(r.stderr().contains("no/such/photo.jpg") && r.stderr().contains("no such file"), r.stderr());
        assertFalse(Files.exists(work.resolve("runs")), "nothing written for a run that could not start");
    }

    @Test
    void setupErrorsEachGiveOneClearLineAndExit2(@TempDir Path work) throws Exception {
        // a tampered model file in the only mirror
        Path mirror = Files.createDirectories(work.resolve("mirror"));
        for (String f : List.of("yolox_nano_416_coco.torchscript.pt", "coco80.names")) {
            Files.copy(TestData.modelMirror().resolve(f), mirror.resolve(f));
        }
        byte[] bytes = Files.readAllBytes(mirror.resolve("yolox_nano_416_coco.torchscript.pt"));
        bytes[1000] ^= 1;
        Files.write(mirror.resolve("yolox_nano_416_coco.torchscript.pt"), bytes);
        VisionProcess.Result tampered = VisionProcess.run(
                work,
                Map.of("VISION_MODEL_MIRROR", mirror.toString()),
                "detect",
                dogJpg(),
                "--no-save",
                "--engine",
                "pytorch");
        assertEquals(2, tampered.exitCode());
        assertEquals(1, tampered.stderrLines().size(), tampered.stderr());
        assertTrue(tampered.stderr().contains("sha256 mismatch"), tampered.stderr());

        // a pickled checkpoint is not TorchScript
        Path pickled = work.resolve("checkpoint.pt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(pickled))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'});
            zip.closeEntry();
        }
        VisionProcess.Result notScript = VisionProcess.run(
                work, Map.of(), "detect", dogJpg(), "--no-save", "--model", pickled.toString(), "--family", "yolov8");
        assertEquals(2, notScript.exitCode());
        assertTrue(
                notScript.stderr().contains("not TorchScript")
                        && notScript.stderr().contains("torch.jit"),
                notScript.stderr());

        VisionProcess.Result unknownClass =
                VisionProcess.run(work, Map.of(), "detect", dogJpg(), "--no-save", "--classes", "dog,unicorn");
        assertEquals(2, unknownClass.exitCode());
        assertTrue(unknownClass.stderr().contains("unicorn"), unknownClass.stderr());

        VisionProcess.Result badConf = VisionProcess.run(work, Map.of(), "detect", dogJpg(), "--conf", "1.5");
        assertEquals(2, badConf.exitCode());
        assertEquals(1, badConf.stderrLines().size(), badConf.stderr());

        Files.writeString(work.resolve("taken.jsonl"), "earlier results\n");
        VisionProcess.Result exists =
                VisionProcess.run(work, Map.of(), "detect", dogJpg(), "--no-save", "--json", "taken.jsonl");
        assertEquals(2, exists.exitCode());
        assertTrue(exists.stderr().contains("--force"), exists.stderr());
        assertEquals("earlier results\n", Files.readString(work.resolve("taken.jsonl")), "never clobbered");
        assertFalse(Files.exists(work.resolve("runs")));
    }

    @Test
    void classFilterAndNoSave(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                dogJpg(),
                "--no-save",
                "--json",
                "-",
                "--classes",
                "dog,person",
                "--engine",
                "onnxruntime");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode line = lines(r.stdout()).get(0);
        assertEquals(1, line.get("detections").size(), line.toString());
        assertEquals("dog", line.get("detections").get(0).get("label").asText());
        assertFalse(Files.exists(work.resolve("runs")), "--no-save writes no run folder");
    }
}
