package dev.vision.app;

import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.TrackAnnotators;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.track.LineCounter;
import dev.vision.core.track.TrackerSettings;
import dev.vision.core.track.TrackingStage;
import dev.vision.core.track.ZoneCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vision track SOURCE}: detect, follow each object with a stable id, count line crossings and zone visits. */
@Command(name = "track", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Track objects (stable ids), count them across lines and in zones, and report events.")
public final class TrackCommand extends DetectCommand {

    @Mixin
    TrackOptions trackOptions;

    /**
     * Tracking takes detections down to 0.1: the ones under ByteTrack's high score (0.5) keep a half-hidden
     * object's track alive; only confident ones start tracks.
     */
    @Override
    float defaultConfidence() {
        return TrackerSettings.DEFAULTS.lowScore();
    }

    @Override
    RunTask.Task task() {
        return new TrackingTask(trackOptions.setup());
    }

    /** Detection, then the tracker, lines and zones as a result stage; drawings by track. */
    private final class TrackingTask extends DetectionTask {
        private final TrackOptions.Setup setup;
        private final List<LineCounter> lines;
        private final List<ZoneCounter> zones;
        private TrackingStage stage;

        TrackingTask(TrackOptions.Setup setup) {
            this.setup = setup;
            this.lines = setup.lines;
            this.zones = setup.zones;
        }

        @Override
        public String name() {
            return "track";
        }

        @Override
        public List<ResultStage> stages(double fps) {
            stage = setup.stage(fps);
            return List.of(stage);
        }

        @Override
        public void describeSettings(RunRecord record) {
            super.describeSettings(record);
            record.tracking(setup.describe());
        }

        @Override
        public Annotator annotator() {
            return TrackAnnotators.tracked(setup.anchor, 30, lines, zones);
        }

        @Override
        public boolean tracked() {
            return true;
        }

        @Override
        public Map<String, Object> summary() {
            return stage == null ? Map.of() : Map.of("tracking", stage.summary());
        }

        @Override
        public List<String> summaryLines() {
            if (stage == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            Map<String, Object> s = stage.summary();
            out.add("Tracks: " + describe(castCounts(s.get("tracks_per_class"))) + ".");
            for (LineCounter line : lines) {
                Map<String, Map<String, Long>> c = line.counts();
                out.add(String.format(Locale.ROOT, "Line %s: in %d (%s), out %d (%s).", line.name(),
                        line.total(LineCounter.IN), describe(c.get(LineCounter.IN)), line.total(LineCounter.OUT),
                        describe(c.get(LineCounter.OUT))));
            }
            for (ZoneCounter zone : zones) {
                List<Long> dwells = zone.dwellsMs();
                out.add(String.format(Locale.ROOT, "Zone %s: %d visit(s) ended, mean dwell %.1f s, longest %.1f s; "
                                + "inside at the end: %s.", zone.name(), dwells.size(),
                        dwells.stream().mapToLong(Long::longValue).average().orElse(0) / 1000,
                        dwells.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0,
                        describe(zone.occupancy())));
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Long> castCounts(Object o) {
            return (Map<String, Long>) o;
        }

        private String describe(Map<String, Long> perClass) {
            return perClass == null || perClass.isEmpty() ? "none" : perClass.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        }
    }
}
