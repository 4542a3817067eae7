package dev.vision.serve.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Churn: a client adds and removes cameras in random order 200 times (at most 32 at once) while 4 stay up. Not
 * part of the suite (its name does not end in Test); {@code scripts/serve_churn.sh} runs it and prints its
 * figures: resident memory after warm-up and at the end, threads before and after, the slowest request, and the
 * longest time a steady camera's frame count stood still.
 */
class ServiceChurnBench {

    private static final int OPERATIONS = Integer.getInteger("churn.operations", 200);
    private static final int MAX_CHURNED = 32;
    private static final int ROUNDS = 4;
    private static final String TOKEN = "churn";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void camerasComeAndGoWhileFourStayUp() throws Exception {
        Path clip = TestData.media("clips/vtest_first20s.mp4");
        Path churnClip = TestData.media("clips/car-detection.mp4");
        List<MjpegServer> steady = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            steady.add(new MjpegServer(clip).start());
        }
        StringBuilder config = new StringBuilder("defaults:\n  max_fps: 2\n  classes: [person, car]\ncameras:\n");
        for (int i = 0; i < 4; i++) {
            config.append("  - name: steady")
                    .append(i)
                    .append("\n    url: ")
                    .append(steady.get(i).url())
                    .append('\n');
        }
        config.append("server:\n  listen: 127.0.0.1:0\n");
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, config);
        try (VisionService service = VisionService.start(
                file,
                Map.of(ApiToken.VARIABLE, TOKEN),
                TestData.modelStore(dir.resolve("cache")),
                () -> Long.MAX_VALUE,
                line -> {})) {
            String api = "http://127.0.0.1:" + service.port() + "/api";
            while (!allSteadyLive(api)) {
                Thread.sleep(200);
            }
            Thread.sleep(2000);
            int threadsBefore = threads();
            long cameraThreadsBefore = cameraThreads();
            long rssBefore = rssKib();
            FrameWatch watch =
                    new FrameWatch(() -> status(api), List.of("steady0", "steady1", "steady2", "steady3")).start();

            Random random = new Random(29);
            List<String> present = new ArrayList<>();
            long slowestAddMs = 0;
            long slowestRemoveMs = 0;
            int adds = 0;
            int peak = 0;
            // four rounds; after each, every churned camera is removed and memory and threads are read: the first
            // round warms up (classes, buffers, the JIT), the later ones must come back to where it ended
            List<Long> rssAfterRound = new ArrayList<>();
            List<Integer> threadsAfterRound = new ArrayList<>();
            List<Long> cameraThreadsAfterRound = new ArrayList<>();
            for (int op = 0; op < OPERATIONS; op++) {
                String name = "churn" + random.nextInt(MAX_CHURNED); // toggled: added if absent, else removed
                long t0 = System.nanoTime();
                if (!present.contains(name)) {
                    HttpResponse<String> r = send(
                            "POST",
                            api + "/cameras",
                            "{\"name\": \"" + name + "\", \"url\": \"" + churnClip + "\", \"max_fps\": 1}");
                    assertEquals(201, r.statusCode(), r.body());
                    present.add(name);
                    adds++;
                    slowestAddMs = Math.max(slowestAddMs, (System.nanoTime() - t0) / 1_000_000);
                } else {
                    present.remove(name);
                    HttpResponse<String> r = send("DELETE", api + "/cameras/" + name, null);
                    assertEquals(204, r.statusCode(), r.body());
                    slowestRemoveMs = Math.max(slowestRemoveMs, (System.nanoTime() - t0) / 1_000_000);
                }
                peak = Math.max(peak, present.size());
                if ((op + 1) % (OPERATIONS / ROUNDS) == 0) {
                    for (String left : present) {
                        long r0 = System.nanoTime();
                        assertEquals(
                                204,
                                send("DELETE", api + "/cameras/" + left, null).statusCode());
                        slowestRemoveMs = Math.max(slowestRemoveMs, (System.nanoTime() - r0) / 1_000_000);
                    }
                    present.clear();
                    System.gc();
                    Thread.sleep(2000);
                    rssAfterRound.add(rssKib() / 1024);
                    threadsAfterRound.add(threads());
                    cameraThreadsAfterRound.add(cameraThreads());
                }
            }
            long slowestMs = Math.max(slowestAddMs, slowestRemoveMs);
            watch.stop();
            Map<String, Long> frames = new HashMap<>();
            status(api)
                    .fields()
                    .forEachRemaining(e ->
                            frames.put(e.getKey(), e.getValue().path("frames").asLong()));
            long warm = rssAfterRound.get(0);
            long last = rssAfterRound.get(rssAfterRound.size() - 1);
            String figures = String.format(
                    Locale.ROOT,
                    "churn: %d operations (%d adds) in %d rounds, at most %d churned cameras at once, 4 steady;"
                            + " RSS %d MiB before, after each round %s MiB (%+.1f %% from the first round to the last);"
                            + " threads %d before, after each round %s (cameras' and runs' %d, %s); slowest add %d ms, remove %d ms;"
                            + " longest stand-still of a steady camera %d ms over %d polls; steady frames %s",
                    OPERATIONS,
                    adds,
                    ROUNDS,
                    peak,
                    rssBefore / 1024,
                    rssAfterRound,
                    100.0 * (last - warm) / warm,
                    threadsBefore,
                    threadsAfterRound,
                    cameraThreadsBefore,
                    cameraThreadsAfterRound,
                    slowestAddMs,
                    slowestRemoveMs,
                    watch.longestMs(),
                    watch.polls(),
                    frames);
            System.out.println(figures);
            Files.writeString(
                    Path.of(System.getProperty(
                            "churn.out", dir.resolve("churn.txt").toString())),
                    figures + "\n");
            assertTrue(slowestMs < 5000, figures);
            assertTrue(Math.abs(last - warm) <= 0.05 * warm, figures);
            // the service's own threads (each camera's run and capture) are all gone; the HTTP server's and
            // client's pools grow to their load and are counted in the figures only
            assertTrue(
                    cameraThreadsAfterRound.stream().allMatch(n -> n == cameraThreadsBefore),
                    figures + "; camera and pipeline threads " + cameraThreadsBefore + " before, after each round "
                            + cameraThreadsAfterRound);
            assertTrue(watch.longestMs() < 5000, figures);
        } finally {
            for (MjpegServer s : steady) {
                s.close();
            }
        }
    }

    private boolean allSteadyLive(String api) throws IOException, InterruptedException {
        JsonNode s = status(api);
        for (int i = 0; i < 4; i++) {
            if (s.path("steady" + i).path("frames").asLong() == 0) {
                return false;
            }
        }
        return true;
    }

    /** The threads of cameras and their runs: {@code camera-NAME} and the pipeline's {@code vision-…}. */
    private static long cameraThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("camera-") || n.startsWith("vision-"))
                .count();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private JsonNode status(String api) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", api + "/status", null).body()).path("cameras");
    }

    private HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
