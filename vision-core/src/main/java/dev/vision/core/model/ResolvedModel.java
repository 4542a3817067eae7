package dev.vision.core.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A model ready to load: a verified local file, the engine and family to read it with, its labels, and
 * the provenance every run records (name, sha256, licence).
 */
public record ResolvedModel(String name, ModelFamily family, InferenceEngine engine, Path file, String sha256,
                            String licence, List<String> labels, int inputWidth, int inputHeight,
                            List<String> devices) {

    public ResolvedModel {
        labels = List.copyOf(labels);
        devices = List.copyOf(devices);
    }
}
