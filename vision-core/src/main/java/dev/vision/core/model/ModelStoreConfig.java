package dev.vision.core.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the model store looks: its cache folder, then mirrors (folders or URLs) in order, then each
 * file's own URLs. Plain-http URLs are refused unless {@code allowHttp}.
 */
public record ModelStoreConfig(Path cacheDir, List<String> mirrors, boolean allowHttp) {

    public static final String CACHE_ENV = "VISION_CACHE";
    public static final String MIRROR_ENV = "VISION_MODEL_MIRROR";
    public static final String ALLOW_HTTP_ENV = "VISION_ALLOW_HTTP";

    public ModelStoreConfig {
        mirrors = List.copyOf(mirrors);
    }

    /** Reads VISION_CACHE, VISION_MODEL_MIRROR and VISION_ALLOW_HTTP from an environment map. */
    public static ModelStoreConfig fromEnvironment(Map<String, String> env) {
        String cache = env.get(CACHE_ENV);
        Path cacheDir = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "vision", "models");
        return new ModelStoreConfig(cacheDir, splitMirrors(env.getOrDefault(MIRROR_ENV, "")),
                "1".equals(env.get(ALLOW_HTTP_ENV)) || "true".equalsIgnoreCase(env.get(ALLOW_HTTP_ENV)));
    }

    /** Splits a colon-separated list whose entries may themselves be URLs such as {@code https://host/x}. */
    static List<String> splitMirrors(String value) {
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
