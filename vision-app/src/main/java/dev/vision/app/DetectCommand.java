package dev.vision.app;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.capture.FfmpegSource;
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
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.BoxAnnotator;
import dev.vision.core.overlay.ColorPalette;
import dev.vision.core.overlay.HudAnnotator;
import dev.vision.core.overlay.LabelAnnotator;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.pipeline.Pipeline;
import dev.vision.core.pipeline.PipelineOptions;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.result.Detection;
import dev.vision.core.result.FrameResult;
import dev.vision.core.sink.AnnotatedImageSink;
import dev.vision.core.sink.CsvSink;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.sink.VideoFileSink;
import dev.vision.core.sink.WindowSink;
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
        description = "Detect objects in images, folders, globs, video files, cameras and network streams.")
public final class DetectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "An image, a folder, a glob ('photos/*.jpg'), a video file, a camera (0, /dev/video0) or a stream URL (rtsp://, http://, udp://, tcp://).")
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

    @Option(names = "--batch", defaultValue = "1", description = "Images per model call for files (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--vid-stride", defaultValue = "1", paramLabel = "N", description = "Keep every Nth video frame (default: ${DEFAULT-VALUE}).")
    int vidStride;

    @Option(names = "--show", description = "Show the annotated frames in a window (skipped with a note when there is no display).")
    boolean show;

    @Option(names = "--summary", description = "With --json, end the JSON lines with a summary object.")
    boolean summaryLine;

    @Option(names = "--read-timeout", defaultValue = "5000", paramLabel = "MS",
            description = "Longest a network or camera read may block before reconnecting (default: ${DEFAULT-VALUE}).")
    int readTimeoutMs;

    @Option(names = "--simulate-slow-model", defaultValue = "0", paramLabel = "MS", hidden = true,
            description = "Testing aid: add MS to every model call.")
    long simulatedDelayMs;

    @Option(names = {"-q", "--quiet"}, description = "No per-image lines; warnings and the summary only.")
    boolean quiet;

    @Override
    public Integer call() {
        try (Console console = Console.forStderr(quiet)) {
            return detect(console);
        }
    }

    private int detect(Console console) {
        Interrupts interrupts = Interrupts.install(console);
        PipelineOptions pipelineOptions;
        try {
            pipelineOptions = new PipelineOptions(batch, vidStride, Math.max(8, 2 * batch), simulatedDelayMs);
            new DetectionFilter(confidence, iou, null, maxDetections);
            if (readTimeoutMs < 100) {
                throw new IllegalArgumentException("--read-timeout must be at least 100 ms");
            }
        } catch (IllegalArgumentException e) {
            return fail(console, e.getMessage());
        }
        Sources.Kind kind = Sources.kindOf(source);
        List<Path> images = null;
        if (kind == Sources.Kind.IMAGES) {
            try {
                images = Sources.imageFiles(source);
            } catch (SourceOpenException e) {
                return fail(console, e.getMessage());
            }
        }
        ModelStore store = new ModelStore(ModelStoreConfig.fromEnvironment(System.getenv()));
        ResolvedModel resolved;
        Device device;
        DetectionFilter filter;
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

        if (interrupts.requested()) {
            return Interrupts.EXIT_CODE;
        }
        Instant started = Instant.now();
        List<ResultSink> sinks = new ArrayList<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        JsonLinesSink jsonSink = null;
        Path runFolder = null;
        try (Detector detector = Detector.load(resolved, device, modelOptions.threads, filter);
             FrameSource frames = images != null ? new ImageFilesSource(images) : Sources.open(source, readTimeoutMs)) {
            boolean video = kind != Sources.Kind.IMAGES;
            try {
                if (!noSave) {
                    runFolder = out != null ? OutputFiles.explicitFolder(out, force)
                            : OutputFiles.newRunFolder(Path.of("runs", "detect"));
                    if (video) {
                        Path target = runFolder.resolve(videoName(kind));
                        sinks.add(new VideoFileSink(target, frames.nominalFps() / vidStride, frames.isLive()));
                        outputs.put("video", target.toString());
                    } else {
                        sinks.add(new AnnotatedImageSink(runFolder));
                        outputs.put("images", runFolder.toString());
                    }
                }
                if (json != null) {
                    boolean stdout = json.equals("-");
                    jsonSink = new JsonLinesSink(stdout ? System.out : OutputFiles.openFile(Path.of(json), force), !stdout);
                    sinks.add(jsonSink);
                    outputs.put("json", stdout ? "stdout" : json);
                }
                if (csv != null) {
                    sinks.add(new CsvSink(new OutputStreamWriter(OutputFiles.openFile(csv, force),
                            StandardCharsets.UTF_8), false));
                    outputs.put("csv", csv.toString());
                }
                if (show) {
                    StringBuilder whyNot = new StringBuilder();
                    WindowSink window = WindowSink.openOrExplain("vision: " + source, whyNot);
                    if (window == null) {
                        console.print("vision: " + whyNot);
                    } else {
                        sinks.add(window);
                    }
                }
            } catch (IOException e) {
                closeAll(sinks, console);
                return fail(console, e.getMessage());
            }
            RunRecord record = new RunRecord("detect", source, resolved, DeviceSelector.describe(device), started);
            record.thresholds(filter, classes == null ? List.of() : classes);
            record.outputs(outputs);

            detector.warmUp(frames.isLive() ? 1 : batch);
            Pipeline[] pipeline = new Pipeline[1];
            Annotator annotator = new BoxAnnotator(new ColorPalette(), 0).andThen(new LabelAnnotator(new ColorPalette(), 0));
            if (video) {
                annotator = annotator.andThen(new HudAnnotator(() -> pipeline[0].stats().recentFps()));
            }
            pipeline[0] = new Pipeline(frames, FrameProcessor.detecting(detector), annotator, sinks, pipelineOptions,
                    video ? new VideoProgress(console, frames.isLive()) : new ConsoleListener(console));
            if (frames instanceof FfmpegSource ffmpeg) {
                ffmpeg.onStatus((status, detail) -> console.print("vision: " + status + ": " + detail));
            }
            interrupts.onInterrupt(pipeline[0]::stop);
            long expected = frames.expectedCount() < 0 ? -1 : (frames.expectedCount() + vidStride - 1) / vidStride;
            console.startProgress("detect", expected, video ? " frames" : " img");
            RunStats stats;
            try {
                stats = pipeline[0].run();
            } catch (Pipeline.SinkFailedException e) {
                closeAll(sinks, console);
                return fail(console, "cannot write results: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeAll(sinks, console);
                return Interrupts.EXIT_CODE;
            }
            console.close();
            if (jsonSink != null && summaryLine) {
                try {
                    jsonSink.writeObject(java.util.Map.of("summary", RunRecord.summary(new ObjectMapper(), stats)));
                } catch (IOException e) {
                    console.print("vision: cannot write the summary line: " + e.getMessage());
                }
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
            summary(console, stats, resolved, device, filter, runFolder, outputs, video);
            if (stats.wasInterrupted()) {
                return Interrupts.EXIT_CODE;
            }
            return stats.skipped() > 0 ? ExitCodes.SKIPPED : ExitCodes.OK;
        } catch (ModelLoader.ModelLoadException | SourceOpenException e) {
            closeAll(sinks, console);
            return fail(console, e.getMessage());
        }
    }

    private String videoName(Sources.Kind kind) {
        if (kind == Sources.Kind.VIDEO_FILE) {
            String name = Path.of(source).getFileName().toString();
            int dot = name.lastIndexOf('.');
            return (dot > 0 ? name.substring(0, dot) : name) + ".mp4";
        }
        return kind == Sources.Kind.CAMERA ? "camera.mp4" : "stream.mp4";
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
                                DetectionFilter filter, Path runFolder, Map<String, String> outputs, boolean video) {
        String counts = stats.perLabel().isEmpty() ? "no objects" : new TreeMap<>(stats.perLabel()).entrySet()
                .stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        String unit = video ? "frame(s)" : "image(s)";
        console.print(String.format(Locale.ROOT, "%s: %d %s read, %d processed, %d dropped, %d skipped in %.1f s "
                        + "(%.1f FPS end to end, %.1f FPS model only); %s.",
                stats.wasInterrupted() ? "Interrupted" : "Done", stats.read(), unit, stats.processed(), stats.dropped(),
                stats.skipped(), stats.wallSeconds(), stats.fps(), stats.modelOnlyFps(), counts));
        StringBuilder stages = new StringBuilder("Stages (mean/p95 ms):");
        stats.stages().entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> STAGES.indexOf(e.getKey())))
                .forEach(e -> stages.append(String.format(Locale.ROOT, " %s %.1f/%.1f", e.getKey(),
                        e.getValue().meanMs(), e.getValue().percentileMs(95))));
        console.print(stages.toString());
        console.print(String.format(Locale.ROOT,
                "Model: %s (%s, sha256 %s, %s) on %s %s; conf %.2f, iou %.2f, max-det %d; vision %s.",
                model.name(), model.file().getFileName(), model.sha256().substring(0, 12), model.licence(),
                model.engine().djlName(), DeviceSelector.describe(device), filter.confidence(), filter.iou(),
                filter.maxDetections(), VisionVersion.get()));
        if (!outputs.isEmpty()) {
            console.print("Results: " + outputs.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + (runFolder != null ? ", run.json in " + runFolder : ""));
        }
    }

    private static final List<String> STAGES = List.of(RunStats.DECODE, RunStats.PREPROCESS, RunStats.INFERENCE,
            RunStats.POSTPROCESS, RunStats.ANNOTATE, RunStats.WRITE, RunStats.LATENCY);

    /** For video: the progress bar on a terminal, else a status line every ten seconds. */
    private static final class VideoProgress implements RunListener {
        private final Console console;
        private final boolean live;
        private long lastLine = System.nanoTime();
        private long lastCount;

        VideoProgress(Console console, boolean live) {
            this.console = console;
            this.live = live;
        }

        @Override
        public void processed(FrameResult r, long done, long expected) {
            console.step();
            long now = System.nanoTime();
            if (!console.hasProgressBar() && now - lastLine > 10_000_000_000L) {
                double fps = (done - lastCount) / ((now - lastLine) / 1e9);
                console.info(String.format(Locale.ROOT, "%s %d%s, %.1f FPS, %d object(s) in the last frame",
                        live ? "frames" : "frame", done, expected > 0 ? "/" + expected : "", fps,
                        r.detections().size()));
                lastLine = now;
                lastCount = done;
            }
        }

        @Override
        public void skipped(String input, String reason, long done, long expected) {
            console.print(input + ": skipped: " + reason);
            console.step();
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
