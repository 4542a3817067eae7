package dev.vision.core.capture;

/**
 * Reads the kinds of SOURCE the core cannot read itself (video files, cameras, streams). Implementations
 * are found with {@link java.util.ServiceLoader}, so adding a module to the class path adds its sources.
 */
public interface FrameSourceProvider {

    /** Whether this provider opens sources of {@code kind}. */
    boolean reads(Sources.Kind kind);

    /**
     * Opens {@code spec}; no network read of the returned source blocks longer than {@code readTimeoutMs}.
     *
     * @throws SourceOpenException when the source cannot be opened, with a message for the user
     */
    FrameSource open(String spec, Sources.Kind kind, int readTimeoutMs) throws SourceOpenException;
}
