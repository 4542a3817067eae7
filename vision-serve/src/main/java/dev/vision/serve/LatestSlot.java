package dev.vision.serve;

/**
 * The newest value and its sequence number, for viewers that each go at their own pace: a slow viewer
 * skips to the newest value instead of queueing old ones, so no viewer holds memory or the producer back.
 */
final class LatestSlot<T> {

    record Versioned<T>(T value, long seq) {}

    private Versioned<T> current;
    private boolean closed;

    synchronized void publish(T value) {
        current = new Versioned<>(value, current == null ? 1 : current.seq() + 1);
        notifyAll();
    }

    /** A value newer than {@code seq}, waiting up to {@code timeoutMs}; null on timeout or once closed. */
    synchronized Versioned<T> awaitNewer(long seq, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!closed && (current == null || current.seq() <= seq)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return closed ? null : current;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
