package dev.vision.core.capture;

import dev.vision.core.frame.Frame;
import java.util.Optional;

/**
 * A stream of frames: images of a folder, frames of a video, a camera. {@link #next()} returns frames the
 * caller owns and must close; an empty result means the source is finished. Inputs that cannot be read are
 * reported to the {@link SkipListener} and skipped, so one bad file never ends a run.
 */
public interface FrameSource extends AutoCloseable {

    Optional<Frame> next();

    /** True for cameras and streams, where frames that are not taken in time are lost anyway. */
    boolean isLive();

    /** Frames per second the source delivers, or 0 when it has no nominal rate (a folder of images). */
    double nominalFps();

    /** Number of inputs expected, or -1 when unknown (a live stream). */
    long expectedCount();

    void onSkip(SkipListener listener);

    /**
     * Asks a blocked or reconnecting {@link #next()} to give up soon (within the read timeout); safe to call
     * from any thread. {@link #close()} stays with the thread that reads.
     */
    default void requestStop() {}

    /** How many sources feed this one: more than 1 for a {@link MultiSource}, whose frames say their stream. */
    default int streams() {
        return 1;
    }

    /** Live frames this source replaced by newer ones before anyone took them (0 for most sources). */
    default long dropped() {
        return 0;
    }

    /** The size of its frames, where the source knows it before reading them (a video); empty otherwise. */
    default Optional<FrameSize> frameSize() {
        return Optional.empty();
    }

    /** Tells {@code listener} of each change of this source's state (a live source that reconnects). */
    default void onStatus(StatusListener listener) {}

    @Override
    void close();

    /** Told when a live source's state changes, with a line that says why. */
    @FunctionalInterface
    interface StatusListener {
        void status(SourceStatus status, String detail);
    }

    /** Told about each input a source had to skip. */
    @FunctionalInterface
    interface SkipListener {
        void skipped(String input, String reason);
    }
}
