package dev.vision.core.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tracked frame's lines and zones hold so far: each line's crossings, each zone's occupants per
 * class, in the order the lines and zones were given. {@link #NONE} for a frame without tracking.
 */
public record TrackCounts(Map<String, LineTally> lines, Map<String, Map<String, Long>> zones) {

    /** No lines, no zones. */
    public static final TrackCounts NONE = new TrackCounts(Map.of(), Map.of());

    public TrackCounts {
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
        Map<String, Map<String, Long>> z = new LinkedHashMap<>();
        zones.forEach((name, perClass) -> z.put(name, Map.copyOf(perClass)));
        zones = Collections.unmodifiableMap(z);
    }

    /** Objects in zone {@code name} now, all classes; 0 for a zone this frame does not have. */
    public long insideZone(String name) {
        return zones.getOrDefault(name, Map.of()).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}
