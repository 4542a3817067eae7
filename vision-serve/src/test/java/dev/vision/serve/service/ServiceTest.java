package dev.vision.serve.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import dev.vision.video.VideoChecks;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vision serve} as its operator uses it: two loopback MJPEG cameras (ffmpeg serving the pedestrian clip),
 * changed live over the API while camera 1 is watched for gaps; then a restart from the file it wrote.
 */
class ServiceTest {

    private static final String TOKEN = "test-token-1";
    private static final Map<String, String> ENV = Map.of(ApiToken.VARIABLE, TOKEN);
    private static final Path CLIP = TestData.media("clips/vtest_first20s.mp4");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> log = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @Test
    void camerasLinesAndZonesChangeLiveAndComeBackAfterARestart() throws Exception {
        AtomicLong memoryLimit = new AtomicLong(Long.MAX_VALUE);
        try (MjpegServer one = new MjpegServer(CLIP).start();
                MjpegServer two = new MjpegServer(CLIP).start();
                MjpegServer three = new MjpegServer(CLIP)) {
            Path config = dir.resolve("site.yaml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "defaults:",
                            "  max_fps: 5",
                            "  classes: [person]",
                            "cameras:",
                            "  - name: one",
                            "    url: " + one.url(),
                            "    lines:",
                            "      - name: gate",
                            "        points: [[384, 0], [384, 576]]",
                            "  - name: two",
                            "    url: " + two.url(),
                            "server:",
                            "  listen: 127.0.0.1:0",
                            ""));
            long gateTotal;
            try (VisionService service = VisionService.start(
                    config, ENV, TestData.modelStore(dir.resolve("cache")), memoryLimit::get, log::add)) {
                String api = "http://127.0.0.1:" + service.port() + "/api";
                client = new ServiceClient(service.port(), log);
                awaitStatus(
                        api,
                        s -> s.path("one").path("frames").asLong() > 0
                                && s.path("two").path("frames").asLong() > 0);
                FrameWatch gaps = new FrameWatch(() -> status(api), List.of("one")).start();

                String third =
                        "{\"name\": \"three\", \"url\": \"" + three.start().url() + "\", \"record\": \"continuous\"}";
                assertEquals(401, send("POST", api + "/cameras", third, null).statusCode());
                HttpResponse<String> added = send("POST", api + "/cameras", third, TOKEN);
                assertEquals(201, added.statusCode(), added.body());
                assertEquals(409, send("POST", api + "/cameras", third, TOKEN).statusCode());
                awaitStatus(api, s -> s.path("three").path("frames").asLong() > 0);

                awaitStatus(api, s -> total(s, "one", "gate") > 0); // people cross the middle of the clip
                JsonNode before = status(api);
                gateTotal = total(before, "one", "gate");
                HttpResponse<String> line =
                        send("PUT", api + "/cameras/one/lines/door", "{\"points\": [[0, 288], [768, 288]]}", TOKEN);
                assertEquals(200, line.statusCode(), line.body());
                JsonNode after =
                        awaitStatus(api, s -> s.path("one").path("lines").has("door"));
                assertTrue(total(after, "one", "gate") >= gateTotal, "the unchanged line kept its totals: " + after);

                HttpResponse<String> badFile = send("PUT", api + "/config", "cameras: [oops", TOKEN);
                assertEquals(422, badFile.statusCode(), badFile.body());
                JsonNode fileProblem =
                        JSON.readTree(badFile.body()).path("problems").path(0);
                assertEquals(1, fileProblem.path("line").asInt(), badFile.body());

                HttpResponse<String> badLine =
                        send("PUT", api + "/cameras/one/lines/stub", "{\"points\": [[0, 288]]}", TOKEN);
                assertEquals(422, badLine.statusCode());
                JsonNode problem = JSON.readTree(badLine.body());
                assertEquals(
                        "cameras[0].lines[2].points", problem.path("setting").asText(), badLine.body());

                assertEquals(
                        204, send("DELETE", api + "/cameras/two", null, TOKEN).statusCode());
                assertEquals(404, send("GET", api + "/cameras/two", null, null).statusCode());
                assertFalse(status(api).has("two"));

                memoryLimit.set(1); // no camera fits: an add is refused, and nothing starts
                HttpResponse<String> refused =
                        send("POST", api + "/cameras", "{\"name\": \"four\", \"url\": \"" + CLIP + "\"}", TOKEN);
                assertEquals(507, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("memory"), refused.body());
                assertFalse(status(api).has("four"));
                memoryLimit.set(Long.MAX_VALUE);

                assertEquals(
                        200,
                        send("PATCH", api + "/cameras/three", "{\"enabled\": false}", TOKEN)
                                .statusCode());
                awaitStatus(api, s -> s.path("three").path("state").asText().equals("disabled"));
                try (Stream<Path> segments = Files.list(dir.resolve("vision-data/recordings/three"))) {
                    List<Path> whole = segments.filter(
                                    p -> p.getFileName().toString().matches("\\d{8}-\\d{6}.*\\.mp4"))
                            .toList();
                    assertEquals(1, whole.size(), "the segment was finished when the camera stopped: " + whole);
                    assertTrue(VideoChecks.frameCount(whole.get(0)) > 0, whole.get(0) + " plays");
                }
                three.start(); // ffmpeg -listen serves one client: the camera "reboots" while disabled
                long framesBefore = status(api).path("three").path("frames").asLong();
                assertEquals(
                        200,
                        send("PATCH", api + "/cameras/three", "{\"enabled\": true}", TOKEN)
                                .statusCode());
                awaitStatus(api, s -> s.path("three").path("frames").asLong() > framesBefore);

                byte[] jpeg = client.bytes(api + "/cameras/one/snapshot.jpg?annotated=1");
                assertEquals((byte) 0xFF, jpeg[0]);
                assertEquals((byte) 0xD8, jpeg[1]);

                String metrics = send("GET", "http://127.0.0.1:" + service.port() + "/metrics", null, null)
                        .body();
                assertTrue(metrics.contains("vision_camera_frames_total{stream=\"one\"}"), metrics);
                assertTrue(metrics.contains("vision_camera_up{stream=\"one\"} 1"), metrics);
                assertTrue(metrics.contains("line=\"gate\""), metrics);

                gaps.stop();
                assertTrue(gaps.polls() >= 10, "camera one was polled " + gaps.polls() + " times");
                assertTrue(gaps.longestMs() <= 2000, "camera one's frames stood still for " + gaps.longestMs() + " ms");
            }

            String written = Files.readString(config);
            ConfigDocument onDisk = ConfigDocument.parse(written, "site.yaml", dir, ENV);
            assertEquals(
                    List.of("one", "three"),
                    new ArrayList<>(onDisk.config().cameras().keySet()),
                    written);
            assertEquals(2, onDisk.config().camera("one").orElseThrow().lines().size(), written);

            one.start();
            three.start();
            try (VisionService again = VisionService.start(
                    config, ENV, TestData.modelStore(dir.resolve("cache")), memoryLimit::get, log::add)) {
                String api = "http://127.0.0.1:" + again.port() + "/api";
                client = new ServiceClient(again.port(), log);
                JsonNode back = awaitStatus(
                        api,
                        s -> s.path("one").path("frames").asLong() > 0
                                && s.path("three").path("frames").asLong() > 0);
                assertTrue(
                        back.path("one").path("lines").has("gate")
                                && back.path("one").path("lines").has("door"),
                        back.toString());
            }
        }
    }

    @Test
    void anEditOfTheFileIsAppliedAndOneThatDoesNotValidateIsLoggedAndIgnored() throws Exception {
        Path config = dir.resolve("site.yaml");
        String yard = String.join(
                "\n",
                "cameras:",
                "  - name: yard",
                "    url: " + CLIP,
                "    max_fps: 2",
                "server:",
                "  listen: 127.0.0.1:0",
                "");
        Files.writeString(config, yard);
        try (VisionService service = VisionService.start(
                config, ENV, TestData.modelStore(dir.resolve("cache")), () -> Long.MAX_VALUE, log::add)) {
            String api = "http://127.0.0.1:" + service.port() + "/api";
            client = new ServiceClient(service.port(), log);
            awaitStatus(api, s -> s.path("yard").path("frames").asLong() > 0);

            Files.writeString(
                    config,
                    yard.replace(
                            "    max_fps: 2\n",
                            String.join(
                                    "\n",
                                    "    max_fps: 2",
                                    "    lines:",
                                    "      - name: gate",
                                    "        points: [[384, 0], [384, 576]]",
                                    "")));
            awaitStatus(api, s -> s.path("yard").path("lines").has("gate"));

            Files.writeString(config, yard.replace("    max_fps: 2", "    max_fps: fast"));
            awaitLog("does not validate");
            awaitLog("site.yaml:4:14: cameras[0].max_fps: ");
            long frames = status(api).path("yard").path("frames").asLong();
            JsonNode still = awaitStatus(api, s -> s.path("yard").path("frames").asLong() > frames);
            assertTrue(still.path("yard").path("lines").has("gate"), "the running config stayed: " + still);
        }
    }

    @Test
    void aCameraThatStopsSendingIsCountedAndOpenedAgainAndABodyTooLargeIsRefused() throws Exception {
        try (MjpegServer hung = new MjpegServer(CLIP).start()) {
            Path config = dir.resolve("site.yaml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "cameras:",
                            "  - name: porch",
                            "    url: " + hung.url(),
                            "    max_fps: 5",
                            "server:",
                            "  listen: 127.0.0.1:0",
                            "  stall_timeout_s: 3",
                            ""));
            try (VisionService service = VisionService.start(
                    config, ENV, TestData.modelStore(dir.resolve("cache")), () -> Long.MAX_VALUE, log::add)) {
                String api = "http://127.0.0.1:" + service.port() + "/api";
                client = new ServiceClient(service.port(), log);
                awaitStatus(api, s -> s.path("porch").path("frames").asLong() > 0);
                hung.pause(); // the connection stays open and no byte flows
                JsonNode stalled =
                        awaitStatus(api, s -> s.path("porch").path("stalls").asLong() >= 1);
                assertEquals(1, stalled.path("porch").path("stalls_last_hour").asLong(), stalled.toString());
                String metrics = send("GET", "http://127.0.0.1:" + service.port() + "/metrics", null, null)
                        .body();
                assertTrue(metrics.contains("vision_camera_stalls_total{stream=\"porch\"}"), metrics);
                hung.resume();

                String huge = "{\"name\": \"big\", \"url\": \"" + "x".repeat(400_000) + "\"}";
                HttpResponse<String> refused = send("POST", api + "/cameras", huge, TOKEN);
                assertEquals(413, refused.statusCode(), refused.body());
                assertFalse(status(api).has("big"));
            }
        }
    }

    private void awaitLog(String part) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (log.stream().noneMatch(l -> l.contains(part))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the log never said '" + part + "':\n" + String.join("\n", log));
            }
            Thread.sleep(100);
        }
    }

    private static long total(JsonNode status, String camera, String line) {
        JsonNode l = status.path(camera).path("lines").path(line);
        return l.path("in").asLong() + l.path("out").asLong();
    }

    private ServiceClient client;

    private JsonNode status(String api) throws IOException, InterruptedException {
        return client.status();
    }

    /** Polls the status until {@code ready} holds (90 s at most: model loads on a busy machine). */
    private JsonNode awaitStatus(String api, Predicate<JsonNode> ready) throws Exception {
        return client.awaitStatus(ready, Duration.ofSeconds(90));
    }

    private HttpResponse<String> send(String method, String url, String body, String token)
            throws IOException, InterruptedException {
        return client.send(method, url, body, token);
    }
}
