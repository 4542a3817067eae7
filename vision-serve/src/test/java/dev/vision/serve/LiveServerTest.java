package dev.vision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.capture.SourceStatus;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.StageTimings;
import dev.vision.core.sink.ResultSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** The live server's endpoints, started on a free loopback port, as a browser or a scraper reads them. */
class LiveServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final LiveServer.RunInfo INFO =
            new LiveServer.RunInfo("detect", "door.mp4", "yolox-nano", "Apache-2.0", "onnxruntime", "cpu");

    private static HttpResponse<String> get(LiveServer server, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusSaysWhatRunsAndWhereEachStreamStands() throws Exception {
        RunStats stats = new RunStats();
        try (LiveServer server = LiveServer.start("127.0.0.1", 0, INFO, List.of("door", "yard"), () -> stats)) {
            HttpResponse<String> first = get(server, "/status");
            assertEquals(200, first.statusCode());
            assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode status = JSON.readTree(first.body());
            assertEquals("yolox-nano", status.get("model").asText());
            assertEquals("starting", status.get("state").asText());
            assertEquals(2, status.get("streams").asInt());

            server.state(1, SourceStatus.RECONNECTING, "stream yard: connection refused");
            JsonNode yard = JSON.readTree(get(server, "/status").body())
                    .get("per_stream")
                    .get(1);
            assertEquals("yard", yard.get("name").asText());
            assertEquals("reconnecting", yard.get("state").asText());
            assertTrue(yard.get("detail").asText().contains("refused"));

            server.warn("stream yard: 0.7 frames/s processed: … ids and counts are unreliable");
            assertTrue(JSON.readTree(get(server, "/status").body())
                    .get("warnings")
                    .get(0)
                    .asText()
                    .contains("unreliable"));

            server.state(SourceStatus.ENDED, "end of input");
            assertEquals(
                    "ended",
                    JSON.readTree(get(server, "/status").body()).get("state").asText());
        }
    }

    @Test
    void aViewerSeesTheFiguresChangeWhileTheStateStaysTheSame() throws Exception {
        OpenCvRuntime.load();
        RunStats stats = new RunStats();
        try (LiveServer server = LiveServer.start("127.0.0.1", 0, INFO, List.of("door"), () -> stats)) {
            List<String> statuses = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> viewer = HTTP.sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/events"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(r -> r.body().forEach(line -> {
                        if (line.startsWith("data: {\"task\"")) {
                            statuses.add(line);
                        }
                    }));
            while (statuses.isEmpty()) { // the viewer is connected once it has its first status
                Thread.sleep(20);
            }
            ResultSink sink = server.sink();
            Mat frame = new Mat(48, 64, CvType.CV_8UC3);
            sink.accept(people(0, 1), frame); // the state goes live: pushed at once, one person
            long until = System.nanoTime() + 5_000_000_000L;
            for (int i = 1;
                    System.nanoTime() < until && statuses.stream().noneMatch(s -> s.contains("\"person\":3"));
                    i++) {
                sink.accept(people(i, 3), frame); // live all along: only the figures change
                Thread.sleep(50);
            }
            frame.release();
            viewer.cancel(true);
            assertTrue(
                    statuses.stream().anyMatch(s -> s.contains("\"person\":3")),
                    "the page's figures follow the run: " + statuses);
        }
    }

    private static DetectionResult people(long index, int count) {
        List<Detection> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            people.add(new Detection("person", 0, 0.9f, new Box(10 * i, 0, 10 * i + 8, 20)));
        }
        return new DetectionResult(new FrameMeta("door", index, index * 40, 64, 48), people, StageTimings.ZERO);
    }

    @Test
    void metricsArePrometheusTextAndUnknownPathsAre404() throws Exception {
        RunStats stats = new RunStats();
        try (LiveServer server = LiveServer.start("127.0.0.1", 0, INFO, 1, () -> stats)) {
            HttpResponse<String> metrics = get(server, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("vision_viewers"), metrics.body());
            assertTrue(metrics.body().contains("# TYPE"), "Prometheus text format");
            assertEquals(404, get(server, "/no/such/page").statusCode());
            HttpResponse<String> page = get(server, "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html") || page.body().contains("<!DOCTYPE"), "the page");
        }
    }
}
