package dev.vision.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Detector;
import dev.vision.core.result.Classification;
import dev.vision.core.result.Detection;
import dev.vision.core.testing.BadImages;
import dev.vision.core.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Spark job in local mode (local[2]) on real images, videos and bad files: the same answers as the
 * library gives for each file, one row per frame of a video, errors as rows, existing output refused.
 */
class SparkJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exit, String err) {}

    private static Run job(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--master", "local[2]", "--model-mirror", TestData.modelMirror().toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = VisionSpark.commandLine();
        cli.setErr(new PrintWriter(err, true));
        PrintStream old = System.err;
        PrintStream captured = new PrintStream(err, true);
        System.setErr(captured);
        try {
            int exit = cli.execute(all.toArray(String[]::new));
            return new Run(exit, err.toString());
        } finally {
            System.setErr(old);
        }
    }

    /** Every row of a JSON output, by file name (frame rows of a video under "name#frame"). */
    private static Map<String, JsonNode> rows(Path out) throws Exception {
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "the job committed its output");
        Map<String, JsonNode> rows = new HashMap<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                for (String line : Files.readAllLines(part)) {
                    JsonNode r = JSON.readTree(line);
                    String name = Path.of(URI.create(r.get("source").asText()).getPath())
                            .getFileName()
                            .toString();
                    rows.put(
                            (r.has("frame") && r.get("frame").asLong() > 0) || name.endsWith(".mp4")
                                    ? name + "#" + r.path("frame").asLong()
                                    : name,
                            r);
                }
            }
        }
        return rows;
    }

    @Test
    void classifyingAFolderWithBadFilesGivesTheLibrarysTopFiveAndAnErrorRowPerBadFile(@TempDir Path work)
            throws Exception {
        Path in = Files.createDirectories(work.resolve("in/nested"));
        List<Path> good = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestData.media("imagenet-samples"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".JPEG"))
                    .sorted()
                    .limit(12)
                    .toList()) {
                good.add(Files.copy(p, in.resolve(p.getFileName())));
            }
        }
        Map<String, Boolean> bad = BadImages.writeAll(work.resolve("in"), TestData.media("images/dog.jpg"));
        // a file that cannot be read even by root: a write-only kernel attribute, under an image's name
        Path writeOnly = Path.of("/sys/bus/pci/rescan");
        boolean locked = Files.exists(writeOnly);
        if (locked) {
            Files.createSymbolicLink(work.resolve("in/locked.jpg"), writeOnly);
            bad.put("locked.jpg", false);
        }
        // a link whose target is gone: Hadoop's listing would leave it out without a word
        Path gone = work.resolve("in/nested/removed.jpg");
        Files.createSymbolicLink(work.resolve("in/nested/gone.jpg"), gone);
        bad.put("gone.jpg", false);
        long unusable = bad.values().stream().filter(ok -> !ok).count() - 1; // empty.jpg: see below
        Path out = work.resolve("out");
        Run r = job(
                "classify",
                work.resolve("in").toString(),
                "--output",
                out.toString(),
                "--format",
                "json",
                "--batch",
                "4");
        assertEquals(1, r.exit(), "some inputs were errors: " + r.err());
        Map<String, JsonNode> rows = rows(out);
        try (Classifier classifier = Classifier.builder()
                .store(TestData.modelStore(TestData.tempDir("cache")))
                .build()) {
            for (Path p : good) {
                JsonNode row = rows.get(p.getFileName().toString());
                List<Classification> expected = classifier.classify(p);
                assertEquals(5, row.get("classes").size());
                for (int k = 0; k < 5; k++) {
                    assertEquals(
                            expected.get(k).label(),
                            row.get("classes").get(k).get("label").asText(),
                            p + " #" + k);
                    assertEquals(
                            expected.get(k).score(),
                            row.get("classes").get(k).get("score").asDouble(),
                            5e-4);
                }
            }
        }
        bad.remove("empty.jpg"); // Spark's file source reads no 0-byte file: it has no row (README says so)
        bad.forEach((name, usable) -> {
            JsonNode row = rows.get(name);
            assertTrue(row != null, name + " has a row; rows: " + rows.keySet());
            assertEquals(!usable, row.hasNonNull("error"), name + ": " + row);
        });
        assertTrue(
                r.err().contains("Done: " + (good.size() + bad.size()) + " image(s), " + unusable + " error(s)"),
                r.err());
        assertEquals(
                "dangling symbolic link to " + gone,
                rows.get("gone.jpg").get("error").asText());
        if (locked) {
            assertEquals(
                    "permission denied",
                    rows.get("locked.jpg").get("error").asText(),
                    "the true reason, as a row: the job went on");
        }
    }

    @Test
    void detectingGivesTheLibrarysBoxesForImagesAndEveryFrameOfEachVideo(@TempDir Path work) throws Exception {
        Path in = Files.createDirectories(work.resolve("in"));
        List<Path> images = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestData.media("coco128/images/train2017"))) {
            for (Path p : s.sorted().limit(10).toList()) {
                images.add(Files.copy(p, in.resolve(p.getFileName())));
            }
        }
        Path clips = Files.createDirectories(in.resolve("clips"));
        Files.copy(TestData.media("clips/vtest_first20s.mp4"), clips.resolve("vtest_first20s.mp4"));
        Files.copy(TestData.media("clips/car-detection.mp4"), clips.resolve("car-detection.mp4"));
        Path out = work.resolve("out");
        Run r = job("detect", in.toString(), "--output", out.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        Map<String, JsonNode> rows = rows(out);
        try (Detector detector = Detector.builder()
                .store(TestData.modelStore(TestData.tempDir("cache")))
                .build()) {
            for (Path p : images) {
                JsonNode row = rows.get(p.getFileName().toString());
                List<Detection> expected = detector.detect(p);
                assertEquals(expected.size(), row.get("detections").size(), p.toString());
                for (int k = 0; k < expected.size(); k++) {
                    JsonNode box = row.get("detections").get(k).get("box");
                    assertEquals(
                            expected.get(k).label(),
                            row.get("detections").get(k).get("label").asText());
                    assertEquals(expected.get(k).box().x1(), box.get(0).asDouble(), 0.1);
                    assertEquals(expected.get(k).box().y1(), box.get(1).asDouble(), 0.1);
                    assertEquals(expected.get(k).box().x2(), box.get(2).asDouble(), 0.1);
                    assertEquals(expected.get(k).box().y2(), box.get(3).asDouble(), 0.1);
                }
            }
        }
        for (Map.Entry<String, Integer> clip :
                Map.of("vtest_first20s.mp4", 200, "car-detection.mp4", 377).entrySet()) {
            for (int f = 0; f < clip.getValue(); f++) {
                assertTrue(rows.containsKey(clip.getKey() + "#" + f), clip.getKey() + " frame " + f);
            }
            assertFalse(rows.containsKey(clip.getKey() + "#" + clip.getValue()), "no frame past the end");
        }
        assertEquals(images.size() + 200 + 377, rows.size());
    }

    @Test
    void parquetIsTheDefaultAndAnExistingOutputIsRefused(@TempDir Path work) throws Exception {
        Path in = Files.createDirectories(work.resolve("in"));
        Files.copy(TestData.media("images/dog.jpg"), in.resolve("dog.jpg"));
        Path out = work.resolve("out");
        assertEquals(0, job("detect", in.toString(), "--output", out.toString()).exit());
        try (SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
                Stream<Path> files = Files.list(out)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".parquet")));
            var row = spark.read().parquet(out.toString()).collectAsList().get(0);
            assertTrue(row.getString(row.fieldIndex("source")).endsWith("dog.jpg"));
            List<?> detections = row.getList(row.fieldIndex("detections"));
            assertTrue(detections.stream().anyMatch(d -> ((Row) d).getString(0).equals("dog")));
        }
        long before = Files.getLastModifiedTime(out.resolve("_SUCCESS")).toMillis();
        Run again = job("detect", in.toString(), "--output", out.toString());
        assertEquals(2, again.exit(), again.err());
        assertTrue(again.err().contains("exists (give --overwrite to replace it)"), "[" + again.err() + "]");
        assertEquals(before, Files.getLastModifiedTime(out.resolve("_SUCCESS")).toMillis(), "left as it was");
    }

    @Test
    void aMissingInputOrAMasterSparkCannotParseOrReachIsOneLineAndExit2(@TempDir Path work) throws Exception {
        Run missing = job(
                "detect",
                work.resolve("nowhere").toString(),
                "--output",
                work.resolve("out").toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(
                missing.err().contains("vision: " + work.resolve("nowhere") + ": no such file or folder"),
                missing.err());
        assertFalse(missing.err().contains("\tat "), "no stack trace: " + missing.err());
        assertFalse(Files.exists(work.resolve("out")), "nothing written");

        // the local executor's models load before the job: one that cannot is the store's line, before any task
        Run unknown = job(
                "classify",
                TestData.media("images").toString(),
                "--output",
                work.resolve("out").toString(),
                "--model",
                "nosuch");
        assertEquals(2, unknown.exit(), unknown.err());
        assertTrue(unknown.err().contains("vision: unknown model 'nosuch': built-in models are"), unknown.err());
        assertFalse(unknown.err().contains("\tat "), "no stack trace: " + unknown.err());
        assertFalse(Files.exists(work.resolve("out")), "nothing written");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = VisionSpark.commandLine();
        cli.setErr(new PrintWriter(err, true));
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        int exit;
        try {
            exit = cli.execute(
                    "detect", work.toString(), "--output", work.resolve("out").toString(), "--master", "banana");
        } finally {
            System.setErr(old);
        }
        assertEquals(2, exit, err.toString());
        assertEquals(1, err.toString().lines().count(), "one line: " + err);
        assertTrue(err.toString().startsWith("vision: --master banana: not a Spark master"), err.toString());

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // nothing listens there once it is closed
        }
        err.reset();
        System.setErr(new PrintStream(err, true));
        try {
            exit = cli.execute(
                    "detect",
                    work.toString(),
                    "--output",
                    work.resolve("out").toString(),
                    "--master",
                    "spark://127.0.0.1:" + port);
        } finally {
            System.setErr(old);
        }
        assertEquals(2, exit, err.toString());
        assertEquals(1, err.toString().lines().count(), "one line: " + err);
        assertTrue(err.toString().contains("cannot reach the master (127.0.0.1:" + port), err.toString());
        assertFalse(Files.exists(work.resolve("out")), "nothing written");
    }
}
