package dev.vision.core;

/**
 * Something the user can fix: a setting out of range, a model that cannot be found or loaded, a source that
 * cannot be opened, an output that cannot be written. The message says what, in the library's own words;
 * a front end (the command line) maps {@link InvalidSettingException#setting()} to its own option names.
 * Any other exception out of vision is a bug.
 */
public class VisionException extends RuntimeException {

    public VisionException(String message) {
        super(message);
    }

    public VisionException(String message, Throwable cause) {
        super(message, cause);
    }
}
