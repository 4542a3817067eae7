package dev.vision.serve.store;

import dev.vision.core.InvalidSettingException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;

/**
 * Counts of one line or zone per time bucket.
 *
 * @param camera only this camera's events, if given
 * @param from   buckets from this time (rounded down to a bucket's start)
 * @param to     events before this time
 */
public record CountQuery(
        Optional<String> camera, Place place, Bucket bucket, Optional<Instant> from, Optional<Instant> to) {

    /**
     * The query a request or a command line asks for by name: {@code line} or {@code zone} (one of them),
     * {@code bucket} (default 1h), {@code camera}, {@code from} and {@code to}.
     *
     * @throws InvalidSettingException naming the parameter that is wrong
     */
    public static CountQuery of(Function<String, Optional<String>> param, ZoneId zone) {
        Optional<String> line = param.apply("line");
        Optional<String> area = param.apply("zone");
        if (line.isPresent() == area.isPresent()) {
            throw new InvalidSettingException("line", "give a line or a zone to count (one of them)");
        }
        Place place = line.isPresent() ? new Place.OfLine(line.get()) : new Place.OfZone(area.get());
        return new CountQuery(
                param.apply("camera"),
                place,
                Bucket.parse(param.apply("bucket").orElse("1h")),
                param.apply("from").map(t -> TimeArgument.parse("from", t, zone)),
                param.apply("to").map(t -> TimeArgument.parse("to", t, zone)));
    }

    /** What is counted: crossings of a line (in and out), or entries and departures of a zone. */
    public sealed interface Place permits Place.OfLine, Place.OfZone {
        String name();

        record OfLine(String name) implements Place {}

        record OfZone(String name) implements Place {}
    }

    /** How long a bucket is; buckets start at whole multiples of it since 1970-01-01 UTC. */
    public enum Bucket {
        MINUTES_15("15m", Duration.ofMinutes(15)),
        HOUR("1h", Duration.ofHours(1)),
        DAY("1d", Duration.ofDays(1));

        private final String id;
        private final Duration length;

        Bucket(String id, Duration length) {
            this.id = id;
            this.length = length;
        }

        public String id() {
            return id;
        }

        public Duration length() {
            return length;
        }

        /** {@code 15m}, {@code 1h} or {@code 1d}. */
        public static Bucket parse(String id) {
            for (Bucket b : values()) {
                if (b.id.equals(id.trim())) {
                    return b;
                }
            }
            throw new InvalidSettingException("bucket", "'" + id + "' is not 15m, 1h or 1d");
        }
    }
}
