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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

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
        Result made = python("scripts/make_track_sequences.py",
                TestData.media("clips/vtest_first20s.mp4").toString(), dir.toString());
        assertEquals(0, made.code(), "the sequence generator needs /usr/bin/python3 with python3-opencv "
                + "(.ci/run installs it): " + made.output());
    }

    private record Result(int code, String output) {
    }

    private static Result python(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, TestData.repoRoot().resolve(script).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " finished");
        return new Result(p.exitValue(), out);
    }

    private JsonNode evaluate(Path work, String sequence, String tracker, JsonNode expected) throws Exception {
        Path report = work.resolve(sequence + "-" + tracker + ".json");
        Path tracks = work.resolve(sequence + "-" + tracker + ".txt");
        VisionProcess.Result r = VisionProcess.run(work, Map.of(), "eval", "track", "--data",
                sequences.resolve(sequence).toString(), "--tracker", tracker, "--line",
                expected.get("line_spec").asText(), "--zone", expected.get("zone_spec").asText(), "--json",
                report.toString(), "--save-tracks", tracks.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode json = JSON.readTree(report.toFile());
        // the same figures, computed independently in Python (numpy, scipy) from the saved tracks
        Result reference = python("scripts/reference_mot.py",
                sequences.resolve(sequence).resolve("gt/gt.txt").toString(), tracks.toString());
        assertEquals(0, reference.code(), reference.output());
        JsonNode ref = JSON.readTree(reference.output());
        JsonNode m = json.get("metrics");
        assertEquals(ref.get("mota").asDouble(), m.get("mota").asDouble(), 1e-9, sequence + " " + tracker + " MOTA");
        assertEquals(ref.get("idf1").asDouble(), m.get("idf1").asDouble(), 1e-9, sequence + " " + tracker + " IDF1");
        assertEquals(ref.get("id_switches").asLong(), m.get("id_switches").asLong(), "ID switches");
        assertEquals(ref.get("fp").asLong(), m.get("fp").asLong(), "FP");
        assertEquals(ref.get("fn").asLong(), m.get("fn").asLong(), "FN");
        System.out.printf("%s %s: MOTA %.4f IDF1 %.4f IDSW %d FP %d FN %d%n", sequence, tracker,
                m.get("mota").asDouble(), m.get("idf1").asDouble(), m.get("id_switches").asLong(),
                m.get("fp").asLong(), m.get("fn").asLong());
        return json;
    }

    @Test
    void byteTrackFollowsEveryoneAndCountsExactlyOnTheLabelledSequences(@TempDir Path work) throws Exception {
        long switches = 0;
        long crossings = 0;
        for (String sequence : List.of("crossing", "occlusion")) {
            JsonNode expected = JSON.readTree(sequences.resolve(sequence).resolve("expected.json").toFile());
            JsonNode bytetrack = evaluate(work, sequence, "bytetrack", expected);
            JsonNode sort = evaluate(work, sequence, "sort", expected);
            JsonNode m = bytetrack.get("metrics");
            assertTrue(m.get("idf1").asDouble() >= 0.93, sequence + " IDF1 " + m.get("idf1"));
            assertTrue(m.get("mota").asDouble() >= 0.90, sequence + " MOTA " + m.get("mota"));
            assertTrue(m.get("idf1").asDouble() > sort.get("metrics").get("idf1").asDouble(),
                    sequence + ": ByteTrack keeps identities better than plain SORT");
            switches += m.get("id_switches").asLong();
            crossings += expected.get("path_crossings").asLong();

            String line = expected.get("line_spec").asText().split("=")[0];
            String zone = expected.get("zone_spec").asText().split("=")[0];
            JsonNode counts = bytetrack.get("counts");
            for (String direction : List.of("in", "out")) {
                assertEquals(expected.get("line").get(line).get(direction).asLong(),
                        counts.get("lines").get(line).path(direction).path("person").asLong(0),
                        sequence + " line " + direction);
            }
            assertEquals(expected.get("zone").get(zone).get("entered").asLong(),
                    counts.get("zones").get(zone).get("entered").asLong(), sequence + " zone entries");
        }
        assertTrue(switches * 10 <= crossings, switches + " ID switches for " + crossings + " crossings of paths");
    }

    @Test
    void trackOnTheRealClipGivesEveryDetectionATrackIdAndWritesTheVideo(@TempDir Path work) throws Exception {
        Path out = work.resolve("out");
        Path lines = work.resolve("track.jsonl");
        Path csv = work.resolve("track.csv");
        VisionProcess.Result r = VisionProcess.run(work, Map.of(), "track",
                TestData.media("clips/vtest_first20s.mp4").toString(), "--classes", "person",
                "--line", "walk=0,300,768,300", "--zone", "lawn=0,330,768,330,768,576,0,576", "--out", out.toString(),
                "--json", lines.toString(), "--csv", csv.toString(), "--summary");
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
        assertTrue(detections > 800 && ids.size() >= 8 && ids.size() < 60, detections + " boxes, " + ids.size()
                + " tracks");
        assertTrue(events > 0);
        JsonNode summary = frames.get(200).get("summary").get("tracking");
        assertTrue(summary.get("tracks_per_class").get("person").asLong() >= ids.size() - 1, summary.toString());
        assertTrue(summary.get("lines").has("walk") && summary.get("zones").has("lawn"), summary.toString());
        assertEquals(200, Integer.parseInt(VideoCommandTest.probe(out.resolve("vtest_first20s.mp4")).get("nb_read_frames")));
        String header = Files.readAllLines(csv).get(0);
        assertTrue(header.contains("class_id,track_id,score"), header);
        assertTrue(r.stderr().contains("Line walk: in"), r.stderr());
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("bytetrack", run.get("tracking").get("tracker").asText());
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
            List<String> args = new ArrayList<>(List.of("track", clip, "--out", work.resolve("never").toString(),
                    c[0], c[1]));
            if (c[2].equals("used twice")) {
                args.addAll(List.of("--zone", "same=0,0,100,0,100,100"));
            }
            VisionProcess.Result r = VisionProcess.run(work, Map.of(), args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), c[1] + ": " + r.stderr());
            assertEquals(1, r.stderrLines().size(), c[1] + ": one line: " + r.stderr());
            assertTrue(r.stderr().startsWith("vision: " + (c[2].equals("used twice") ? "--zone" : c[0]))
                    && r.stderr().contains(c[2]), r.stderr());
            assertFalse(Files.exists(work.resolve("never")), "nothing written");
        }
    }
}
