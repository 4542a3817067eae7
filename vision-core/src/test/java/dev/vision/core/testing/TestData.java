package dev.vision.core.testing;

import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where tests find the real media and model weights. Media: the files {@code test-media.json} names, read
 * from VISION_TEST_MEDIA or ../shared/media, or fetched and verified (see {@link #media(String)}). Models:
 * VISION_MODEL_MIRROR or ../shared/models. Missing data fails the test loudly rather than skipping it, so
 * a CI run can never pass without having looked at a real image.
 */
public final class TestData {

    /** A folder holding the test media, used as it is. */
    public static final String MEDIA_ENV = "VISION_TEST_MEDIA";

    /** Mirrors of the test media (URLs or folders, colon-separated), fetched from into the cache. */
    public static final String MIRROR_ENV = "VISION_MEDIA_MIRROR";

    /** Where fetched test media are kept (default ~/.cache/vision/test-media). */
    public static final String CACHE_ENV = "VISION_MEDIA_CACHE";

    private static MediaSource mediaSource;
    private static MediaManifest manifest;

    private TestData() {}

    /** What to do when no media can be found, for error messages. */
    static final String MEDIA_HINT = "Set VISION_TEST_MEDIA to a folder holding the test media, or " + MIRROR_ENV
            + " to a URL or folder serving them (README, \"Test media\")";

    /**
     * A test media file or folder named by its path in {@code test-media.json}: from the folder
     * VISION_TEST_MEDIA names (or ../shared/media) as it is, or else fetched into a cache
     * (VISION_MEDIA_CACHE, by default ~/.cache/vision/test-media) from the mirrors VISION_MEDIA_MIRROR names
     * and the manifest's public sources, each file checked against its sha256.
     */
    public static Path media(String relative) {
        MediaSource source = mediaSource();
        return manifest().files().containsKey(relative) ? source.file(relative) : source.folder(relative);
    }

    /** The folder of media files, or the cache that fetches them: the same for the whole test run. */
    private static synchronized MediaSource mediaSource() {
        if (mediaSource == null) {
            mediaSource = locateMedia();
        }
        return mediaSource;
    }

    private static synchronized MediaManifest manifest() {
        if (manifest == null) {
            manifest = MediaManifest.read(repoRoot().resolve("test-media.json"));
        }
        return manifest;
    }

    private static MediaSource locateMedia() {
        String folder = System.getenv(MEDIA_ENV);
        if (folder != null && !folder.isBlank()) {
            Path p = repoRoot().resolve(folder).normalize();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(MEDIA_ENV + "=" + folder + " is not a folder");
            }
            return new MediaSource.LocalFolder(p);
        }
        String mirror = System.getenv(MIRROR_ENV);
        Path shared =
                repoRoot().resolve("..").resolve("shared").resolve("media").normalize();
        if ((mirror == null || mirror.isBlank()) && Files.isDirectory(shared)) {
            return new MediaSource.LocalFolder(shared);
        }
        List<String> mirrors = ModelStoreConfig.splitMirrors(mirror == null ? "" : mirror).stream()
                .map(m -> m.contains("://")
                        ? m
                        : repoRoot().resolve(m).normalize().toString())
                .toList();
        String cache = System.getenv(CACHE_ENV);
        Path cacheDir = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "vision", "test-media");
        return new MediaFetcher(manifest(), cacheDir, mirrors);
    }

    /**
     * The tag of the tests that need data this team has and nobody publishes: the converted weights of the model
     * mirror (PicoDet-S, MobileNetV2 fp32 and its ONNX twin, the upstream batch-1 exports) and coco128's boxes as
     * COCO JSON. {@code -Ppublic-data} leaves them out and reads the bundled models as the mirror.
     */
    public static final String TEAM_DATA = "team-data";

    /** The models mirror: {@code -Dvision.test.models=DIR} (the public-data profile), VISION_MODEL_MIRROR, or ../shared. */
    public static Path modelMirror() {
        String chosen = System.getProperty("vision.test.models", "");
        if (!chosen.isBlank()) {
            return repoRoot().resolve(chosen).normalize();
        }
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
