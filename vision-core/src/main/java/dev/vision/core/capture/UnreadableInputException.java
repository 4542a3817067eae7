package dev.vision.core.capture;

import dev.vision.core.VisionException;

/** One input (a file, a frame) could not be read; the run skips it and goes on. */
public class UnreadableInputException extends VisionException {

    private final String input;

    public UnreadableInputException(String input, String reason) {
        super(reason);
        this.input = input;
    }

    public String input() {
        return input;
    }

    public String reason() {
        return getMessage();
    }
}
