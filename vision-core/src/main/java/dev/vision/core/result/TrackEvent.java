package dev.vision.core.result;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something that happened to a tracked object in a frame: {@code line_crossed} (details {@code line},
 * {@code direction}), {@code zone_entered} ({@code zone}), {@code zone_left} ({@code zone},
 * {@code dwell_ms}), {@code object_appeared}, {@code object_left}. Details keep their order.
 */
public record TrackEvent(String type, long trackId, String label, Map<String, Object> details) {

    public static final String LINE_CROSSED = "line_crossed";
    public static final String ZONE_ENTERED = "zone_entered";
    public static final String ZONE_LEFT = "zone_left";
    public static final String OBJECT_APPEARED = "object_appeared";
    public static final String OBJECT_LEFT = "object_left";

    public TrackEvent {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An event with details given as key, value, key, value, … */
    public static TrackEvent of(String type, long trackId, String label, Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            details.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new TrackEvent(type, trackId, label, details);
    }
}
