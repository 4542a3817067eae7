package dev.vision.core.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs being written under a hidden name right now, so that a process that must end at once (a
 * second Ctrl-C, a shutdown that did not finish in time) removes them rather than leaving unplayable parts
 * behind. A sink registers its hidden file when it opens it and says when it is done with it.
 */
public final class UnfinishedFiles {

    private static final Map<Path, Path> HIDDEN_TO_TARGET = new LinkedHashMap<>();

    private UnfinishedFiles() {}

    /** {@code hidden} is being written and becomes {@code target} once finished. */
    public static synchronized void writing(Path hidden, Path target) {
        HIDDEN_TO_TARGET.put(hidden, target);
    }

    /** {@code hidden} was renamed into place or removed. */
    public static synchronized void done(Path hidden) {
        HIDDEN_TO_TARGET.remove(hidden);
    }

    /** Removes every hidden file still registered; returns the targets they were meant to become. */
    public static synchronized List<Path> removeAll() {
        List<Path> targets = new ArrayList<>();
        for (Map.Entry<Path, Path> e : HIDDEN_TO_TARGET.entrySet()) {
            try {
                Files.deleteIfExists(e.getKey());
            } catch (IOException ignored) {
                // the process ends now; a file it could not remove is still hidden and named as such
            }
            targets.add(e.getValue());
        }
        HIDDEN_TO_TARGET.clear();
        return targets;
    }
}
