package dev.vision.core.model;

import dev.vision.core.VisionException;

/** A model or one of its files cannot be found, fetched or trusted. The message says what was tried. */
public class ModelResolutionException extends VisionException {

    public ModelResolutionException(String message) {
        super(message);
    }
}
