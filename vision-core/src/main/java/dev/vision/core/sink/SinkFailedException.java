package dev.vision.core.sink;

import dev.vision.core.VisionException;

/** Writing results failed (disk full, output gone); the results written before stay valid. */
public class SinkFailedException extends VisionException {

    public SinkFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
