package dev.vision.serve.store;

import java.time.Instant;
import java.util.Map;

/**
 * One bucket of counts: for a line, crossings {@code in} and {@code out}; for a zone, {@code entered} and
 * {@code left}; each per class.
 *
 * @param counts by what was counted ({@code in}, {@code out}, {@code entered}, {@code left}), then by class
 */
public record CountBucket(Instant start, Map<String, Map<String, Long>> counts) {

    public CountBucket {
        counts = Map.copyOf(counts);
    }

    /** How many {@code what} (in, out, entered, left) of every class. */
    public long total(String what) {
        return counts.getOrDefault(what, Map.of()).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}
