package dev.vision.core.result;

import java.util.Map;
import java.util.TreeMap;

/**
 * The crossings of one counting line so far, per class, each way: {@code in} towards the line's right-hand
 * side as seen on screen, {@code out} the other way.
 */
public record LineTally(Map<String, Long> in, Map<String, Long> out) {

    public LineTally {
        in = java.util.Collections.unmodifiableMap(new TreeMap<>(in));
        out = java.util.Collections.unmodifiableMap(new TreeMap<>(out));
    }

    public long totalIn() {
        return in.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalOut() {
        return out.values().stream().mapToLong(Long::longValue).sum();
    }
}
