package dev.vision.core.track;

import static dev.vision.core.track.Boxes.id;
import static dev.vision.core.track.Boxes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.result.Detection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Tracker} must do, run against each implementation: identities kept by motion at video
 * rates and on thinned sources (time, not frames), frames whose time does not advance, ids never reused,
 * classes never mixed.
 */
abstract class TrackerChecks {

    final TrackIds ids = new TrackIds();

    abstract Tracker create(TrackerSettings settings, TrackIds ids);

    private static Detection nearest(List<Detection> ds, double x) {
        return ds.stream()
                .min((a, b) -> Double.compare(Math.abs(cx(a) - x), Math.abs(cx(b) - x)))
                .orElseThrow();
    }

    private static double cx(Detection d) {
        return (d.box().x1() + d.box().x2()) / 2;
    }

    /** Two people 300 px apart walk right at {@code pxPerSecond}, seen every {@code frameMs}: their ids. */
    private void walkApart(Tracker tracker, double pxPerSecond, long frameMs, long frames) {
        long left = -1;
        long right = -1;
        for (long f = 0; f < frames; f++) {
            long t = 1000 + f * frameMs;
            double x = 100 + pxPerSecond * (t - 1000) / 1000.0;
            List<Detection> out = tracker.update(List.of(person(x, 200, 0.9f), person(x + 300, 230, 0.9f)), t)
                    .tracked();
            if (out.size() < 2) {
                assertTrue(f < 3, "both followed once confirmed; frame " + f + ": " + out);
                continue;
            }
            long a = id(nearest(out, x));
            long b = id(nearest(out, x + 300));
            if (left < 0) {
                left = a;
                right = b;
            }
            assertEquals(left, a, "the left one keeps its id, frame " + f);
            assertEquals(right, b, "the right one keeps its id, frame " + f);
        }
        assertTrue(left > 0 && left != right, "two tracks");
    }

    @Test
    void peopleWalkingAtVideoRateKeepTheirIds() {
        walkApart(create(TrackerSettings.DEFAULTS, ids), 100, 40, 50);
    }

    @Test
    void aSourceThinnedToTwoFramesASecondKeepsTheSameTracks() {
        // 50 px between kept frames on a 40 px wide box: no overlap at all, yet the same people
        walkApart(create(TrackerSettings.DEFAULTS, ids), 100, 500, 12);
    }

    @Test
    void framesWhoseTimeDoesNotAdvanceAreFollowedAsConsecutiveFrames() {
        Tracker tracker = create(TrackerSettings.DEFAULTS, ids);
        Set<Long> seen = new HashSet<>();
        for (int f = 0; f < 20; f++) {
            seen.addAll(tracker.update(List.of(person(100 + 3 * f, 200, 0.9f)), 0).tracked().stream()
                    .map(Boxes::id)
                    .toList());
        }
        assertEquals(1, seen.size(), "one object, one track: " + seen);
    }

    @Test
    void differentClassesNeverShareATrack() {
        Tracker tracker = create(TrackerSettings.DEFAULTS, ids);
        long t = 0;
        long personId = -1;
        for (int f = 0; f < 5; f++) {
            List<Detection> out =
                    tracker.update(List.of(person(100, 100, 0.9f)), t += 40).tracked();
            if (!out.isEmpty()) {
                personId = id(out.get(0));
            }
        }
        assertTrue(personId > 0);
        for (int f = 0; f < 5; f++) {
            for (Detection d :
                    tracker.update(List.of(Boxes.car(100, 100)), t += 40).tracked()) {
                assertNotEquals(personId, id(d), "a car never takes a person's track");
            }
        }
    }

    @Test
    void idsAreNeverReusedAfterReset() {
        Tracker tracker = create(TrackerSettings.DEFAULTS, ids);
        Set<Long> seen = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            long first = -1;
            for (int f = 0; f < 6; f++) {
                List<Detection> out =
                        tracker.update(List.of(person(100, 100, 0.9f)), 40L * f).tracked();
                if (!out.isEmpty()) {
                    first = id(out.get(0));
                }
            }
            assertTrue(first > 0);
            assertTrue(seen.add(first), "id " + first + " not used before");
            tracker.reset();
        }
    }
}
