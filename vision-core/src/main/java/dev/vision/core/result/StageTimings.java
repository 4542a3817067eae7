package dev.vision.core.result;

/** Milliseconds spent in each stage of one model call, shared by the images of a batch. */
public record StageTimings(double preprocessMs, double inferenceMs, double postprocessMs) {

    public static final StageTimings ZERO = new StageTimings(0, 0, 0);

    public double totalMs() {
        return preprocessMs + inferenceMs + postprocessMs;
    }

    /** The times of two calls together. */
    public StageTimings plus(StageTimings other) {
        return new StageTimings(
                preprocessMs + other.preprocessMs,
                inferenceMs + other.inferenceMs,
                postprocessMs + other.postprocessMs);
    }

    /** The per-image share when one call processed {@code batchSize} images. */
    public StageTimings perImage(int batchSize) {
        if (batchSize <= 1) {
            return this;
        }
        return new StageTimings(preprocessMs / batchSize, inferenceMs / batchSize, postprocessMs / batchSize);
    }
}
