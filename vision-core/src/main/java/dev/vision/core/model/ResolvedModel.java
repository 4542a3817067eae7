package dev.vision.core.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model ready to load: a verified local file, the engine and family to read it with, its labels, and
 * the provenance every run records (name, sha256, licence).
 *
 * @param maxBatch the most images one model call may hold (1 for a batch-1 export), 0 for any number
 * @param notes    what the user should hear once about how the model was found (a batch-1 fallback)
 */
public record ResolvedModel(
        String name,
        ModelFamily family,
        InferenceEngine engine,
        Path file,
        String sha256,
        String licence,
        List<String> labels,
        int inputWidth,
        int inputHeight,
        List<String> devices,
        int maxBatch,
        List<String> notes) {

    public ResolvedModel {
        labels = List.copyOf(labels);
        devices = List.copyOf(devices);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The same model with one more thing to tell the user. */
    public ResolvedModel withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new ResolvedModel(
                name, family, engine, file, sha256, licence, labels, inputWidth, inputHeight, devices, maxBatch, more);
    }
}
