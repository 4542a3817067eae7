package dev.vision.app;

import static dev.vision.app.ProcessChecks.assertClean;
import static dev.vision.app.ProcessChecks.detect;
import static dev.vision.app.ProcessChecks.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.capture.SourceSet;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.sink.CsvSink;
import dev.vision.core.sink.SinkSet;
import dev.vision.core.testing.TestData;
import dev.vision.serve.run.RunOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run writes: whole files or nothing under their names, a clear line when a disk fills or a limit is
 * reached, and run.json and the summaries naming only what exists.
 */
class OutputFilesTest {

    static {
        OpenCvRuntime.load();
    }

    @Test
    void aFolderGivenForAFileAndABadPresetLeaveNothingBehind(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("a-folder"));
        refused(detect(work, "--json", folder.toString()), "is a folder, not a file");
        assertFalse(Files.exists(work.resolve("runs")), "no empty runs/detect/N");
        Path out = work.resolve("out");
        refused(detect(work, "--video-preset", "bogus", "--out", out.toString()), "unknown x264 preset 'bogus'");
        assertFalse(Files.exists(out), "no empty --out");
    }

    @Test
    void evalChecksItsJsonOutputBeforeEvaluatingAndWritesNothingBesideIt(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("metrics"));
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "eval",
                "detect",
                "--data",
                TestData.media("coco128").toString(),
                "--json",
                folder.toString(),
                "--force");
        refused(r, "is a folder, not a file");
        try (var left = Files.list(work)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file");
        }
        try (var inside = Files.list(folder)) {
            assertEquals(0, inside.count());
        }
    }

    @Test
    void aFileSizeLimitStopsTheRunWithOneLineAndNoBrokenVideoUnderItsName(@TempDir Path work) throws Exception {
        // the natives are unpacked (once, reused by later runs) before the limit applies
        String photo = TestData.repoRoot().resolve("test-images/astronaut.png").toString();
        assertEquals(
                0,
                VisionProcess.run(work, Map.of(), "detect", photo, "--no-save", "-q")
                        .exitCode());
        Path out = work.resolve("out");
        Path lines = work.resolve("lines.jsonl");
        VisionProcess.Result r = VisionProcess.runWithFileSizeLimit(
                work,
                1000,
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--out",
                out.toString(),
                "--json",
                lines.toString(),
                "-q");
        assertEquals(2, r.exitCode(), "an environment limit: " + r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(
                r.stderr().contains(out.resolve("vtest_first20s.mp4").toString())
                        && r.stderr().contains("file too large"),
                r.stderr());
        try (var left = Files.list(out)) {
            List<Path> files = left.toList();
            assertTrue(
                    files.stream().noneMatch(f -> f.getFileName().toString().contains("mp4")),
                    "no MP4 under its name, no unfinished part: " + files);
        }
        List<String> written = Files.readAllLines(lines);
        assertTrue(
                !written.isEmpty() && written.stream().allMatch(l -> l.startsWith("{") && l.endsWith("}")),
                "the JSON lines written so far are whole");
    }

    @Test
    void unwritableOrFullOutputsEndWithOneLine(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("plainfile"), "x");
        VisionProcess.Result notAFolder = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("images/dog.jpg").toString(),
                "--json",
                "plainfile/out.jsonl",
                "--no-save");
        assertEquals(2, notAFolder.exitCode());
        assertEquals(1, notAFolder.stderrLines().size(), notAFolder.stderr());

        VisionProcess.Result full = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("images").toString(),
                "--json",
                "/dev/full",
                "--force",
                "--no-save",
                "-q");
        assertEquals(2, full.exitCode(), full.stderr());
        assertTrue(full.stderr().contains("No space left"), full.stderr());
        assertClean(full);
    }

    /**
     * A file-size limit reached by the JSON lines and the CSV themselves (no video): the run stops in one line
     * that names the file, and each file ends with its last whole record, never half a line or half a row.
     */
    @Test
    void aWriteErrorLeavesTheResultFilesAtTheirLastWholeRecord(@TempDir Path work) throws Exception {
        Path lines = work.resolve("lines.jsonl");
        Path rows = work.resolve("rows.csv");
        VisionProcess.Result r = VisionProcess.runWithFileSizeLimit(
                work,
                40,
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--no-save",
                "--json",
                lines.toString(),
                "--csv",
                rows.toString(),
                "-q");
        assertEquals(2, r.exitCode(), "an environment limit: " + r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(
                (r.stderr().contains(lines.toString()) || r.stderr().contains(rows.toString()))
                        && r.stderr().toLowerCase(Locale.ROOT).contains("file too large"),
                "names the file and why: " + r.stderr());
        List<JsonNode> written = VideoCommandTest.jsonLines(lines); // fails on half a line
        assertTrue(written.size() > 5 && written.size() < 200, "stopped part way: " + written.size());
        String csv = Files.readString(rows);
        assertTrue(csv.endsWith("\n"), "the CSV ends with a whole row");
        List<String> csvLines = csv.lines().toList();
        int columns = csvLines.get(0).split(",", -1).length;
        for (String row : csvLines) {
            assertEquals(columns, row.split(",", -1).length, "a whole row: " + row);
        }
        assertClean(r);
    }

    /**
     * Two runs on one --out folder or one --json file (two shells, a cron job): the second is refused in one
     * line naming the first, before its model loads, even with --force; the first writes its video and every
     * JSON line untouched.
     */
    @Test
    void aSecondRunOnTheSameOutputsIsRefusedNamingTheFirst(@TempDir Path work) throws Exception {
        Path out = work.resolve("out");
        Path json = work.resolve("lines.jsonl");
        VisionProcess.Running first = VisionProcess.start(
                work,
                Map.of(),
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--out",
                out.toString(),
                "--json",
                json.toString(),
                VisionProcess.SLOW_MODEL,
                "50",
                "-q");
        Await.until(
                () -> Files.exists(work.resolve(".out.vision.lock"))
                        && Files.exists(work.resolve(".lines.jsonl.vision.lock")),
                Duration.ofSeconds(60),
                "the first run's locks");
        String firstPid = "pid " + first.pid() + ",";
        VisionProcess.Result sameFolder = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("images/dog.jpg").toString(),
                "--out",
                out.toString(),
                "--force");
        refused(sameFolder, "output folder " + out + " is in use by another vision run (" + firstPid);
        VisionProcess.Result sameJson = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("images/dog.jpg").toString(),
                "--no-save",
                "--json",
                json.toString(),
                "--force");
        refused(sameJson, "output file " + json + " is in use by another vision run (" + firstPid);
        VisionProcess.Result r = first.await(300);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(
                "200", VideoCommandTest.probe(out.resolve("vtest_first20s.mp4")).get("nb_read_frames"));
        assertEquals(200, VideoCommandTest.jsonLines(json).size(), "every frame's line, from the first run alone");
        assertFalse(Files.exists(work.resolve(".out.vision.lock")), "the lock goes with its run");
        VisionProcess.Result after = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("images/dog.jpg").toString(),
                "--out",
                out.toString(),
                "--force",
                "-q");
        assertEquals(0, after.exitCode(), "free again once the first has ended: " + after.stderr());
    }

    @Test
    void aVideoThatNeverGotAFrameIsNotNamedAmongTheOutputs(@TempDir Path work) throws Exception {
        RunOptions options = new RunOptions();
        options.out = work.resolve("out");
        options.videoPreset = "superfast";
        options.vidStride = 1;
        options.json = work.resolve("lines.jsonl").toString();
        RunOutputs outputs;
        options.readTimeoutMs = 5000;
        try (SinkSet sinks = new SinkSet();
                SourceSet sources = SourceSet.plan(
                        List.of(TestData.media("clips/vtest_first20s.mp4").toString()), options.sourceOptions())) {
            sources.open();
            outputs = RunOutputs.open(
                    options.outputPlan("detect"),
                    options.vidStride,
                    CsvSink.Rows.DETECTIONS,
                    sources,
                    sinks,
                    line -> {});
            assertTrue(outputs.described().containsKey("video"), "planned");
        } // stopped before the first frame: the sinks close with nothing written
        Map<String, String> existing = outputs.existing();
        assertFalse(existing.containsKey("video"), "no video was written: " + existing);
        assertTrue(existing.containsKey("json"), "the (empty) JSON lines file exists");
    }

    @Test
    void aStaleTemporaryFileOfOursDoesNotMakeAFolderNonEmpty(@TempDir Path work) throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Files.writeString(out.resolve(".clip.mp4.part.mp4"), "left by a killed run");
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of(), "detect", TestData.media("images/dog.jpg").toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        Files.writeString(out.resolve("someone-elses.txt"), "not ours");
        Path again = Files.createDirectories(work.resolve("again"));
        Files.writeString(again.resolve("someone-elses.txt"), "not ours");
        VisionProcess.Result refused = VisionProcess.run(
                work, Map.of(), "detect", TestData.media("images/dog.jpg").toString(), "--out", again.toString(), "-q");
        assertEquals(2, refused.exitCode(), "a folder holding other files still needs --force");
    }

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
        InJvm.Result video = InJvm.vision(
                "detect", TestData.media("clips/vtest_first20s.mp4").toString(), "--no-save", "--classes", "person");
        assertEquals(0, video.exitCode(), video.stderr());
        assertTrue(
                video.stderr()
                        .lines()
                        .anyMatch(l -> l.matches(
                                "Detections summed over frames: \\d+ person " + "\\(at most \\d+ in one frame\\)\\.")),
                video.stderr());
        InJvm.Result cat = InJvm.vision(
                "classify",
                TestData.repoRoot().resolve("test-images/chelsea.png").toString(),
                "--no-save");
        assertEquals(0, cat.exitCode(), cat.stderr());
        // the int8 model's scores differ by CPU (0.78, 0.12, 0.09 with AVX-512 VNNI; 0.71, 0.15, 0.13 on AVX2 alone)
        assertTrue(
                cat.stderr()
                        .lines()
                        .anyMatch(
                                l -> l.matches(
                                        ".*chelsea\\.png: 451x300 Egyptian cat 0\\.\\d\\d; tiger cat 0\\.\\d\\d; tabby, tabby cat 0\\.\\d\\d .*")),
                cat.stderr());
    }
}
