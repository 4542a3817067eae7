package dev.vision.app;

import ai.djl.Device;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.ImageFilesSource;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.Sources;
import dev.vision.core.inference.DeviceSelector;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ModelLoader;
import dev.vision.core.model.ModelResolutionException;
import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.overlay.BoxAnnotator;
import dev.vision.core.overlay.ColorPalette;
import dev.vision.core.overlay.LabelAnnotator;
import dev.vision.core.pipeline.Pipeline;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.result.Detection;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import dev.vision.core.sink.AnnotatedImageSink;
import dev.vision.core.sink.CsvSink;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.ResultSink;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vision detect SOURCE}: find objects, draw them, log them. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Detect objects in an image, a folder of images or a glob.")
public final class DetectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "An image, a folder of images, or a glob ('photos/*.jpg').")
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

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for annotated images and run.json (default: a new runs/detect/<n>).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE|-", description = "Write JSON lines to FILE, or to stdout with '-'.")
    String json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one CSV row per detection to FILE.")
    Path csv;

    @Option(names = "--no-save", description = "Write no annotated images and no run folder.")
    boolean noSave;

    @Option(names = "--force", description = "Replace existing output files, write into a non-empty --out folder.")
    boolean force;

    @Option(names = "--batch", defaultValue = "1", description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = {"-q", "--quiet"}, description = "No per-image lines; warnings and the summary only.")
    boolean quiet;

    @Override
    public Integer call() {
        try (Console console = Console.forStderr(quiet)) {
            return detect(console);
        }
    }

    private int detect(Console console) {
        DetectionFilter filter;
        try {
            if (batch < 1) {
                throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
            }
            filter = new DetectionFilter(confidence, iou, null, maxDetections);
        } catch (IllegalArgumentException e) {
            return fail(console, e.getMessage());
        }
        List<Path> files;
        try {
            files = Sources.imageFiles(source);
        } catch (SourceOpenException e) {
            return fail(console, e.getMessage());
        }
        ModelStore store = new ModelStore(ModelStoreConfig.fromEnvironment(System.getenv()));
        ResolvedModel resolved;
        Device device;
        try {
            resolved = store.prepare(modelOptions.request(model));
            if (!resolved.family().detects()) {
                return fail(console, "model " + resolved.name() + " is a classifier: use 'vision classify'");
            }
            filter = new DetectionFilter(confidence, iou, classFilter(resolved.labels()), maxDetections);
            device = DeviceSelector.select(modelOptions.device, resolved.engine());
        } catch (ModelResolutionException | IllegalArgumentException e) {
            return fail(console, e.getMessage());
        }

        Instant started = Instant.now();
        List<ResultSink> sinks = new ArrayList<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        Path runFolder = null;
        try (Detector detector = Detector.load(resolved, device, modelOptions.threads, filter)) {
            try {
                if (!noSave) {
                    runFolder = out != null ? OutputFiles.explicitFolder(out, force)
                            : OutputFiles.newRunFolder(Path.of("runs", "detect"));
                    sinks.add(new AnnotatedImageSink(runFolder));
                    outputs.put("images", runFolder.toString());
                }
                if (json != null) {
                    boolean stdout = json.equals("-");
                    sinks.add(new JsonLinesSink(stdout ? System.out : OutputFiles.openFile(Path.of(json), force), !stdout));
                    outputs.put("json", stdout ? "stdout" : json);
                }
                if (csv != null) {
                    sinks.add(new CsvSink(new OutputStreamWriter(OutputFiles.openFile(csv, force),
                            StandardCharsets.UTF_8), false));
                    outputs.put("csv", csv.toString());
                }
            } catch (IOException e) {
                closeAll(sinks, console);
                return fail(console, e.getMessage());
            }
            RunRecord record = new RunRecord("detect", source, resolved, DeviceSelector.describe(device), started);
            record.thresholds(filter, classes == null ? List.of() : classes);
            record.outputs(outputs);

            detector.warmUp(batch);
            RunStats stats;
            try (FrameSource frames = new ImageFilesSource(files)) {
                console.startProgress("detect", files.size());
                Pipeline pipeline = new Pipeline(frames, detector,
                        new BoxAnnotator(new ColorPalette(), 0).andThen(new LabelAnnotator(new ColorPalette(), 0)),
                        sinks, batch, new ConsoleListener(console));
                stats = pipeline.run();
            } catch (Pipeline.SinkFailedException e) {
                closeAll(sinks, console);
                return fail(console, "cannot write results: " + e.getMessage());
            }
            if (!closeAll(sinks, console)) {
                return ExitCodes.SETUP;
            }
            record.finished(stats, Instant.now());
            if (runFolder != null) {
                try {
                    record.write(runFolder);
                } catch (IOException e) {
                    return fail(console, "cannot write run.json: " + e.getMessage());
                }
            }
            console.close();
            summary(console, stats, resolved, device, filter, runFolder, outputs);
            return stats.skipped() > 0 ? ExitCodes.SKIPPED : ExitCodes.OK;
        } catch (ModelLoader.ModelLoadException e) {
            return fail(console, e.getMessage());
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

    private static boolean closeAll(List<ResultSink> sinks, Console console) {
        boolean ok = true;
        for (ResultSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException e) {
                console.print("vision: cannot finish writing results: " + e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    private static int fail(Console console, String message) {
        console.print("vision: " + message);
        return ExitCodes.SETUP;
    }

    private static void summary(Console console, RunStats stats, ResolvedModel model, Device device,
                                DetectionFilter filter, Path runFolder, Map<String, String> outputs) {
        StageTimings mean = stats.meanTimings();
        String counts = stats.perLabel().isEmpty() ? "no objects" : new TreeMap<>(stats.perLabel()).entrySet()
                .stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        console.print(String.format(Locale.ROOT,
                "Done: %d image(s) processed, %d skipped in %.1f s; %s.", stats.processed(), stats.skipped(),
                stats.wallSeconds(), counts));
        console.print(String.format(Locale.ROOT,
                "Speed: %.1f ms preprocess, %.1f ms inference, %.1f ms postprocess per image.",
                mean.preprocessMs(), mean.inferenceMs(), mean.postprocessMs()));
        console.print(String.format(Locale.ROOT,
                "Model: %s (%s, sha256 %s, %s) on %s %s; conf %.2f, iou %.2f, max-det %d; vision %s.",
                model.name(), model.file().getFileName(), model.sha256().substring(0, 12), model.licence(),
                model.engine().djlName(), DeviceSelector.describe(device), filter.confidence(), filter.iou(), filter.maxDetections(),
                VisionVersion.get()));
        if (!outputs.isEmpty()) {
            console.print("Results: " + outputs.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + (runFolder != null ? ", run.json in " + runFolder : ""));
        }
    }

    /** One line per image, like "image 2/17 dog.jpg: 768x576 1 dog, 1 bicycle, 1 truck (41.3 ms)". */
    private static final class ConsoleListener implements RunListener {
        private final Console console;

        ConsoleListener(Console console) {
            this.console = console;
        }

        @Override
        public void processed(FrameResult r, long done, long expected) {
            Map<String, Long> counts = new TreeMap<>(r.detections().stream()
                    .collect(Collectors.groupingBy(Detection::label, Collectors.counting())));
            String found = counts.isEmpty() ? "no objects" : counts.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            console.info(String.format(Locale.ROOT, "image %d/%d %s: %dx%d %s (%.1f ms)", done, expected,
                    r.meta().source(), r.meta().width(), r.meta().height(), found, r.timings().totalMs()));
            console.step();
        }

        @Override
        public void skipped(String input, String reason, long done, long expected) {
            console.print(String.format(Locale.ROOT, "image %d/%d %s: skipped: %s", done, expected, input, reason));
            console.step();
        }
    }
}
