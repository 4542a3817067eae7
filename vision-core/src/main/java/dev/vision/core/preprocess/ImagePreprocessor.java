package dev.vision.core.preprocess;

import dev.vision.core.frame.OpenCvRuntime;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

/**
 * Turns an 8-bit BGR image into a model's float input in NCHW layout, as an {@link InputSpec} says,
 * and reports the {@link Letterbox} that maps results back. Holds reusable buffers: one instance per
 * thread.
 */
public final class ImagePreprocessor implements AutoCloseable {

    static {
        OpenCvRuntime.load();
    }

    private final InputSpec spec;
    private final Mat canvas;
    private final Mat resized = new Mat();
    private final Mat floats = new Mat();
    private float[] scratch;
    private final Scalar meanTimesStd;
    private final Scalar inverseStd;

    public ImagePreprocessor(InputSpec spec) {
        this.spec = spec;
        this.canvas = new Mat(spec.height(), spec.width(), CvType.CV_8UC3);
        // (x*scale - mean)/std == x*(scale/std) - mean/std: one multiply and one subtract per pixel
        this.inverseStd = new Scalar(spec.scale() / spec.std()[0], spec.scale() / spec.std()[1],
                spec.scale() / spec.std()[2]);
        this.meanTimesStd = new Scalar(spec.mean()[0] / spec.std()[0], spec.mean()[1] / spec.std()[1],
                spec.mean()[2] / spec.std()[2]);
    }

    public InputSpec spec() {
        return spec;
    }

    /**
     * Writes the model input for {@code bgr} into {@code out} at {@code offset} (3·H·W floats, CHW).
     *
     * @return the geometry that maps model-input pixels back to {@code bgr}'s pixels
     */
    public Letterbox prepare(Mat bgr, float[] out, int offset) {
        if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("expected a non-empty 8-bit BGR image, got " + bgr);
        }
        Letterbox box = place(bgr);
        toChw(out, offset);
        return box;
    }

    private Letterbox place(Mat bgr) {
        int w = bgr.cols();
        int h = bgr.rows();
        int inW = spec.width();
        int inH = spec.height();
        switch (spec.resize()) {
            case STRETCH -> {
                Imgproc.resize(bgr, canvas, new Size(inW, inH), 0, 0, Imgproc.INTER_LINEAR);
                return new Letterbox((double) inW / w, (double) inH / h, 0, 0, w, h);
            }
            case RESIZE_SHORT_CENTER_CROP -> {
                // as torchvision's Resize(256) + CenterCrop(224): the short side becomes exactly 256, the long
                // side is truncated, the crop offset rounds half to even
                int shortSide = (int) Math.round(Math.min(inW, inH) * 256.0 / 224.0);
                boolean wide = w >= h;
                int rw = wide ? Math.max(inW, (int) ((long) shortSide * w / h)) : shortSide;
                int rh = wide ? shortSide : Math.max(inH, (int) ((long) shortSide * h / w));
                // area averaging when shrinking stands in for PIL's antialiased bilinear filter
                Imgproc.resize(bgr, resized, new Size(rw, rh), 0, 0,
                        rw < w ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
                int x0 = (int) Math.rint((rw - inW) / 2.0);
                int y0 = (int) Math.rint((rh - inH) / 2.0);
                try (var crop = new Releasing(resized.submat(new Rect(x0, y0, inW, inH)))) {
                    crop.mat.copyTo(canvas);
                }
                return new Letterbox((double) rw / w, (double) rh / h, -x0, -y0, w, h);
            }
            default -> {
                double r = Math.min((double) inW / w, (double) inH / h);
                int rw = Math.max(1, Math.min(inW, (int) Math.round(w * r)));
                int rh = Math.max(1, Math.min(inH, (int) Math.round(h * r)));
                int padX = spec.resize() == InputSpec.Resize.LETTERBOX_CENTER ? (inW - rw) / 2 : 0;
                int padY = spec.resize() == InputSpec.Resize.LETTERBOX_CENTER ? (inH - rh) / 2 : 0;
                canvas.setTo(new Scalar(spec.padValue(), spec.padValue(), spec.padValue()));
                try (var roi = new Releasing(canvas.submat(new Rect(padX, padY, rw, rh)))) {
                    if (rw == w && rh == h) {
                        bgr.copyTo(roi.mat);
                    } else {
                        Imgproc.resize(bgr, roi.mat, new Size(rw, rh), 0, 0,
                                Imgproc.INTER_LINEAR);
                    }
                }
                return new Letterbox(r, r, padX, padY, w, h);
            }
        }
    }

    private void toChw(float[] out, int offset) {
        Mat source = canvas;
        if (spec.normalises()) {
            canvas.convertTo(floats, CvType.CV_32FC3);
            Scalar mul = spec.rgb() ? swap(inverseStd) : inverseStd;
            Scalar sub = spec.rgb() ? swap(meanTimesStd) : meanTimesStd;
            Core.multiply(floats, mul, floats);
            Core.subtract(floats, sub, floats);
            source = floats;
        }
        // blobFromImage does the HWC -> CHW transpose (and the BGR -> RGB swap) in one native pass
        Mat chw = Dnn.blobFromImage(source, 1.0, new Size(spec.width(), spec.height()), new Scalar(0, 0, 0),
                spec.rgb(), false, CvType.CV_32F);
        try {
            int n = spec.floatsPerImage();
            float[] target = offset == 0 && out.length == n ? out : scratch();
            chw.get(new int[] {0, 0, 0, 0}, target);
            if (target != out) {
                System.arraycopy(target, 0, out, offset, n);
            }
        } finally {
            chw.release();
        }
    }

    private float[] scratch() {
        if (scratch == null) {
            scratch = new float[spec.floatsPerImage()];
        }
        return scratch;
    }

    /** mean and std are given in the model's channel order; the float image is still BGR. */
    private static Scalar swap(Scalar s) {
        return new Scalar(s.val[2], s.val[1], s.val[0]);
    }

    @Override
    public void close() {
        canvas.release();
        resized.release();
        floats.release();
    }

    /** A sub-matrix header that is released when the block ends. */
    private record Releasing(Mat mat) implements AutoCloseable {
        @Override
        public void close() {
            mat.release();
        }
    }
}
