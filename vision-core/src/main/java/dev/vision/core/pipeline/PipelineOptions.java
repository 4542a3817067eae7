package dev.vision.core.pipeline;

import dev.vision.core.InvalidSettingException;

/**
 * How the pipeline runs.
 *
 * @param batchSize     frames per model call (live sources always use 1: waiting to fill a batch adds latency)
 * @param vidStride     keep every Nth frame of a video (1 keeps all)
 * @param queueCapacity frames that may wait between stages for file input
 * @param maxFrames     stop after this many frames are taken for processing (0: no limit)
 */
public record PipelineOptions(int batchSize, int vidStride, int queueCapacity, long maxFrames) {

    /** Largest batch accepted: larger ones only exhaust memory (a 416×416 float batch of 1,024 is 2 GiB). */
    public static final int MAX_BATCH = 1024;

    public PipelineOptions {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new InvalidSettingException("batchSize", "must be between 1 and " + MAX_BATCH + ", got " + batchSize);
        }
        if (vidStride < 1) {
            throw new InvalidSettingException("vidStride", "must be at least 1, got " + vidStride);
        }
        if (queueCapacity < 1) {
            throw new InvalidSettingException("queueCapacity", "must be at least 1, got " + queueCapacity);
        }
        if (maxFrames < 0) {
            throw new InvalidSettingException("maxFrames", "must be at least 0 (0: no limit), got " + maxFrames);
        }
    }

    /** One frame per call, every frame, a queue of 8, no limit. */
    public static PipelineOptions defaults() {
        return new PipelineOptions(1, 1, 8, 0);
    }
}
