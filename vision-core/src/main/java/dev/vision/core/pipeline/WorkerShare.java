package dev.vision.core.pipeline;

/** How the pipeline deals batches out to its inference workers. */
public enum WorkerShare {
    /** Each batch to whichever worker is free first: the most even share, for a model step without state. */
    BATCHES,
    /**
     * Each stream's frames always to the same worker (stream number modulo workers), in order: for a model
     * step that keeps state per stream, such as motion gating's background models.
     */
    STREAMS
}
