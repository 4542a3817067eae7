package dev.vision.core.pipeline;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** Small grey frames, as many as asked (or without end, for a live source), each remembered to check it was freed. */
final class FakeSource implements FrameSource {

    static {
        OpenCvRuntime.load();
    }

    private final long frames;
    private final boolean live;
    private final long delayMs;
    private final List<Mat> made = new CopyOnWriteArrayList<>();
    private volatile boolean stop;
    private long next;

    /** @param frames how many frames, or -1 for no end; @param delayMs pause before each frame */
    FakeSource(long frames, boolean live, long delayMs) {
        this.frames = frames;
        this.live = live;
        this.delayMs = delayMs;
    }

    @Override
    public Optional<Frame> next() {
        if (stop || (frames >= 0 && next >= frames)) {
            return Optional.empty();
        }
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        Mat image = new Mat(8, 8, CvType.CV_8UC3, new Scalar(next % 256, 0, 0));
        made.add(image);
        long index = next++;
        return Optional.of(new Frame(image, new FrameMeta("fake", index, index * 40, 8, 8)));
    }

    /** Every frame this source made has been closed (its pixels freed). */
    boolean allFramesClosed() {
        return made.stream().allMatch(Mat::empty);
    }

    long made() {
        return made.size();
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public double nominalFps() {
        return 25;
    }

    @Override
    public long expectedCount() {
        return frames;
    }

    @Override
    public void onSkip(SkipListener listener) {}

    @Override
    public void requestStop() {
        stop = true;
    }

    @Override
    public void close() {}
}
