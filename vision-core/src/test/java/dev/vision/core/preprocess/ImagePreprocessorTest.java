package dev.vision.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.result.Box;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** A white square drawn on an image must land where the letterbox says, and map back to where it was. */
class ImagePreprocessorTest {

    static {
        OpenCvRuntime.load();
    }

    private static InputSpec spec(InputSpec.Resize resize, boolean rgb, double[] mean, double[] std, double scale) {
        return new InputSpec(416, 416, resize, rgb, mean, std, scale, 114);
    }

    private static final double[] ZERO = {0, 0, 0};
    private static final double[] ONE = {1, 1, 1};

    /** A 768x576 dark image with a pure-blue (BGR) square at (200,100)-(300,200). */
    private static Mat scene() {
        Mat m = new Mat(576, 768, CvType.CV_8UC3, new Scalar(10, 20, 30));
        Imgproc.rectangle(m, new Point(200, 100), new Point(299, 199), new Scalar(255, 0, 0), Imgproc.FILLED);
        return m;
    }

    /** The bounding box of pixels in channel {@code c} of a CHW tensor above {@code threshold}. */
    private static Box bright(float[] chw, int c, float threshold) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < 416; y++) {
            for (int x = 0; x < 416; x++) {
                if (chw[c * 416 * 416 + y * 416 + x] > threshold) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new Box(minX, minY, maxX + 1, maxY + 1);
    }

    /** Runs the preprocessor into its direct buffer and copies the result into {@code out} to look at. */
    private static Letterbox prepare(ImagePreprocessor p, Mat image, float[] out, int offset) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(out.length * Float.BYTES).order(ByteOrder.nativeOrder());
        Letterbox box = p.prepare(image, buffer, offset);
        buffer.asFloatBuffer().get(out);
        return box;
    }

    @Test
    void topLeftLetterboxScalesKeepsAspectAndPadsWith114() {
        Mat image = scene();
        try (ImagePreprocessor p =
                new ImagePreprocessor(spec(InputSpec.Resize.LETTERBOX_TOP_LEFT, /* rgb= */ false, ZERO, ONE, 1))) {
            float[] out = new float[3 * 416 * 416];
            Letterbox lb = prepare(p, image, out, 0);
            double r = 416.0 / 768;
            assertEquals(r, lb.scaleX(), 1e-9);
            assertEquals(r, lb.scaleY(), 1e-9);
            assertEquals(0, lb.padX());
            assertEquals(0, lb.padY());
            // blue is channel 0 in BGR order; the square is at (200,100)*r
            Box found = bright(out, 0, 128);
            assertEquals(200 * r, found.x1(), 1.5);
            assertEquals(100 * r, found.y1(), 1.5);
            assertEquals(300 * r, found.x2(), 1.5);
            // below the scaled image (312 rows) is padding
            assertEquals(114f, out[415 * 416 + 10], 0f);
            assertEquals(30f, out[2 * 416 * 416 + 5 * 416 + 5], 1f, "red channel of the background");
            Box back = lb.toOriginal(found.x1(), found.y1(), found.x2(), found.y2());
            assertEquals(200, back.x1(), 2.5);
            assertEquals(100, back.y1(), 2.5);
            assertEquals(300, back.x2(), 2.5);
            assertEquals(200, back.y2(), 2.5);
        } finally {
            image.release();
        }
    }

    @Test
    void centredLetterboxInRgbPadsBothSidesAndMapsBack() {
        Mat image = scene();
        try (ImagePreprocessor p =
                new ImagePreprocessor(spec(InputSpec.Resize.LETTERBOX_CENTER, /* rgb= */ true, ZERO, ONE, 1 / 255.0))) {
            float[] out = new float[3 * 416 * 416];
            Letterbox lb = prepare(p, image, out, 0);
            assertEquals((416 - 312) / 2, lb.padY(), 1e-9);
            // RGB order: blue is now channel 2, values scaled to 0..1
            Box found = bright(out, 2, 0.5f);
            Box back = lb.toOriginal(found.x1(), found.y1(), found.x2(), found.y2());
            assertEquals(200, back.x1(), 2.5);
            assertEquals(100, back.y1(), 2.5);
            assertEquals(300, back.x2(), 2.5);
            assertEquals(200, back.y2(), 2.5);
            assertEquals(114 / 255f, out[416 * 5 + 200], 1e-4f, "top padding row");
        } finally {
            image.release();
        }
    }

    @Test
    void stretchWithMeanAndStdNormalisesEachChannel() {
        Mat image = scene();
        double[] mean = {103.53, 116.28, 123.675};
        double[] std = {57.375, 57.12, 58.395};
        try (ImagePreprocessor p =
                new ImagePreprocessor(spec(InputSpec.Resize.STRETCH, /* rgb= */ false, mean, std, 1))) {
            float[] out = new float[2 * 3 * 416 * 416];
            Letterbox lb = prepare(p, image, out, 3 * 416 * 416); // second image of a batch
            assertEquals(416.0 / 768, lb.scaleX(), 1e-9);
            assertEquals(416.0 / 576, lb.scaleY(), 1e-9);
            int base = 3 * 416 * 416;
            assertEquals((10 - 103.53) / 57.375, out[base + 5], 1e-3);
            assertEquals((20 - 116.28) / 57.12, out[base + 416 * 416 + 5], 1e-3);
            assertEquals((30 - 123.675) / 58.395, out[base + 2 * 416 * 416 + 5], 1e-3);
            assertEquals(0f, out[5], 0f, "first image of the batch untouched");
            Box back = lb.toOriginal(200 * 416f / 768, 100 * 416f / 576, 300 * 416f / 768, 200 * 416f / 576);
            assertEquals(200, back.x1(), 1e-3);
            assertEquals(200, back.y2(), 1e-3);
        } finally {
            image.release();
        }
    }

    @Test
    void tinyImagesAreScaledUpNotRefused() {
        Mat pixel = new Mat(1, 1, CvType.CV_8UC3, new Scalar(200, 200, 200));
        try (ImagePreprocessor p =
                new ImagePreprocessor(spec(InputSpec.Resize.LETTERBOX_TOP_LEFT, /* rgb= */ false, ZERO, ONE, 1))) {
            float[] out = new float[3 * 416 * 416];
            Letterbox lb = prepare(p, pixel, out, 0);
            assertEquals(416, lb.scaleX(), 1e-9);
            assertEquals(200f, out[416 * 416 / 2], 0.5f);
        } finally {
            pixel.release();
        }
    }
}
