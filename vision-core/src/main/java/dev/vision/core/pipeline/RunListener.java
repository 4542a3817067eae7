package dev.vision.core.pipeline;

import dev.vision.core.result.FrameResult;

/** Told what a run does as it does it: for progress bars, console lines and live views. */
public interface RunListener {

    /** A frame was processed; {@code done} counts processed and skipped inputs, {@code expected} may be -1. */
    default void processed(FrameResult result, long done, long expected) {}

    /** An input was skipped (undecodable file, failed frame) and the run goes on. */
    default void skipped(String input, String reason, long done, long expected) {}
}
