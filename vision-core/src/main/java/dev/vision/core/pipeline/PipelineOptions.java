package dev.vision.core.pipeline;

/**
 * How the pipeline runs.
 *
 * @param batchSize       frames per model call (live sources always use 1: waiting to fill a batch adds latency)
 * @param vidStride       keep every Nth frame of a video (1 keeps all)
 * @param queueCapacity   frames that may wait between stages for file input
 * @param simulatedDelayMs extra time per model call, to test back-pressure with a "slow model" (0 in use)
 * @param maxFrames       stop after this many frames are taken for processing (0: no limit)
 */
public record PipelineOptions(int batchSize, int vidStride, int queueCapacity, long simulatedDelayMs, long maxFrames) {

    public PipelineOptions(int batchSize, int vidStride, int queueCapacity, long simulatedDelayMs) {
        this(batchSize, vidStride, queueCapacity, simulatedDelayMs, 0);
    }

    public PipelineOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (vidStride < 1) {
            throw new IllegalArgumentException("--vid-stride must be at least 1, got " + vidStride);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
    }

    public static PipelineOptions defaults() {
        return new PipelineOptions(1, 1, 8, 0);
    }
}
