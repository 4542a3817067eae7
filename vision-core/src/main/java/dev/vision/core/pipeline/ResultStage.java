package dev.vision.core.pipeline;

import dev.vision.core.result.FrameResult;

/**
 * A step between the model and the drawing: a tracker, a line counter, a filter. Stages run in the order
 * given, on one thread, in frame order; each returns the result the next one sees (a changed copy, or the
 * same result). A stage that keeps state keeps it for one source; {@link #reset()} starts it afresh (a new
 * video).
 */
@FunctionalInterface
public interface ResultStage {

    FrameResult apply(FrameResult result);

    /** Forgets what earlier frames taught it. */
    default void reset() {
    }
}
