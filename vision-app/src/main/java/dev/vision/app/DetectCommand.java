package dev.vision.app;

import ai.djl.Device;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ModelLoader;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.Annotators;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.result.Detection;
import dev.vision.core.result.FrameResult;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vision detect SOURCE}: find objects, draw them, log them. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Detect objects in images, folders, globs, video files, cameras and network streams.")
public final class DetectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "An image, a folder, a glob ('photos/*.jpg'), a "
            + "video file, a camera (0, /dev/video0) or a stream URL (rtsp://, http://, udp://, tcp://).")
    String source;

    @Option(names = "--model", defaultValue = "yolox-nano", paramLabel = "NAME|FILE",
            description = "Built-in model name (see 'vision models list') or a .pt/.torchscript/.onnx file (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--conf", defaultValue = "0.25", description = "Minimum score (default: ${DEFAULT-VALUE}).")
    float confidence;

    @Option(names = "--iou", defaultValue = "0.45", description = "NMS IoU threshold (default: ${DEFAULT-VALUE}).")
    float iou;

    @Option(names = "--classes", split = ",", paramLabel = "NAME|ID",
            description = "Keep only these classes, e.g. person,car (names or ids).")
    List<String> classes;

    @Option(names = "--max-det", defaultValue = "300", description = "Most detections per image (default: ${DEFAULT-VALUE}).")
    int maxDetections;

    @Option(names = "--batch", defaultValue = "1", description = "Images per model call for files (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    RunOptions runOptions;

    @Override
    public Integer call() {
        try (Console console = Console.forStderr(runOptions.quiet)) {
            try {
                new DetectionFilter(confidence, iou, null, maxDetections);
            } catch (IllegalArgumentException e) {
                return RunTask.fail(console, e.getMessage());
            }
            return new RunTask(source, modelOptions, runOptions, batch).execute(model, new DetectionTask(), console);
        }
    }

    /** Detection's part of a run. */
    private final class DetectionTask implements RunTask.Task<Detector> {
        private DetectionFilter filter;

        @Override
        public String name() {
            return "detect";
        }

        @Override
        public void check(ResolvedModel resolved, RunRecord record) {
            if (!resolved.family().detects()) {
                throw new IllegalArgumentException("model " + resolved.name() + " is a classifier: use 'vision classify'");
            }
            filter = new DetectionFilter(confidence, iou, classFilter(resolved.labels()), maxDetections);
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("conf", confidence);
            values.put("iou", iou);
            values.put("max_det", maxDetections);
            values.put("classes", classes == null ? List.of() : classes);
            record.thresholds(String.format(Locale.ROOT, "conf %.2f, iou %.2f, max-det %d%s", confidence, iou,
                    maxDetections, classes == null ? "" : ", classes " + String.join(",", classes)), values);
        }

        @Override
        public Detector load(ResolvedModel resolved, Device device, int threads) throws ModelLoader.ModelLoadException {
            return Detector.load(resolved, device, threads, filter);
        }

        @Override
        public FrameProcessor processor(Detector detector) {
            return FrameProcessor.detecting(detector);
        }

        @Override
        public Annotator annotator() {
            return Annotators.detections();
        }

        @Override
        public RunListener imageLines(Console console) {
            return new ImageLines(console, r -> RunTask.countsText(r.detections().stream().collect(
                    Collectors.groupingBy(Detection::label, Collectors.counting())), "no objects"));
        }

        @Override
        public boolean classification() {
            return false;
        }
    }

    /** Maps --classes names or ids to class ids; an unknown name is a usage error. */
    private BitSet classFilter(List<String> labels) {
        if (classes == null || classes.isEmpty()) {
            return null;
        }
        BitSet keep = new BitSet();
        for (String raw : classes) {
            String name = raw.trim();
            int id = labels.indexOf(name);
            if (id < 0) {
                id = labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList().indexOf(name.toLowerCase(Locale.ROOT));
            }
            if (id < 0 && name.matches("\\d+")) {
                id = Integer.parseInt(name);
            }
            if (id < 0 || (!labels.isEmpty() && id >= labels.size())) {
                throw new IllegalArgumentException("--classes: unknown class '" + name + "'; this model knows: "
                        + String.join(", ", labels));
            }
            keep.set(id);
        }
        return keep;
    }

    /** One line per image, like "image 2/17 dog.jpg: 768x576 1 dog, 1 bicycle (41.3 ms)". */
    static final class ImageLines implements RunListener {
        private final Console console;
        private final java.util.function.Function<FrameResult, String> describe;

        ImageLines(Console console, java.util.function.Function<FrameResult, String> describe) {
            this.console = console;
            this.describe = describe;
        }

        @Override
        public void processed(FrameResult r, long done, long expected) {
            console.info(String.format(Locale.ROOT, "image %d/%d %s: %dx%d %s (%.1f ms)", done, expected,
                    r.meta().source(), r.meta().width(), r.meta().height(), describe.apply(r), r.timings().totalMs()));
            console.step();
        }

        @Override
        public void skipped(String input, String reason, long done, long expected) {
            console.print(String.format(Locale.ROOT, "image %d/%d %s: skipped: %s", done, expected, input, reason));
            console.step();
        }
    }
}
