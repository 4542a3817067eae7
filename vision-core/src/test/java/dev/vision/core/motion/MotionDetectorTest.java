package dev.vision.core.motion;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** The motion detector on a real photo: what moves is motion; what changed once and then stays is not. */
class MotionDetectorTest {

    static {
        OpenCvRuntime.load();
    }

    @Test
    void somethingTakenAwayIsMotionOnceAndItsGhostIsNotWhileSomethingMovingStaysMotion() {
        Mat scene = Imgcodecs.imread(TestData.media("images/dog.jpg").toString());
        Mat taken = scene.clone();
        taken.submat(new Rect(100, 100, 120, 120)).setTo(new Scalar(30, 160, 30)); // the thing is gone
        try (MotionDetector detector = new MotionDetector(MotionGate.DEFAULT_THRESHOLD)) {
            for (int i = 0; i < 10; i++) {
                detector.hasMotion(scene);
            }
            assertFalse(detector.hasMotion(scene), "a still scene");
            assertTrue(detector.hasMotion(taken), "the moment it is taken away");
            for (int i = 0; i < 10; i++) {
                // the running background holds the old scene for seconds; frame to frame nothing changes
                assertFalse(detector.hasMotion(taken), "its ghost, frame " + i);
            }
            for (int step = 0; step < 5; step++) {
                Mat moving = taken.clone();
                moving.submat(new Rect(20 + 40 * step, 300, 60, 60)).setTo(new Scalar(250, 250, 250));
                assertTrue(detector.hasMotion(moving), "something crossing the scene, step " + step);
                moving.release();
            }
        } finally {
            scene.release();
            taken.release();
        }
    }

    @Test
    void aGhostStopsCountingAtOnceWhenLiveFramesComeAFewMillisecondsEarly() {
        Mat scene = Imgcodecs.imread(TestData.media("images/dog.jpg").toString());
        Mat taken = scene.clone();
        taken.submat(new Rect(100, 100, 120, 120)).setTo(new Scalar(30, 160, 30));
        // 5 frames a second from a live camera: 199 ms apart as often as 200
        long[] gaps = {200, 199, 201, 199, 200, 199, 199, 201, 199, 200, 199};
        try (MotionDetector detector = new MotionDetector(MotionGate.DEFAULT_THRESHOLD)) {
            long t = 0;
            for (int i = 0; i < 10; i++) {
                detector.hasMotion(scene, t += 200, List.of(), scene.cols(), scene.rows());
            }
            assertTrue(detector.hasMotion(taken, t += 199, List.of(), taken.cols(), taken.rows()), "taken away");
            for (int i = 0; i < gaps.length; i++) {
                t += gaps[i];
                assertFalse(
                        detector.hasMotion(taken, t, List.of(), taken.cols(), taken.rows()),
                        "its ghost, " + gaps[i] + " ms after the frame before (frame " + i + ")");
            }
        } finally {
            scene.release();
            taken.release();
        }
    }
}
