package dev.vision.serve.service;

import dev.vision.core.inference.Detector;
import dev.vision.core.model.ModelStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The detectors the cameras share: one per model, class list and score threshold, loaded when the first camera
 * needs it and closed when the last one lets it go. A detector's calls are synchronized, so cameras take turns.
 */
final class ModelPool implements AutoCloseable {

    /** What makes two cameras' detectors the same. */
    record Key(String model, List<String> classes, float conf) {}

    private static final class Entry {
        final Detector detector;
        int users;

        Entry(Detector detector) {
            this.detector = detector;
        }
    }

    private final Map<Key, Entry> loaded = new HashMap<>();
    private final ModelStore store;

    /** @param store where model files come from */
    ModelPool(ModelStore store) {
        this.store = store;
    }

    /** The detector for {@code key}, loaded (and warmed up) if no camera holds it yet. */
    synchronized Detector acquire(Key key) {
        Entry entry = loaded.get(key);
        if (entry == null) {
            Detector.Builder builder = Detector.builder()
                    .store(store)
                    .model(key.model())
                    .conf(key.conf())
                    .videoWorkload(true);
            if (!key.classes().isEmpty()) {
                builder.classes(key.classes());
            }
            Detector detector = builder.build();
            detector.warmUp(1);
            entry = new Entry(detector);
            loaded.put(key, entry);
        }
        entry.users++;
        return entry.detector;
    }

    /** A camera is done with the detector of {@code key}; the last one closes it. */
    synchronized void release(Key key) {
        Entry entry = loaded.get(key);
        if (entry != null && --entry.users == 0) {
            loaded.remove(key);
            entry.detector.close();
        }
    }

    /** How many detectors are loaded. */
    synchronized int size() {
        return loaded.size();
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(e -> e.detector.close());
        loaded.clear();
    }
}
