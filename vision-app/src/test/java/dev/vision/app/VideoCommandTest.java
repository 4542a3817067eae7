package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video files, a live HTTP MJPEG stream and Ctrl-C, through the vision command in its own JVM. */
class VideoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** codec, pixel format, size, frame rate and decoded frame count, as ffprobe reports them. */
    static Map<String, String> probe(Path video) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-count_frames",
                        "-show_entries",
                        "stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_read_frames",
                        "-of",
                        "default=nw=1",
                        video.toString())
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "ffprobe: " + text);
        Map<String, String> fields = new HashMap<>();
        text.lines()
                .filter(l -> l.contains("="))
                .forEach(l -> fields.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return fields;
    }

    /** Every line must be a whole JSON object: a half-written line fails to parse. */
    static List<JsonNode> jsonLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the file ends with a complete line");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).lines().count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void waitUntil(BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aVideoFileBecomesAnH264Mp4WithEveryFrameAndAJsonLineEach(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--out",
                "out",
                "--json",
                "out.jsonl",
                "--engine",
                "onnxruntime",
                "--summary");
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, String> video = probe(work.resolve("out/vtest_first20s.mp4"));
        assertEquals("h264", video.get("codec_name"));
        assertEquals("yuv420p", video.get("pix_fmt"));
        assertEquals("768", video.get("width"));
        assertEquals("576", video.get("height"));
        assertEquals("10/1", video.get("r_frame_rate"));
        assertEquals("200", video.get("nb_read_frames"));

        List<JsonNode> lines = jsonLines(work.resolve("out.jsonl"));
        assertEquals(201, lines.size(), "200 frames and the summary");
        long withPeople = 0;
        for (int i = 0; i < 200; i++) {
            JsonNode line = lines.get(i);
            assertEquals(i, line.get("frame").asInt());
            assertEquals(i * 100, line.get("timestamp_ms").asLong(), 1);
            boolean person = false;
            for (JsonNode d : line.get("detections")) {
                person |= d.get("label").asText().equals("person")
                        && d.get("score").asDouble() > 0.4;
            }
            withPeople += person ? 1 : 0;
        }
        assertTrue(withPeople > 180, "people on the plaza in most frames: " + withPeople);
        JsonNode summary = lines.get(200).get("summary");
        assertEquals(200, summary.get("processed").asInt());
        assertEquals(0, summary.get("dropped").asInt(), "nothing is dropped from a file");
        assertTrue(summary.get("stages_ms").get("inference").get("p95").asDouble() > 0);
        assertTrue(r.stderr().contains("200 processed, 0 dropped, 0 skipped"), r.stderr());
    }

    @Test
    void vidStrideKeepsEveryNthFrameAndSlowsTheVideoToMatch(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--out",
                "out",
                "--json",
                "out.jsonl",
                "--engine",
                "onnxruntime",
                "--vid-stride",
                "5",
                "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        List<JsonNode> lines = jsonLines(work.resolve("out.jsonl"));
        assertEquals(40, lines.size());
        assertEquals(
                List.of(0, 5, 10),
                lines.subList(0, 3).stream().map(l -> l.get("frame").asInt()).toList());
        Map<String, String> video = probe(work.resolve("out/vtest_first20s.mp4"));
        assertEquals("40", video.get("nb_read_frames"));
        assertEquals("2/1", video.get("r_frame_rate"), "20 s of clip stay 20 s of video");
    }

    @Test
    void ctrlCInTheMiddleOfAVideoLeavesAPlayableMp4AndWholeJsonLines(@TempDir Path work) throws Exception {
        VisionProcess.Running run = VisionProcess.start(
                work,
                Map.of(),
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--out",
                "out",
                "--json",
                "out.jsonl",
                "--engine",
                "onnxruntime",
                "--simulate-slow-model",
                "100");
        Path json = work.resolve("out.jsonl");
        waitUntil(() -> lineCount(json) >= 20, 120, "20 frames");
        run.signal("INT");
        VisionProcess.Result r = run.await(60);
        assertEquals(130, r.exitCode(), r.stderr());
        List<JsonNode> lines = jsonLines(json);
        assertTrue(lines.size() >= 20 && lines.size() < 200, "stopped part way: " + lines.size());
        Map<String, String> video = probe(work.resolve("out/vtest_first20s.mp4"));
        assertEquals("h264", video.get("codec_name"));
        assertEquals(Integer.toString(lines.size()), video.get("nb_read_frames"), "the video holds every frame logged");
        assertTrue(r.stderr().contains("Interrupted:"), r.stderr());
        assertTrue(Files.exists(work.resolve("out/run.json")));
    }

    @Test
    void aLiveStreamWithASlowModelDropsFramesKeepsLatencyBoundedAndSurvivesAServerRestart(@TempDir Path work)
            throws Exception {
        try (MjpegServer server = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start()) {
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "detect",
                    server.url(),
                    "--out",
                    "out",
                    "--json",
                    "live.jsonl",
                    "--summary",
                    "--engine",
                    "onnxruntime",
                    "--simulate-slow-model",
                    "300",
                    // one model call at a time, about 3 a second: two workers made it 6, near the rate at which
                    // ffmpeg served the stream on a loaded 2-core machine, and few frames were dropped
                    "--workers",
                    "1",
                    "--read-timeout",
                    "2000");
            Path json = work.resolve("live.jsonl");
            waitUntil(() -> lineCount(json) >= 8, 120, "8 live frames");

            server.kill();
            Await.until(() -> run.stderrSoFar().contains("reconnecting"), Duration.ofSeconds(60), "the loss said");
            long beforeRestart = lineCount(json);
            server.start();
            waitUntil(
                    () -> {
                        try {
                            return run.stderrSoFar().contains("reconnected");
                        } catch (IOException e) {
                            return false;
                        }
                    },
                    60,
                    "a reconnect");
            waitUntil(() -> lineCount(json) >= beforeRestart + 8, 60, "frames after the reconnect");

            run.signal("INT");
            VisionProcess.Result r = run.await(60);
            assertEquals(130, r.exitCode(), r.stderr());
            assertFalse(r.stderr().contains("Exception"), r.stderr());
            List<JsonNode> lines = jsonLines(json);
            JsonNode summary = lines.get(lines.size() - 1).get("summary");
            long processed = summary.get("processed").asLong();
            assertEquals(lines.size() - 1, processed);
            assertTrue(
                    summary.get("dropped").asLong() > processed / 2,
                    "a 25 fps stream into a ~3 fps model drops most frames: " + summary);
            double p95 = summary.get("stages_ms").get("latency").get("p95").asDouble();
            assertTrue(p95 < 2000, "latency stays bounded, not growing with a queue: p95 " + p95 + " ms");
            Map<String, String> video = probe(work.resolve("out/stream.mp4"));
            assertEquals("h264", video.get("codec_name"));
            assertEquals(Long.toString(processed), video.get("nb_read_frames"));
        }
    }
}
