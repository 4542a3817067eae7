package dev.vision.serve.store;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.result.Direction;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

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

    /**
     * The filter a request or a command line asks for by name: {@code camera}, {@code label}, {@code type},
     * {@code line}, {@code zone}, {@code direction}, {@code from}, {@code to} (see {@link TimeArgument}),
     * {@code before} (a page's cursor) and {@code limit}.
     *
     * @param param a parameter's value by its name, if given
     * @param zone  the zone of a local time
     * @throws InvalidSettingException naming the parameter that is wrong
     */
    public static EventFilter of(Function<String, Optional<String>> param, ZoneId zone, int defaultLimit) {
        int limit = param.apply("limit")
                .map(v -> number("limit", v))
                .orElse((long) defaultLimit)
                .intValue();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidSettingException("limit", "must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        EventFilter f = newest(limit);
        f = param.apply("camera").map(f::camera).orElse(f);
        f = param.apply("label").map(f::label).orElse(f);
        f = param.apply("line").map(f::line).orElse(f);
        f = param.apply("zone").map(f::zone).orElse(f);
        Optional<String> type = param.apply("type");
        if (type.isPresent()) {
            f = f.type(HistoryEventType.byId(type.get())
                    .orElseThrow(() -> new InvalidSettingException(
                            "type", "'" + type.get() + "' is not one of " + HistoryEventType.ids())));
        }
        Optional<String> way = param.apply("direction");
        if (way.isPresent()) {
            f = f.direction(Direction.byId(way.get())
                    .orElseThrow(
                            () -> new InvalidSettingException("direction", "'" + way.get() + "' is not in or out")));
        }
        f = param.apply("from")
                .map(t -> TimeArgument.parse("from", t, zone))
                .map(f::from)
                .orElse(f);
        f = param.apply("to")
                .map(t -> TimeArgument.parse("to", t, zone))
                .map(f::to)
                .orElse(f);
        Optional<String> cursor = param.apply("before");
        return cursor.isPresent() ? f.before(number("before", cursor.get())) : f;
    }

    private static long number(String name, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name, "'" + v + "' is not a whole number");
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
