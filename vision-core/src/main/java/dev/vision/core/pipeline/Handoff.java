package dev.vision.core.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Passes items from one thread to the next and carries the end of input. Two policies: {@link #blocking}
 * (files: the producer waits, nothing is lost) and {@link #latestWins} (live sources: the newest item
 * replaces an untaken one, which is handed to a discard callback and counted, so latency stays bounded
 * however slow the consumer is).
 */
public abstract class Handoff<T> {

    /** Puts an item; may block (blocking policy) or replace an older one (latest-wins policy). */
    public abstract void put(T item) throws InterruptedException;

    /** The next item, or null once the input has ended and everything was taken. */
    public abstract T take() throws InterruptedException;

    /** The next item if one arrives within the wait, else null (also at the end: see {@link #ended()}). */
    public abstract T poll(long timeoutMs) throws InterruptedException;

    /** Marks the end of input; items already put are still taken. */
    public abstract void end();

    /** True when the input has ended and no item is left. */
    public abstract boolean ended();

    /** Items replaced before they were taken. */
    public abstract long dropped();

    public static <T> Handoff<T> blocking(int capacity) {
        return new Blocking<>(capacity);
    }

    public static <T> Handoff<T> latestWins(Consumer<T> discard) {
        return new LatestWins<>(discard);
    }

    private static final class Blocking<T> extends Handoff<T> {
        private final BlockingQueue<Object> queue;
        private static final Object END = new Object();
        private volatile boolean ended;
        private volatile boolean drained;

        Blocking(int capacity) {
            queue = new ArrayBlockingQueue<>(capacity + 1);
        }

        @Override
        public void put(T item) throws InterruptedException {
            queue.put(item);
        }

        @Override
        public T take() throws InterruptedException {
            if (drained) {
                return null;
            }
            return unwrap(queue.take());
        }

        @Override
        public T poll(long timeoutMs) throws InterruptedException {
            if (drained) {
                return null;
            }
            Object o = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
            return o == null ? null : unwrap(o);
        }

        @SuppressWarnings("unchecked")
        private T unwrap(Object o) {
            if (o == END) {
                drained = true;
                return null;
            }
            return (T) o;
        }

        @Override
        public void end() {
            if (!ended) {
                ended = true;
                // the end marker waits for room like any item, so it never overtakes one
                try {
                    queue.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    queue.offer(END);
                }
            }
        }

        @Override
        public boolean ended() {
            return drained;
        }

        @Override
        public long dropped() {
            return 0;
        }
    }

    private static final class LatestWins<T> extends Handoff<T> {
        private final Consumer<T> discard;
        private final AtomicLong dropped = new AtomicLong();
        private T slot;
        private boolean ended;

        LatestWins(Consumer<T> discard) {
            this.discard = discard;
        }

        @Override
        public void put(T item) {
            T replaced;
            synchronized (this) {
                replaced = slot;
                slot = item;
                notifyAll();
            }
            if (replaced != null) {
                dropped.incrementAndGet();
                discard.accept(replaced);
            }
        }

        @Override
        public synchronized T take() throws InterruptedException {
            while (slot == null && !ended) {
                wait();
            }
            T item = slot;
            slot = null;
            return item;
        }

        @Override
        public synchronized T poll(long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (slot == null && !ended) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                wait(left);
            }
            T item = slot;
            slot = null;
            return item;
        }

        @Override
        public synchronized void end() {
            ended = true;
            notifyAll();
        }

        @Override
        public synchronized boolean ended() {
            return ended && slot == null;
        }

        @Override
        public long dropped() {
            return dropped.get();
        }
    }
}
