package dev.vision.core.pipeline;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.frame.Frame;
import dev.vision.core.inference.Detector;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.result.Detection;
import dev.vision.core.result.FrameResult;
import dev.vision.core.sink.ResultSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;

/**
 * Runs frames from a source through a detector in batches, draws the results and hands them to the sinks.
 * A frame that fails is skipped and counted; a sink that fails ends the run ({@link SinkFailedException}),
 * as losing output silently would be worse.
 */
public final class Pipeline {

    private final FrameSource source;
    private final Detector detector;
    private final Annotator annotator;
    private final List<ResultSink> sinks;
    private final int batchSize;
    private final RunListener listener;
    private final boolean needsPixels;

    public Pipeline(FrameSource source, Detector detector, Annotator annotator, List<ResultSink> sinks,
                    int batchSize, RunListener listener) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.source = source;
        this.detector = detector;
        this.annotator = annotator;
        this.sinks = List.copyOf(sinks);
        this.batchSize = batchSize;
        this.listener = listener;
        this.needsPixels = this.sinks.stream().anyMatch(ResultSink::needsPixels);
    }

    /** Thrown when writing results fails; the results already written stay valid. */
    public static final class SinkFailedException extends Exception {
        public SinkFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public RunStats run() throws SinkFailedException {
        RunStats stats = new RunStats();
        long expected = source.expectedCount();
        source.onSkip((input, reason) -> {
            stats.skip();
            listener.skipped(input, reason, stats.processed() + stats.skipped(), expected);
        });
        stats.started();
        List<Frame> batch = new ArrayList<>(batchSize);
        try {
            while (true) {
                Optional<Frame> next = source.next();
                next.ifPresent(batch::add);
                if (batch.size() == batchSize || (next.isEmpty() && !batch.isEmpty())) {
                    process(batch, stats, expected);
                    batch.forEach(Frame::close);
                    batch.clear();
                }
                if (next.isEmpty()) {
                    break;
                }
            }
        } finally {
            batch.forEach(Frame::close);
            stats.ended();
        }
        return stats;
    }

    private void process(List<Frame> frames, RunStats stats, long expected) throws SinkFailedException {
        List<Mat> images = frames.stream().map(Frame::image).toList();
        Detector.Batch out;
        try {
            out = detector.detect(images);
        } catch (Exception e) {
            if (frames.size() > 1) {
                // find the frame at fault rather than dropping the whole batch
                for (Frame f : frames) {
                    process(List.of(f), stats, expected);
                }
                return;
            }
            stats.skip();
            listener.skipped(frames.get(0).meta().source(), "inference failed: " + e.getMessage(),
                    stats.processed() + stats.skipped(), expected);
            return;
        }
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            List<Detection> detections = out.detections().get(i);
            FrameResult result = FrameResult.ofDetections(frame.meta(), detections,
                    out.timings().perImage(frames.size()));
            deliver(frame, result);
            stats.add(result);
            listener.processed(result, stats.processed() + stats.skipped(), expected);
        }
    }

    private void deliver(Frame frame, FrameResult result) throws SinkFailedException {
        Mat canvas = null;
        try {
            if (needsPixels) {
                canvas = frame.image().clone();
                annotator.annotate(canvas, result);
            }
            for (ResultSink sink : sinks) {
                sink.accept(result, canvas);
            }
        } catch (IOException e) {
            throw new SinkFailedException(e.getMessage(), e);
        } finally {
            if (canvas != null) {
                canvas.release();
            }
        }
    }
}
