package dev.vision.core.track;

import static dev.vision.core.track.Boxes.id;
import static dev.vision.core.track.Boxes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.result.Detection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteTrackerTest {

    private final TrackIds ids = new TrackIds();
    private long now;

    /** The next frame's time: 25 frames a second. */
    private long tick() {
        return now += 40;
    }

    private static Detection byX(List<Detection> ds, double x) {
        return ds.stream()
                .min((a, b) -> Double.compare(Math.abs(cx(a) - x), Math.abs(cx(b) - x)))
                .orElseThrow();
    }

    private static double cx(Detection d) {
        return (d.box().x1() + d.box().x2()) / 2;
    }

    @Test
    void twoPeopleWhoCrossKeepTheirIds() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.DEFAULTS, ids);
        long left = -1;
        long right = -1;
        for (int f = 0; f <= 60; f++) {
            double a = 100 + 5 * f; // walks right
            double b = 400 - 5 * f; // walks left; they pass each other at frame 30
            List<Detection> out = tracker.update(List.of(person(a, 200, 0.9f), person(b, 205, 0.9f)), tick())
                    .tracked();
            if (f == 30) {
                continue; // fully overlapping: which is which does not matter here
            }
            assertEquals(2, out.size(), "frame " + f);
            if (f == 0) {
                left = id(byX(out, a));
                right = id(byX(out, b));
                assertNotEquals(left, right);
            } else {
                assertEquals(left, id(byX(out, a)), "the one walking right, frame " + f);
                assertEquals(right, id(byX(out, b)), "the one walking left, frame " + f);
            }
        }
    }

    @Test
    void anObjectHiddenForAWhileIsFoundAgainWithItsId() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.DEFAULTS, ids);
        long first = -1;
        for (int f = 0; f < 60; f++) {
            double x = 100 + 4 * f;
            boolean hidden = f >= 20 && f < 35; // 15 frames behind a pillar
            List<Detection> out = tracker.update(hidden ? List.of() : List.of(person(x, 200, 0.9f)), tick())
                    .tracked();
            if (hidden) {
                assertTrue(out.isEmpty());
            } else if (f == 0) {
                first = id(out.get(0));
            } else {
                assertEquals(first, id(out.get(0)), "frame " + f);
            }
        }
    }

    @Test
    void aLowScoreDetectionKeepsItsTrackAliveButStartsNone() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.DEFAULTS, ids);
        long first = id(tracker.update(List.of(person(100, 200, 0.9f)), tick())
                .tracked()
                .get(0));
        for (int f = 1; f < 10; f++) {
            List<Detection> out = tracker.update(List.of(person(100 + 3 * f, 200, 0.3f)), tick())
                    .tracked();
            assertEquals(1, out.size(), "half hidden, still followed at frame " + f);
            assertEquals(first, id(out.get(0)));
        }
        ByteTracker fresh = new ByteTracker(TrackerSettings.DEFAULTS, ids);
        for (int f = 0; f < 5; f++) {
            assertTrue(
                    fresh.update(List.of(person(300, 200, 0.3f)), tick())
                            .tracked()
                            .isEmpty(),
                    "weak alone starts nothing");
        }
    }

    @Test
    void aTrackIsConfirmedWhenSeenAgainAndAOneFrameFlashIsNot() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.DEFAULTS, ids);
        tracker.update(List.of(), tick()); // the first frame is empty
        Tracker.Update flash = tracker.update(List.of(person(100, 100, 0.9f)), tick());
        assertTrue(flash.tracked().isEmpty() && flash.appeared().isEmpty(), "seen once: not yet a track");
        assertTrue(tracker.update(List.of(), tick()).tracked().isEmpty());
        Tracker.Update a = tracker.update(List.of(person(300, 300, 0.9f)), tick());
        Tracker.Update b = tracker.update(List.of(person(303, 300, 0.9f)), tick());
        assertTrue(a.tracked().isEmpty());
        assertEquals(1, b.tracked().size());
        assertEquals(1, b.appeared().size(), "object_appeared when confirmed");
    }

    @Test
    void aTrackLostLongerThanTheBufferIsGivenUpAndItsIdNeverReturns() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.DEFAULTS.withTrackBuffer(Duration.ofMillis(200)), ids);
        long first = id(tracker.update(List.of(person(100, 200, 0.9f)), tick())
                .tracked()
                .get(0));
        List<Tracker.TrackedObject> left = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            left.addAll(tracker.update(List.of(), tick()).left());
        }
        assertEquals(1, left.size(), "object_left once the buffer ran out");
        assertEquals(first, left.get(0).id());
        tracker.update(List.of(person(100, 200, 0.9f)), tick());
        long again = id(tracker.update(List.of(person(100, 200, 0.9f)), tick())
                .tracked()
                .get(0));
        assertNotEquals(first, again, "a new track, a new id");
    }

    @Test
    void idsAreNeverReusedAcrossTrackersOfARunOrAfterReset() {
        ByteTracker a = new ByteTracker(TrackerSettings.DEFAULTS, ids);
        ByteTracker b = new ByteTracker(TrackerSettings.DEFAULTS, ids);
        Set<Long> seen = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            for (ByteTracker t : List.of(a, b)) {
                seen.add(id(t.update(List.of(person(100, 100, 0.9f)), tick())
                        .tracked()
                        .get(0)));
                t.reset();
            }
        }
        assertEquals(6, seen.size());
    }

    @Test
    void classesAreNeverConfused() {
        ByteTracker tracker = new ByteTracker(TrackerSettings.DEFAULTS, ids);
        List<Detection> first =
                tracker.update(List.of(person(100, 100, 0.9f)), tick()).tracked();
        // the same place, but now a car: not the person's track
        List<Detection> next =
                tracker.update(List.of(Boxes.car(100, 100)), tick()).tracked();
        assertTrue(next.isEmpty() || id(next.get(0)) != id(first.get(0)));
    }

    @Test
    void sortLosesTheIdOverAGapThatByteTrackBridges() {
        SortTracker sort = new SortTracker(TrackerSettings.DEFAULTS, ids, 1, 1);
        long before = -1;
        long after = -1;
        for (int f = 0; f < 30; f++) {
            List<Detection> in = f >= 10 && f < 15 ? List.of() : List.of(person(100 + 4 * f, 200, 0.9f));
            List<Detection> out = sort.update(in, tick()).tracked();
            if (f == 9) {
                before = id(out.get(0));
            }
            if (f == 20) {
                after = id(out.get(0));
            }
        }
        assertNotEquals(before, after, "plain SORT starts over after a five-frame gap");
    }
}
