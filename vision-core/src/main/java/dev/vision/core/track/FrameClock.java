package dev.vision.core.track;

/**
 * A tracker's time: the frames' own timestamps, made strictly increasing. A frame whose time does not
 * advance (still images, a source without timestamps) counts as one frame at 30 frames per second after
 * the one before it. Mutable.
 */
final class FrameClock {

    private static final long NOMINAL_FRAME_MS = Math.round(1000 / KalmanBoxFilter.REFERENCE_FPS);

    private long now = Long.MIN_VALUE;
    private long previous = Long.MIN_VALUE;

    /** Moves to the frame at {@code timestampMs}; returns the time the tracker uses for it. */
    long advance(long timestampMs) {
        previous = now;
        now = now == Long.MIN_VALUE || timestampMs > now ? timestampMs : now + NOMINAL_FRAME_MS;
        return now;
    }

    /** Seconds between the previous frame and this one (one nominal frame for the first). */
    double frameSeconds() {
        return previous == Long.MIN_VALUE ? NOMINAL_FRAME_MS / 1000.0 : (now - previous) / 1000.0;
    }

    void reset() {
        now = Long.MIN_VALUE;
        previous = Long.MIN_VALUE;
    }
}
