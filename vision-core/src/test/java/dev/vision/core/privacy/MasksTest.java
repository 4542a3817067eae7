package dev.vision.core.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Mask;
import dev.vision.core.geometry.MaskKind;
import dev.vision.core.geometry.MaskStyle;
import dev.vision.core.motion.MotionDetector;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.StageTimings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/** Masks on synthetic frames: which pixels change, which detections go, what motion gating ignores. */
class MasksTest {

    @BeforeAll
    static void opencv() {
        OpenCvRuntime.load();
    }

    private static Mask left(MaskKind kind, MaskStyle style) {
        return Mask.parse("left=0,0,100,0,100,100,0,100", kind, style);
    }

    private static Mat noise(int cols, int rows) {
        Mat m = new Mat(rows, cols, CvType.CV_8UC3);
        Core.randu(m, 0, 256);
        return m;
    }

    /** Hands out the frames it is given, once each. */
    private static final class Frames implements FrameSource {
        final Deque<Frame> left = new ArrayDeque<>();

        @Override
        public Optional<Frame> next() {
            return Optional.ofNullable(left.poll());
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public double nominalFps() {
            return 0;
        }

        @Override
        public long expectedCount() {
            return left.size();
        }

        @Override
        public void onSkip(SkipListener listener) {}

        @Override
        public void close() {}
    }

    private static byte[] bytes(Mat m) {
        Mat c = m.clone();
        byte[] b = new byte[(int) (c.total() * c.channels())];
        c.get(0, 0, b);
        c.release();
        return b;
    }

    @Test
    void aPrivacyMaskBlacksOutItsPixelsOnlyAtAnyDecodedSize() {
        Mat full = noise(200, 100);
        Mat reduced = noise(100, 50); // decoded at half size: the mask's corners are scaled with it
        Frames frames = new Frames();
        frames.left.add(new Frame(full.clone(), new FrameMeta("a", 0, 0, 200, 100)));
        frames.left.add(new Frame(reduced.clone(), new FrameMeta("a", 1, 40, 200, 100)));
        try (MaskedSource masked =
                new MaskedSource(frames, new FrameMasks(List.of(left(MaskKind.PRIVACY, MaskStyle.BLACK))))) {
            int[] maskedCols = {100, 50};
            Mat[] originals = {full, reduced};
            for (int i = 0; i < 2; i++) {
                try (Frame f = masked.next().orElseThrow()) {
                    Mat image = f.image();
                    int edge = maskedCols[i];
                    assertEquals(
                            0,
                            Core.countNonZero(image.submat(new Rect(0, 0, edge - 1, image.rows()))
                                    .reshape(1)),
                            "black inside");
                    Rect outside = new Rect(edge + 1, 0, image.cols() - edge - 1, image.rows());
                    assertArrayEquals(
                            bytes(originals[i].submat(outside)), bytes(image.submat(outside)), "untouched outside");
                }
            }
        }
    }

    @Test
    void aPixelatedMaskKeepsTheColoursButNoDetail() {
        Mat image = noise(200, 100);
        double before = detail(image.submat(new Rect(0, 0, 90, 100)));
        new PrivacyPainter(new FrameMasks(List.of(left(MaskKind.PRIVACY, MaskStyle.PIXELATE)))).paint(image, 200, 100);
        double after = detail(image.submat(new Rect(0, 0, 90, 100)));
        assertTrue(after < before / 5, "blocks of one colour: spread " + before + " -> " + after);
        assertTrue(Core.mean(image.submat(new Rect(0, 0, 90, 100))).val[0] > 60, "not black");
    }

    private static double detail(Mat m) {
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble sd = new MatOfDouble();
        Mat dx = new Mat();
        Core.absdiff(m.colRange(1, m.cols()), m.colRange(0, m.cols() - 1), dx);
        Core.meanStdDev(dx, mean, sd);
        return mean.get(0, 0)[0];
    }

    @Test
    void detectionsUnderAPrivacyMaskOrWithTheirAnchorInAnIgnoreMaskAreDropped() {
        FrameMasks masks = new FrameMasks(List.of(
                left(MaskKind.PRIVACY, MaskStyle.BLACK),
                Mask.parse("poster=150,0,200,0,200,50,150,50", MaskKind.IGNORE, MaskStyle.BLACK)));
        MaskedDetections stage = new MaskedDetections(masks, Anchor.BOTTOM);
        Detection hidden = new Detection("person", 0, 0.9f, new Box(40, 10, 60, 90)); // centre under the mask
        Detection straddling = new Detection("person", 0, 0.9f, new Box(90, 10, 130, 90)); // centre at 110
        Detection onPoster = new Detection("person", 0, 0.9f, new Box(160, 0, 190, 40)); // feet on the poster
        Detection belowPoster = new Detection("person", 0, 0.9f, new Box(160, 20, 190, 95)); // feet below it
        DetectionResult result = new DetectionResult(
                new FrameMeta("a", 0, 0, 200, 100),
                List.of(hidden, straddling, onPoster, belowPoster),
                StageTimings.ZERO);
        assertEquals(List.of(straddling, belowPoster), ((DetectionResult) stage.apply(result)).detections());
        masks.set(List.of());
        assertEquals(4, ((DetectionResult) stage.apply(result)).detections().size(), "masks removed while running");
        assertThrows(
                InvalidSettingException.class,
                () -> masks.set(
                        List.of(left(MaskKind.PRIVACY, MaskStyle.BLACK), left(MaskKind.IGNORE, MaskStyle.BLACK))));
    }

    @Test
    void motionInsideAMotionMaskWakesNothing() {
        Mat still = new Mat(100, 200, CvType.CV_8UC3, new Scalar(90, 90, 90));
        Mat waving = still.clone();
        waving.submat(new Rect(10, 10, 60, 60)).setTo(new Scalar(250, 250, 250)); // a tree inside the mask
        try (MotionDetector plain = new MotionDetector(0.003);
                MotionDetector masked = new MotionDetector(0.003)) {
            List<Mask> tree = List.of(left(MaskKind.MOTION, MaskStyle.BLACK));
            plain.hasMotion(still);
            masked.hasMotion(still, 0, tree, 200, 100);
            assertTrue(plain.hasMotion(waving), "without the mask it is motion");
            assertFalse(masked.hasMotion(waving, 200, tree, 200, 100), "inside the mask it is not");
            Mat walker = still.clone();
            walker.submat(new Rect(140, 10, 30, 60)).setTo(new Scalar(250, 250, 250));
            assertTrue(masked.hasMotion(walker, 400, tree, 200, 100), "outside the mask it still is");
        }
    }
}
