package dev.vision.core.clip;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.result.EventType;
import dev.vision.core.result.TrackEvent;
import java.util.Optional;

/**
 * Which events get a clip: an event type, and optionally a class ({@code zone_entered:person}).
 *
 * @param type  the event type
 * @param label the class the event's object must have; empty for any
 */
public record ClipTrigger(EventType type, Optional<String> label) {

    /**
     * Parses {@code EVENT[:label]}.
     *
     * @throws InvalidSettingException for an unknown event type or an empty label
     */
    public static ClipTrigger parse(String spec) {
        int colon = spec.indexOf(':');
        String type = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        String label = colon < 0 ? null : spec.substring(colon + 1).trim();
        EventType event = EventType.byId(type)
                .orElseThrow(() -> new InvalidSettingException(
                        "clipOn", "'" + spec + "': unknown event '" + type + "' (" + EventType.ids() + ")"));
        if (label != null && label.isEmpty()) {
            throw new InvalidSettingException("clipOn", "'" + spec + "': a class after ':' (e.g. " + type + ":person)");
        }
        return new ClipTrigger(event, Optional.ofNullable(label));
    }

    public boolean matches(TrackEvent e) {
        return e.type() == type && label.map(l -> l.equals(e.label())).orElse(true);
    }
}
