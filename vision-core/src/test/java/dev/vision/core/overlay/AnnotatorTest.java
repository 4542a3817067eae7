package dev.vision.core.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

class AnnotatorTest {

    static {
        OpenCvRuntime.load();
    }

    private static final ColorPalette PALETTE = new ColorPalette();
    private static final FrameResult DOG = FrameResult.ofDetections(
            new FrameMeta("x.jpg", 0, 0, 400, 300),
            List.of(new Detection("dog", 16, 0.9f, new Box(100, 120, 300, 280))),
            StageTimings.ZERO);

    /**
     * Track ids are unique within a stream only: two streams each with a track 1 draw two trails, each on its
     * own stream's frames, and neither reaches into the other's path (before, one trail joined both).
     */
    @Test
    void twoStreamsWhoseTrackIdsCollideDrawTwoTrails() {
        Annotator annotator = TrackAnnotators.tracked(Anchor.CENTER, 30, List.of(), List.of());
        Mat last1 = null;
        for (int i = 0; i < 10; i++) {
            for (int stream = 0; stream < 2; stream++) {
                float x = stream == 0 ? 40 : 300; // stream 0 walks down the left side, stream 1 the right
                float y = 40 + 20 * i;
                FrameResult frame = FrameResult.ofDetections(
                        new FrameMeta("cam" + stream, i, 100L * i, 400, 300, stream, "cam" + stream),
                        List.of(new Detection("person", 0, 0.9f, new Box(x - 10, y - 10, x + 10, y + 10))
                                .withTrackId(1)),
                        StageTimings.ZERO);
                Mat canvas = new Mat(300, 400, CvType.CV_8UC3, new Scalar(0, 0, 0));
                annotator.annotate(canvas, frame);
                if (stream == 1) {
                    if (last1 != null) {
                        last1.release();
                    }
                    last1 = canvas;
                } else {
                    canvas.release();
                }
            }
        }
        try {
            Mat left = last1.colRange(0, 200);
            Mat gray = new Mat();
            Imgproc.cvtColor(left, gray, Imgproc.COLOR_BGR2GRAY);
            assertEquals(0, Core.countNonZero(gray), "stream 1's frame shows nothing of stream 0's track 1");
            gray.release();
            // its own trail runs down its path, between boxes that are 20 px apart
            double[] trail = last1.get(40 + 20 * 5 + 10 + 3, 300);
            assertNotEquals(0.0, trail[0] + trail[1] + trail[2], "stream 1's own trail is drawn");
        } finally {
            last1.release();
        }
    }

    @Test
    void boxIsDrawnInTheClassColourOnItsEdgesAndNotInside() {
        Mat canvas = new Mat(300, 400, CvType.CV_8UC3, new Scalar(0, 0, 0));
        try {
            new BoxAnnotator(ColorLookup.byClass(PALETTE), 2).annotate(canvas, DOG);
            double[] expected = PALETTE.color(16).val;
            assertArrayEquals(
                    new double[] {expected[0], expected[1], expected[2]}, canvas.get(200, 100), 1.0, "left edge");
            assertArrayEquals(new double[] {0, 0, 0}, canvas.get(200, 200), 0.0, "inside stays untouched");
        } finally {
            canvas.release();
        }
    }

    @Test
    void labelTagSitsAboveTheBoxWithContrastingText() {
        for (Scalar background : List.of(new Scalar(0, 0, 0), new Scalar(255, 255, 255))) {
            Mat canvas = new Mat(300, 400, CvType.CV_8UC3, background);
            try {
                new BoxAnnotator(ColorLookup.byClass(PALETTE), 0)
                        .andThen(new LabelAnnotator(ColorLookup.byClass(PALETTE), 0.6))
                        .annotate(canvas, DOG);
                // the tag is filled with the class colour just above the box's top-left corner
                double[] tag = canvas.get(117, 101);
                assertArrayEquals(
                        new double[] {PALETTE.color(16).val[0], PALETTE.color(16).val[1], PALETTE.color(16).val[2]},
                        tag,
                        1.0);
                // and holds text pixels of a different colour
                int textPixels = 0;
                for (int y = 100; y < 120; y++) {
                    for (int x = 100; x < 160; x++) {
                        double[] p = canvas.get(y, x);
                        if (Math.abs(p[0] - tag[0]) + Math.abs(p[1] - tag[1]) + Math.abs(p[2] - tag[2]) > 200) {
                            textPixels++;
                        }
                    }
                }
                assertNotEquals(0, textPixels, "label text visible on the tag");
            } finally {
                canvas.release();
            }
        }
    }

    @Test
    void byTrackTwoObjectsOfOneClassGetTheirTracksColours() {
        Detection a = new Detection("person", 0, 0.9f, new Box(20, 20, 120, 200)).withTrackId(3);
        Detection b = new Detection("person", 0, 0.8f, new Box(220, 20, 320, 200)).withTrackId(4);
        FrameResult two =
                FrameResult.ofDetections(new FrameMeta("x.jpg", 0, 0, 400, 300), List.of(a, b), StageTimings.ZERO);
        Mat canvas = new Mat(300, 400, CvType.CV_8UC3, new Scalar(0, 0, 0));
        try {
            new BoxAnnotator(ColorLookup.byTrack(PALETTE), 2).annotate(canvas, two);
            assertArrayEquals(PALETTE.color(3).val, withAlpha(canvas.get(100, 20)), 1.0, "track 3");
            assertArrayEquals(PALETTE.color(4).val, withAlpha(canvas.get(100, 220)), 1.0, "track 4");
            assertNotEquals(PALETTE.color(3), PALETTE.color(4));
        } finally {
            canvas.release();
        }
    }

    private static double[] withAlpha(double[] bgr) {
        return new double[] {bgr[0], bgr[1], bgr[2], 0};
    }

    /** Issue 16, item 6: a weaker answer for the same box never hides the best one, and both stay readable. */
    @Test
    void theBestAnswerKeepsItsPlaceAndAWeakerOneMovesAside() {
        Box same = new Box(100, 120, 300, 280);
        FrameResult twoAnswers = FrameResult.ofDetections(
                new FrameMeta("x.jpg", 0, 0, 400, 300),
                List.of(new Detection("cat", 15, 0.26f, same), new Detection("dog", 16, 0.86f, same)),
                StageTimings.ZERO);
        Mat canvas = new Mat(300, 400, CvType.CV_8UC3, new Scalar(0, 0, 0));
        try {
            new LabelAnnotator(ColorLookup.byClass(PALETTE), 0.6).annotate(canvas, twoAnswers);
            assertArrayEquals(withAlpha(canvas.get(117, 101)), PALETTE.color(16).val, 1.0, "dog's tag above the box");
            assertArrayEquals(withAlpha(canvas.get(122, 101)), PALETTE.color(15).val, 1.0, "cat's tag inside it");
        } finally {
            canvas.release();
        }
    }

    @Test
    void eachStreamsHudShowsItsOwnRateNotTheRunsWhole() {
        HudAnnotator hud = new HudAnnotator(stream -> stream == 1 ? 2.6 : 16.8);
        FrameResult yard = FrameResult.ofDetections(
                new FrameMeta("yard", 0, 0, 400, 300, 1),
                List.of(new Detection("dog", 16, 0.9f, new Box(2, 2, 150, 200))),
                StageTimings.ZERO);
        assertEquals("2.6 FPS | 1 dog", hud.text(yard));
    }

    @Test
    void aTagInTheHudsCornerMovesOffTheHud() {
        FrameResult corner = FrameResult.ofDetections(
                new FrameMeta("x.jpg", 0, 0, 400, 300),
                List.of(new Detection("dog", 16, 0.9f, new Box(2, 2, 150, 200))),
                StageTimings.ZERO);
        Mat canvas = new Mat(300, 400, CvType.CV_8UC3, new Scalar(0, 0, 0));
        try {
            new HudAnnotator(() -> 25.0)
                    .andThen(new LabelAnnotator(ColorLookup.byClass(PALETTE), 0.6))
                    .annotate(canvas, corner);
            // the HUD's black band stays black at its left edge, and the dog's tag sits below the box instead
            assertArrayEquals(new double[] {0, 0, 0, 0}, withAlpha(canvas.get(3, 1)), 1.0, "HUD untouched");
            assertArrayEquals(withAlpha(canvas.get(203, 3)), PALETTE.color(16).val, 1.0, "tag below the box");
        } finally {
            canvas.release();
        }
    }

    @Test
    void textColourContrastsWithTheTag() {
        assertEquals(0.0, ColorPalette.textColorOn(new Scalar(255, 255, 255)).val[0]);
        assertEquals(255.0, ColorPalette.textColorOn(new Scalar(40, 0, 80)).val[0]);
    }
}
