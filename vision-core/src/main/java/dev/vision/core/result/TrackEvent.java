package dev.vision.core.result;

import java.util.LinkedHashMap;
import java.util.Map;

/** Something that happened to a tracked object in a frame, with its details (see {@link EventType}) in order. */
public record TrackEvent(EventType type, long trackId, String label, Map<String, Object> details) {

    public TrackEvent {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An event with details given as key, value, key, value, … */
    public static TrackEvent of(EventType type, long trackId, String label, Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            details.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new TrackEvent(type, trackId, label, details);
    }
}
