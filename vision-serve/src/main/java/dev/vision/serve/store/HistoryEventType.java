package dev.vision.serve.store;

import dev.vision.core.result.EventType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an event of the history is: one of a tracked object's events, or a camera's change of state. */
public enum HistoryEventType {
    LINE_CROSSED,
    ZONE_ENTERED,
    ZONE_LEFT,
    LOITERING,
    OBJECT_APPEARED,
    OBJECT_LEFT,
    /** An object's track ended after two or more lines or zones ({@code detail}: {@code ORIGIN -> DESTINATION}). */
    MOVEMENT,
    /** The camera went live, lost its stream, came back or ended ({@code detail} says which and why). */
    CAMERA_STATE;

    /** The tracked object's event of this type. */
    public static HistoryEventType of(EventType type) {
        return valueOf(type.name());
    }

    /** The name in the store, the API and the command line: {@code line_crossed}, …. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type whose {@link #id()} is {@code id}, if any. */
    public static Optional<HistoryEventType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id.trim())).findFirst();
    }

    /** Every id, comma-separated, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(HistoryEventType::id).collect(Collectors.joining(", "));
    }
}
