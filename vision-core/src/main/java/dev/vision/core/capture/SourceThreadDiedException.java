package dev.vision.core.capture;

/**
 * A source's reader thread died of something that is not the source's fault (a bug, or the machine out of
 * memory): {@link #getCause()} is what it threw. The run that reads the source ends and names the source
 * thread as the part that failed.
 */
public final class SourceThreadDiedException extends RuntimeException {

    public SourceThreadDiedException(Throwable cause) {
        super(cause);
    }
}
