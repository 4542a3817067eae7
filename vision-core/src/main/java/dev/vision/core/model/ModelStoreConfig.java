package dev.vision.core.model;

import dev.vision.core.InvalidSettingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the model store looks, in order: its cache folder, the folder of files bundled with vision, then
 * mirrors (folders or URLs), then each file's own URLs. Plain-http URLs are refused unless
 * {@code allowHttp}; a download that receives nothing for {@code stallTimeout} is abandoned.
 *
 * @param bundledDir the models shipped with vision ({@code models/} of the repository or the release), or null
 */
public record ModelStoreConfig(
        Path cacheDir, Path bundledDir, List<String> mirrors, boolean allowHttp, Duration stallTimeout) {

    public static final String CACHE_ENV = "VISION_CACHE";
    public static final String MIRROR_ENV = "VISION_MODEL_MIRROR";
    /** A system property that, when set, is used instead of {@link #MIRROR_ENV} (a JVM that runs vision inside). */
    public static final String MIRROR_PROPERTY = "vision.model.mirror";

    public static final String ALLOW_HTTP_ENV = "VISION_ALLOW_HTTP";
    /** Environment variable naming the bundled models folder (the launcher sets the system property instead). */
    public static final String BUNDLED_ENV = "VISION_MODELS_DIR";
    /** System property naming the bundled models folder; set by the {@code vision} launcher. */
    public static final String BUNDLED_PROPERTY = "vision.models.dir";
    /** Environment variable: seconds a download may receive nothing before it is abandoned (default 30). */
    public static final String STALL_ENV = "VISION_DOWNLOAD_STALL_S";
    /** How long a download may receive nothing before it counts as stalled. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    public ModelStoreConfig {
        mirrors = List.copyOf(mirrors);
        stallTimeout = stallTimeout == null ? DEFAULT_STALL_TIMEOUT : stallTimeout;
    }

    /** A store with a cache and mirrors only (no bundled folder), the default stall timeout. */
    public ModelStoreConfig(Path cacheDir, List<String> mirrors, boolean allowHttp) {
        this(cacheDir, null, mirrors, allowHttp, DEFAULT_STALL_TIMEOUT);
    }

    /** The same store with {@code dir} as its bundled folder. */
    public ModelStoreConfig withBundledDir(Path dir) {
        return new ModelStoreConfig(cacheDir, dir, mirrors, allowHttp, stallTimeout);
    }

    /** The same store trying {@code others} as its mirrors. */
    public ModelStoreConfig withMirrors(List<String> others) {
        return new ModelStoreConfig(cacheDir, bundledDir, others, allowHttp, stallTimeout);
    }

    /** The same store giving up on a download after {@code timeout} without data. */
    public ModelStoreConfig withStallTimeout(Duration timeout) {
        return new ModelStoreConfig(cacheDir, bundledDir, mirrors, allowHttp, timeout);
    }

    /**
     * Reads VISION_CACHE, VISION_MODEL_MIRROR, VISION_ALLOW_HTTP, VISION_MODELS_DIR and
     * VISION_DOWNLOAD_STALL_S from an environment map; the system property {@code vision.models.dir} names
     * the bundled folder before VISION_MODELS_DIR.
     */
    public static ModelStoreConfig fromEnvironment(Map<String, String> env) {
        String cache = env.get(CACHE_ENV);
        Path cacheDir = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "vision", "models");
        String bundled = System.getProperty(BUNDLED_PROPERTY, env.get(BUNDLED_ENV));
        return new ModelStoreConfig(
                cacheDir,
                bundled == null || bundled.isBlank() ? null : Path.of(bundled),
                splitMirrors(System.getProperty(MIRROR_PROPERTY, env.getOrDefault(MIRROR_ENV, ""))),
                "1".equals(env.get(ALLOW_HTTP_ENV)) || "true".equalsIgnoreCase(env.get(ALLOW_HTTP_ENV)),
                stallTimeout(env.get(STALL_ENV)));
    }

    private static Duration stallTimeout(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_STALL_TIMEOUT;
        }
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(seconds.trim())));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(STALL_ENV, "not a number of seconds: " + seconds);
        }
    }

    /** Splits a colon-separated list whose entries may themselves be URLs such as {@code https://host/x}. */
    public static List<String> splitMirrors(String value) {
        List<String> result = new ArrayList<>();
        String[] parts = value.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.matches("[a-zA-Z][a-zA-Z0-9+.-]*") && i + 1 < parts.length && parts[i + 1].startsWith("//")) {
                StringBuilder url = new StringBuilder(part).append(':').append(parts[++i]);
                // a port number after the host belongs to the same URL
                while (i + 1 < parts.length && parts[i + 1].matches("\\d+(/.*)?")) {
                    url.append(':').append(parts[++i]);
                }
                result.add(url.toString());
            } else if (!part.isBlank()) {
                result.add(part);
            }
        }
        return result;
    }
}
