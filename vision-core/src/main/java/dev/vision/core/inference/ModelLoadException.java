package dev.vision.core.inference;

import dev.vision.core.VisionException;

/**
 * A verified model file cannot be loaded: not TorchScript, a format the engine refuses, an output its
 * family cannot read, or a device it cannot run on. The message is meant for the user.
 */
public class ModelLoadException extends VisionException {

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
