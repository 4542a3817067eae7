package dev.vision.core.privacy;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Coarse blocks of one colour each, in place: what privacy masks and object blur draw. */
final class Pixelation {

    private Pixelation() {}

    /** Pixelates {@code region} (a view into a frame, changed in place) in blocks of about {@code block} px. */
    static void pixelate(Mat region, int block) {
        if (region.empty()) {
            return;
        }
        Mat small = new Mat();
        try {
            Size coarse = new Size(
                    Math.max(1, Math.round((double) region.cols() / block)),
                    Math.max(1, Math.round((double) region.rows() / block)));
            Imgproc.resize(region, small, coarse, 0, 0, Imgproc.INTER_AREA);
            Imgproc.resize(small, region, region.size(), 0, 0, Imgproc.INTER_NEAREST);
        } finally {
            small.release();
        }
    }

    /** The block size for a frame whose shorter side is {@code side} px: about a fortieth of it, 8 px at least. */
    static int blockFor(int side) {
        return Math.max(8, side / 40);
    }
}
