package dev.vision.core.clip;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.result.TrackEvent;
import java.util.List;

/**
 * Which events get a clip: an event type, and optionally a class ({@code zone_entered:person}).
 *
 * @param type  an event type of {@link TrackEvent}
 * @param label the class the event's object must have, or null for any
 */
public record ClipTrigger(String type, String label) {

    /** The event types a clip can be made for. */
    public static final List<String> TYPES = List.of(
            TrackEvent.LINE_CROSSED,
            TrackEvent.ZONE_ENTERED,
            TrackEvent.ZONE_LEFT,
            TrackEvent.OBJECT_APPEARED,
            TrackEvent.OBJECT_LEFT);

    /**
     * Parses {@code EVENT[:label]}.
     *
     * @throws InvalidSettingException for an unknown event type or an empty label
     */
    public static ClipTrigger parse(String spec) {
        int colon = spec.indexOf(':');
        String type = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        String label = colon < 0 ? null : spec.substring(colon + 1).trim();
        if (!TYPES.contains(type)) {
            throw new InvalidSettingException(
                    "clipOn", "'" + spec + "': unknown event '" + type + "' (" + String.join(", ", TYPES) + ")");
        }
        if (label != null && label.isEmpty()) {
            throw new InvalidSettingException("clipOn", "'" + spec + "': a class after ':' (e.g. " + type + ":person)");
        }
        return new ClipTrigger(type, label);
    }

    public boolean matches(TrackEvent e) {
        return e.type().equals(type) && (label == null || label.equals(e.label()));
    }
}
