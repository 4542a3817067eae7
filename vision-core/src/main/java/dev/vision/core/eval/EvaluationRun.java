package dev.vision.core.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.VisionVersion;
import dev.vision.core.capture.ImageFilesSource;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.result.FrameResult;
import dev.vision.core.run.VisionRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How an evaluation runs its model: the batch size, whether images are decoded in full, who hears of each
 * image, and who is handed the run once it starts (to stop it, or to show progress).
 *
 * @param batch      images per model call
 * @param decode     whether a large JPEG is decoded at the reduced size the model needs (as a detection run
 *                   does) or in full
 * @param listener   told of each image processed or skipped
 * @param started    given the run before its first frame, and the number of inputs it will read
 */
public record EvaluationRun(int batch, Decode decode, RunListener listener, Started started) {

    /** How images are decoded. */
    public enum Decode {
        /** A JPEG at least twice the size the model needs is decoded at a reduced size. */
        REDUCED,
        FULL
    }

    /** Given the run as it starts. */
    @FunctionalInterface
    public interface Started {
        void accept(VisionRun run, long inputs);
    }

    /** One image per call, images decoded at a reduced size, nobody told. */
    public static EvaluationRun quiet() {
        return new EvaluationRun(1, Decode.REDUCED, new RunListener() {}, (run, inputs) -> {});
    }

    /** Runs {@code model} over {@code images}, each result to {@code collect}; empty when stopped. */
    Optional<RunStats> overImages(ImageModel<?> model, List<Path> images, Consumer<FrameResult> collect)
            throws InterruptedException {
        try (ImageFilesSource source =
                new ImageFilesSource(images, 0, 1, decode == Decode.FULL ? 0 : model.neededImageSide())) {
            VisionRun run = VisionRun.builder()
                    .source(source)
                    .model(model)
                    .batchSize(batch)
                    .sink((result, annotated) -> collect.accept(result))
                    .listener(listener)
                    .build();
            started.accept(run, images.size());
            RunStats stats = run.execute();
            return stats.wasInterrupted() ? Optional.empty() : Optional.of(stats);
        }
    }

    /** What every metrics file starts with: which task, data and model (by its sha256), and how many inputs. */
    static ObjectNode header(String task, Path data, ResolvedModel model) {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("task", task);
        json.put("data", data.toString());
        json.put("model", model.name());
        json.put("sha256", model.sha256());
        return json;
    }

    /** What every metrics file ends with: the version of vision and the wall time. */
    static void footer(ObjectNode json, RunStats stats) {
        json.put("vision_version", VisionVersion.get());
        json.put("wall_seconds", Math.round(stats.wallSeconds() * 100) / 100.0);
    }
}
