package dev.vision.core.result;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What happened to a tracked object in a frame (see {@link TrackEvent}). */
public enum EventType {
    /** It crossed a counting line (details {@code line}, {@code direction}). */
    LINE_CROSSED,
    /** It entered a zone ({@code zone}). */
    ZONE_ENTERED,
    /** It left a zone ({@code zone}, {@code dwell_ms}). */
    ZONE_LEFT,
    /** It has been inside a zone for the zone's loitering time ({@code zone}, {@code dwell_ms}); once a visit. */
    LOITERING,
    /** Its track was confirmed. */
    OBJECT_APPEARED,
    /** Its track was given up. */
    OBJECT_LEFT,
    /**
     * Its track ended after it passed two or more lines or zones ({@code origin}, {@code destination});
     * {@code --movements} only.
     */
    MOVEMENT;

    /** The name in JSON, MQTT, webhooks and {@code --clip-on}: {@code line_crossed}, …. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every id, comma-separated, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(EventType::id).collect(Collectors.joining(", "));
    }

    /** The type whose {@link #id()} is {@code id}, if any. */
    public static Optional<EventType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id.trim())).findFirst();
    }
}
