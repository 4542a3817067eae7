package dev.vision.core.capture;

import dev.vision.core.frame.Frame;
import java.util.Optional;

/**
 * A recorded source played as a camera: each frame is handed out when its presentation time comes, counted
 * from the first, and the source says it is live, so a run that falls behind drops frames instead of queueing
 * them (as it does for a camera). What {@code vision serve} makes of a video file, and what a demo on a file
 * needs to look like the real thing.
 */
public final class RealTimeSource extends ForwardingSource {

    private final Object clock = new Object();
    private long firstTimestampMs = -1;
    private long startNanos;
    private volatile boolean stopping;

    public RealTimeSource(FrameSource source) {
        super(source);
    }

    @Override
    public Optional<Frame> next() {
        Optional<Frame> next = source.next();
        if (next.isEmpty()) {
            return next;
        }
        long ts = next.get().meta().timestampMs();
        if (firstTimestampMs < 0) {
            firstTimestampMs = ts;
            startNanos = System.nanoTime();
            return next;
        }
        long dueNanos = startNanos + (ts - firstTimestampMs) * 1_000_000;
        synchronized (clock) {
            for (long wait = dueNanos - System.nanoTime(); wait > 0 && !stopping; wait = dueNanos - System.nanoTime()) {
                try {
                    clock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return next;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public void requestStop() {
        stopping = true;
        synchronized (clock) {
            clock.notifyAll();
        }
        source.requestStop();
    }
}
