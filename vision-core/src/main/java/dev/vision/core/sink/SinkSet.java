package dev.vision.core.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outputs of one run, owned together: opened one by one with {@link #add}, closed together in the order
 * they were added, each even when another fails. Use it with try-with-resources, so that every path out of a
 * run (its end, Ctrl-C, a failure) finishes the files it wrote: an MP4 gets its index, a JSON lines file
 * its last whole line. Not thread-safe.
 */
public final class SinkSet implements AutoCloseable {

    private final List<ResultSink> sinks = new ArrayList<>();
    private boolean closed;

    /** Takes ownership of {@code sink} and returns it. */
    public <S extends ResultSink> S add(S sink) {
        if (closed) {
            throw new IllegalStateException("sink set already closed");
        }
        sinks.add(sink);
        return sink;
    }

    /** The sinks, in the order added. */
    public List<ResultSink> list() {
        return List.copyOf(sinks);
    }

    /**
     * Closes every sink once, in order.
     *
     * @throws SinkFailedException for the first sink that could not be finished (the others' failures are suppressed)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        SinkFailedException failure = null;
        for (ResultSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = new SinkFailedException("cannot finish writing results: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
