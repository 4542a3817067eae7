package dev.vision.core.result;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a tracked object in a frame. Each kind carries what it is about: the line and
 * direction of a crossing, the zone of an entry, the zone and time inside of a departure. Any event may name
 * the clip that records it ({@link #withClip}), set by the clip stage after tracking.
 */
public sealed interface TrackEvent
        permits TrackEvent.Appeared,
                TrackEvent.Lost,
                TrackEvent.LineCrossed,
                TrackEvent.ZoneEntered,
                TrackEvent.ZoneLeft,
                TrackEvent.Loitering,
                TrackEvent.Movement {

    /** The id the tracker gave the object, unique within its stream. */
    long trackId();

    /** The object's class. */
    String label();

    /** The path of the clip that records this event, once one is planned. */
    Optional<String> clip();

    /** Its kind, as JSON, MQTT, webhooks and {@code --clip-on} name it. */
    EventType type();

    /** The same event with the clip that records it. */
    TrackEvent withClip(String path);

    /** The line or zone the event concerns; empty for appearances and departures. */
    default Optional<String> place() {
        return Optional.empty();
    }

    /** The object's track was confirmed. */
    record Appeared(long trackId, String label, Optional<String> clip) implements TrackEvent {
        public Appeared {
            Objects.requireNonNull(label);
            Objects.requireNonNull(clip);
        }

        public Appeared(long trackId, String label) {
            this(trackId, label, Optional.empty());
        }

        @Override
        public EventType type() {
            return EventType.OBJECT_APPEARED;
        }

        @Override
        public Appeared withClip(String path) {
            return new Appeared(trackId, label, Optional.of(path));
        }
    }

    /** The tracker gave the object's track up. */
    record Lost(long trackId, String label, Optional<String> clip) implements TrackEvent {
        public Lost {
            Objects.requireNonNull(label);
            Objects.requireNonNull(clip);
        }

        public Lost(long trackId, String label) {
            this(trackId, label, Optional.empty());
        }

        @Override
        public EventType type() {
            return EventType.OBJECT_LEFT;
        }

        @Override
        public Lost withClip(String path) {
            return new Lost(trackId, label, Optional.of(path));
        }
    }

    /** The object crossed counting line {@code line} in {@code direction}. */
    record LineCrossed(long trackId, String label, String line, Direction direction, Optional<String> clip)
            implements TrackEvent {
        public LineCrossed {
            Objects.requireNonNull(label);
            Objects.requireNonNull(line);
            Objects.requireNonNull(direction);
            Objects.requireNonNull(clip);
        }

        public LineCrossed(long trackId, String label, String line, Direction direction) {
            this(trackId, label, line, direction, Optional.empty());
        }

        @Override
        public EventType type() {
            return EventType.LINE_CROSSED;
        }

        @Override
        public Optional<String> place() {
            return Optional.of(line);
        }

        @Override
        public LineCrossed withClip(String path) {
            return new LineCrossed(trackId, label, line, direction, Optional.of(path));
        }
    }

    /** The object entered zone {@code zone}. */
    record ZoneEntered(long trackId, String label, String zone, Optional<String> clip) implements TrackEvent {
        public ZoneEntered {
            Objects.requireNonNull(label);
            Objects.requireNonNull(zone);
            Objects.requireNonNull(clip);
        }

        public ZoneEntered(long trackId, String label, String zone) {
            this(trackId, label, zone, Optional.empty());
        }

        @Override
        public EventType type() {
            return EventType.ZONE_ENTERED;
        }

        @Override
        public Optional<String> place() {
            return Optional.of(zone);
        }

        @Override
        public ZoneEntered withClip(String path) {
            return new ZoneEntered(trackId, label, zone, Optional.of(path));
        }
    }

    /** The object left zone {@code zone} after {@code dwell} inside. */
    record ZoneLeft(long trackId, String label, String zone, Duration dwell, Optional<String> clip)
            implements TrackEvent {
        public ZoneLeft {
            Objects.requireNonNull(label);
            Objects.requireNonNull(zone);
            if (dwell.isNegative()) {
                throw new IllegalArgumentException("a dwell time is never negative: " + dwell);
            }
            Objects.requireNonNull(clip);
        }

        public ZoneLeft(long trackId, String label, String zone, Duration dwell) {
            this(trackId, label, zone, dwell, Optional.empty());
        }

        @Override
        public EventType type() {
            return EventType.ZONE_LEFT;
        }

        @Override
        public Optional<String> place() {
            return Optional.of(zone);
        }

        @Override
        public ZoneLeft withClip(String path) {
            return new ZoneLeft(trackId, label, zone, dwell, Optional.of(path));
        }
    }

    /** The object has stayed inside zone {@code zone} for {@code dwell}: its loitering time. */
    record Loitering(long trackId, String label, String zone, Duration dwell, Optional<String> clip)
            implements TrackEvent {
        public Loitering {
            Objects.requireNonNull(label);
            Objects.requireNonNull(zone);
            Objects.requireNonNull(dwell);
            Objects.requireNonNull(clip);
        }

        public Loitering(long trackId, String label, String zone, Duration dwell) {
            this(trackId, label, zone, dwell, Optional.empty());
        }

        @Override
        public EventType type() {
            return EventType.LOITERING;
        }

        @Override
        public Optional<String> place() {
            return Optional.of(zone);
        }

        @Override
        public Loitering withClip(String path) {
            return new Loitering(trackId, label, zone, dwell, Optional.of(path));
        }
    }

    /**
     * The object's track ended after it passed two or more lines or zones: where it came from ({@code origin},
     * its first, as {@code "LINE in|out"} or a zone's name) and where it went ({@code destination}, its last).
     * Sent by {@code --movements} in the frame its track ended.
     */
    record Movement(long trackId, String label, String origin, String destination, Optional<String> clip)
            implements TrackEvent {
        public Movement {
            Objects.requireNonNull(label);
            Objects.requireNonNull(origin);
            Objects.requireNonNull(destination);
            Objects.requireNonNull(clip);
        }

        public Movement(long trackId, String label, String origin, String destination) {
            this(trackId, label, origin, destination, Optional.empty());
        }

        @Override
        public EventType type() {
            return EventType.MOVEMENT;
        }

        @Override
        public Movement withClip(String path) {
            return new Movement(trackId, label, origin, destination, Optional.of(path));
        }
    }
}
