package dev.vision.app;

import dev.vision.core.inference.Detector;
import dev.vision.core.inference.DeviceRequest;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.Annotators;
import dev.vision.core.postprocess.ClassSelection;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.serve.run.RunRecord;
import dev.vision.serve.run.TaskSpec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vision detect SOURCE}: find objects, draw them, log them. */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Detect objects in images, folders, globs, video files, cameras and network streams.")
public class DetectCommand implements Callable<Integer> {

    @Parameters(
            arity = "0..*",
            paramLabel = "SOURCE",
            description =
                    "An image, a folder, a glob ('photos/*.jpg'), a "
                            + "video file, a camera (0, /dev/video0) or a stream URL (rtsp://, http://, udp://, tcp://). Several run "
                            + "together through one model, as streams 0, 1, …; NAME=SOURCE names one (door=rtsp://…) for its topics, files and tile (also --sources FILE).")
    List<String> sources;

    @Option(
            names = "--model",
            defaultValue = "yolox-nano",
            paramLabel = "NAME|FILE",
            description =
                    "Built-in model name (see 'vision models list') or a .pt/.torchscript/.onnx file (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    ModelOptions modelOptions;

    @Option(
            names = "--conf",
            defaultValue = "" + DetectionFilter.DEFAULT_CONFIDENCE,
            description = "Minimum score (default: ${DEFAULT-VALUE}; 0.1 for track).")
    float confidence;

    @Option(
            names = "--iou",
            defaultValue = "" + DetectionFilter.DEFAULT_IOU,
            description = "NMS IoU threshold (default: ${DEFAULT-VALUE}).")
    float iou;

    @Option(
            names = "--classes",
            split = ",",
            paramLabel = "NAME|ID",
            description = "Keep only these classes, e.g. person,car (names or ids).")
    List<String> classes;

    @Option(
            names = "--max-det",
            defaultValue = "" + DetectionFilter.DEFAULT_MAX_DETECTIONS,
            description = "Most detections per image (default: ${DEFAULT-VALUE}).")
    int maxDetections;

    @Option(
            names = "--batch",
            defaultValue = "1",
            description = "Images per model call for files (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    RunOptions runOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Console console = Console.forStderr(runOptions.quiet)) {
            if (!spec.commandLine().getParseResult().hasMatchedOption("--conf")) {
                confidence = defaultConfidence();
            }
            new DetectionFilter(
                    confidence, iou, ClassSelection.ALL, maxDetections); // thresholds checked before anything loads
            TaskSpec task = task();
            return new RunTask(
                            sources,
                            runOptions,
                            batch,
                            spec.root().commandLine().getParseResult().originalArgs())
                    .execute(task, console);
        }
    }

    /** --conf when it is not given. */
    float defaultConfidence() {
        return confidence;
    }

    /** What this command runs: detection; {@code track} adds to it. Options are checked here, before loading. */
    TaskSpec task() {
        return new DetectionTask();
    }

    /** Detection's part of a run. */
    class DetectionTask implements TaskSpec {
        @Override
        public String name() {
            return "detect";
        }

        @Override
        public DeviceRequest device() {
            return modelOptions.device();
        }

        @Override
        public Detector load(boolean video, int threadsUnlessGiven) {
            return modelOptions
                    .applyTo(Detector.builder(), model, video, threadsUnlessGiven)
                    .conf(confidence)
                    .iou(iou)
                    .maxDetections(maxDetections)
                    .classes(classes)
                    .build();
        }

        @Override
        public void describeSettings(RunRecord record) {
            record.detection(confidence, iou, maxDetections, classes == null ? List.of() : classes);
        }

        @Override
        public Annotator annotator() {
            return Annotators.detections();
        }

        @Override
        public ModelFamily.Task modelTask() {
            return ModelFamily.Task.DETECT;
        }
    }
}
