package dev.vision.core.capture;

import dev.vision.core.VisionException;

/** A source cannot be opened at all (missing path, nothing to read): a setup error, not a skipped input. */
public class SourceOpenException extends VisionException {

    public SourceOpenException(String message) {
        super(message);
    }

    public SourceOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
