package dev.vision.core.result;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which way a track crossed a counting line: {@link #IN} towards the right-hand side of the line's direction
 * as seen on screen (for a line drawn left to right, moving down), {@link #OUT} the other way.
 */
public enum Direction {
    IN,
    OUT;

    /** The name in events, JSON and summaries: {@code in}, {@code out}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction whose {@link #id()} is {@code id}, if any. */
    public static Optional<Direction> byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id().equals(id.trim())).findFirst();
    }
}
