package dev.vision.core.pipeline;

/** How the pipeline deals frames out to its inference workers. */
public enum WorkerShare {
    /** Whole batches, to each worker in turn: the most even share, for a model step that keeps no state. */
    BATCHES_IN_TURN,
    /**
     * Each stream's frames always to the same worker (stream number modulo workers), in order: for a model
     * step that keeps state per stream, such as motion gating's background models.
     */
    STREAMS
}
