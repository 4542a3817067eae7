package dev.vision.core.pipeline;

import dev.vision.core.result.FrameResult;
import java.util.Objects;

/** What the model step made of one frame: its result, or the reason it was skipped (the frame's fault). */
public sealed interface FrameOutcome permits FrameOutcome.Processed, FrameOutcome.Skipped {

    /** The frame's result. */
    record Processed(FrameResult result) implements FrameOutcome {
        public Processed {
            Objects.requireNonNull(result);
        }
    }

    /** The model failed on this frame alone ({@link FrameFault}); {@code reason} says how. */
    record Skipped(String reason) implements FrameOutcome {
        public Skipped {
            Objects.requireNonNull(reason);
        }
    }
}
