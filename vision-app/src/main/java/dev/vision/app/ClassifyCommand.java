package dev.vision.app;

import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.DeviceRequest;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.ClassificationAnnotator;
import dev.vision.serve.run.RunRecord;
import dev.vision.serve.run.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vision classify SOURCE}: the top classes of each image or frame. */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Classify images, folders, globs, video files, cameras and network streams.")
public final class ClassifyCommand implements Callable<Integer> {

    /** Images per model call on the CPU unless --batch says otherwise (see README for the measurement). */
    static final int DEFAULT_BATCH = 8;

    @Parameters(
            arity = "0..*",
            paramLabel = "SOURCE",
            description =
                    "An image, a folder, a glob, a video file, a camera "
                            + "or a stream URL; several run together as streams 0, 1, …; NAME=SOURCE names one (door=rtsp://…) for its topics, files and tile (also --sources FILE).")
    List<String> sources;

    @Option(
            names = "--model",
            defaultValue = "mobilenet-v2",
            paramLabel = "NAME|FILE",
            description =
                    "Built-in classifier or a model file with --family classification (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    ModelOptions modelOptions;

    @Option(
            names = "--top-k",
            defaultValue = "5",
            paramLabel = "K",
            description = "Classes reported per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(
            names = "--batch",
            paramLabel = "N",
            description = "Images per model call for files (default: " + DEFAULT_BATCH + ").")
    Integer batch;

    @Mixin
    RunOptions runOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Console console = Console.forStderr(runOptions.quiet)) {
            if (topK < 1) {
                return RunTask.fail(console, "--top-k must be at least 1, got " + topK);
            }
            int n = batch != null ? batch : DEFAULT_BATCH;
            return new RunTask(
                            sources,
                            runOptions,
                            n,
                            spec.root().commandLine().getParseResult().originalArgs())
                    .execute(new ClassificationTask(), console);
        }
    }

    /** Classification's part of a run. */
    private final class ClassificationTask implements TaskSpec {
        @Override
        public String name() {
            return "classify";
        }

        @Override
        public DeviceRequest device() {
            return modelOptions.device();
        }

        @Override
        public Classifier load(boolean video, int threadsUnlessGiven) {
            return modelOptions
                    .applyTo(Classifier.builder(), model, video, threadsUnlessGiven)
                    .topK(topK)
                    .build();
        }

        @Override
        public void describeSettings(RunRecord record) {
            record.thresholds("top-k " + topK, Map.of("top_k", topK));
        }

        @Override
        public Annotator annotator() {
            return new ClassificationAnnotator(Math.min(topK, 3));
        }

        @Override
        public ModelFamily.Task modelTask() {
            return ModelFamily.Task.CLASSIFY;
        }
    }
}
