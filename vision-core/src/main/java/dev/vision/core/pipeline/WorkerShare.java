package dev.vision.core.pipeline;

/** How the pipeline deals batches out to its inference workers. */
public enum WorkerShare {
    /** Each batch to whichever worker is free first: the most even share, for a model step without state. */
    BATCHES,
    /**
     * Each stream's frames one after another, in order: a stream with a frame still queued or running stays
     * with that worker, else it goes to the worker with the least work. For a model step that keeps state
     * per stream, such as motion gating's background models.
     */
    STREAMS
}
