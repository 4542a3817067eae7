package dev.vision.core.privacy;

import dev.vision.core.geometry.Mask;
import dev.vision.core.geometry.Point;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Masks drawn as a one-channel image: 255 inside any of them, 0 elsewhere. */
public final class MaskRaster {

    private MaskRaster() {}

    /**
     * A {@code cols} × {@code rows} 8-bit image of {@code masks}, whose corners are in the pixels of a
     * {@code fullWidth} × {@code fullHeight} frame (a frame decoded smaller, or a work copy, is scaled to).
     * The caller releases it.
     */
    public static Mat of(List<Mask> masks, int cols, int rows, int fullWidth, int fullHeight) {
        Mat raster = Mat.zeros(rows, cols, CvType.CV_8UC1);
        double sx = fullWidth > 0 ? (double) cols / fullWidth : 1;
        double sy = fullHeight > 0 ? (double) rows / fullHeight : 1;
        List<MatOfPoint> polygons = new ArrayList<>();
        try {
            for (Mask m : masks) {
                org.opencv.core.Point[] corners =
                        new org.opencv.core.Point[m.corners().size()];
                for (int i = 0; i < corners.length; i++) {
                    Point p = m.corners().get(i);
                    corners[i] = new org.opencv.core.Point(Math.round(p.x() * sx), Math.round(p.y() * sy));
                }
                polygons.add(new MatOfPoint(corners));
            }
            Imgproc.fillPoly(raster, polygons, new Scalar(255));
            return raster;
        } finally {
            polygons.forEach(Mat::release);
        }
    }
}
