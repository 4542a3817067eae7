package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several cameras and files in one run: per-stream outputs, fairness, reconnects, event clips. */
class ManySourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoClipsGiveEachStreamAllItsFramesInOrderAndItsOwnVideo(@TempDir Path work) throws Exception {
        Path list = work.resolve("cameras.txt");
        Files.writeString(
                list,
                "# the plaza, then the car park\n" + TestData.media("clips/vtest_first20s.mp4") + "\n\n   "
                        + TestData.media("clips/car-detection.mp4") + "   # overhead\n");
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                "--sources",
                list.toString(),
                "--json",
                "out.jsonl",
                "--out",
                "run",
                "--batch",
                "4",
                "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        Map<Integer, List<Long>> frames = new TreeMap<>();
        for (JsonNode line : VideoCommandTest.jsonLines(work.resolve("out.jsonl"))) {
            int stream = line.get("stream").asInt();
            assertTrue(line.get("source").asText().endsWith(stream == 0 ? "vtest_first20s.mp4" : "car-detection.mp4"));
            frames.computeIfAbsent(stream, k -> new ArrayList<>())
                    .add(line.get("frame").asLong());
        }
        assertEquals(200, frames.get(0).size());
        assertEquals(377, frames.get(1).size());
        for (List<Long> indices : frames.values()) {
            for (int i = 0; i < indices.size(); i++) {
                assertEquals(i, indices.get(i), "frames of a stream in order, none missing");
            }
        }
        assertEquals(
                "200",
                VideoCommandTest.probe(work.resolve("run/0-vtest_first20s.mp4")).get("nb_read_frames"));
        assertEquals(
                "377",
                VideoCommandTest.probe(work.resolve("run/1-car-detection.mp4")).get("nb_read_frames"));
        assertTrue(
                r.stderr().contains("Stream 0 " + TestData.media("clips/vtest_first20s.mp4") + ": 200 frame(s)"),
                r.stderr());
        assertTrue(
                r.stderr().contains("Stream 1 " + TestData.media("clips/car-detection.mp4") + ": 377 frame(s)"),
                r.stderr());
        JsonNode record = JSON.readTree(work.resolve("run/run.json").toFile());
        assertEquals(2, record.get("sources").size());
    }

    @Test
    void fourLiveCamerasOneDiesTheOthersKeepTheirRateAndItComesBack(@TempDir Path work) throws Exception {
        List<MjpegServer> cameras = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                cameras.add(new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start());
            }
            int port = EventsOutTest.freePort();
            Path lines = work.resolve("live.jsonl");
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "detect",
                    cameras.get(0).url(),
                    cameras.get(1).url(),
                    cameras.get(2).url(),
                    cameras.get(3).url(),
                    "--no-save",
                    "--json",
                    lines.toString(),
                    "--read-timeout",
                    "1500",
                    "--serve",
                    Integer.toString(port),
                    "-q");
            waitFor(
                    () -> perStream(lines).size() == 4
                            && perStream(lines).values().stream().allMatch(n -> n >= 10),
                    120,
                    "frames from all four cameras",
                    run);
            String base = "http://127.0.0.1:" + port;
            assertEquals(4, JSON.readTree(get(base + "/status")).get("streams").asInt());
            assertTrue(firstJpeg(base + "/stream/3.mjpg").length > 1000, "stream 3 is served as MJPEG");
            assertEquals(
                    404,
                    HTTP.send(
                                    HttpRequest.newBuilder(URI.create(base + "/stream/4.mjpg"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode());
            assertTrue(get(base + "/metrics").contains("vision_stream_frames_processed_total{stream=\"3\"}"));

            double before = othersRate(lines, 6);
            cameras.get(3).kill();
            Thread.sleep(1500);
            long deadBefore = perStream(lines).getOrDefault(3, 0L);
            double after = othersRate(lines, 6);
            assertTrue(
                    after >= 0.9 * before,
                    String.format(
                            "cameras 0-2 together: %.1f FPS before, %.1f FPS with " + "camera 3 down", before, after));
            assertTrue(perStream(lines).getOrDefault(3, 0L) - deadBefore <= 2, "camera 3 gave no frames while down");
            assertTrue(run.stderrSoFar().contains("stream 3: reconnecting"), run.stderrSoFar());

            cameras.get(3).start(); // the camera reboots on the same address
            long resumedFrom = perStream(lines).getOrDefault(3, 0L);
            waitFor(() -> perStream(lines).getOrDefault(3, 0L) >= resumedFrom + 10, 60, "camera 3 back", run);
            run.signal("INT");
            VisionProcess.Result r = run.await(30);
            assertEquals(130, r.exitCode(), r.stderr());
            assertTrue(r.stderr().contains("stream 3: live:"), r.stderr());
        } finally {
            for (MjpegServer c : cameras) {
                c.close();
            }
        }
    }

    @Test
    void eachCrossingOfTwoStreamsGetsItsClipAndGoesOutUnderItsStream(@TempDir Path work) throws Exception {
        int port = EventsOutTest.freePort();
        Process broker = EventsOutTest.mosquitto(port, work.resolve("mosquitto.log"));
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer http = EventsOutTest.webhook(hooks);
        List<String[]> mqtt = new CopyOnWriteArrayList<>();
        MqttClient sub = EventsOutTest.subscriber(port, mqtt);
        try {
            String clip = TestData.media("clips/vtest_first20s.mp4").toString();
            VisionProcess.Result r = VisionProcess.run(
                    work,
                    Map.of(),
                    "track",
                    clip,
                    clip,
                    "--classes",
                    "person",
                    "--line",
                    "walk=0,300,768,300",
                    "--clip-on",
                    "line_crossed:person",
                    "--clip-pre",
                    "1",
                    "--clip-post",
                    "1.5",
                    "--out",
                    "run",
                    "--json",
                    "t.jsonl",
                    "--mqtt",
                    "mqtt://127.0.0.1:" + port,
                    "--webhook",
                    "http://127.0.0.1:" + http.getAddress().getPort() + "/hook",
                    "-q");
            assertEquals(0, r.exitCode(), r.stderr());
            List<JsonNode> lines = VideoCommandTest.jsonLines(work.resolve("t.jsonl"));
            List<JsonNode> crossings = new ArrayList<>();
            for (JsonNode line : lines) {
                for (JsonNode e : line.path("events")) {
                    if (e.get("type").asText().equals("line_crossed")) {
                        crossings.add(e);
                        Path file = work.resolve(e.get("clip").asText());
                        assertTrue(Files.exists(file), "the clip of " + e + " exists");
                        long t = line.get("timestamp_ms").asLong();
                        int stream = line.get("stream").asInt();
                        assertTrue(file.getFileName().toString().startsWith(stream + "-vtest_first20s_t"));
                        // the clip holds exactly the stream's frames from 1 s before to 1.5 s after
                        List<Long> window = lines.stream()
                                .filter(l -> l.get("stream").asInt() == stream)
                                .map(l -> l.get("timestamp_ms").asLong())
                                .filter(ts -> ts >= t - 1000 && ts <= t + 1500)
                                .toList();
                        Map<String, String> probe = VideoCommandTest.probe(file);
                        assertEquals(Integer.toString(window.size()), probe.get("nb_read_frames"), file.toString());
                        double[] span = ptsSpan(file);
                        assertEquals(
                                (window.get(window.size() - 1) - window.get(0)) / 1000.0,
                                span[1] - span[0],
                                0.011,
                                file + " spans the window's time");
                    }
                }
            }
            assertTrue(crossings.size() >= 4, "both streams cross the line: " + crossings);
            Thread.sleep(500);
            for (int stream = 0; stream < 2; stream++) {
                String topic = "vision/" + stream + "/events";
                int s = stream;
                long expected = crossings.stream()
                        .filter(e -> e.get("clip").asText().contains("/" + s + "-"))
                        .count();
                long onMqtt = mqtt.stream()
                        .filter(m -> m[0].equals(topic)
                                && m[1].contains("\"line_crossed\"")
                                && m[1].contains("\"stream\":" + s)
                                && m[1].contains("\"clip\""))
                        .count();
                assertEquals(expected, onMqtt, topic);
                String status = "vision/" + stream + "/status";
                assertTrue(mqtt.stream().anyMatch(m -> m[0].equals(status) && m[1].equals("ended")), status);
            }
            assertEquals(
                    crossings.size(),
                    hooks.stream().filter(h -> h.contains("\"line_crossed\"")).count());
            JsonNode record = JSON.readTree(work.resolve("run/run.json").toFile());
            assertEquals(crossings.size(), record.get("clips").size());
        } finally {
            EventsOutTest.closeQuietly(sub);
            http.stop(0);
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** First and last presentation time of a video's frames, in seconds. */
    private static double[] ptsSpan(Path video) throws Exception {
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "packet=pts_time",
                        "-of",
                        "csv=p=0",
                        video.toString())
                .redirectErrorStream(true)
                .start();
        List<Double> times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank())
                .map(Double::parseDouble)
                .sorted()
                .toList();
        p.waitFor(30, TimeUnit.SECONDS);
        return new double[] {times.get(0), times.get(times.size() - 1)};
    }

    /** Frames per second of streams 0 to 2 together over {@code seconds}. */
    private static double othersRate(Path lines, int seconds) throws Exception {
        long start = others(perStream(lines));
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long end = others(perStream(lines));
        return (end - start) / ((System.nanoTime() - t0) / 1e9);
    }

    private static long others(Map<Integer, Long> counts) {
        return counts.getOrDefault(0, 0L) + counts.getOrDefault(1, 0L) + counts.getOrDefault(2, 0L);
    }

    /** JSON lines so far per stream (a line being written is left out). */
    private static Map<Integer, Long> perStream(Path lines) {
        Map<Integer, Long> counts = new TreeMap<>();
        try {
            if (!Files.exists(lines)) {
                return counts;
            }
            String text = Files.readString(lines, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            for (String line : text.substring(0, end + 1).lines().toList()) {
                counts.merge(JSON.readTree(line).get("stream").asInt(), 1L, Long::sum);
            }
        } catch (IOException e) {
            // read again next time
        }
        return counts;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check, long seconds, String what, VisionProcess.Running run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.holds()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + seconds + " s:\n" + run.stderrSoFar());
            Thread.sleep(200);
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The first JPEG of an MJPEG stream (from its start marker to its end marker). */
    private static byte[] firstJpeg(String url) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream in = response.body()) {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            int prev = -1;
            boolean inImage = false;
            for (int b; (b = in.read()) >= 0; prev = b) {
                if (!inImage && prev == 0xFF && b == 0xD8) {
                    inImage = true;
                    seen.write(0xFF);
                }
                if (inImage) {
                    seen.write(b);
                    if (prev == 0xFF && b == 0xD9) {
                        return seen.toByteArray();
                    }
                }
            }
        }
        return new byte[0];
    }

    /** How many streams have at least one whole line in the JSON lines so far. */
    private static long streamsWritten(Path lines) throws IOException {
        String text = Files.readString(lines);
        return text.lines()
                .filter(l -> l.endsWith("}"))
                .map(l -> l.replaceAll("^\\{\"source\":\"[^\"]*\",\"stream\":(\\d+),.*$", "$1"))
                .distinct()
                .count();
    }

    /** {@code n} sources, each a link to the same clip under its own name (v0.mp4 …), listed in a file. */
    private static Path sources(Path work, int n) throws Exception {
        Path clip = TestData.media("clips/vtest_first20s.mp4");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path link = Files.createSymbolicLink(work.resolve("v" + i + ".mp4"), clip);
            lines.add(link.toString());
        }
        return Files.write(work.resolve("cameras.txt"), lines);
    }

    @Test
    void sixtyFourSourcesStopWithinTenSecondsOfSigtermWithEveryVideoPlayable(@TempDir Path work) throws Exception {
        Path list = sources(work, 64);
        Path out = work.resolve("out");
        Path lines = work.resolve("lines.jsonl");
        VisionProcess.Running run = VisionProcess.start(
                work,
                Map.of(),
                "detect",
                "--sources",
                list.toString(),
                "--out",
                out.toString(),
                "--json",
                lines.toString(),
                "-q");
        // every stream has a frame written (so each has a video to finish), whatever the order of the sources
        Await.until(
                () -> Files.exists(lines) && streamsWritten(lines) == 64,
                Duration.ofSeconds(120),
                "a frame of each of the 64 sources: " + run.stderrSoFar());
        run.signal("TERM");
        long signalled = System.nanoTime();
        VisionProcess.Result r = run.await(60);
        double seconds = (System.nanoTime() - signalled) / 1e9;
        assertEquals(130, r.exitCode(), r.stderr());
        assertTrue(seconds < 10, "ended " + seconds + " s after SIGTERM");
        assertTrue(r.stderr().contains("SIGTERM received"), r.stderr());
        for (int i = 0; i < 64; i++) {
            Path video = out.resolve(i + "-v" + i + ".mp4");
            int frames = Integer.parseInt(VideoCommandTest.probe(video).get("nb_read_frames"));
            assertTrue(frames > 0 && frames < 200, video + " plays, with the frames up to the stop: " + frames);
        }
        try (var left = Files.list(out)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no hidden part left");
        }
    }

    @Test
    void aRunThatCannotFitTheMemoryLimitIsRefusedAtStartNamingItsLargestParts(@TempDir Path work) throws Exception {
        Path list = sources(work, 16);
        Path out = work.resolve("out");
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=1g"),
                "detect",
                "--sources",
                list.toString(),
                "--out",
                out.toString(),
                "-q");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(
                r.stderr().startsWith("vision: this run needs about 1.2 GiB of memory (16 MP4 encoders 0.5 GiB, ")
                        && r.stderr().contains("16 decoders and their frame buffers 0.3 GiB")
                        && r.stderr().contains("but the process may use 1.0 GiB: write no videos (--no-save)"),
                r.stderr());
        assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing written");
        VisionProcess.Result fits = VisionProcess.run(
                work,
                Map.of(),
                List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=1g"),
                "detect",
                "--sources",
                list.toString(),
                "--no-save",
                "--vid-stride",
                "50",
                "-q");
        assertEquals(0, fits.exitCode(), "without videos it fits: " + fits.stderr());
    }
}
