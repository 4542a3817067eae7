package dev.vision.serve.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.result.Direction;
import dev.vision.core.result.TrackEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention with a clock the test sets: old rows and their clip files go together, old recordings go, the
 * files keep under their budget, a camera's own policy wins, and afterwards no file lacks its row and no row
 * names a missing file.
 */
class RetentionTest {

    @TempDir
    Path data;

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private Path file(String relative, Duration age, int bytes) throws Exception {
        Path p = data.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[bytes]);
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
        return p;
    }

    /** A crossing on {@code camera}, {@code age} ago, recorded by {@code clip}. */
    private static void crossing(EventStore store, String camera, Duration age, long track, Path clip) {
        EventStoreChecks.TestClock clock = new EventStoreChecks.TestClock(NOW.minus(age));
        try (StoreSink sink = new StoreSink(store, s -> camera, clock)) {
            sink.accept(
                    EventStoreChecks.frame(
                            0,
                            track,
                            List.of(EventStoreChecks.person(track, 0.9f)),
                            new TrackEvent.LineCrossed(track, "person", "door", Direction.IN)
                                    .withClip(clip.toString())),
                    null);
        }
    }

    private static long count(EventStore store) {
        return store.events(EventFilter.newest(EventFilter.MAX_LIMIT)).size();
    }

    private static void awaitWritten(EventStore store, long events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.writer().figures().eventsWritten() < events && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(events, store.writer().figures().eventsWritten());
    }

    @Test
    void oldRowsAndTheirFilesGoTogetherAndNothingIsLeftOrphaned() throws Exception {
        try (EventStore store = EventStore.open(StoreLocation.file(data.resolve("history.db")), line -> {})) {
            Path old = file("clips/door/old.mp4", Duration.ofDays(40), 1000);
            Path recent = file("clips/door/recent.mp4", Duration.ofDays(1), 1000);
            Path orphan = file("clips/door/orphan.mp4", Duration.ofDays(1), 1000);
            Path writing = file("clips/door/.next.mp4.part.mp4", Duration.ofDays(40), 1000);
            Path oldSegment = file("recordings/door/0001.mp4", Duration.ofDays(10), 1000);
            Path newSegment = file("recordings/door/0002.mp4", Duration.ofHours(2), 1000);
            Path yardClip = file("clips/yard/y.mp4", Duration.ofDays(2), 1000);
            crossing(store, "door", Duration.ofDays(40), 1, old);
            crossing(store, "door", Duration.ofDays(1), 2, recent);
            crossing(store, "yard", Duration.ofDays(2), 3, yardClip);
            awaitWritten(store, 3);

            List<String> said = new ArrayList<>();
            Retention retention = new Retention(store, data, new EventStoreChecks.TestClock(NOW), said::add);
            RetainPolicy all = new RetainPolicy(OptionalDouble.of(30), OptionalDouble.of(7), OptionalDouble.empty());
            RetainPolicy yard = new RetainPolicy(OptionalDouble.of(1), OptionalDouble.empty(), OptionalDouble.empty());
            Retention.Removed removed = retention.apply(all, Map.of("yard", yard));

            assertFalse(Files.exists(old), "the 40-day-old crossing's clip went with it");
            assertTrue(Files.exists(recent), "a recent clip stays");
            assertFalse(Files.exists(orphan), "a clip no row names is removed");
            assertTrue(Files.exists(writing), "a clip being written is not touched");
            assertFalse(Files.exists(oldSegment), "a recording older than clips_days goes");
            assertTrue(Files.exists(newSegment));
            assertFalse(Files.exists(yardClip), "yard keeps events a day: its 2-day-old crossing and clip go");
            assertEquals(1, count(store), "only door's recent crossing is left");
            assertEquals(2, removed.events());
            assertEquals(1, said.size(), said.toString());
            assertNothingOrphaned(store);

            retention.apply(
                    new RetainPolicy(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(1500e-9)),
                    Map.of());
            assertFalse(Files.exists(recent), "over the budget, the oldest files go first");
            assertTrue(Files.exists(newSegment), "the newest file fits the 1.5 kB budget");
            assertNothingOrphaned(store);
            assertTrue(
                    store.events(EventFilter.newest(10)).get(0).clip().isEmpty(),
                    "the row no longer names the deleted clip");
        }
    }

    private void assertNothingOrphaned(EventStore store) throws Exception {
        List<String> named = store.allClips();
        for (String clip : named) {
            assertTrue(Files.exists(Path.of(clip)), "a row names a missing file: " + clip);
        }
        try (Stream<Path> walk = Files.walk(data.resolve("clips"))) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().startsWith(".")) {
                    assertTrue(named.contains(p.toString()), "a clip file without its row: " + p);
                }
            }
        }
    }
}
