package dev.vision.core.testing;

import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where tests find the real media and model weights: VISION_TEST_MEDIA and VISION_MODEL_MIRROR, or
 * ../shared next to the repository. Missing data fails the test loudly rather than skipping it, so a CI
 * run can never pass without having looked at a real image.
 */
public final class TestData {

    private TestData() {}

    public static Path media() {
        return locate("VISION_TEST_MEDIA", "media");
    }

    public static Path media(String relative) {
        Path p = media().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("test media file missing: " + p);
        }
        return p;
    }

    public static Path modelMirror() {
        return locate("VISION_MODEL_MIRROR", "models");
    }

    /** A model store reading the shared mirror, with a cache folder of the test's own. */
    public static ModelStore modelStore(Path cacheDir) {
        return new ModelStore(
                new ModelStoreConfig(cacheDir, List.of(modelMirror().toString()), false));
    }

    public static Path repoRoot() {
        String root = System.getProperty("vision.repo.root");
        if (root != null && Files.isDirectory(Path.of(root))) {
            return Path.of(root);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("vision"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static Path locate(String env, String sharedFolder) {
        String value = System.getenv(env);
        if (value != null && !value.isBlank()) {
            String first = value.split(":")[0];
            Path p = repoRoot().resolve(first).normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            throw new IllegalStateException(env + "=" + value + " is not a folder");
        }
        Path fallback =
                repoRoot().resolve("..").resolve("shared").resolve(sharedFolder).normalize();
        if (Files.isDirectory(fallback)) {
            return fallback;
        }
        throw new IllegalStateException("set " + env + " (or place the shared data at " + fallback + ")");
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
