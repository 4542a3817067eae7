package dev.vision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.capture.SourceStatus;
import dev.vision.core.pipeline.RunStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

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

            server.state(SourceStatus.ENDED, "end of input");
            assertEquals(
                    "ended",
                    JSON.readTree(get(server, "/status").body()).get("state").asText());
        }
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
