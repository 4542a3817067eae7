package dev.vision.core.model;

import java.nio.file.Path;

/**
 * What the user asked for: a built-in name or a model file, the engine, and for files the family, labels
 * and input size that a file alone does not say.
 *
 * @param engine    null to take the built-in model's first engine, or the file's by its extension
 * @param family    for a model file (read from its output shape where that leaves no doubt), ignored for built-ins
 * @param labels    labels file for a model file; null gives numbered classes
 * @param inputSize square input size for a model file; 0 for the family's default
 */
public record ModelRequest(String model, InferenceEngine engine, ModelFamily family, Path labels, int inputSize) {

    /** The same request, read as {@code family}. */
    public ModelRequest withFamily(ModelFamily family) {
        return new ModelRequest(model, engine, family, labels, inputSize);
    }
}
