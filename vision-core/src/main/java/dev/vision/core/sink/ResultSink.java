package dev.vision.core.sink;

import dev.vision.core.result.FrameResult;
import java.io.IOException;
import org.opencv.core.Mat;

/**
 * Where results go: files, streams, windows. {@code annotated} is the frame with overlays drawn, or null
 * when no sink of the run needs pixels; a sink must not keep it after {@link #accept} returns.
 */
@FunctionalInterface
public interface ResultSink extends AutoCloseable {

    void accept(FrameResult result, Mat annotated) throws IOException;

    /** Whether this sink wants the annotated frame. */
    default boolean needsPixels() {
        return false;
    }

    /** Finishes the output (flushes, writes an index, renames a temporary file); nothing to do by default. */
    @Override
    default void close() throws IOException {}
}
