package dev.vision.serve.events;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Delivers messages to one destination on its own thread, so the pipeline never waits for a broker or an
 * endpoint: a bounded queue (a full queue drops the newest message and counts it), retries with back-off
 * (0.5 s doubling to 10 s) while the destination is down, one line when it goes down and one when it is
 * back; a destination that holds one message without answering for {@value #SILENCE_SECONDS} s is said
 * once, while it lasts. A refusal that retrying cannot change ({@link Refused}: credentials, permissions)
 * counts the message as undelivered at once and goes on with the next. Messages still queued when the run
 * ends get a short time to go out, then count as undelivered: once the queue is closed, every message
 * offered is counted once, delivered or not.
 *
 * @param <M> a message
 */
final class DeliveryQueue<M> implements AutoCloseable {

    /**
     * Sends one message: an {@link IOException} says it did not arrive (it is then retried), {@link Refused}
     * that it never will; anything else is a bug and ends the delivery thread.
     */
    @FunctionalInterface
    interface Sender<M> {
        void send(M message) throws IOException, InterruptedException, Refused;
    }

    /** A refusal that retrying cannot change: the message is not delivered, and the next is tried. */
    static final class Refused extends Exception {
        Refused(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    static final long SILENCE_SECONDS = 10;
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
    private final AtomicLong offered = new AtomicLong();
    private volatile long drainUntilNanos = Long.MAX_VALUE;
    private volatile boolean closing;
    private volatile boolean closed;
    /** When the message in hand was first sent (0: none in hand), and whether its silence was said. */
    private volatile long sendingSinceNanos;

    private volatile boolean silenceReported;
    /** Whether the destination was said to be down (and not yet said to be back). */
    private volatile boolean down;

    private boolean refusalSaid;
    private final ScheduledExecutorService watch;

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
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vision-events-watch-" + name);
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(this::sayLongSilence, 1, 1, TimeUnit.SECONDS);
    }

    private void sayLongSilence() {
        long since = sendingSinceNanos;
        if (since != 0 && !silenceReported && !down && System.nanoTime() - since > SILENCE_SECONDS * 1_000_000_000L) {
            silenceReported = true;
            report.accept(name + ": no answer for " + SILENCE_SECONDS + " s; still trying");
        }
    }

    /** Queues {@code message}; never blocks. */
    void offer(M message) {
        boolean counted = counts.test(message);
        if (counted) {
            offered.incrementAndGet();
        }
        if ((closing || queue.size() >= capacity || !queue.offer(message)) && counted) {
            dropped.incrementAndGet();
        }
    }

    long delivered() {
        return delivered.get();
    }

    /**
     * Dropped because the queue was full, refused, or left over at the end; once closed, every counted
     * message not delivered (so that delivered and not delivered add up to what was offered).
     */
    long notDelivered() {
        return closed ? offered.get() - delivered.get() : dropped.get() + undelivered.get();
    }

    @SuppressWarnings("unchecked")
    private void run() {
        long backoffMs = 500;
        try {
            for (Object item; (item = queue.take()) != END; ) {
                M message = (M) item;
                while (true) {
                    try {
                        if (sendingSinceNanos == 0) {
                            sendingSinceNanos = System.nanoTime();
                        }
                        sender.send(message);
                        sendingSinceNanos = 0;
                        boolean wasSilent = silenceReported;
                        silenceReported = false;
                        if (counts.test(message)) {
                            delivered.incrementAndGet();
                        }
                        if (down || wasSilent) {
                            report.accept(name + ": delivering again");
                            down = false;
                        }
                        backoffMs = 500;
                        break;
                    } catch (Refused e) {
                        sendingSinceNanos = 0;
                        if (counts.test(message)) {
                            undelivered.incrementAndGet();
                        }
                        if (!refusalSaid) {
                            report.accept(name + ": refused (" + e.getMessage() + "); events are counted as not "
                                    + "delivered");
                            refusalSaid = true;
                        }
                        break;
                    } catch (InterruptedException stopped) {
                        if (counts.test(message)) {
                            undelivered.incrementAndGet();
                        }
                        throw stopped;
                    } catch (IOException e) {
                        rethrowErrorWithin(e);
                        if (!down && !silenceReported) {
                            report.accept(name + ": cannot deliver (" + reason(e) + "); retrying");
                        }
                        down = true; // a silence already said is not said again as a failure
                        if (System.nanoTime() > drainUntilNanos) {
                            if (counts.test(message)) {
                                undelivered.incrementAndGet();
                            }
                            break;
                        }
                        try {
                            Thread.sleep(Math.min(
                                    backoffMs, Math.max(1, (drainUntilNanos - System.nanoTime()) / 1_000_000)));
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
        watch.shutdownNow();
        closed = true;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** Why a delivery failed, in words: Java's network exceptions often have no message. */
    static String reason(Exception e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within the time allowed";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "the host name could not be resolved (DNS)";
            }
        }
        if (e instanceof ConnectException) {
            return e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        Throwable cause = e.getCause();
        boolean saysNothing = e.getMessage() == null
                || e.getMessage().isBlank()
                || (cause != null && e.getMessage().equals(cause.toString()));
        if (saysNothing && cause instanceof Exception inner) {
            return reason(inner);
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * An HTTP client may hand an {@link Error} of the calling thread (out of memory, a thread being stopped)
     * back wrapped in an IOException; that is no failed delivery to retry, and the thread ends with it.
     */
    private static void rethrowErrorWithin(IOException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof Error error) {
                throw error;
            }
        }
    }
}
