package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.Postgres;
import dev.vision.core.testing.TestData;
import dev.vision.serve.store.EventFilter;
import dev.vision.serve.store.EventStore;
import dev.vision.serve.store.StoreLocation;
import dev.vision.serve.store.StoredEvent;
import dev.vision.serve.store.StoredObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vision track --db} keeps what the JSON lines say, one for one, in SQLite and in a real PostgreSQL;
 * {@code vision events} reads it back and its hourly counts sum to the run's own totals.
 */
class HistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTrackRunKeepsItsEventsInASqliteFile(@TempDir Path work) throws Exception {
        trackAndCompare(work, work.resolve("history.db").toString());
    }

    @Test
    void aTrackRunKeepsItsEventsInPostgres(@TempDir Path work) throws Exception {
        try (Postgres server = Postgres.start()) {
            trackAndCompare(work, server.jdbcUrl());
        }
    }

    private static void trackAndCompare(Path work, String db) throws Exception {
        Path lines = work.resolve("run.jsonl");
        InJvm.Result run = InJvm.vision(
                "track",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--classes",
                "person",
                "--max-fps",
                "5",
                "--no-save",
                "--line",
                "door=0,300,768,300",
                "--zone",
                "hall=0,330,768,330,768,576,0,576",
                "--json",
                lines.toString(),
                "--summary",
                "--db",
                db,
                "-q");
        assertEquals(0, run.exitCode());
        List<JsonNode> written = VideoCommandTest.jsonLines(lines);
        List<String> fromLines = new ArrayList<>();
        for (JsonNode frame : written) {
            for (JsonNode e : frame.path("events")) {
                fromLines.add(key(e, frame.get("frame").asLong()));
            }
        }
        assertTrue(fromLines.size() >= 10, "people cross and visit: " + fromLines);

        InJvm.Result listed = InJvm.vision("events", "--db", db, "--json", "--limit", "10000");
        assertEquals(0, listed.exitCode());
        List<String> fromStore = new ArrayList<>();
        for (String line : listed.stdout().lines().toList()) {
            JsonNode e = JSON.readTree(line);
            assertEquals("vtest_first20s", e.get("camera").asText(), line);
            fromStore.add(key(e, e.get("frame").asLong()));
        }
        assertEquals(sorted(fromLines), sorted(fromStore), "the store holds the JSON lines' events, one for one");

        JsonNode summary = written.get(written.size() - 1).get("summary").get("tracking");
        long in = 0;
        long out = 0;
        InJvm.Result counts =
                InJvm.vision("events", "counts", "--db", db, "--line", "door", "--bucket", "1h", "--json");
        assertEquals(0, counts.exitCode());
        for (String line : counts.stdout().lines().toList()) {
            JsonNode bucket = JSON.readTree(line);
            in += bucket.get("in").asLong();
            out += bucket.get("out").asLong();
        }
        assertEquals(summary.get("lines").get("door").path("in").path("person").asLong(0), in, "in");
        assertEquals(summary.get("lines").get("door").path("out").path("person").asLong(0), out, "out");
        assertTrue(in + out >= 3, "people cross the door: " + summary);
        long entered = 0;
        InJvm.Result zone = InJvm.vision("events", "counts", "--db", db, "--zone", "hall", "--json");
        for (String line : zone.stdout().lines().toList()) {
            entered += JSON.readTree(line).get("entered").asLong();
        }
        assertEquals(summary.get("zones").get("hall").get("entered").asLong(), entered, "zone entries");
    }

    /**
     * {@code kill -9} during a run of 16 cameras (the clip played live 16 times, named) with a line: the store
     * opens cleanly afterwards and says the objects it closed, every event the JSON lines held 1.5 s before the
     * kill is in it, and every picture a row names is a whole JPEG.
     */
    @Test
    void aKilledRunLosesAtMostItsLastSecond(@TempDir Path work) throws Exception {
        Path db = work.resolve("history.db");
        Path lines = work.resolve("run.jsonl");
        List<String> args = new ArrayList<>(List.of("track"));
        for (int i = 0; i < 16; i++) {
            args.add(String.format("cam%02d=%s", i, TestData.media("clips/vtest_first20s.mp4")));
        }
        args.addAll(List.of(
                "--realtime",
                "--classes",
                "person",
                "--line",
                "door=0,300,768,300",
                "--out",
                work.resolve("out").toString(),
                "--json",
                lines.toString(),
                "--db",
                db.toString(),
                "-q"));
        VisionProcess.Running run = VisionProcess.start(work, Map.of(), args.toArray(String[]::new));
        Map<String, Long> seenAt = new HashMap<>(); // each event of the JSON lines, when the test first read it
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long killAfter = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            readEvents(lines, seenAt);
            if (killAfter == Long.MAX_VALUE
                    && seenAt.keySet().stream()
                                    .filter(k -> k.startsWith("line_crossed"))
                                    .count()
                            >= 3) {
                killAfter = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // a few seconds more of events
            }
            if (System.nanoTime() >= killAfter) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(killAfter != Long.MAX_VALUE, "crossings happened: " + seenAt.keySet() + "\n" + run.stderrSoFar());
        run.signal("KILL");
        long killedAt = System.nanoTime();
        run.await(30);
        List<String> said = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        try (EventStore store = EventStore.open(StoreLocation.file(db), said::add)) {
            for (StoredEvent e : store.events(EventFilter.newest(EventFilter.MAX_LIMIT))) {
                stored.add(String.join(
                        "|",
                        e.type().id(),
                        e.camera(),
                        Long.toString(e.trackId().orElse(-1)),
                        e.line().orElse(""),
                        Long.toString(e.frame())));
            }
            for (StoredObject o : store.objects(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    OptionalLong.empty(),
                    EventFilter.MAX_LIMIT)) {
                for (Optional<String> picture : List.of(o.snapshot(), o.crop())) {
                    if (picture.isPresent()) {
                        byte[] jpeg = Files.readAllBytes(Path.of(picture.get()));
                        assertTrue(
                                jpeg.length > 4
                                        && (jpeg[0] & 0xff) == 0xff
                                        && (jpeg[1] & 0xff) == 0xd8
                                        && (jpeg[jpeg.length - 2] & 0xff) == 0xff
                                        && (jpeg[jpeg.length - 1] & 0xff) == 0xd9,
                                "a whole JPEG: " + picture.get());
                    }
                }
            }
        }
        assertTrue(said.stream().anyMatch(l -> l.contains("left open")), "the objects left open are said: " + said);
        long older = 0;
        for (Map.Entry<String, Long> e : seenAt.entrySet()) {
            if (killedAt - e.getValue() >= Duration.ofMillis(1500).toNanos()) {
                older++;
                assertTrue(stored.contains(e.getKey()), "an event from before the last second is kept: " + e.getKey());
            }
        }
        assertTrue(older >= 10, "enough events to tell: " + older);
    }

    /** Adds each event of the complete JSON lines not seen before, with the time it was first read. */
    private static void readEvents(Path lines, Map<String, Long> seenAt) throws Exception {
        if (!Files.exists(lines)) {
            return;
        }
        long now = System.nanoTime();
        String text = Files.readString(lines);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return;
        }
        for (String line : text.substring(0, end).lines().toList()) {
            JsonNode frame = JSON.readTree(line);
            for (JsonNode e : frame.path("events")) {
                seenAt.putIfAbsent(
                        String.join(
                                "|",
                                e.get("type").asText(),
                                frame.get("stream_name").asText(),
                                e.path("track_id").asText("-1"),
                                e.path("line").asText(""),
                                frame.get("frame").asText()),
                        now);
            }
        }
    }

    /** What must match: type, track, line or zone, direction, frame. */
    private static String key(JsonNode e, long frame) {
        return String.join(
                "|",
                e.get("type").asText(),
                e.path("track_id").asText(),
                e.path("line").asText(),
                e.path("zone").asText(),
                e.path("direction").asText(),
                Long.toString(frame));
    }

    private static List<String> sorted(List<String> keys) {
        return keys.stream().sorted().toList();
    }
}
