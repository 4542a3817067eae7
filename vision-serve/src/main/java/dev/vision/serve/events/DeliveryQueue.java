package dev.vision.serve.events;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Delivers messages to one destination on its own thread, so the pipeline never waits for a broker or an
 * endpoint: a bounded queue (a full queue drops the newest message and counts it), retries with back-off
 * (0.5 s doubling to 10 s) while the destination is down, one line when it goes down and one when it is
 * back. Messages still queued when the run ends get a short time to go out, then count as undelivered.
 *
 * @param <M> a message
 */
final class DeliveryQueue<M> implements AutoCloseable {

    /** Sends one message; throws when it did not arrive (it is then retried). */
    @FunctionalInterface
    interface Sender<M> {
        void send(M message) throws Exception;
    }

    private static final Object END = new Object();

    private final String name;
    private final Sender<M> sender;
    private final Consumer<String> report;
    private final Predicate<M> counts;
    private final BlockingQueue<Object> queue;
    private final int capacity;
    private final Thread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private volatile long drainUntilNanos = Long.MAX_VALUE;
    private volatile boolean closing;

    /** @param counts which messages the delivered and undelivered counts are about (events, not status) */
    DeliveryQueue(String name, int capacity, Sender<M> sender, Consumer<String> report, Predicate<M> counts) {
        this.name = name;
        this.sender = sender;
        this.report = report;
        this.counts = counts;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // one place more, for the end marker
        this.worker = new Thread(this::run, "vision-events-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues {@code message}; never blocks. */
    void offer(M message) {
        if ((closing || queue.size() >= capacity || !queue.offer(message)) && counts.test(message)) {
            dropped.incrementAndGet();
        }
    }

    long delivered() {
        return delivered.get();
    }

    /** Dropped because the queue was full, plus left over at the end. */
    long notDelivered() {
        return dropped.get() + undelivered.get();
    }

    @SuppressWarnings("unchecked")
    private void run() {
        long backoffMs = 500;
        boolean down = false;
        try {
            for (Object item; (item = queue.take()) != END; ) {
                M message = (M) item;
                while (true) {
                    try {
                        sender.send(message);
                        if (counts.test(message)) {
                            delivered.incrementAndGet();
                        }
                        if (down) {
                            report.accept(name + ": delivering again");
                            down = false;
                        }
                        backoffMs = 500;
                        break;
                    } catch (Exception e) {
                        if (e instanceof InterruptedException stopped) {
                            if (counts.test(message)) {
                                undelivered.incrementAndGet();
                            }
                            throw stopped;
                        }
                        if (!down) {
                            report.accept(name + ": cannot deliver (" + e.getMessage() + "); retrying");
                            down = true;
                        }
                        if (System.nanoTime() > drainUntilNanos) {
                            if (counts.test(message)) {
                                undelivered.incrementAndGet();
                            }
                            break;
                        }
                        try {
                            Thread.sleep(Math.min(backoffMs,
                                    Math.max(1, (drainUntilNanos - System.nanoTime()) / 1_000_000)));
                        } catch (InterruptedException stopped) {
                            if (counts.test(message)) {
                                undelivered.incrementAndGet(); // the one in hand when the run gave up on it
                            }
                            throw stopped;
                        }
                        backoffMs = Math.min(10_000, backoffMs * 2);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // what is left when the worker gives up
        for (Object item; (item = queue.poll()) != null; ) {
            if (item != END && counts.test((M) item)) {
                undelivered.incrementAndGet();
            }
        }
    }

    /** Lets queued messages go out for up to {@code drain}, then stops; what did not go out is counted. */
    void close(Duration drain) {
        closing = true;
        drainUntilNanos = System.nanoTime() + drain.toNanos();
        queue.offer(END);
        try {
            worker.join(drain.toMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
            try {
                worker.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
