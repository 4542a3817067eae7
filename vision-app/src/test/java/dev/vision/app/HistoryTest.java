package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.Postgres;
import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
