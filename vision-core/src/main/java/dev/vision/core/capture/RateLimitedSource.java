package dev.vision.core.capture;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.frame.Frame;
import java.util.Optional;

/**
 * Passes at most {@code maxFps} frames a second of a source, by the frames' own timestamps (arrival time
 * for a live stream, presentation time for a file), so the model sees an evenly spaced subset. Frames left
 * out are closed at once and counted in {@link #limited()}.
 */
public final class RateLimitedSource extends ForwardingSource {

    private final double periodMs;
    private double dueMs = Double.NEGATIVE_INFINITY;
    private volatile long limited;

    /** @param maxFps frames per second to keep, more than 0 */
    public RateLimitedSource(FrameSource source, double maxFps) {
        super(source);
        if (!(maxFps > 0) || Double.isInfinite(maxFps)) {
            throw new InvalidSettingException("maxFps", "must be a number above 0, got " + maxFps);
        }
        this.periodMs = 1000.0 / maxFps;
    }

    @Override
    public Optional<Frame> next() {
        while (true) {
            Optional<Frame> next = source.next();
            if (next.isEmpty()) {
                return next;
            }
            long ts = next.get().meta().timestampMs();
            // a frame up to a millisecond early still counts: timestamps are rounded to whole milliseconds
            if (ts + 1 >= dueMs) {
                // on schedule, not from the kept frame: 25 FPS limited to 10 keeps 10 a second, not 8.3
                dueMs = ts > dueMs + periodMs ? ts + periodMs : dueMs + periodMs;
                return next;
            }
            next.get().close();
            limited++;
        }
    }

    /** Frames left out so far. */
    public long limited() {
        return limited;
    }

    @Override
    public double nominalFps() {
        double fps = source.nominalFps();
        return fps > 0 ? Math.min(fps, 1000.0 / periodMs) : 1000.0 / periodMs;
    }

    @Override
    public long expectedCount() {
        long all = source.expectedCount();
        if (all < 0 || source.nominalFps() <= 0) {
            return all;
        }
        double keep = Math.min(1.0, (1000.0 / periodMs) / source.nominalFps());
        return (long) Math.ceil(all * keep);
    }
}
