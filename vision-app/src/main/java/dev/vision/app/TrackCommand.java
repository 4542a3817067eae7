package dev.vision.app;

import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.TrackAnnotators;
import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.track.LineCounter;
import dev.vision.core.track.TrackerSettings;
import dev.vision.core.track.TrackingStage;
import dev.vision.core.track.ZoneCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vision track SOURCE…}: detect, follow each object with a stable id, count line crossings and zone visits. */
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

    /** Detection, then a tracker, lines and zones per source as a result stage; drawings by track. */
    private final class TrackingTask extends DetectionTask {
        private final TrackOptions.Setup setup;
        private PerStreamStage<TrackingStage> stage;

        TrackingTask(TrackOptions.Setup setup) {
            this.setup = setup;
        }

        @Override
        public String name() {
            return "track";
        }

        @Override
        public List<ResultStage> stages(IntToDoubleFunction fpsOfStream) {
            stage = new PerStreamStage<>(stream -> setup.stage(fpsOfStream.applyAsDouble(stream)));
            return List.of(stage);
        }

        @Override
        public void describeSettings(RunRecord record) {
            super.describeSettings(record);
            record.tracking(setup.describe());
        }

        @Override
        public Annotator annotator() {
            return TrackAnnotators.tracked(setup.anchor, 30, setup.lines, setup.zones);
        }

        @Override
        public boolean tracked() {
            return true;
        }

        /** One source: its totals; several: a list of each stream's totals. */
        @Override
        public Map<String, Object> summary() {
            if (stage == null || stage.byStream().isEmpty()) {
                return Map.of();
            }
            Map<Integer, TrackingStage> byStream = stage.byStream();
            if (byStream.size() == 1 && byStream.containsKey(0)) {
                return Map.of("tracking", byStream.get(0).summary());
            }
            List<Map<String, Object>> streams = new ArrayList<>();
            byStream.forEach((i, s) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("stream", i);
                one.putAll(s.summary());
                streams.add(one);
            });
            return Map.of("tracking", Map.of("streams", streams));
        }

        @Override
        public List<String> summaryLines() {
            if (stage == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            boolean several = stage.byStream().size() > 1 || !stage.byStream().containsKey(0);
            stage.byStream().forEach((i, s) -> {
                String prefix = several ? "Stream " + i + ": " : "";
                out.add(prefix + "Tracks: " + describe(castCounts(s.summary().get("tracks_per_class"))) + ".");
                for (LineCounter line : s.lines()) {
                    Map<String, Map<String, Long>> c = line.counts();
                    out.add(prefix + String.format(Locale.ROOT, "Line %s: in %d (%s), out %d (%s).", line.name(),
                            line.total(LineCounter.IN), describe(c.get(LineCounter.IN)), line.total(LineCounter.OUT),
                            describe(c.get(LineCounter.OUT))));
                }
                for (ZoneCounter zone : s.zones()) {
                    List<Long> dwells = zone.dwellsMs();
                    out.add(prefix + String.format(Locale.ROOT, "Zone %s: %d visit(s) ended, mean dwell %.1f s, "
                                    + "longest %.1f s; inside at the end: %s.", zone.name(), dwells.size(),
                            dwells.stream().mapToLong(Long::longValue).average().orElse(0) / 1000,
                            dwells.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0,
                            describe(zone.occupancy())));
                }
            });
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
