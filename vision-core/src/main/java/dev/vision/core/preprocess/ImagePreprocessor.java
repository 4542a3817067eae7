package dev.vision.core.preprocess;

import dev.vision.core.frame.OpenCvRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
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
    private final Mat channel = new Mat();
    private final Map<Integer, Mat[]> planes = new HashMap<>();
    private ByteBuffer planesBuffer;

    public ImagePreprocessor(InputSpec spec) {
        this.spec = spec;
        this.canvas = new Mat(spec.height(), spec.width(), CvType.CV_8UC3);
    }

    public InputSpec spec() {
        return spec;
    }

    /**
     * Writes the model input for {@code bgr} into {@code out}, a direct native-order buffer, starting at
     * float {@code offset} (3·H·W floats, CHW, in the model's channel order).
     *
     * @return the geometry that maps model-input pixels back to {@code bgr}'s pixels
     */
    public Letterbox prepare(Mat bgr, ByteBuffer out, int offset) {
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
                Imgproc.resize(
                        bgr, resized, new Size(rw, rh), 0, 0, rw < w ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
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
                        Imgproc.resize(bgr, roi.mat, new Size(rw, rh), 0, 0, Imgproc.INTER_LINEAR);
                    }
                }
                return new Letterbox(r, r, padX, padY, w, h);
            }
        }
    }

    /**
     * One native pass per channel: pick the channel out of the BGR canvas, then scale and shift it
     * (({@code x·scale − mean}) / std folded into one multiply-add) straight into the output buffer, which
     * a Mat header wraps without copying. This is the HWC → CHW transpose, the colour swap and the
     * normalisation together.
     */
    private void toChw(ByteBuffer out, int offset) {
        Mat[] planes = planes(out, offset);
        for (int c = 0; c < 3; c++) {
            Core.extractChannel(canvas, channel, spec.rgb() ? 2 - c : c);
            channel.convertTo(planes[c], CvType.CV_32F, spec.scale() / spec.std()[c], -spec.mean()[c] / spec.std()[c]);
        }
    }

    /**
     * Mat headers over the three channel planes of one image in {@code out}. The batch buffer is reused
     * from frame to frame, so the headers are made once per buffer and offset, not per frame.
     */
    private Mat[] planes(ByteBuffer out, int offset) {
        if (out != planesBuffer) {
            releasePlanes();
            planesBuffer = out;
        }
        return planes.computeIfAbsent(offset, o -> {
            int plane = spec.width() * spec.height();
            Mat[] mats = new Mat[3];
            for (int c = 0; c < 3; c++) {
                ByteBuffer slice = out.duplicate();
                slice.position((o + c * plane) * Float.BYTES).limit((o + (c + 1) * plane) * Float.BYTES);
                mats[c] = new Mat(
                        spec.height(),
                        spec.width(),
                        CvType.CV_32FC1,
                        slice.slice().order(ByteOrder.nativeOrder()));
            }
            return mats;
        });
    }

    private void releasePlanes() {
        planes.values().forEach(mats -> {
            for (Mat m : mats) {
                m.release();
            }
        });
        planes.clear();
    }

    @Override
    public void close() {
        canvas.release();
        resized.release();
        channel.release();
        releasePlanes();
    }

    /** A sub-matrix header that is released when the block ends. */
    private record Releasing(Mat mat) implements AutoCloseable {
        @Override
        public void close() {
            mat.release();
        }
    }
}
