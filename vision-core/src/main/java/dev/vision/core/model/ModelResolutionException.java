package dev.vision.core.model;

/** A model or one of its files cannot be found, fetched or trusted. The message says what was tried. */
public class ModelResolutionException extends Exception {

    public ModelResolutionException(String message) {
        super(message);
    }
}
