package dev.vision.core.sink;

import dev.vision.core.result.FrameResult;
import java.io.IOException;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Sends each frame to the sink of its stream (one video file per camera, say). Owns those sinks: closing it
 * closes each of them, even when another fails.
 */
public final class PerStreamSink implements ResultSink {

    private final List<ResultSink> byStream;
    private final SinkSet owned = new SinkSet();
    private final boolean needsPixels;

    /** @param byStream the sink of stream {@code i} at position {@code i} */
    public PerStreamSink(List<? extends ResultSink> byStream) {
        this.byStream = List.copyOf(byStream);
        this.byStream.forEach(owned::add);
        this.needsPixels = this.byStream.stream().anyMatch(ResultSink::needsPixels);
    }

    @Override
    public void accept(FrameResult result, Mat annotated) throws IOException {
        int stream = result.meta().stream();
        if (stream < byStream.size()) {
            byStream.get(stream).accept(result, annotated);
        }
    }

    @Override
    public boolean needsPixels() {
        return needsPixels;
    }

    @Override
    public void close() {
        owned.close();
    }
}
