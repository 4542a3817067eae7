package dev.vision.core.eval;

import dev.vision.core.VisionException;

/** A labelled dataset that cannot be used as it is; the message names the file (and line) at fault. */
public class DatasetException extends VisionException {

    public DatasetException(String message) {
        super(message);
    }
}
