package dev.vision.core.capture;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs jobs (decoding images, typically) on a pool up to a window ahead of the caller and hands their
 * results back in the order of the jobs. Jobs are taken from their iterator on the caller's thread, so an
 * iterator that must stay on one thread (a Spark task's input) is safe. Not thread-safe: one caller.
 *
 * @param <T> a job's result, never null; it may hold native memory, which {@link #close()} frees through
 *     the discard step for results never handed out
 */
public final class OrderedAhead<T> implements AutoCloseable {

    private final Iterator<? extends Callable<T>> jobs;
    private final ExecutorService pool;
    private final int window;
    private final Consumer<? super T> discard;
    private final ArrayDeque<Future<T>> ahead = new ArrayDeque<>();

    /**
     * @param jobs the work, in the order its results are wanted
     * @param pool where the jobs run; not shut down here
     * @param window jobs submitted ahead of the one waited for, at least 1
     * @param discard frees a result that is not handed out (the caller stopped early)
     */
    public OrderedAhead(
            Iterator<? extends Callable<T>> jobs, ExecutorService pool, int window, Consumer<? super T> discard) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.jobs = jobs;
        this.pool = pool;
        this.window = window;
        this.discard = discard;
    }

    /**
     * The jobs for {@code inputs}, one each, made as the caller takes them: {@code job} runs on the caller's
     * thread (reading an input there), the job it returns on the pool.
     */
    public static <I, T> Iterator<Callable<T>> jobs(Iterator<I> inputs, Function<? super I, Callable<T>> job) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return inputs.hasNext();
            }

            @Override
            public Callable<T> next() {
                return job.apply(inputs.next());
            }
        };
    }

    /**
     * The next job's result, waiting for it if needed. Empty at the end of the jobs, and when the calling
     * thread is interrupted (its interrupt flag stays set: the caller is being stopped).
     *
     * @throws IllegalStateException when the job threw; the job's exception is the cause
     */
    public Optional<T> next() {
        while (ahead.size() < window && jobs.hasNext()) {
            ahead.add(pool.submit(jobs.next()));
        }
        Future<T> head = ahead.poll();
        if (head == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(head.get());
        } catch (InterruptedException e) {
            ahead.addFirst(head); // close() frees what it makes
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a job ahead failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Waits for the jobs already submitted and discards their results; the jobs not yet taken are left. The
     * wait is not cut short by an interrupt (jobs are short, and a result abandoned would leak its memory);
     * the interrupt flag is set again afterwards.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        for (Future<T> f; (f = ahead.poll()) != null; ) {
            while (true) {
                try {
                    discard.accept(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException ignored) {
                    break; // that job made nothing to free
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
