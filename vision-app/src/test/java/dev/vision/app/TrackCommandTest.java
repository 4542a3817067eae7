package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import nu.pattern.OpenCV;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * {@code vision track} and {@code vision eval track} on labelled sequences made from the shared clip by
 * {@code scripts/make_track_sequences.py} (people cut out and moved along crossing, occluding and stopping
 * paths, with exact ground truth), on the real clip, and with malformed lines and zones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";

    private Path sequences;

    @BeforeAll
    void makeSequences(@TempDir Path dir) throws Exception {
        sequences = dir;
        Result made = python(
                "scripts/make_track_sequences.py",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                dir.toString());
        assertEquals(
                0,
                made.code(),
                "the sequence generator needs /usr/bin/python3 with python3-opencv " + "(.ci/run installs it): "
                        + made.output());
    }

    private record Result(int code, String output) {}

    private static Result python(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(PYTHON, TestData.repoRoot().resolve(script).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " finished");
        return new Result(p.exitValue(), out);
    }

    private JsonNode evaluate(Path work, String sequence, String tracker, JsonNode expected) throws Exception {
        Path report = work.resolve(sequence + "-" + tracker + ".json");
        Path tracks = work.resolve(sequence + "-" + tracker + ".txt");
        InJvm.Result r = InJvm.vision(
                "eval",
                "track",
                "--data",
                sequences.resolve(sequence).toString(),
                "--tracker",
                tracker,
                "--line",
                expected.get("line_spec").asText(),
                "--zone",
                expected.get("zone_spec").asText(),
                "--json",
                report.toString(),
                "--save-tracks",
                tracks.toString(),
                "-q");
        assertEquals(0, r.exitCode(), sequence + " " + tracker);
        JsonNode json = JSON.readTree(report.toFile());
        // the same figures, computed independently in Python (numpy, scipy) from the saved tracks
        Result reference = python(
                "scripts/reference_mot.py",
                sequences.resolve(sequence).resolve("gt/gt.txt").toString(),
                tracks.toString());
        assertEquals(0, reference.code(), reference.output());
        JsonNode ref = JSON.readTree(reference.output());
        JsonNode m = json.get("metrics");
        assertEquals(ref.get("mota").asDouble(), m.get("mota").asDouble(), 1e-9, sequence + " " + tracker + " MOTA");
        assertEquals(ref.get("idf1").asDouble(), m.get("idf1").asDouble(), 1e-9, sequence + " " + tracker + " IDF1");
        assertEquals(ref.get("id_switches").asLong(), m.get("id_switches").asLong(), "ID switches");
        assertEquals(ref.get("fp").asLong(), m.get("fp").asLong(), "FP");
        assertEquals(ref.get("fn").asLong(), m.get("fn").asLong(), "FN");
        System.out.printf(
                "%s %s: MOTA %.4f IDF1 %.4f IDSW %d FP %d FN %d%n",
                sequence,
                tracker,
                m.get("mota").asDouble(),
                m.get("idf1").asDouble(),
                m.get("id_switches").asLong(),
                m.get("fp").asLong(),
                m.get("fn").asLong());
        return json;
    }

    private static void assertCounts(JsonNode expected, JsonNode report, String what) {
        String line = expected.get("line_spec").asText().split("=")[0];
        String zone = expected.get("zone_spec").asText().split("=")[0];
        JsonNode counts = report.get("counts");
        for (String direction : List.of("in", "out")) {
            assertEquals(
                    expected.get("line").get(line).get(direction).asLong(),
                    counts.get("lines").get(line).path(direction).path("person").asLong(0),
                    what + " line " + direction);
        }
        assertEquals(
                expected.get("zone").get(zone).get("entered").asLong(),
                counts.get("zones").get(zone).get("entered").asLong(),
                what + " zone entries");
    }

    @Test
    void theDefaultTrackerKeepsEveryIdentityThroughOcclusionAndCountsExactly(@TempDir Path work) throws Exception {
        for (String sequence : List.of("crossing", "occlusion", "lookalike", "pillar")) {
            JsonNode expected = JSON.readTree(
                    sequences.resolve(sequence).resolve("expected.json").toFile());
            JsonNode ocsort = evaluate(work, sequence, "ocsort", expected);
            JsonNode bytetrack = evaluate(work, sequence, "bytetrack", expected);
            JsonNode m = ocsort.get("metrics");
            assertTrue(m.get("id_switches").asLong() <= 1, sequence + ": " + m.get("id_switches") + " ID switches");
            assertTrue(m.get("idf1").asDouble() >= 0.95, sequence + " IDF1 " + m.get("idf1"));
            assertTrue(m.get("mota").asDouble() >= 0.90, sequence + " MOTA " + m.get("mota"));
            assertTrue(
                    m.get("idf1").asDouble()
                            >= bytetrack.get("metrics").get("idf1").asDouble(),
                    sequence + ": appearance and recovery never cost identities against motion alone");
            assertCounts(expected, ocsort, sequence);
            if (sequence.equals("crossing") || sequence.equals("occlusion")) {
                JsonNode sort = evaluate(work, sequence, "sort", expected);
                assertTrue(
                        bytetrack.get("metrics").get("idf1").asDouble()
                                > sort.get("metrics").get("idf1").asDouble(),
                        sequence + ": ByteTrack keeps identities better than plain SORT");
                assertCounts(expected, bytetrack, sequence + " bytetrack");
            }
        }
    }

    /**
     * {@code vision eval count} on the four sequences: a {@code vision track} run at the full rate counts the
     * people's crossings and zone visits exactly, and the comparison equals the one computed outside vision
     * ({@code scripts/reference_count.py}).
     */
    @Test
    void evalCountFindsNoErrorOnTheSequencesAndAgreesWithTheReference(@TempDir Path work) throws Exception {
        for (String sequence : List.of("crossing", "occlusion", "lookalike", "pillar")) {
            Path folder = sequences.resolve(sequence);
            JsonNode expected = JSON.readTree(folder.resolve("expected.json").toFile());
            Path lines = work.resolve(sequence + ".jsonl");
            InJvm.Result run = InJvm.vision(
                    "track",
                    folder.resolve("img1").toString(),
                    "--line",
                    expected.get("line_spec").asText(),
                    "--zone",
                    expected.get("zone_spec").asText(),
                    "--no-save",
                    "--json",
                    lines.toString(),
                    "-q");
            assertEquals(0, run.exitCode(), sequence);
            Path truth = folder.resolve("counts.json");
            InJvm.Result count = InJvm.vision("eval", "count", lines.toString(), "--gt", truth.toString(), "--json");
            assertEquals(0, count.exitCode(), sequence);
            JsonNode ours = JSON.readTree(count.stdout());
            Result reference = python("scripts/reference_count.py", lines.toString(), truth.toString());
            assertEquals(0, reference.code(), reference.output());
            JsonNode ref = JSON.readTree(reference.output());
            assertEquals(
                    ref.get("total_truth").asLong(), ours.get("total_truth").asLong(), sequence);
            assertEquals(ref.get("lines"), ours.get("lines"), sequence + ": line by line and direction");
            assertEquals(ref.get("zones"), ours.get("zones"), sequence + ": zone visits");
            assertEquals(0, ours.get("total_abs_error").asLong(), sequence + ": " + ours);
            assertTrue(ours.get("total_truth").asLong() > 0, sequence + " has something to count");
        }
    }

    /** {@code vision track} on vtest with a line, --summary in the JSON lines: the run's stderr and its summary. */
    private static InJvm.Result trackVtest(Path work, Path json, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "track",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--classes",
                "person",
                "--no-save",
                "--json",
                json.toString(),
                "--summary"));
        args.addAll(List.of(extra));
        InJvm.Result r = InJvm.vision(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        return r;
    }

    private static JsonNode lineCounts(Path json, String line) throws Exception {
        List<JsonNode> lines = VideoCommandTest.jsonLines(json);
        return lines.get(lines.size() - 1)
                .get("summary")
                .get("tracking")
                .get("lines")
                .get(line);
    }

    @Test
    void thinnedFramesAndALineDrawnPastTheFrameCountAsTheFullRateLine(@TempDir Path work) throws Exception {
        trackVtest(work, work.resolve("full.jsonl"), "--line", "door=0,300,768,300");
        JsonNode full = lineCounts(work.resolve("full.jsonl"), "door");
        assertTrue(
                full.get("in").path("person").asLong() >= 1
                        && full.get("out").path("person").asLong() >= 3,
                "people cross the door both ways: " + full);
        trackVtest(work, work.resolve("five.jsonl"), "--line", "door=0,300,768,300", "--max-fps", "5");
        assertEquals(full, lineCounts(work.resolve("five.jsonl"), "door"), "at 5 frames a second (half of them)");
        trackVtest(work, work.resolve("past.jsonl"), "--line", "door=-5000,300,9000,300");
        assertEquals(full, lineCounts(work.resolve("past.jsonl"), "door"), "the line drawn 5,000 px past both edges");
        InJvm.Result named = trackVtest(
                work,
                work.resolve("named.jsonl"),
                "--line",
                "门口=0,300,768,300",
                "--line",
                "away=1000,1000,2000,1000",
                "--zone",
                "Straße_2=0,330,768,330,768,576,0,576");
        assertEquals(full, lineCounts(work.resolve("named.jsonl"), "门口"), "a name in any script");
        List<String> warnings =
                named.stderrLines().stream().filter(l -> l.contains("warning")).toList();
        assertEquals(1, warnings.size(), named.stderr());
        assertTrue(warnings.get(0).contains("away") && warnings.get(0).contains("outside"), warnings.get(0));
        assertTrue(named.stderr().contains("Zone Straße_2:"), named.stderr());
    }

    @Test
    void speedsAndTheHeatmapOfASequenceWithKnownPaces(@TempDir Path work) throws Exception {
        Path folder = sequences.resolve("pillar");
        JsonNode expected = JSON.readTree(folder.resolve("expected.json").toFile());
        Path clip = work.resolve("pillar.mp4");
        Process ffmpeg = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-framerate",
                        "25",
                        "-i",
                        folder.resolve("img1/%06d.jpg").toString(),
                        "-c:v",
                        "libx264",
                        "-crf",
                        "15",
                        "-pix_fmt",
                        "yuv420p",
                        clip.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ffmpeg.waitFor(120, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, said);
        Map<Integer, double[]> truth = new HashMap<>(); // frame → box of person 2 (in front, steady pace)
        for (String row : Files.readAllLines(folder.resolve("gt/gt.txt"))) {
            String[] v = row.split(",");
            if (v[1].equals("2")) {
                double x = Double.parseDouble(v[2]);
                double y = Double.parseDouble(v[3]);
                truth.put(
                        Integer.parseInt(v[0]) - 1,
                        new double[] {x, y, x + Double.parseDouble(v[4]), y + Double.parseDouble(v[5])});
            }
        }
        double metresPerPixel = 0.01;
        double expectedMps = expected.get("speeds_px_per_s").get("2").asDouble() * metresPerPixel;
        Path heatmap = work.resolve("heat.png");
        String[][] grounds = {
            {"--speed-scale", "0.01", "--heatmap", heatmap.toString()},
            {"--calibrate", "0,0,0,0;768,0,7.68,0;768,576,7.68,5.76;0,576,0,5.76"}
        };
        for (String[] ground : grounds) {
            Path json = work.resolve(ground[0].substring(2) + ".jsonl");
            List<String> args = new ArrayList<>(
                    List.of("track", clip.toString(), "--classes", "person", "--no-save", "--json", json.toString()));
            args.addAll(List.of(ground));
            VisionProcess.Result r = VisionProcess.run(work, Map.of(), args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.stderr());
            List<Double> speeds = new ArrayList<>();
            for (JsonNode frame : VideoCommandTest.jsonLines(json)) {
                double[] t = truth.get(frame.get("frame").asInt());
                if (t == null || frame.get("frame").asInt() < 40) {
                    continue; // a second in: the speed spans a whole second of the walk
                }
                for (JsonNode d : frame.get("detections")) {
                    JsonNode b = d.get("box");
                    double iw = Math.min(t[2], b.get(2).asDouble())
                            - Math.max(t[0], b.get(0).asDouble());
                    double ih = Math.min(t[3], b.get(3).asDouble())
                            - Math.max(t[1], b.get(1).asDouble());
                    double inter = Math.max(0, iw) * Math.max(0, ih);
                    double union = (t[2] - t[0]) * (t[3] - t[1])
                            + (b.get(2).asDouble() - b.get(0).asDouble())
                                    * (b.get(3).asDouble() - b.get(1).asDouble())
                            - inter;
                    if (inter / union >= 0.5 && d.has("speed_mps")) {
                        speeds.add(d.get("speed_mps").asDouble());
                    }
                }
            }
            assertTrue(
                    speeds.size() > 100,
                    ground[0] + ": the person in front has a speed in most frames: " + speeds.size());
            List<Double> sorted = speeds.stream().sorted().toList();
            double median = sorted.get(sorted.size() / 2);
            System.out.printf(
                    "%s: median speed %.3f m/s, expected %.3f m/s, over %d frames%n",
                    ground[0], median, expectedMps, speeds.size());
            assertEquals(expectedMps, median, 0.05 * expectedMps, ground[0] + ": median speed " + median + " m/s");
        }
        OpenCV.loadLocally();
        Mat image = Imgcodecs.imread(heatmap.toString());
        try {
            assertEquals(768, image.cols(), "the heatmap is the frame's size");
            assertEquals(576, image.rows());
        } finally {
            image.release();
        }
    }

    @Test
    void anEmptyOrMalformedGroundTruthRowIsRefusedWithItsLineNumber(@TempDir Path work) throws Exception {
        Path source = sequences.resolve("crossing");
        String[][] cases = {
            {"1,1,10,10,30,80,1,1,1\n\n2,1,11,10,30,80,1,1,1\n", ":2:", "empty row"},
            {"1,1,10,10,30,80,1,1,1\n2,1,11,10\n", ":2:", "at least 6 fields"},
            {"1,1,10,10,30,80,1,1,1\n2,1,11,x,30,80,1,1,1\n", ":2:", "not numbers"},
            {"1,1,10,10,-30,80,1,1,1\n", ":1:", "positive width"}
        };
        for (String[] c : cases) {
            Path copy = work.resolve("seq-" + c[2].replace(' ', '-'));
            Files.createDirectories(copy.resolve("gt"));
            Files.copy(source.resolve("seqinfo.ini"), copy.resolve("seqinfo.ini"));
            Files.createSymbolicLink(copy.resolve("img1"), source.resolve("img1"));
            Files.writeString(copy.resolve("gt/gt.txt"), c[0]);
            VisionProcess.Result r =
                    VisionProcess.run(work, Map.of(), "eval", "track", "--data", copy.toString(), "-q");
            assertEquals(2, r.exitCode(), r.stderr());
            assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
            assertTrue(r.stderr().contains("gt.txt" + c[1]) && r.stderr().contains(c[2]), r.stderr());
        }
    }

    @Test
    void trackOnTheRealClipGivesEveryDetectionATrackIdAndWritesTheVideo(@TempDir Path work) throws Exception {
        Path out = work.resolve("out");
        Path lines = work.resolve("track.jsonl");
        Path csv = work.resolve("track.csv");
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "track",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--classes",
                "person",
                "--line",
                "walk=0,300,768,300",
                "--zone",
                "lawn=0,330,768,330,768,576,0,576",
                "--out",
                out.toString(),
                "--json",
                lines.toString(),
                "--csv",
                csv.toString(),
                "--summary");
        assertEquals(0, r.exitCode(), r.stderr());
        List<JsonNode> frames = VideoCommandTest.jsonLines(lines);
        assertEquals(201, frames.size(), "200 frames and the summary");
        Set<Long> ids = new HashSet<>();
        int detections = 0;
        int events = 0;
        for (JsonNode f : frames.subList(0, 200)) {
            for (JsonNode d : f.get("detections")) {
                assertTrue(d.has("track_id"), f.toString());
                ids.add(d.get("track_id").asLong());
                detections++;
            }
            events += f.path("events").size();
            assertTrue(f.has("lines") && f.get("lines").has("walk"), "the line's counts in every frame");
        }
        assertTrue(
                detections > 800 && ids.size() >= 8 && ids.size() < 60,
                detections + " boxes, " + ids.size() + " tracks");
        assertTrue(events > 0);
        JsonNode summary = frames.get(200).get("summary").get("tracking");
        assertTrue(summary.get("tracks_per_class").get("person").asLong() >= ids.size() - 1, summary.toString());
        assertTrue(summary.get("lines").has("walk") && summary.get("zones").has("lawn"), summary.toString());
        assertEquals(
                200,
                Integer.parseInt(VideoCommandTest.probe(out.resolve("vtest_first20s.mp4"))
                        .get("nb_read_frames")));
        String header = Files.readAllLines(csv).get(0);
        assertTrue(header.contains("class_id,track_id,score"), header);
        assertTrue(r.stderr().contains("Line walk: in"), r.stderr());
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("ocsort", run.get("tracking").get("tracker").asText());
    }

    /**
     * The people of vtest thinned to one frame a second stray too far from where the tracker expects them: the
     * door's counts go wrong (0 in, 1 out instead of 1 and 3), and the run says so once and marks its counts;
     * at a frame every 0.3 s the counts are right and nothing is said.
     */
    @Test
    void aStreamProcessedTooRarelyToTrackIsSaidOnceAndItsCountsAreMarked(@TempDir Path work) throws Exception {
        String clip = TestData.media("clips/vtest_first20s.mp4").toString();
        VisionProcess.Result thin = VisionProcess.run(
                work,
                Map.of(),
                "track",
                clip,
                "--classes",
                "person",
                "--no-save",
                "--line",
                "door=0,300,768,300",
                "--vid-stride",
                "10",
                "--json",
                "thin.jsonl",
                "--summary");
        assertEquals(0, thin.exitCode(), thin.stderr());
        List<String> warned = thin.stderr()
                .lines()
                .filter(l -> l.startsWith("vision: warning:"))
                .toList();
        assertEquals(1, warned.size(), thin.stderr());
        assertTrue(
                warned.get(0).contains("1.0 frames/s processed")
                        && warned.get(0).contains("ids and counts are unreliable"),
                warned.get(0));
        assertTrue(thin.stderr().contains("These counts are unreliable: "), thin.stderr());
        List<JsonNode> lines = VideoCommandTest.jsonLines(work.resolve("thin.jsonl"));
        JsonNode summary = lines.get(lines.size() - 1).path("summary").path("tracking");
        assertTrue(summary.path("counts_unreliable").asText().contains("1.0 frames/s processed"), summary.toString());

        VisionProcess.Result kept = VisionProcess.run(
                work,
                Map.of(),
                "track",
                clip,
                "--classes",
                "person",
                "--no-save",
                "--line",
                "door=0,300,768,300",
                "--vid-stride",
                "3");
        assertEquals(0, kept.exitCode(), kept.stderr());
        assertFalse(kept.stderr().contains("unreliable"), kept.stderr());
        assertTrue(kept.stderr().contains("Line door: in 1 (1 person), out 3 (3 person)."), kept.stderr());
    }

    /** A clip trigger's class must be one the model knows, or it would never fire: refused before the run. */
    @Test
    void aClipTriggerForAClassTheModelDoesNotKnowOrALineNameIsRefused(@TempDir Path work) throws Exception {
        String clip = TestData.media("clips/vtest_first20s.mp4").toString();
        VisionProcess.Result unicorn = VisionProcess.run(
                work, Map.of(), "track", clip, "--line", "gate=0,300,768,300", "--clip-on", "line_crossed:unicorn");
        ProcessChecks.oneLineRefusal(
                unicorn, "--clip-on: line_crossed:unicorn: 'unicorn' is not a class of yolox-nano");
        VisionProcess.Result line = VisionProcess.run(
                work, Map.of(), "track", clip, "--line", "gate=0,300,768,300", "--clip-on", "line_crossed:gate");
        ProcessChecks.oneLineRefusal(line, "'gate' is a line or zone; after ':' comes a class");
        assertTrue(Files.notExists(work.resolve("runs")), "no run folder was made");
    }

    /** A heatmap is written at the end: a folder it cannot be written in is said before the model loads. */
    @Test
    void aHeatmapThatCannotBeWrittenIsRefusedBeforeTheRun(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "track",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--no-save",
                "--heatmap",
                "/proc/vision-nope/heat.png");
        ProcessChecks.refused(r, "--heatmap /proc/vision-nope/heat.png: cannot be written in /proc/vision-nope");
    }

    @Test
    void malformedLinesAndZonesAreOneLineAndExit2BeforeAnyFrame(@TempDir Path work) throws Exception {
        String clip = TestData.media("clips/vtest_first20s.mp4").toString();
        String[][] cases = {
            {"--line", "gate=1,2,3", "4 numbers"},
            {"--line", "gate=a,b,c,d", "not a number"},
            {"--line", "0,0,10,10", "NAME="},
            {"--zone", "bay=0,0,10,10", "three x,y points"},
            {"--zone", "bay=0,0,100,100,100,0,0,100", "cross"},
            {"--line", "same=0,0,10,10", "used twice"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(
                    List.of("track", clip, "--out", work.resolve("never").toString(), c[0], c[1]));
            if (c[2].equals("used twice")) {
                args.addAll(List.of("--zone", "same=0,0,100,0,100,100"));
            }
            VisionProcess.Result r = VisionProcess.run(work, Map.of(), args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), c[1] + ": " + r.stderr());
            assertEquals(1, r.stderrLines().size(), c[1] + ": one line: " + r.stderr());
            assertTrue(
                    r.stderr().startsWith("vision: " + (c[2].equals("used twice") ? "--zone" : c[0]))
                            && r.stderr().contains(c[2]),
                    r.stderr());
            assertFalse(Files.exists(work.resolve("never")), "nothing written");
        }
    }
}
