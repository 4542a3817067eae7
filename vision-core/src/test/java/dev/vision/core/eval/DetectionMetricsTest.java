package dev.vision.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vision.core.eval.DetectionMetrics.Labelled;
import dev.vision.core.result.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric on cases small enough to work out by hand. */
class DetectionMetricsTest {

    private static Labelled gt(int cls, float x1, float y1, float x2, float y2) {
        return new Labelled(cls, new Box(x1, y1, x2, y2), 1f);
    }

    private static Labelled det(int cls, float score, float x1, float y1, float x2, float y2) {
        return new Labelled(cls, new Box(x1, y1, x2, y2), score);
    }

    @Test
    void perfectDetectionsScoreOne() {
        DetectionMetrics m = new DetectionMetrics();
        m.add(
                List.of(gt(0, 0, 0, 100, 100), gt(1, 200, 200, 300, 260)),
                List.of(det(0, 0.9f, 0, 0, 100, 100), det(1, 0.8f, 200, 200, 300, 260)));
        m.add(List.of(gt(0, 10, 10, 50, 50)), List.of(det(0, 0.7f, 10, 10, 50, 50)));
        DetectionMetrics.Result r = m.compute(0.25f);
        assertEquals(1.0, r.map50(), 1e-9);
        assertEquals(1.0, r.map50to95(), 1e-9);
        assertEquals(1.0, r.precision(), 1e-9);
        assertEquals(1.0, r.recall(), 1e-9);
    }

    @Test
    void aShiftedBoxCountsOnlyAtTheThresholdsItsOverlapReaches() {
        // shifted by 20 px on a 100 px box: IoU = 80*100 / (2*10000 - 8000) = 2/3
        DetectionMetrics m = new DetectionMetrics();
        m.add(List.of(gt(0, 0, 0, 100, 100)), List.of(det(0, 0.9f, 20, 0, 120, 100)));
        DetectionMetrics.Result r = m.compute(0.25f);
        assertEquals(1.0, r.map50(), 1e-9);
        // thresholds 0.50, 0.55, 0.60, 0.65 are reached, 0.70 … 0.95 are not: 4 of 10
        assertEquals(0.4, r.map50to95(), 1e-9);
        // a box shifted by half its width (IoU 1/3) is a miss everywhere
        DetectionMetrics far = new DetectionMetrics();
        far.add(List.of(gt(0, 0, 0, 100, 100)), List.of(det(0, 0.9f, 50, 0, 150, 100)));
        assertEquals(0.0, far.compute(0.25f).map50(), 1e-9);
    }

    @Test
    void aMissedObjectCapsRecallAtHalf() {
        DetectionMetrics m = new DetectionMetrics();
        m.add(List.of(gt(0, 0, 0, 100, 100), gt(0, 300, 300, 400, 400)), List.of(det(0, 0.9f, 0, 0, 100, 100)));
        DetectionMetrics.Result r = m.compute(0.25f);
        // precision 1 at recall levels 0, 0.01, …, 0.50 (51 of the 101 points), nothing above
        assertEquals(51 / 101.0, r.map50(), 1e-9);
        assertEquals(0.5, r.recall(), 1e-9);
        assertEquals(1.0, r.precision(), 1e-9);
    }

    @Test
    void extraBoxesCostOnlyWhenTheyOutscoreTheTrueOnes() {
        DetectionMetrics low = new DetectionMetrics();
        low.add(
                List.of(gt(0, 0, 0, 100, 100)),
                List.of(det(0, 0.9f, 0, 0, 100, 100), det(0, 0.3f, 500, 500, 600, 600)));
        assertEquals(1.0, low.compute(0.25f).map50(), 1e-9, "a weaker false positive after all hits costs no AP");
        assertEquals(0.5, low.compute(0.25f).precision(), 1e-9, "but halves precision at 0.25");

        DetectionMetrics high = new DetectionMetrics();
        high.add(
                List.of(gt(0, 0, 0, 100, 100)),
                List.of(det(0, 0.95f, 500, 500, 600, 600), det(0, 0.9f, 0, 0, 100, 100)));
        // the hit comes second: precision 1/2 at recall 1, interpolated to every recall level
        assertEquals(0.5, high.compute(0.25f).map50(), 1e-9);
    }

    @Test
    void aDuplicateOfAMatchedBoxIsAFalsePositiveAndClassesAreKeptApart() {
        DetectionMetrics m = new DetectionMetrics();
        m.add(
                List.of(gt(0, 0, 0, 100, 100), gt(1, 0, 0, 100, 100)),
                List.of(det(0, 0.9f, 0, 0, 100, 100), det(0, 0.8f, 2, 2, 100, 100), det(1, 0.5f, 300, 300, 400, 400)));
        DetectionMetrics.Result r = m.compute(0.25f);
        assertEquals(1.0, r.apPerClass().get(0)[0], 1e-9, "the duplicate comes after the hit");
        assertEquals(0.0, r.apPerClass().get(1)[0], 1e-9, "class 1's only box is elsewhere");
        assertEquals(0.5, r.map50(), 1e-9, "mean over the two classes with ground truth");
        assertEquals(1 / 3.0, r.precision(), 1e-9);
    }
}
