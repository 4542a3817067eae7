package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.testing.Browser;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/** {@code --serve}: the live page in headless Chromium, the MJPEG stream, events and metrics. */
class ServeTest {

    static {
        OpenCvRuntime.load();
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    /**
     * {@code --realtime --serve} on a file: it plays at its own pace (its 200 frames at 10 FPS take at least 20 s,
     * not the few seconds the model needs), then the page stays up with the run's end until Ctrl-C.
     */
    @Test
    void aPlayedFileKeepsItsPaceAndItsPageUntilCtrlC(@TempDir Path work) throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        VisionProcess.Running run = VisionProcess.start(
                work,
                Map.of(),
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--no-save",
                "--json",
                "p.jsonl",
                "--realtime",
                "--serve",
                Integer.toString(port));
        Await.until(
                () -> Files.exists(work.resolve("p.jsonl")) && Files.size(work.resolve("p.jsonl")) > 0,
                Duration.ofSeconds(120),
                "the first frame");
        long firstFrame = System.nanoTime();
        Await.until(() -> run.stderrSoFar().contains("the page stays up"), Duration.ofSeconds(120), "the end");
        double playedSeconds = (System.nanoTime() - firstFrame) / 1e9;
        assertTrue(playedSeconds >= 18, "20 s of video played in " + playedSeconds + " s");
        assertTrue(get(base + "/status").contains("\"state\":\"ended\""), "the page is still served after the end");
        run.signal("INT");
        VisionProcess.Result r = run.await(20);
        assertEquals(0, r.exitCode(), r.stderr());
    }

    /**
     * A run with a privacy mask and {@code --serve}: the MJPEG stream's frames are flat under the mask, and the
     * read-only editor on the live stream turns a line drawn with the mouse into the {@code --line} option.
     */
    @Test
    void theLiveStreamIsMaskedAndItsEditorGivesTheOptionOfALineDrawn(@TempDir Path work) throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        try (MjpegServer camera = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start()) {
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "detect",
                    camera.url(),
                    "--no-save",
                    "--privacy-mask",
                    "left=0,0,384,0,384,576,0,576",
                    "--serve",
                    Integer.toString(port));
            try {
                Await.until(
                        () -> {
                            try {
                                return new ObjectMapper()
                                                .readTree(get(base + "/status"))
                                                .path("processed")
                                                .asLong()
                                        > 5;
                            } catch (IOException e) {
                                return false;
                            }
                        },
                        Duration.ofSeconds(120),
                        "frames on the page");
                for (int i = 0; i < 3; i++) {
                    Mat frame = Imgcodecs.imdecode(
                            new MatOfByte(firstJpeg(base + "/stream.mjpg")), Imgcodecs.IMREAD_GRAYSCALE);
                    Core.MinMaxLocResult left = Core.minMaxLoc(frame.submat(new Rect(0, 0, 368, frame.rows())));
                    Core.MinMaxLocResult right = Core.minMaxLoc(frame.submat(new Rect(400, 0, 368, frame.rows())));
                    assertTrue(left.maxVal - left.minVal <= 8, "the MJPEG frame is flat under the mask");
                    assertTrue(right.maxVal - right.minVal > 60, "and shows the rest");
                }
                try (Browser browser = Browser.start(work)) {
                    Browser.Tab page = browser.open(base + "/editor");
                    assertTrue(page.waitFor("document.getElementById('frame').naturalWidth === 768", 30), page.html());
                    JsonNode tool = page.eval("(() => { const b = document.querySelector('#tools [data-tool=line]')"
                            + ".getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()");
                    page.click(tool.get(0).asDouble(), tool.get(1).asDouble());
                    JsonNode frame = page.eval("(() => { const r = document.getElementById('overlay')"
                            + ".getBoundingClientRect(); return [r.left, r.top, r.width / 768, r.height / 576]; })()");
                    double x0 = frame.get(0).asDouble();
                    double y0 = frame.get(1).asDouble();
                    double sx = frame.get(2).asDouble();
                    double sy = frame.get(3).asDouble();
                    page.click(x0 + 100 * sx, y0 + 300 * sy);
                    page.click(x0 + 700 * sx, y0 + 300 * sy);
                    assertTrue(
                            page.waitFor(
                                    "/^--line line1=(99|100|101),(299|300|301),(699|700|701),(299|300|301)$/"
                                            + ".test(document.getElementById('message').textContent)",
                                    10),
                            page.html());
                }
            } finally {
                run.signal("INT");
                run.await(30);
            }
        }
    }

    /** The first whole JPEG of a multipart MJPEG stream. */
    private static byte[] firstJpeg(String url) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            int previous = -1;
            boolean inside = false;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (!inside && previous == 0xFF && b == 0xD8) {
                    inside = true;
                    jpeg.write(0xFF);
                }
                if (inside) {
                    jpeg.write(b);
                    if (previous == 0xFF && b == 0xD9) {
                        return jpeg.toByteArray();
                    }
                }
                previous = b;
            }
        }
        throw new AssertionError("no JPEG in " + url);
    }

    /** Headless Chromium as the issue prescribes, with a fresh profile; returns its stdout. */
    private static String chromium(Path work, String... args) throws IOException, InterruptedException {
        List<String> cmd = Browser.headless(work);
        cmd.add("--timeout=5000");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished");
        return out;
    }

    @Test
    void theLivePageShowsAnUpdatingImageAndThePeopleInTheClip(@TempDir Path work) throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        try (MjpegServer camera = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start()) {
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "detect",
                    camera.url(),
                    "--no-save",
                    "--serve",
                    Integer.toString(port),
                    "--engine",
                    "onnxruntime",
                    "-q");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            JsonNode status = null;
            while (System.nanoTime() < deadline) {
                try {
                    status = new ObjectMapper().readTree(get(base + "/status"));
                    if (status.path("processed").asLong() > 10) {
                        break;
                    }
                } catch (IOException notYet) {
                    // the server starts before the model has loaded; frames come after
                }
                Thread.sleep(200);
            }
            assertTrue(
                    status != null && status.path("processed").asLong() > 10,
                    "frames flowing: " + status + "\n" + run.stderrSoFar());
            assertEquals("yolox-nano", status.get("model").asText());

            // what a person sees: the table names the people, the picture changes between two looks
            String dom;
            try (Browser browser = Browser.start(work)) {
                Browser.Tab page = browser.open(base + "/");
                page.waitFor("[...document.querySelectorAll('td.label')].some(td => td.textContent === 'person')", 20);
                dom = page.html();
            }
            assertTrue(
                    Pattern.compile("<td class=\"label\">person</td>")
                            .matcher(dom)
                            .find(),
                    dom);
            assertTrue(dom.contains("Apache-2.0"), "the model's licence is on the page");
            Path first = work.resolve("page-1.png");
            Path second = work.resolve("page-2.png");
            chromium(work, "--screenshot=" + first, base + "/");
            chromium(work, "--screenshot=" + second, base + "/");
            Files.createDirectories(Path.of("target"));
            Files.copy(second, Path.of("target", "serve-page.png"), StandardCopyOption.REPLACE_EXISTING);
            Mat a = Imgcodecs.imread(first.toString());
            Mat b = Imgcodecs.imread(second.toString());
            Rect picture = new Rect(20, 62, 760, 560);
            Mat diff = new Mat();
            Core.absdiff(a.submat(picture), b.submat(picture), diff);
            double change = Core.mean(diff).val[0] + Core.mean(diff).val[1] + Core.mean(diff).val[2];
            assertTrue(Core.mean(a.submat(picture)).val[1] > 30, "the picture is there, not a blank box");
            assertTrue(change > 0.5, "the picture changed between two screenshots: " + change);

            // /stream.mjpg decodes as JPEG frames, read by FFmpeg through our own source
            try (FrameSource stream = Sources.open(base + "/stream.mjpg", 5000)) {
                for (int i = 0; i < 3; i++) {
                    Optional<Frame> f = stream.next();
                    assertTrue(f.isPresent(), "MJPEG frame " + i);
                    try (Frame frame = f.get()) {
                        assertEquals(768, frame.meta().width());
                        assertEquals(576, frame.meta().height());
                    }
                }
            }

            // a viewer that closes its connection is gone from the server at its next frame
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (parsePrometheus(get(base + "/metrics")).get("vision_viewers{endpoint=\"stream\"}") > 0) {
                assertTrue(System.nanoTime() < until, "the closed MJPEG viewer is still counted");
                Thread.sleep(100);
            }

            // /events carries JSON lines; /metrics parses as Prometheus text
            HttpResponse<InputStream> events = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                JsonNode event = null;
                for (String line; event == null && (line = reader.readLine()) != null; ) {
                    if (line.startsWith("data: ") && line.contains("\"detections\"")) {
                        event = new ObjectMapper().readTree(line.substring(6));
                    }
                }
                assertTrue(event != null && event.has("frame") && event.has("timings_ms"), "an event per frame");
            }
            Map<String, Double> metrics = parsePrometheus(get(base + "/metrics"));
            assertTrue(metrics.get("vision_frames_processed_total") > 10, metrics.toString());
            assertTrue(
                    metrics.containsKey("vision_stage_latency_seconds{stage=\"inference\",quantile=\"0.95\"}"),
                    metrics.toString());

            run.signal("INT");
            VisionProcess.Result r = run.await(60);
            assertEquals(130, r.exitCode(), r.stderr());
            assertFalse(r.stderr().contains("Exception"), r.stderr());
        }
    }

    @Test
    void aBusyPortIsOneLineAndExit2BeforeAnyFrame(@TempDir Path work) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            VisionProcess.Result r = VisionProcess.run(
                    work,
                    Map.of(),
                    "detect",
                    TestData.media("clips/vtest_first20s.mp4").toString(),
                    "--serve",
                    Integer.toString(taken.getLocalPort()),
                    "--json",
                    "out.jsonl",
                    "--no-save");
            assertEquals(2, r.exitCode());
            assertEquals(1, r.stderrLines().size(), r.stderr());
            assertTrue(r.stderr().contains("already in use"), r.stderr());
            assertFalse(Files.exists(work.resolve("out.jsonl")), "no frame was read, no output opened");
        }
    }

    /**
     * A strict reading of the Prometheus text format: HELP and TYPE comments, then samples
     * {@code name{label="v",…} value} of declared metric families.
     */
    static Map<String, Double> parsePrometheus(String text) {
        Pattern sample = Pattern.compile(
                "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*\\})? (\\S+)");
        Map<String, String> types = new HashMap<>();
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                assertTrue(
                        List.of("counter", "gauge", "summary", "histogram", "untyped")
                                .contains(f[3]),
                        line);
                types.put(f[2], f[3]);
            } else if (line.startsWith("# HELP ") || line.isEmpty()) {
                continue;
            } else {
                var m = sample.matcher(line);
                assertTrue(m.matches(), "not a Prometheus sample: " + line);
                String family = m.group(1).replaceAll("_(sum|count)$", "");
                assertTrue(types.containsKey(family) || types.containsKey(m.group(1)), "TYPE missing for " + line);
                values.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(4)));
            }
        }
        return values;
    }

    @Test
    void aTrackedRunShowsItsCountsOnThePageAndCountsCrossingsInMetrics(@TempDir Path work) throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        try (MjpegServer camera = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start()) {
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "track",
                    camera.url(),
                    "--no-save",
                    "--classes",
                    "person",
                    "--line",
                    "walk=0,260,768,260",
                    "--zone",
                    "road=0,150,768,150,768,330,0,330",
                    "--serve",
                    Integer.toString(port),
                    "-q");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Map<String, Double> metrics = Map.of();
            while (System.nanoTime() < deadline) {
                try {
                    metrics = parsePrometheus(get(base + "/metrics"));
                    if (metrics.keySet().stream().anyMatch(k -> k.startsWith("vision_line_crossings_total{"))) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not serving yet
                }
                Thread.sleep(300);
            }
            assertTrue(
                    metrics.keySet().stream()
                            .anyMatch(k -> k.startsWith("vision_line_crossings_total{")
                                    && k.contains("line=\"walk\"")
                                    && k.contains("class=\"person\"")),
                    metrics.toString() + "\n" + run.stderrSoFar());
            assertTrue(
                    metrics.keySet().stream().anyMatch(k -> k.startsWith("vision_zone_occupancy{")),
                    metrics.toString());
            String dom;
            try (Browser browser = Browser.start(work)) {
                Browser.Tab page = browser.open(base + "/");
                page.waitFor("document.getElementById('tallies').textContent.includes('road')", 20);
                dom = page.html();
            }
            assertTrue(
                    dom.contains(">walk<") && dom.contains(">road<"), "the page shows the line and the zone: " + dom);
            run.signal("TERM");
            assertEquals(130, run.await(60).exitCode());
        }
    }

    /** Per tile of the page: [natural width, a fingerprint of its image, its caption]. */
    private static final String TILES = "JSON.stringify([...document.querySelectorAll('#grid figure')].map(f => "
            + "[f.querySelector('img').naturalWidth, f.querySelector('img').src.length + ':' "
            + "+ f.querySelector('img').src.slice(-64), f.querySelector('figcaption').textContent]))";

    @Test
    void eightCamerasOnOnePageInTwoTabsEveryTileUpdatesWithItsCountsAndTallies(@TempDir Path work) throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        List<MjpegServer> cameras = new ArrayList<>();
        try {
            List<String> args = new ArrayList<>(List.of("track"));
            for (int i = 0; i < 8; i++) {
                MjpegServer camera = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start();
                cameras.add(camera);
                args.add("cam" + i + "=" + camera.url());
            }
            args.addAll(List.of(
                    "--no-save",
                    "--classes",
                    "person",
                    "--line",
                    "walk=0,260,768,260",
                    "--serve",
                    Integer.toString(port),
                    "-q"));
            VisionProcess.Running run = VisionProcess.start(work, Map.of(), args.toArray(String[]::new));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            JsonNode status = null;
            while (System.nanoTime() < deadline) {
                try {
                    status = new ObjectMapper().readTree(get(base + "/status"));
                    if (status.path("processed").asLong() > 16) {
                        break;
                    }
                } catch (IOException notYet) {
                    // the server starts before the model has loaded
                }
                Thread.sleep(200);
            }
            assertTrue(
                    status != null && status.path("processed").asLong() > 16,
                    "frames flowing: " + status + "\n" + run.stderrSoFar());
            try (Browser browser = Browser.start(work)) {
                Browser.Tab first = browser.open(base + "/");
                Browser.Tab second = browser.open(base + "/"); // the same browser: both tabs share its six connections
                for (Browser.Tab tab : List.of(first, second)) {
                    assertTrue(
                            tab.waitFor(
                                    "document.querySelectorAll('#grid img').length === 8 && [...document"
                                            + ".querySelectorAll('#grid img')].every(i => i.naturalWidth > 0) && [...document"
                                            + ".querySelectorAll('#grid figcaption')].every(c => /FPS/.test(c.textContent) && "
                                            + "/person|no objects/.test(c.textContent)) && document.querySelectorAll('#tallies tr')"
                                            + ".length === 8",
                                    15),
                            "within 15 s every tile shows a picture, its rate and counts, and "
                                    + "every stream its tally: " + tab.eval(TILES) + " "
                                    + tab.eval("document.getElementById('tallies').textContent"));
                }
                JsonNode before = new ObjectMapper().readTree(first.eval(TILES).asText());
                Await.until(
                        () -> {
                            JsonNode now = new ObjectMapper()
                                    .readTree(first.eval(TILES).asText());
                            for (int i = 0; i < 8; i++) {
                                if (before.get(i).get(1).equals(now.get(i).get(1))) {
                                    return false;
                                }
                            }
                            return true;
                        },
                        Duration.ofSeconds(30),
                        "every tile to change");
                JsonNode after = new ObjectMapper().readTree(first.eval(TILES).asText());
                for (int i = 0; i < 8; i++) {
                    assertTrue(after.get(i).get(2).asText().startsWith("cam" + i + " · "), "named: " + after.get(i));
                }
                String tallies = first.eval("document.getElementById('tallies').textContent")
                        .asText();
                for (int i = 0; i < 8; i++) {
                    assertTrue(tallies.contains("cam" + i + " · walk"), tallies);
                }
                assertTrue(tallies.matches("(?s).*in \\d+ · out \\d+.*"), tallies);
                JsonNode s = new ObjectMapper().readTree(get(base + "/status"));
                assertTrue(
                        s.get("fps").asDouble() > 1 && s.get("fps").asDouble() < 200, "a real rate: " + s.get("fps"));
                assertEquals("cam3", s.get("per_stream").get(3).get("name").asText());
            }
            run.signal("TERM");
            assertEquals(130, run.await(60).exitCode());
        } finally {
            for (MjpegServer c : cameras) {
                c.close();
            }
        }
    }
}
