package dev.vision.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.StageTimings;
import java.util.List;
import nu.pattern.OpenCV;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

/** Ground positions from a scale or four calibration points, and the speeds they give tracked objects. */
class GroundPlaneAndSpeedTest {

    @Test
    void theHomographyOfFourPointsIsOpenCvs() {
        OpenCV.loadLocally();
        double[] image = {100, 400, 700, 420, 520, 150, 260, 140};
        double[] ground = {0, 0, 8, 0, 8, 20, 0, 20};
        GroundPlane.Homography h = GroundPlane.Homography.fromPoints(image, ground);
        Mat reference = Imgproc.getPerspectiveTransform(
                new MatOfPoint2f(new Point(100, 400), new Point(700, 420), new Point(520, 150), new Point(260, 140)),
                new MatOfPoint2f(new Point(0, 0), new Point(8, 0), new Point(8, 20), new Point(0, 20)));
        for (int i = 0; i < 9; i++) {
            assertEquals(reference.get(i / 3, i % 3)[0], h.h()[i], 1e-9, "h[" + i + "]");
        }
        reference.release();
        double[] corner = h.toMetres(520, 150);
        assertEquals(8, corner[0], 1e-9);
        assertEquals(20, corner[1], 1e-9);
    }

    @Test
    void calibrationTextIsParsedAndBadOnesAreRefusedInWords() {
        GroundPlane g = GroundPlane.parseCalibration("0,0,0,0; 768,0,7.68,0; 768,576,7.68,5.76; 0,576,0,5.76");
        double[] p = g.toMetres(384, 288);
        assertEquals(3.84, p[0], 1e-9);
        assertEquals(2.88, p[1], 1e-9);
        assertTrue(assertThrows(InvalidSettingException.class, () -> GroundPlane.parseCalibration("0,0,0,0;1,1,1,1"))
                .getMessage()
                .contains("four points"));
        assertTrue(assertThrows(
                        InvalidSettingException.class,
                        () -> GroundPlane.parseCalibration("0,0,0,0;1,0,1,0;2,0,2,0;0,1,0,1"))
                .getMessage()
                .contains("line"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> new GroundPlane.Scale(-1))
                .getMessage()
                .contains("positive"));
    }

    private static DetectionResult frame(long t, double x) {
        Detection d =
                new Detection("person", 0, 0.9f, new Box((float) x - 20, 200, (float) x + 20, 300)).withTrackId(7);
        return new DetectionResult(new FrameMeta("walk", t / 40, t, 768, 576), List.of(d), StageTimings.ZERO);
    }

    @Test
    void anObjectMovingAtAKnownRateGetsThatSpeed() {
        // 120 px a second at 0.01 m a pixel: 1.2 m/s
        SpeedStage speed = new SpeedStage(new GroundPlane.Scale(0.01));
        Detection last = null;
        for (long t = 0; t <= 3000; t += 40) {
            last = ((DetectionResult) speed.apply(frame(t, 100 + 0.12 * t)))
                    .detections()
                    .get(0);
            if (t < SpeedStage.MIN_SPAN_MS) {
                assertTrue(last.speedMps().isEmpty(), "too short a time for a speed at " + t + " ms");
            }
        }
        assertEquals(1.2, last.speedMps().orElseThrow(), 1e-9);
        SpeedStage still = new SpeedStage(new GroundPlane.Scale(0.01));
        for (long t = 0; t <= 2000; t += 40) {
            last = ((DetectionResult) still.apply(frame(t, 300))).detections().get(0);
        }
        assertEquals(0, last.speedMps().orElseThrow(), 1e-9, "standing still");
    }
}
