package dev.vision.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vision.core.analytics.Heatmap;
import dev.vision.core.analytics.MovementStage;
import dev.vision.core.analytics.SpeedStage;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.TrackAnnotators;
import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.track.TrackerSettings;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingLines;
import dev.vision.core.track.TrackingStage;
import dev.vision.serve.run.OutputCheck;
import dev.vision.serve.run.RunRecord;
import dev.vision.serve.run.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vision track SOURCE…}: detect, follow each object with a stable id, count line crossings and zone visits. */
@Command(
        name = "track",
        mixinStandardHelpOptions = true,
        sortOptions = false,
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
    TaskSpec task() {
        TrackOptions.Setup setup = trackOptions.setup(confidence);
        new OutputCheck(runOptions.force).file("--heatmap", trackOptions.heatmap);
        OutputCheck.writableAtTheEnd("--heatmap", trackOptions.heatmap);
        return new TrackingTask(setup);
    }

    /** Detection, then a tracker, lines and zones per source as a result stage; drawings by track. */
    private final class TrackingTask extends DetectionTask {
        private final TrackOptions.Setup setup;
        private PerStreamStage<TrackingStage> stage;
        private PerStreamStage<Heatmap> heatmaps;
        private PerStreamStage<MovementStage> movements;
        private final List<Path> heatmapFiles = new ArrayList<>();

        TrackingTask(TrackOptions.Setup setup) {
            this.setup = setup;
        }

        @Override
        public String name() {
            return "track";
        }

        @Override
        public Optional<Tracking> tracking() {
            return Optional.of(setup.tracking);
        }

        @Override
        public void trackingStarted(PerStreamStage<TrackingStage> tracking) {
            stage = tracking;
        }

        /** After tracking: speed over a calibrated ground, and the heatmap. */
        @Override
        public List<ResultStage> stages() {
            List<ResultStage> all = new ArrayList<>();
            setup.ground.ifPresent(g -> all.add(new PerStreamStage<>(stream -> new SpeedStage(g))));
            if (trackOptions.heatmap != null) {
                heatmaps = new PerStreamStage<>(stream -> new Heatmap(setup.tracking.anchor()));
                all.add(heatmaps);
            }
            if (trackOptions.movements) {
                movements = new PerStreamStage<>(stream -> new MovementStage());
                all.add(movements);
            }
            return all;
        }

        @Override
        public void runEnded() throws IOException {
            if (heatmaps != null) {
                heatmapFiles.addAll(Heatmap.writeAll(heatmaps, trackOptions.heatmap));
            }
        }

        @Override
        public void describeSettings(RunRecord record) {
            super.describeSettings(record);
            record.tracking(setup.describe());
        }

        @Override
        public Annotator annotator() {
            return TrackAnnotators.tracked(setup.tracking.anchor(), 30, setup.tracking.lines(), setup.tracking.zones());
        }

        @Override
        public Optional<JsonNode> trackingSummary() {
            Optional<JsonNode> json = stage == null ? Optional.empty() : TrackingLines.json(stage);
            if (movements != null) {
                json.ifPresent(j -> TrackingLines.add(j, "movements", MovementStage.matrices(movements)));
            }
            return json;
        }

        @Override
        public List<String> summaryLines() {
            List<String> out = new ArrayList<>();
            heatmapFiles.forEach(f -> out.add("Heatmap: " + f + "."));
            if (stage != null) {
                out.addAll(TrackingLines.of(stage));
            }
            if (movements != null) {
                out.addAll(MovementStage.lines(movements));
            }
            return out;
        }
    }
}
