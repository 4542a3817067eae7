package dev.vision.core.eval;

/** A labelled dataset that cannot be used as it is; the message names the file (and line) at fault. */
public class DatasetException extends Exception {

    public DatasetException(String message) {
        super(message);
    }
}
