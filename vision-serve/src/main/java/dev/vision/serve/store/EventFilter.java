package dev.vision.serve.store;

import dev.vision.core.result.Direction;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which events a query wants, newest first: each field left empty matches every event.
 *
 * @param before a page's cursor: only events whose id is below it
 * @param limit  at most this many
 */
public record EventFilter(
        Optional<String> camera,
        Optional<String> label,
        Optional<HistoryEventType> type,
        Optional<String> line,
        Optional<String> zone,
        Optional<Direction> direction,
        Optional<Instant> from,
        Optional<Instant> to,
        OptionalLong before,
        int limit) {

    /** The most a page holds. */
    public static final int MAX_LIMIT = 10_000;

    public EventFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Every event, the newest {@code limit}. */
    public static EventFilter newest(int limit) {
        return new EventFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                limit);
    }

    public EventFilter camera(String name) {
        return new EventFilter(Optional.of(name), label, type, line, zone, direction, from, to, before, limit);
    }

    public EventFilter label(String name) {
        return new EventFilter(camera, Optional.of(name), type, line, zone, direction, from, to, before, limit);
    }

    public EventFilter type(HistoryEventType kind) {
        return new EventFilter(camera, label, Optional.of(kind), line, zone, direction, from, to, before, limit);
    }

    public EventFilter line(String name) {
        return new EventFilter(camera, label, type, Optional.of(name), zone, direction, from, to, before, limit);
    }

    public EventFilter zone(String name) {
        return new EventFilter(camera, label, type, line, Optional.of(name), direction, from, to, before, limit);
    }

    public EventFilter direction(Direction way) {
        return new EventFilter(camera, label, type, line, zone, Optional.of(way), from, to, before, limit);
    }

    /** Events at or after {@code start}. */
    public EventFilter from(Instant start) {
        return new EventFilter(camera, label, type, line, zone, direction, Optional.of(start), to, before, limit);
    }

    /** Events before {@code end}. */
    public EventFilter to(Instant end) {
        return new EventFilter(camera, label, type, line, zone, direction, from, Optional.of(end), before, limit);
    }

    /** The page after the one whose last event had id {@code cursor}. */
    public EventFilter before(long cursor) {
        return new EventFilter(camera, label, type, line, zone, direction, from, to, OptionalLong.of(cursor), limit);
    }
}
