package dev.vision.core.preprocess;

import dev.vision.core.frame.OpenCvRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** The same into a Java array, for callers without a direct buffer (one extra copy). */
    public Letterbox prepare(Mat bgr, float[] out, int offset) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(spec.floatsPerImage() * Float.BYTES).order(ByteOrder.nativeOrder());
        Letterbox box = prepare(bgr, buffer, 0);
        buffer.asFloatBuffer().get(out, offset, spec.floatsPerImage());
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

    /**
     * One native pass per channel: pick the channel out of the BGR canvas, then scale and shift it
     * (({@code x·scale − mean}) / std folded into one multiply-add) straight into the output buffer, which
     * a Mat header wraps without copying. This is the HWC → CHW transpose, the colour swap and the
     * normalisation together.
     */
    private void toChw(ByteBuffer out, int offset) {
        int plane = spec.width() * spec.height();
        for (int c = 0; c < 3; c++) {
            int source = spec.rgb() ? 2 - c : c;
            Core.extractChannel(canvas, channel, source);
            ByteBuffer slice = out.duplicate().order(ByteOrder.nativeOrder());
            slice.position((offset + c * plane) * Float.BYTES).limit((offset + (c + 1) * plane) * Float.BYTES);
            Mat target = new Mat(spec.height(), spec.width(), CvType.CV_32FC1, slice.slice().order(ByteOrder.nativeOrder()));
            try {
                double alpha = spec.scale() / spec.std()[c];
                double beta = -spec.mean()[c] / spec.std()[c];
                channel.convertTo(target, CvType.CV_32F, alpha, beta);
            } finally {
                target.release();
            }
        }
    }

    @Override
    public void close() {
        canvas.release();
        resized.release();
        channel.release();
    }

    /** A sub-matrix header that is released when the block ends. */
    private record Releasing(Mat mat) implements AutoCloseable {
        @Override
        public void close() {
            mat.release();
        }
    }
}
