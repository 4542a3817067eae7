package dev.vision.core.privacy;

import dev.vision.core.geometry.Mask;
import dev.vision.core.geometry.MaskKind;
import dev.vision.core.geometry.MaskStyle;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Paints the privacy masks of a {@link FrameMasks} onto frames: black, or pixelated. */
public final class PrivacyPainter {

    private static final Scalar BLACK = new Scalar(0, 0, 0);

    private final FrameMasks masks;

    public PrivacyPainter(FrameMasks masks) {
        this.masks = masks;
    }

    /**
     * Hides what the privacy masks cover in {@code image} (BGR, changed in place), whose pixels may be fewer
     * than the {@code fullWidth} × {@code fullHeight} the masks' corners are given in.
     */
    public void paint(Mat image, int fullWidth, int fullHeight) {
        List<Mask> privacy = masks.of(MaskKind.PRIVACY);
        if (privacy.isEmpty()) {
            return;
        }
        for (MaskStyle style : MaskStyle.values()) {
            List<Mask> these = privacy.stream().filter(m -> m.style() == style).toList();
            if (!these.isEmpty()) {
                paint(image, these, style, fullWidth, fullHeight);
            }
        }
    }

    private static void paint(Mat image, List<Mask> these, MaskStyle style, int fullWidth, int fullHeight) {
        Mat raster = MaskRaster.of(these, image.cols(), image.rows(), fullWidth, fullHeight);
        try {
            switch (style) {
                case BLACK -> image.setTo(BLACK, raster);
                case PIXELATE -> pixelate(image, raster);
            }
        } finally {
            raster.release();
        }
    }

    /** Pixelates the bounding box of the masks in a copy, then copies back only what the masks cover. */
    private static void pixelate(Mat image, Mat raster) {
        Rect bounds = Imgproc.boundingRect(raster);
        if (bounds.width == 0 || bounds.height == 0) {
            return;
        }
        Mat region = image.submat(bounds);
        Mat copy = region.clone();
        Mat cover = raster.submat(bounds);
        try {
            Pixelation.pixelate(copy, Pixelation.blockFor(Math.min(image.cols(), image.rows())));
            copy.copyTo(region, cover);
        } finally {
            region.release();
            copy.release();
            cover.release();
        }
    }
}
