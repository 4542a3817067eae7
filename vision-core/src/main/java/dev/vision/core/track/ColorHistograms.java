package dev.vision.core.track;

import dev.vision.core.result.Box;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * {@link Appearance} from one frame's BGR pixels: each box's inner part (the middle 60 % of its width, its
 * height less 10 % at both ends, where background shows most) is shrunk to 16×32 pixels and described by a
 * hue × saturation × value histogram of its upper and lower half (8 × 3 × 3 bins each). The cost is the
 * same for any box size: about 20 µs a box. Reads the image, never keeps or changes it.
 */
public final class ColorHistograms implements Appearance {

    private static final int HUE_BINS = 8;
    private static final int SAT_BINS = 3;
    private static final int VAL_BINS = 3;
    private static final int BINS = HUE_BINS * SAT_BINS * VAL_BINS;
    private static final Size PATCH = new Size(16, 32);

    private final Mat image;
    private final double scale;

    /**
     * @param image         the frame, BGR, 8 bits a channel
     * @param originalWidth the width the boxes are measured in (a frame decoded at a reduced size has fewer
     *                      pixels than its boxes say)
     */
    public ColorHistograms(Mat image, int originalWidth) {
        this.image = image;
        this.scale = originalWidth > 0 ? (double) image.cols() / originalWidth : 1;
    }

    @Override
    public Optional<AppearanceDescriptor> describe(Box box) {
        double w = box.width() * scale;
        double h = box.height() * scale;
        int x1 = (int) Math.max(0, Math.round(box.x1() * scale + 0.2 * w));
        int x2 = (int) Math.min(image.cols(), Math.round(box.x2() * scale - 0.2 * w));
        int y1 = (int) Math.max(0, Math.round(box.y1() * scale + 0.1 * h));
        int y2 = (int) Math.min(image.rows(), Math.round(box.y2() * scale - 0.1 * h));
        if (x2 - x1 < 2 || y2 - y1 < 4) {
            return Optional.empty();
        }
        Mat crop = image.submat(new Rect(x1, y1, x2 - x1, y2 - y1));
        Mat small = new Mat();
        Mat hsv = new Mat();
        try {
            Imgproc.resize(crop, small, PATCH, 0, 0, Imgproc.INTER_AREA);
            Imgproc.cvtColor(small, hsv, Imgproc.COLOR_BGR2HSV);
            byte[] pixels = new byte[(int) (hsv.total() * hsv.channels())];
            hsv.get(0, 0, pixels);
            int half = pixels.length / 2;
            return Optional.of(
                    new AppearanceDescriptor(histogram(pixels, 0, half), histogram(pixels, half, pixels.length)));
        } finally {
            crop.release();
            small.release();
            hsv.release();
        }
    }

    private static float[] histogram(byte[] hsv, int from, int to) {
        float[] bins = new float[BINS];
        int n = 0;
        for (int i = from; i + 2 < to; i += 3) {
            int hue = (hsv[i] & 0xff) * HUE_BINS / 180; // OpenCV's 8-bit hue runs 0..179
            int sat = (hsv[i + 1] & 0xff) * SAT_BINS / 256;
            int val = (hsv[i + 2] & 0xff) * VAL_BINS / 256;
            bins[(Math.min(hue, HUE_BINS - 1) * SAT_BINS + sat) * VAL_BINS + val]++;
            n++;
        }
        for (int i = 0; i < BINS; i++) {
            bins[i] /= Math.max(1, n);
        }
        return bins;
    }
}
