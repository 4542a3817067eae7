package dev.vision.core.pipeline;

import dev.vision.core.result.FrameResult;
import org.opencv.core.Mat;

/**
 * A step between the model and the drawing: a tracker, a line counter, a filter. Stages run in the order
 * given, on one thread, in frame order; each returns the result the next one sees (a changed copy, or the
 * same result). A stage that keeps state keeps it for one source; {@link #reset()} starts it afresh (a new
 * video).
 */
@FunctionalInterface
public interface ResultStage {

    FrameResult apply(FrameResult result);

    /**
     * As {@link #apply(FrameResult)}, for a stage that also looks at the frame's pixels (a tracker that
     * compares appearance). The pipeline calls this one.
     *
     * @param image the frame, BGR; it may have been decoded at a reduced size (its width against
     *              {@code result.meta().width()} says by how much). It belongs to the caller: read it, never
     *              keep it; change it only to hide what must not leave the process
     *              ({@link dev.vision.core.privacy.ObjectBlur})
     */
    default FrameResult apply(FrameResult result, Mat image) {
        return apply(result);
    }

    /** Forgets what earlier frames taught it. */
    default void reset() {}
}
