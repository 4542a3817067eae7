package dev.vision.core.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the user asked for: a built-in name or a model file, the engine, and for files the family, labels
 * and input size that a file alone does not say. Start from {@link #of(String)}.
 *
 * @param engine    empty to take the built-in model's first engine, or the file's by its extension
 * @param family    for a model file (empty: read from its output shape where that leaves no doubt); a
 *                  built-in model refuses it
 * @param labels    labels file for a model file; empty gives numbered classes
 * @param inputSize square input size for a model file; 0 for the family's default
 */
public record ModelRequest(
        String model,
        Optional<InferenceEngine> engine,
        Optional<ModelFamily> family,
        Optional<Path> labels,
        int inputSize) {

    /** A request for {@code model} (a built-in name or a file) with everything else left to the store. */
    public static ModelRequest of(String model) {
        return new ModelRequest(model, Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    /** The same request on {@code engine}. */
    public ModelRequest withEngine(InferenceEngine engine) {
        return new ModelRequest(model, Optional.of(engine), family, labels, inputSize);
    }

    /** The same request, read as {@code family}. */
    public ModelRequest withFamily(ModelFamily family) {
        return new ModelRequest(model, engine, Optional.of(family), labels, inputSize);
    }

    /** The same request with class names from {@code labels}. */
    public ModelRequest withLabels(Path labels) {
        return new ModelRequest(model, engine, family, Optional.of(labels), inputSize);
    }

    /** The same request at a square input of {@code size} (0: the family's default). */
    public ModelRequest withInputSize(int size) {
        return new ModelRequest(model, engine, family, labels, size);
    }
}
