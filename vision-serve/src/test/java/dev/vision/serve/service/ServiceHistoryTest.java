package dev.vision.serve.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.Browser;
import dev.vision.core.testing.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service keeps its cameras' history in the data folder and answers for it: the pedestrian clip played as a
 * camera with a line and a zone; once it has ended, the hourly counts equal the camera's own totals, objects
 * page by cursor, one object lists its events, lists come as CSV, and a bad query is a problem naming its
 * parameter.
 */
class ServiceHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @Test
    void aCamerasEventsCountsAndObjectsAreKeptAndQueried() throws Exception {
        Path config = dir.resolve("site.yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "cameras:",
                        "  - name: hall",
                        "    url: " + TestData.media("clips/vtest_first20s.mp4"),
                        "    max_fps: 5",
                        "    classes: [person]",
                        "    movements: true",
                        "    lines:",
                        "      - name: door",
                        "        points: [[0, 300], [768, 300]]",
                        "      - name: aisle",
                        "        points: [[384, 0], [384, 576]]",
                        "    zones:",
                        "      - name: floor",
                        "        points: [[0, 330], [768, 330], [768, 576], [0, 576]]",
                        "server:",
                        "  listen: 127.0.0.1:0",
                        ""));
        try (VisionService service = VisionService.start(
                config, Map.of(), TestData.modelStore(dir.resolve("cache")), () -> Long.MAX_VALUE, log::add)) {
            String api = "http://127.0.0.1:" + service.port() + "/api";
            JsonNode ended = await(
                    api,
                    s -> s.path("cameras").path("hall").path("detail").asText().contains("ended")
                            && s.path("history").path("queued").asLong() == 0
                            && s.path("history").path("events_written").asLong() > 0);
            JsonNode door = ended.path("cameras").path("hall").path("lines").path("door");
            assertTrue(door.path("in").asLong() + door.path("out").asLong() >= 3, "people cross: " + ended);
            assertTrue(Files.isRegularFile(dir.resolve("vision-data/history.db")), "the store is in the data folder");

            JsonNode counts = get(api + "/counts?line=door&bucket=1h");
            long in = 0;
            long out = 0;
            for (JsonNode b : counts.path("buckets")) {
                in += b.path("in").asLong();
                out += b.path("out").asLong();
            }
            assertEquals(door.path("in").asLong(), in, counts.toString());
            assertEquals(door.path("out").asLong(), out, counts.toString());
            long entered = 0;
            for (JsonNode b : get(api + "/counts?zone=floor&camera=hall").path("buckets")) {
                entered += b.path("entered").asLong();
            }
            assertEquals(
                    ended.path("cameras")
                            .path("hall")
                            .path("zones")
                            .path("floor")
                            .path("entered")
                            .asLong(),
                    entered);

            JsonNode crossings = get(api + "/events?type=line_crossed&line=door");
            assertEquals(in + out, crossings.path("events").size(), crossings.toString());
            JsonNode first = get(api + "/objects?limit=2");
            assertEquals(2, first.path("objects").size());
            long cursor = first.path("next").asLong();
            JsonNode second = get(api + "/objects?limit=2&before=" + cursor);
            assertTrue(
                    second.path("objects").path(0).path("id").asLong() < cursor,
                    "the next page starts below the cursor");
            JsonNode crossed = crossings.path("events").path(0);
            JsonNode object = get(api + "/objects/" + crossed.path("object_id").asLong());
            assertEquals(
                    crossed.path("track_id").asLong(), object.path("track_id").asLong());
            assertTrue(object.path("events").size() >= 2, "appeared, crossed: " + object);
            String snapshot = object.path("snapshot").asText();
            assertTrue(snapshot.endsWith("/snapshot.jpg"), "the object has its best picture: " + object);
            HttpResponse<byte[]> frame = bytes(api.replace("/api", "") + snapshot, null);
            HttpResponse<byte[]> crop =
                    bytes(api.replace("/api", "") + object.path("crop").asText(), null);
            assertEquals(200, frame.statusCode());
            assertEquals(
                    "image/jpeg", frame.headers().firstValue("Content-Type").orElse(""));
            assertTrue(isJpeg(frame.body()) && isJpeg(crop.body()), "whole JPEGs");
            assertTrue(crop.body().length < frame.body().length, "the crop is the object's part of the frame");
            HttpResponse<byte[]> part = bytes(api.replace("/api", "") + snapshot, "bytes=0-99");
            assertEquals(206, part.statusCode(), "a range request is answered in part");
            assertEquals(100, part.body().length);
            assertEquals(
                    404,
                    send(api + "/objects/" + object.path("id").asLong() + "/clip.mp4")
                            .statusCode(),
                    "no recording, no clip");

            HttpResponse<String> csv = send(api + "/events?format=csv&type=line_crossed&line=door");
            assertEquals(200, csv.statusCode());
            List<String> rows = csv.body().lines().toList();
            assertTrue(rows.get(0).startsWith("id,time,camera,type"), rows.get(0));
            assertEquals(in + out + 1, rows.size(), csv.body());

            long movements =
                    movementsAgreeWithEachObjectsPath(api, ended.path("cameras").path("hall"));

            JsonNode aisle = ended.path("cameras").path("hall").path("lines").path("aisle");
            long everyCrossing =
                    in + out + aisle.path("in").asLong() + aisle.path("out").asLong();
            reviewPage("http://127.0.0.1:" + service.port(), everyCrossing, counts, movements);

            HttpResponse<String> bad = send(api + "/events?from=yesterday");
            assertEquals(400, bad.statusCode(), bad.body());
            assertEquals("from", JSON.readTree(bad.body()).path("setting").asText(), bad.body());
            assertEquals(400, send(api + "/counts?bucket=1h").statusCode(), "a line or a zone is needed");
        }
    }

    /**
     * The review page in headless Chromium: events listed with their pictures loaded, the type filter narrows
     * the list to the crossings, and the chart of the door has a bar per hourly bucket, as tall as its count.
     */
    /**
     * Each movement event names as origin and destination the first and last line (with direction) or zone of
     * its object's own events; the matrix of {@code /api/movements} adds them up, and the live status has at least
     * those. Returns how many objects moved.
     */
    private long movementsAgreeWithEachObjectsPath(String api, JsonNode camera) throws Exception {
        JsonNode events = get(api + "/events?type=movement&limit=1000").path("events");
        assertTrue(events.size() > 0, "people who crossed both lines left the scene: " + camera);
        for (JsonNode movement : events) {
            List<String> path = new ArrayList<>();
            for (JsonNode e :
                    get(api + "/objects/" + movement.path("object_id").asLong()).path("events")) {
                switch (e.path("type").asText()) {
                    case "line_crossed" ->
                        path.add(e.path("line").asText() + " "
                                + e.path("direction").asText());
                    case "zone_entered" -> path.add(e.path("zone").asText());
                    default -> {}
                }
            }
            assertTrue(path.size() >= 2, "a movement passes two places: " + path);
            assertEquals(
                    path.get(0) + " -> " + path.get(path.size() - 1),
                    movement.path("detail").asText());
        }
        long total = 0;
        for (JsonNode m : get(api + "/movements?camera=hall").path("movements")) {
            assertEquals("hall", m.path("camera").asText());
            total += m.path("objects").asLong();
        }
        assertEquals(events.size(), total, "the matrix adds up the movement events");
        long live = 0;
        for (JsonNode m : camera.path("movements")) {
            live += m.path("objects").asLong();
        }
        assertTrue(live >= total, "the status counts those whose track is still open too: " + camera);
        return total;
    }

    private void reviewPage(String base, long crossings, JsonNode counts, long movements) throws Exception {
        try (Browser browser = Browser.start(dir)) {
            Browser.Tab page = browser.open(base + "/");
            assertTrue(page.waitFor("document.querySelectorAll('#events tr').length > 0", 30), page.html());
            assertTrue(
                    page.waitFor(
                            "(() => { const imgs = [...document.querySelectorAll('#events img')];"
                                    + " return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); })()",
                            30),
                    "every thumbnail is loaded");
            assertTrue(
                    page.waitFor(
                            "[...document.querySelectorAll('#movements tr')].reduce((n, r) => n + Number(r.dataset.objects), 0) === "
                                    + movements,
                            30),
                    "the movements table adds up to " + movements + ": " + page.html());
            int all =
                    page.eval("document.querySelectorAll('#events tr').length").asInt();
            page.eval("(() => { const t = document.getElementById('type'); t.value = 'line_crossed';"
                    + " t.dispatchEvent(new Event('change')); })()");
            assertTrue(
                    page.waitFor(
                            "[...document.querySelectorAll('#events tr')].every(r => r.dataset.type === 'line_crossed')"
                                    + " && document.querySelectorAll('#events tr').length === " + crossings,
                            30),
                    "the filter narrows the list to the " + crossings + " crossings: " + page.html());
            assertTrue(crossings < all, "the list was wider before the filter");
            page.eval("(() => { const p = document.getElementById('place'); p.value = 'hall|line|door';"
                    + " p.dispatchEvent(new Event('change')); })()");
            int buckets = counts.path("buckets").size();
            assertTrue(
                    page.waitFor("document.querySelectorAll('#chart .bar').length === " + buckets, 30),
                    "one bar per bucket: " + page.html());
            JsonNode bars = page.eval("JSON.stringify([...document.querySelectorAll('#chart .bar')]"
                    + ".map(b => [Number(b.dataset.value), Number(b.getAttribute('height'))]))");
            JsonNode heights = JSON.readTree(bars.asText());
            long max = 0;
            for (JsonNode b : counts.path("buckets")) {
                max = Math.max(max, b.path("in").asLong() + b.path("out").asLong());
            }
            for (int i = 0; i < buckets; i++) {
                JsonNode b = counts.path("buckets").path(i);
                long total = b.path("in").asLong() + b.path("out").asLong();
                assertEquals(total, heights.path(i).path(0).asLong(), "bar " + i + " counts its bucket");
                assertEquals(
                        Math.round(150.0 * total / max), heights.path(i).path(1).asLong(), "bar " + i + " height");
            }
        }
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = send(url);
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<byte[]> bytes(String url, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Starts with SOI and ends with EOI: not cut short. */
    private static boolean isJpeg(byte[] b) {
        return b.length > 4
                && (b[0] & 0xff) == 0xFF
                && (b[1] & 0xff) == 0xD8
                && (b[b.length - 2] & 0xff) == 0xFF
                && (b[b.length - 1] & 0xff) == 0xD9;
    }

    private HttpResponse<String> send(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode await(String api, Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(api + "/status");
            if (ready.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never got there: " + last + "\nlog: " + String.join("\n", log));
    }
}
