package dev.vision.serve.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.capture.SourceStatus;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.Direction;
import dev.vision.core.result.StageTimings;
import dev.vision.core.result.TrackCounts;
import dev.vision.core.result.TrackEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What every event store must do, whatever database holds it (run against SQLite and a real PostgreSQL): what
 * a run's sink writes comes back one for one, filtered, paged and counted per bucket.
 */
abstract class EventStoreChecks {

    /** A new, empty store's location. */
    abstract StoreLocation freshStore() throws Exception;

    /** A wall clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final Instant START = Instant.parse("2026-12-01T14:50:00Z");

    static DetectionResult frame(int stream, long index, List<Detection> detections, TrackEvent... events) {
        FrameMeta meta = new FrameMeta("door.mp4", index, index * 100, 640, 480, stream, stream == 0 ? "door" : "yard");
        return new DetectionResult(
                meta, detections, StageTimings.ZERO, List.of(events), TrackCounts.NONE, OptionalLong.empty());
    }

    static Detection person(long track, float score) {
        return new Detection("person", 0, score, new Box(10, 10, 50, 120)).withTrackId(track);
    }

    /** A person (track 1) crosses "door" in, then out an hour later; another (track 2) visits "hall". */
    private static List<DetectionResult> story(TestClock clock, List<Instant> times) {
        List<DetectionResult> frames = new ArrayList<>();
        frames.add(frame(0, 1, List.of(person(1, 0.6f)), new TrackEvent.Appeared(1, "person")));
        frames.add(
                frame(0, 2, List.of(person(1, 0.9f)), new TrackEvent.LineCrossed(1, "person", "door", Direction.IN)));
        frames.add(frame(1, 3, List.of(person(2, 0.7f)), new TrackEvent.ZoneEntered(2, "person", "hall")));
        frames.add(frame(
                1,
                4,
                List.of(),
                new TrackEvent.ZoneLeft(2, "person", "hall", Duration.ofMillis(1500)),
                new TrackEvent.Lost(2, "person")));
        frames.add(
                frame(0, 5, List.of(person(1, 0.8f)), new TrackEvent.LineCrossed(1, "person", "door", Direction.OUT)));
        return frames;
    }

    private static EventStore open(StoreLocation where) {
        return EventStore.open(where, line -> {});
    }

    /** Writes the story through a sink, an hour between the two crossings; returns each frame's time. */
    private static List<Instant> writeStory(EventStore store) {
        TestClock clock = new TestClock(START);
        List<Instant> times = new ArrayList<>();
        try (StoreSink sink = new StoreSink(store, s -> s == 0 ? "door" : "yard", clock)) {
            List<DetectionResult> frames = story(clock, times);
            for (int i = 0; i < frames.size(); i++) {
                if (i == 4) {
                    clock.advance(Duration.ofHours(1));
                }
                clock.advance(Duration.ofSeconds(2));
                times.add(clock.instant());
                sink.accept(frames.get(i), null);
            }
            sink.status(0, SourceStatus.RECONNECTING, "connection refused");
        }
        return times;
    }

    private static void awaitWritten(EventStore store, long events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.writer().figures().eventsWritten() < events && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(
                events,
                store.writer().figures().eventsWritten(),
                "written: " + store.writer().figures());
    }

    @Test
    void whatASinkWritesComesBackNewestFirstWithItsObject() throws Exception {
        try (EventStore store = open(freshStore())) {
            List<Instant> times = writeStory(store);
            awaitWritten(store, 7);
            List<StoredEvent> all = store.events(EventFilter.newest(100));
            assertEquals(
                    List.of(
                            HistoryEventType.CAMERA_STATE,
                            HistoryEventType.LINE_CROSSED,
                            HistoryEventType.OBJECT_LEFT,
                            HistoryEventType.ZONE_LEFT,
                            HistoryEventType.ZONE_ENTERED,
                            HistoryEventType.LINE_CROSSED,
                            HistoryEventType.OBJECT_APPEARED),
                    all.stream().map(StoredEvent::type).toList());
            StoredEvent out = all.get(1);
            assertEquals("door", out.camera());
            assertEquals(Optional.of("door"), out.line());
            assertEquals(Optional.of("out"), out.direction());
            assertEquals(times.get(4), out.at());
            assertEquals(500, out.mediaMs());
            assertEquals(5, out.frame());
            assertEquals(OptionalLong.of(1), out.trackId());
            StoredEvent left = all.get(3);
            assertEquals("yard", left.camera());
            assertEquals(OptionalLong.of(1500), left.dwellMs());
            assertEquals(
                    Optional.of("reconnecting: connection refused"), all.get(0).detail());

            StoredObject door = store.object(out.objectId().getAsLong()).orElseThrow();
            assertEquals(1, door.trackId());
            assertEquals(0.9f, door.bestScore(), 1e-6);
            assertEquals(times.get(0), door.firstSeen());
            assertEquals(times.get(4), door.lastSeen());
            assertFalse(door.open(), "closed when the run ended");
            StoredObject yard = store.object(left.objectId().getAsLong()).orElseThrow();
            assertFalse(yard.open(), "closed when its track was lost");
            assertEquals(times.get(2), yard.lastSeen());
        }
    }

    @Test
    void filtersAndPagesNarrowTheList() throws Exception {
        try (EventStore store = open(freshStore())) {
            List<Instant> times = writeStory(store);
            awaitWritten(store, 7);
            assertEquals(
                    3,
                    store.events(EventFilter.newest(100).camera("door").label("person"))
                            .size(),
                    "door's events of people");
            assertEquals(
                    1,
                    store.events(EventFilter.newest(100).line("door").direction(Direction.IN))
                            .size());
            assertEquals(2, store.events(EventFilter.newest(100).zone("hall")).size());
            assertEquals(
                    5, store.events(EventFilter.newest(100).to(times.get(4))).size(), "before the hour passed");
            List<StoredEvent> first = store.events(EventFilter.newest(3));
            List<StoredEvent> second =
                    store.events(EventFilter.newest(3).before(first.get(2).id()));
            List<StoredEvent> third =
                    store.events(EventFilter.newest(3).before(second.get(2).id()));
            List<Long> ids = new ArrayList<>();
            for (List<StoredEvent> page : List.of(first, second, third)) {
                page.forEach(e -> ids.add(e.id()));
            }
            assertEquals(
                    store.events(EventFilter.newest(100)).stream()
                            .map(StoredEvent::id)
                            .toList(),
                    ids,
                    "three pages hold every event once, in order");
            assertEquals(
                    2,
                    store.objects(
                                    Optional.empty(),
                                    Optional.of("person"),
                                    Optional.empty(),
                                    Optional.empty(),
                                    OptionalLong.empty(),
                                    10)
                            .size());
        }
    }

    @Test
    void countsPerHourSplitTheCrossingsByTheirHour() throws Exception {
        try (EventStore store = open(freshStore())) {
            writeStory(store);
            awaitWritten(store, 7);
            List<CountBucket> door = store.counts(new CountQuery(
                    Optional.empty(),
                    new CountQuery.Place.OfLine("door"),
                    CountQuery.Bucket.HOUR,
                    Optional.empty(),
                    Optional.empty()));
            assertEquals(2, door.size(), door.toString());
            assertEquals(Instant.parse("2026-12-01T14:00:00Z"), door.get(0).start());
            assertEquals(1, door.get(0).total("in"));
            assertEquals(0, door.get(0).total("out"));
            assertEquals(Instant.parse("2026-12-01T15:00:00Z"), door.get(1).start());
            assertEquals(1, door.get(1).total("out"));
            List<CountBucket> hall = store.counts(new CountQuery(
                    Optional.of("yard"),
                    new CountQuery.Place.OfZone("hall"),
                    CountQuery.Bucket.DAY,
                    Optional.empty(),
                    Optional.empty()));
            assertEquals(1, hall.size());
            assertEquals(1, hall.get(0).total("entered"));
            assertEquals(1, hall.get(0).total("left"));
            assertTrue(hall.get(0).counts().get("left").containsKey("person"));
        }
    }
}
