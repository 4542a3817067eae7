package dev.vision.core.pipeline;

import java.util.ArrayDeque;

/**
 * Items per second over the last few seconds: the rate a progress bar shows. An average since the start
 * lags, and one over the last instant swings with every hiccup (43 → 80 → 45 frames/s); a window of a few
 * seconds follows real changes and ignores the jitter. Not thread-safe.
 */
public final class RateWindow {

    private final long windowNanos;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    /** @param windowNanos how far back the rate looks */
    public RateWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** One item done at {@code nanos} (System.nanoTime()). */
    public void record(long nanos) {
        times.addLast(nanos);
        while (!times.isEmpty() && nanos - times.peekFirst() > windowNanos) {
            times.removeFirst();
        }
    }

    /** Items per second over the window ending at {@code nanos}; 0 until two items were seen. */
    public double perSecond(long nanos) {
        while (!times.isEmpty() && nanos - times.peekFirst() > windowNanos) {
            times.removeFirst();
        }
        if (times.size() < 2) {
            return 0;
        }
        double span = Math.max(nanos - times.peekFirst(), times.peekLast() - times.peekFirst());
        return (times.size() - 1) / (span / 1e9);
    }
}
