package dev.vision.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vision.core.result.Box;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CLEAR MOT and IDF1 on hand-made sequences whose answers can be worked out on paper. */
class TrackingMetricsTest {

    private static TrackingMetrics.Identified box(long id, float x) {
        return new TrackingMetrics.Identified(id, new Box(x, 0, x + 10, 20));
    }

    @Test
    void perfectTrackingUnderOtherIdsScoresOne() {
        TrackingMetrics m = new TrackingMetrics();
        for (int f = 0; f < 10; f++) {
            m.addFrame(List.of(box(1, f), box(2, 100 + f)), List.of(box(71, f), box(72, 100 + f)));
        }
        TrackingMetrics.Result r = m.compute();
        assertEquals(1.0, r.mota(), 1e-12);
        assertEquals(1.0, r.idf1(), 1e-12);
        assertEquals(0, r.idSwitches());
    }

    @Test
    void twoObjectsWhoseIdsAreSwappedHalfway() {
        TrackingMetrics m = new TrackingMetrics();
        for (int f = 0; f < 10; f++) {
            boolean swapped = f >= 5;
            m.addFrame(List.of(box(1, 0), box(2, 100)), List.of(box(swapped ? 8 : 7, 0), box(swapped ? 7 : 8, 100)));
        }
        TrackingMetrics.Result r = m.compute();
        assertEquals(2, r.idSwitches(), "each object switches once");
        assertEquals(1 - 2.0 / 20, r.mota(), 1e-12);
        assertEquals(10, r.idtp(), "the best pairing keeps half of each object's frames");
        assertEquals(2.0 * 10 / 40, r.idf1(), 1e-12);
    }

    @Test
    void missesAndAFalseAlarm() {
        TrackingMetrics m = new TrackingMetrics();
        for (int f = 0; f < 10; f++) {
            List<TrackingMetrics.Identified> hyp = new ArrayList<>();
            if (f != 3 && f != 4) {
                hyp.add(box(5, f));
            }
            if (f == 7) {
                hyp.add(box(6, 300));
            }
            m.addFrame(List.of(box(1, f)), hyp);
        }
        TrackingMetrics.Result r = m.compute();
        assertEquals(2, r.falseNegatives());
        assertEquals(1, r.falsePositives());
        assertEquals(0, r.idSwitches(), "a gap is not a switch");
        assertEquals(1 - 3.0 / 10, r.mota(), 1e-12);
        assertEquals(2.0 * 8 / (10 + 9), r.idf1(), 1e-12);
    }

    @Test
    void aTrackThatBreaksInTwoIsOneSwitchAndHalfTheIdentity() {
        TrackingMetrics m = new TrackingMetrics();
        for (int f = 0; f < 10; f++) {
            m.addFrame(List.of(box(1, f)), List.of(box(f < 5 ? 3 : 4, f)));
        }
        TrackingMetrics.Result r = m.compute();
        assertEquals(1, r.idSwitches());
        assertEquals(0.9, r.mota(), 1e-12);
        assertEquals(0.5, r.idf1(), 1e-12);
    }

    @Test
    void aBoxOverlappingTooLittleIsAMissAndAFalseAlarm() {
        TrackingMetrics m = new TrackingMetrics();
        m.addFrame(List.of(box(1, 0)), List.of(box(9, 6))); // IoU 4/16 = 0.25 < 0.5
        TrackingMetrics.Result r = m.compute();
        assertEquals(1, r.falseNegatives());
        assertEquals(1, r.falsePositives());
        assertEquals(-1.0, r.mota(), 1e-12);
    }
}
