package dev.vision.serve.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vision.core.inference.DeviceRequest;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.ClassificationResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingStage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What differs between detect, classify and track in a run: the model, its settings, stages and summaries. */
public interface TaskSpec {
    /** "detect" or "classify": names the runs folder and the record. */
    String name();

    /**
     * Loads the model; {@code video} tells the thread choice that decoding and encoding run beside it;
     * {@code threadsUnlessGiven} (0: vision's choice) applies when --threads is not given.
     */
    ImageModel<?> load(boolean video, int threadsUnlessGiven);

    /** The device asked for by --device (auto unless told). */
    default DeviceRequest device() {
        return DeviceRequest.AUTO;
    }

    /** The task's settings for run.json and the summary. */
    void describeSettings(RunRecord record);

    Annotator annotator();

    /**
     * What the per-image line says about a result: "1 dog, 2 cars" for detections, the top three classes with
     * their scores for a classification.
     */
    default String describe(FrameResult result) {
        if (result instanceof ClassificationResult classes) {
            return classes.classes().stream()
                    .limit(3)
                    .map(c -> String.format(Locale.ROOT, "%s %.2f", c.label(), c.score()))
                    .collect(Collectors.joining("; ")); // ImageNet labels hold commas
        }
        return RunSummary.countsText(result.countedLabels(), "no objects");
    }

    /** What the model answers. */
    ModelFamily.Task modelTask();

    /** Result stages after the model (and tracking); none by default. */
    default List<ResultStage> stages() {
        return List.of();
    }

    /** Writes what the task keeps until the run is over (a heatmap); nothing by default. */
    default void runEnded() throws IOException {}

    /** The tracking of every stream, for a task that tracks; results then carry track ids. */
    default Optional<Tracking> tracking() {
        return Optional.empty();
    }

    /** Given the run's tracking stage, with each stream's counts, once the run is built. */
    default void trackingStarted(PerStreamStage<TrackingStage> tracking) {}

    /** Whether results carry track ids (the CSV gets a track_id column). */
    default boolean tracked() {
        return tracking().isPresent();
    }

    /**
     * The tracking totals the summary (JSON and run.json) carries under {@code "tracking"} once the run is
     * over; empty for a task that does not track.
     */
    default Optional<JsonNode> trackingSummary() {
        return Optional.empty();
    }

    /** The task's own lines of the console summary. */
    default List<String> summaryLines() {
        return List.of();
    }
}
