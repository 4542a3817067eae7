package dev.vision.core.result;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The crossings of one counting line so far, per class, each way: {@link Direction#IN} towards the line's
 * right-hand side as seen on screen, {@link Direction#OUT} the other way.
 */
public record LineTally(Map<String, Long> in, Map<String, Long> out) {

    /** No crossings yet. */
    public static final LineTally NONE = new LineTally(Map.of(), Map.of());

    public LineTally {
        in = Collections.unmodifiableMap(new TreeMap<>(in));
        out = Collections.unmodifiableMap(new TreeMap<>(out));
    }

    /** Crossings in {@code direction}, per class, classes in order. */
    public Map<String, Long> perClass(Direction direction) {
        return direction == Direction.IN ? in : out;
    }

    /** Crossings in {@code direction}, all classes. */
    public long total(Direction direction) {
        return perClass(direction).values().stream().mapToLong(Long::longValue).sum();
    }
}
