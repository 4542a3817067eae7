package dev.vision.core.track;

import static dev.vision.core.track.Boxes.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.ArrayList;
import java.util.List;
import nu.pattern.OpenCV;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * What appearance adds: a person hidden for two seconds comes back with their id, and someone who looks
 * different appearing in their place does not take it. Frames are drawn with OpenCV: a grey scene with
 * people as coloured figures (coat and trousers), 25 frames a second.
 */
class OcSortTrackerTest {

    private static final Scalar RED_COAT = new Scalar(40, 40, 200);
    private static final Scalar GREEN_COAT = new Scalar(40, 180, 40);
    private static final Scalar DARK_TROUSERS = new Scalar(60, 40, 30);

    @BeforeAll
    static void opencv() {
        OpenCV.loadLocally();
    }

    private record Figure(double x, double y, Scalar coat) {}

    /** One frame: the figures drawn (40 × 100 px, centred at x, y) and their detections. */
    private static Tracker.Update step(Tracker tracker, long t, List<Figure> figures) {
        Mat scene = new Mat(480, 640, CvType.CV_8UC3, new Scalar(128, 128, 128));
        try {
            List<Detection> detections = new ArrayList<>();
            for (Figure f : figures) {
                Imgproc.rectangle(scene, new Point(f.x - 20, f.y - 50), new Point(f.x + 20, f.y), f.coat, -1);
                Imgproc.rectangle(scene, new Point(f.x - 20, f.y), new Point(f.x + 20, f.y + 50), DARK_TROUSERS, -1);
                detections.add(new Detection(
                        "person",
                        0,
                        0.9f,
                        new Box((float) f.x - 20, (float) f.y - 50, (float) f.x + 20, (float) f.y + 50)));
            }
            return tracker.update(detections, t, new ColorHistograms(scene, scene.cols()));
        } finally {
            scene.release();
        }
    }

    /** A red-coated person walks right at 100 px/s, is hidden for 2 s, and {@code after} walks on. */
    private static List<Long> hiddenForTwoSeconds(Scalar after) {
        Tracker tracker = new OcSortTracker(TrackerSettings.DEFAULTS, new TrackIds());
        List<Long> idsSeen = new ArrayList<>();
        for (int f = 0; f < 125; f++) {
            long t = 40L * f;
            double x = 60 + 0.1 * t;
            boolean hidden = f >= 40 && f < 90;
            List<Figure> people = hidden ? List.of() : List.of(new Figure(x, 240, f < 40 ? RED_COAT : after));
            for (Detection d : step(tracker, t, people).tracked()) {
                if (idsSeen.isEmpty() || idsSeen.get(idsSeen.size() - 1) != id(d)) {
                    idsSeen.add(id(d));
                }
            }
        }
        return idsSeen;
    }

    @Test
    void aPersonHiddenForTwoSecondsComesBackWithTheirId() {
        List<Long> ids = hiddenForTwoSeconds(RED_COAT);
        assertEquals(1, ids.size(), "one id before and after: " + ids);
        ByteTracker motionAlone = new ByteTracker(TrackerSettings.DEFAULTS, new TrackIds());
        List<Long> byMotion = new ArrayList<>();
        for (int f = 0; f < 125; f++) {
            if (f >= 40 && f < 90) {
                motionAlone.update(List.of(), 40L * f);
                continue;
            }
            double x = 60 + 4 * f;
            motionAlone
                    .update(List.of(Boxes.person(x, 240, 0.9f)), 40L * f)
                    .tracked()
                    .forEach(d -> {
                        if (byMotion.isEmpty() || byMotion.get(byMotion.size() - 1) != id(d)) {
                            byMotion.add(id(d));
                        }
                    });
        }
        assertEquals(2, byMotion.size(), "by motion alone (ByteTrack's one-second buffer), a new id: " + byMotion);
    }

    @Test
    void someoneWhoLooksDifferentInTheirPlaceGetsANewId() {
        List<Long> ids = hiddenForTwoSeconds(GREEN_COAT);
        assertEquals(2, ids.size(), "the red coat's id is not given to a green coat: " + ids);
        assertNotEquals(ids.get(0), ids.get(1));
    }

    @Test
    void aTrackFoundAgainLeavesWithTheVelocityItReallyHad() {
        // hidden 10 frames while walking at 4 px a frame: on return, the track follows on without a jump
        Tracker tracker = new OcSortTracker(TrackerSettings.DEFAULTS, new TrackIds());
        long first = -1;
        for (int f = 0; f < 60; f++) {
            double x = 100 + 4 * f;
            boolean hidden = f >= 20 && f < 30;
            List<Detection> out = step(tracker, 40L * f, hidden ? List.of() : List.of(new Figure(x, 240, RED_COAT)))
                    .tracked();
            if (!hidden && f > 1) {
                assertEquals(1, out.size(), "frame " + f);
                if (first < 0) {
                    first = id(out.get(0));
                }
                assertEquals(first, id(out.get(0)), "frame " + f);
            }
        }
        assertTrue(first > 0);
    }
}
