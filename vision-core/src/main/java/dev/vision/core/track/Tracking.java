package dev.vision.core.track;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.analytics.LineCounter;
import dev.vision.core.analytics.ZoneCounter;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Zone;
import dev.vision.core.pipeline.PerStreamStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How the objects of each source are tracked and counted: the tracker and its settings, the lines and zones,
 * and the point of a box they test. Immutable and shared by a run's sources; {@link #newStage()} makes one
 * source's tracking (its own tracker, its own counters). Made by {@link Tracker#builder()}:
 *
 * <pre>{@code
 * Tracking tracking = Tracker.builder().line(Line.parse("door=0,300,768,300")).build();
 * Detector detector = Detector.builder().conf(tracking.detectionThreshold()).build();
 * TrackingStage stage = tracking.newStage(); // one per source, a result stage of its run
 * }</pre>
 */
public final class Tracking {

    private final TrackerKind kind;
    private final TrackerSettings settings;
    private final Anchor anchor;
    private final List<Line> lines;
    private final List<Zone> zones;

    private Tracking(Builder b) {
        this.kind = b.kind;
        this.settings = b.settings;
        this.anchor = b.anchor;
        this.lines = List.copyOf(b.lines);
        this.zones = List.copyOf(b.zones);
    }

    public TrackerKind kind() {
        return kind;
    }

    public TrackerSettings settings() {
        return settings;
    }

    public Anchor anchor() {
        return anchor;
    }

    public List<Line> lines() {
        return lines;
    }

    public List<Zone> zones() {
        return zones;
    }

    /**
     * The detector's score threshold this tracking needs: the tracker's low score, as detections between it
     * and the high score keep a half-hidden object's track alive (ByteTrack's second pass). A detector left
     * at its default (0.25) would never give the tracker those.
     */
    public float detectionThreshold() {
        return settings.lowScore();
    }

    /** One source's tracking: a new tracker and new counters on these lines and zones. */
    public TrackingStage newStage() {
        return newStage(warning -> {});
    }

    /** @param warnings told, with the source's first frame, of each line or zone wholly outside it */
    public TrackingStage newStage(Consumer<String> warnings) {
        return new TrackingStage(kind.create(settings, new TrackIds()), lineCounters(), zoneCounters(), warnings);
    }

    /**
     * The tracking of every source of a run as one result stage: each stream gets its own {@link
     * TrackingStage} on its first frame ({@code byStream()} gives them, with their counts, once the run is
     * over).
     */
    public PerStreamStage<TrackingStage> perStream() {
        return perStream(warning -> {});
    }

    /**
     * As {@link #perStream()}; {@code warnings} is told, with each stream's first frame, of each line or zone
     * wholly outside it.
     */
    public PerStreamStage<TrackingStage> perStream(Consumer<String> warnings) {
        return new PerStreamStage<>(stream -> newStage(warnings));
    }

    /** New counters on the lines, for a stage. */
    private List<LineCounter> lineCounters() {
        return lines.stream().map(l -> new LineCounter(l, anchor)).toList();
    }

    /** New counters on the zones. */
    private List<ZoneCounter> zoneCounters() {
        return zones.stream().map(z -> new ZoneCounter(z, anchor)).toList();
    }

    /** Settings for {@link Tracking}; every one optional. */
    public static final class Builder {
        private TrackerKind kind = TrackerKind.OCSORT;
        private TrackerSettings settings = TrackerSettings.DEFAULTS;
        private Anchor anchor = Anchor.CENTER;
        private final List<Line> lines = new ArrayList<>();
        private final List<Zone> zones = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        Builder() {}

        /** The tracker (default {@link TrackerKind#OCSORT}). */
        public Builder kind(TrackerKind kind) {
            this.kind = kind;
            return this;
        }

        /** How long a lost track is kept to be found again by its motion (default 1 s). */
        public Builder trackBuffer(Duration buffer) {
            settings = settings.withTrackBuffer(buffer);
            return this;
        }

        /** How long a lost track may be found again by its appearance (default 3 s; ocsort). */
        public Builder reidBuffer(Duration buffer) {
            settings = settings.withReidBuffer(buffer);
            return this;
        }

        /**
         * The score thresholds (defaults ByteTrack's: 0.5, 0.1, 0.6); see {@link TrackerSettings}.
         *
         * @throws InvalidSettingException unless 0 <= low <= high <= 1
         */
        public Builder thresholds(float high, float low, float newTrack) {
            settings = new TrackerSettings(high, low, newTrack, settings.trackBuffer(), settings.reidBuffer());
            return this;
        }

        /**
         * The score the detector keeps detections from. Above the tracker's low score, the thresholds rise to
         * it (no detection under it exists for the tracker's second pass); at or below it, nothing changes.
         */
        public Builder detectorConfidence(float confidence) {
            TrackerSettings defaults = TrackerSettings.DEFAULTS;
            if (confidence > settings.lowScore()) {
                thresholds(
                        Math.max(defaults.highScore(), confidence),
                        confidence,
                        Math.max(defaults.newTrackScore(), confidence));
            }
            return this;
        }

        /** The point of a box that lines and zones test (default {@link Anchor#CENTER}). */
        public Builder anchor(Anchor anchor) {
            this.anchor = anchor;
            return this;
        }

        /**
         * A counting line.
         *
         * @throws InvalidSettingException when a line or zone already has its name
         */
        public Builder line(Line line) {
            claim("line", line.name());
            lines.add(line);
            return this;
        }

        /**
         * A zone.
         *
         * @throws InvalidSettingException when a line or zone already has its name, or the zone's edges cross
         */
        public Builder zone(Zone zone) {
            claim("zone", zone.name());
            new ZoneCounter(zone, anchor); // refuses a polygon whose edges cross now, not at the first frame
            zones.add(zone);
            return this;
        }

        private void claim(String kind, String name) {
            if (!names.add(name)) {
                throw new InvalidSettingException(
                        kind, "the name '" + name + "' is used twice (lines and zones need distinct names)");
            }
        }

        public Tracking build() {
            return new Tracking(this);
        }
    }
}
