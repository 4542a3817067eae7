package dev.vision.core.motion;

import dev.vision.core.geometry.Mask;
import dev.vision.core.privacy.MaskRaster;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Tells whether a frame differs enough from a running background of its source: the frame is shrunk to at
 * most {@link #WORK_WIDTH} pixels wide, turned grey and blurred; pixels more than {@link #PIXEL_THRESHOLD}
 * grey levels from the background, and as far from a recent frame ({@link #RECENT_MS} to twice that before),
 * count as changed; the frame has motion when the changed share reaches the threshold. The background then
 * follows the frame slowly ({@link #BACKGROUND_RATE}), so lighting drift and an object that stops are absorbed
 * in a few seconds. The second test is for what the background takes seconds to absorb: a bottle taken away,
 * a car that parks. Its ghost differs from the background but not from a frame a moment before, so it stops
 * counting within twice {@link #RECENT_MS} (on the bottle clip at 5 frames a second, the share of frames with
 * motion fell from 83 % to 32 %). The recent frame is that far back, not the frame before, so that something
 * moving slowly still differs at 30 frames a second. {@link #RECENT_MS} is shorter than the 200 ms between
 * frames at the default rate of 5 a second: live frames come a few ms early or late, and one that came early
 * must still move the comparison on (at exactly 200 ms, every early frame left it on a frame 400–600 ms
 * old, and the gate ran the model on 44 % of the bottle clip's frames instead of 33 %). One per stream; owns
 * native memory.
 */
public final class MotionDetector implements AutoCloseable {

    static final int WORK_WIDTH = 320;
    static final double PIXEL_THRESHOLD = 25;
    static final double BACKGROUND_RATE = 0.05;
    static final long RECENT_MS = 150;

    private final double minChangedShare;
    private final Mat small = new Mat();
    private final Mat grey = new Mat();
    private final Mat greyFloat = new Mat();
    private final Mat background = new Mat();
    /** The frame compared with: taken from {@link #next} once that is {@link #RECENT_MS} old. */
    private final Mat recent = new Mat();
    /** The frame that becomes {@link #recent} next, and its time. */
    private final Mat next = new Mat();

    private long nextMs;
    /** Times for calls that give none: each as if {@link #RECENT_MS} after the one before. */
    private long untimedMs;

    private final Mat difference = new Mat();
    private final Mat changed = new Mat();
    private final Mat changedSinceLast = new Mat();
    private double lastShare;

    /** @param minChangedShare the share of pixels (0..1) that must change for a frame to have motion */
    public MotionDetector(double minChangedShare) {
        this.minChangedShare = minChangedShare;
    }

    /** Whether {@code bgr} has motion against the background; the first frame always has. */
    public boolean hasMotion(Mat bgr) {
        untimedMs += RECENT_MS;
        return hasMotion(bgr, untimedMs, List.of(), bgr.cols(), bgr.rows());
    }

    /**
     * As {@link #hasMotion(Mat)} for a frame at {@code timeMs} in its stream, leaving out what {@code ignored}
     * covers; their corners are pixels of a {@code fullWidth} × {@code fullHeight} frame (the size {@code bgr}
     * stands for). Frames without times (all at the same time) are each compared with the one before.
     */
    public boolean hasMotion(Mat bgr, long timeMs, List<Mask> ignored, int fullWidth, int fullHeight) {
        double scale = Math.min(1.0, (double) WORK_WIDTH / bgr.cols());
        Imgproc.resize(
                bgr,
                small,
                new Size(Math.max(1, Math.round(bgr.cols() * scale)), Math.max(1, Math.round(bgr.rows() * scale))),
                0,
                0,
                Imgproc.INTER_AREA);
        Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
        Imgproc.GaussianBlur(grey, grey, new Size(5, 5), 0);
        grey.convertTo(greyFloat, CvType.CV_32F);
        if (background.empty()
                || background.size().width != greyFloat.size().width
                || background.size().height != greyFloat.size().height) {
            greyFloat.copyTo(background);
            greyFloat.copyTo(recent);
            greyFloat.copyTo(next);
            nextMs = timeMs;
            lastShare = 1;
            return true;
        }
        Core.absdiff(greyFloat, background, difference);
        Imgproc.threshold(difference, changed, PIXEL_THRESHOLD, 1, Imgproc.THRESH_BINARY);
        if (timeMs - nextMs >= RECENT_MS || timeMs <= nextMs) {
            next.copyTo(recent);
            greyFloat.copyTo(next);
            nextMs = timeMs;
        }
        Core.absdiff(greyFloat, recent, difference);
        Imgproc.threshold(difference, changedSinceLast, PIXEL_THRESHOLD, 1, Imgproc.THRESH_BINARY);
        Core.multiply(changed, changedSinceLast, changed); // both are 0 or 1: changed in both
        double counted = changed.total();
        if (!ignored.isEmpty()) {
            Mat covered = MaskRaster.of(ignored, changed.cols(), changed.rows(), fullWidth, fullHeight);
            try {
                changed.setTo(new Scalar(0), covered);
                counted -= Core.countNonZero(covered);
            } finally {
                covered.release();
            }
        }
        lastShare = counted > 0 ? Core.sumElems(changed).val[0] / counted : 0;
        Imgproc.accumulateWeighted(greyFloat, background, BACKGROUND_RATE);
        return lastShare >= minChangedShare;
    }

    /** The share of pixels that changed in the last frame looked at. */
    public double lastChangedShare() {
        return lastShare;
    }

    @Override
    public void close() {
        for (Mat m :
                new Mat[] {small, grey, greyFloat, background, recent, next, difference, changed, changedSinceLast}) {
            m.release();
        }
    }
}
