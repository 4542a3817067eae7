package dev.vision.app;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.video.FfmpegSource;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.ImageFilesSource;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.Sources;
import dev.vision.core.inference.DeviceSelector;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.inference.ModelLoader;
import dev.vision.core.model.ModelResolutionException;
import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.HudAnnotator;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.pipeline.Pipeline;
import dev.vision.core.pipeline.PipelineOptions;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.pipeline.RunStats;
import dev.vision.serve.LiveServer;
import dev.vision.core.sink.AnnotatedImageSink;
import dev.vision.core.sink.CsvSink;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.ResultSink;
import dev.vision.video.VideoFileSink;
import dev.vision.core.sink.WindowSink;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One run of a model over a SOURCE, as detect and classify do it: resolve the source and the model, open
 * the outputs, run the pipeline, handle Ctrl-C, print the summary and write run.json. The task-specific
 * parts (which model, how results are drawn, what the record says about thresholds) come from a {@link Task}.
 */
final class RunTask {

    /** What differs between detect and classify. */
    interface Task<M extends ImageModel<?>> {
        /** "detect" or "classify": names the runs folder and the record. */
        String name();

        /** Checks the resolved model fits the task and returns the task's settings for run.json; throws to refuse. */
        void check(ResolvedModel model, RunRecord record);

        M load(ResolvedModel model, Device device, int threads) throws ModelLoader.ModelLoadException;

        FrameProcessor processor(M model);

        Annotator annotator();

        /** Per-image line for image input. */
        RunListener imageLines(Console console);

        boolean classification();
    }

    private final String source;
    private final ModelOptions modelOptions;
    private final RunOptions run;
    private final int batch;

    RunTask(String source, ModelOptions modelOptions, RunOptions run, int batch) {
        this.source = source;
        this.modelOptions = modelOptions;
        this.run = run;
        this.batch = batch;
    }

    <M extends ImageModel<?>> int execute(String modelName, Task<M> task, Console console) {
        Interrupts interrupts = Interrupts.install(console);
        PipelineOptions pipelineOptions;
        try {
            pipelineOptions = new PipelineOptions(batch, run.vidStride, Math.max(8, 2 * batch), run.simulatedDelayMs);
            if (run.readTimeoutMs < 100) {
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
        RunRecord record;
        Instant started = Instant.now();
        try {
            resolved = store.prepare(modelOptions.request(modelName, store));
            device = DeviceSelector.select(modelOptions.device, resolved.engine());
            record = new RunRecord(task.name(), source, resolved, DeviceSelector.describe(device), started);
            task.check(resolved, record);
        } catch (ModelResolutionException | IllegalArgumentException e) {
            return fail(console, e.getMessage());
        }
        if (interrupts.requested()) {
            return Interrupts.EXIT_CODE;
        }
        Pipeline[] pipeline = new Pipeline[1];
        LiveServer server = null;
        if (run.serve != null) {
            try {
                String[] hostPort = ServeAddress.parse(run.serve);
                server = LiveServer.start(hostPort[0], Integer.parseInt(hostPort[1]), new LiveServer.RunInfo(task.name(),
                        source, resolved.name(), resolved.licence(), resolved.engine().id(),
                        DeviceSelector.describe(device)), () -> pipeline[0] == null ? null : pipeline[0].stats());
                console.print("vision: serving http://" + hostPort[0] + ":" + server.port() + "/");
            } catch (IOException | IllegalArgumentException e) {
                return fail(console, e.getMessage());
            }
        }
        try {
            return runWith(task, modelName, console, interrupts, pipelineOptions, kind, images, resolved, device, record,
                    server, pipeline);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private <M extends ImageModel<?>> int runWith(Task<M> task, String modelName, Console console, Interrupts interrupts,
                                                  PipelineOptions pipelineOptions, Sources.Kind kind, List<Path> images,
                                                  ResolvedModel resolved, Device device, RunRecord record,
                                                  LiveServer server, Pipeline[] pipeline) {
        List<ResultSink> sinks = new ArrayList<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        JsonLinesSink jsonSink = null;
        Path runFolder = null;
        try (M model = task.load(resolved, device, modelOptions.threadsFor(resolved.engine(), kind != Sources.Kind.IMAGES));
             FrameSource frames = images != null ? new ImageFilesSource(images) : Sources.open(source, run.readTimeoutMs)) {
            boolean video = kind != Sources.Kind.IMAGES;
            try {
                if (!run.noSave) {
                    runFolder = run.out != null ? OutputFiles.explicitFolder(run.out, run.force)
                            : OutputFiles.newRunFolder(Path.of("runs", task.name()));
                    if (video) {
                        Path target = runFolder.resolve(videoName(kind));
                        sinks.add(new VideoFileSink(target, frames.nominalFps() / run.vidStride, frames.isLive(),
                                run.videoPreset));
                        outputs.put("video", target.toString());
                    } else {
                        sinks.add(new AnnotatedImageSink(runFolder));
                        outputs.put("images", runFolder.toString());
                    }
                }
                if (run.json != null) {
                    boolean stdout = run.json.equals("-");
                    jsonSink = new JsonLinesSink(stdout ? System.out : OutputFiles.openFile(Path.of(run.json), run.force),
                            !stdout);
                    sinks.add(jsonSink);
                    outputs.put("json", stdout ? "stdout" : run.json);
                }
                if (run.csv != null) {
                    sinks.add(new CsvSink(new OutputStreamWriter(OutputFiles.openFile(run.csv, run.force),
                            StandardCharsets.UTF_8), task.classification()));
                    outputs.put("csv", run.csv.toString());
                }
                if (run.show) {
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
            if (server != null) {
                sinks.add(server.sink());
                outputs.put("serve", "http://" + ServeAddress.parse(run.serve)[0] + ":" + server.port() + "/");
            }
            record.outputs(outputs);

            model.warmUp(frames.isLive() ? 1 : batch);
            Annotator annotator = task.annotator();
            if (video) {
                annotator = annotator.andThen(new HudAnnotator(() -> pipeline[0].stats().recentFps()));
            }
            pipeline[0] = new Pipeline(frames, task.processor(model), annotator, sinks, pipelineOptions,
                    video ? new VideoProgress(console, frames.isLive()) : task.imageLines(console));
            if (frames instanceof FfmpegSource ffmpeg) {
                ffmpeg.onStatus((status, detail) -> {
                    console.print("vision: " + status + ": " + detail);
                    if (server != null) {
                        server.state(status, detail);
                    }
                });
            }
            interrupts.onInterrupt(pipeline[0]::stop);
            long expected = frames.expectedCount() < 0 ? -1
                    : (frames.expectedCount() + run.vidStride - 1) / run.vidStride;
            console.startProgress(task.name(), expected, video ? " frames" : " img");
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
            if (server != null) {
                server.state("finished", stats.wasInterrupted() ? "interrupted" : "end of input");
            }
            if (jsonSink != null && run.summaryLine) {
                try {
                    jsonSink.writeObject(Map.of("summary", RunRecord.summary(new ObjectMapper(), stats)));
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
            summary(console, stats, resolved, device, record.settingsLine(), runFolder, outputs, video, task.classification());
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

    static boolean closeAll(List<ResultSink> sinks, Console console) {
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

    static int fail(Console console, String message) {
        console.print("vision: " + message);
        return ExitCodes.SETUP;
    }

    private static void summary(Console console, RunStats stats, ResolvedModel model, Device device, String settings,
                                Path runFolder, Map<String, String> outputs, boolean video, boolean classification) {
        String counts = stats.perLabel().isEmpty() ? (classification ? "no classes" : "no objects")
                : stats.perLabel().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        String unit = video ? "frame(s)" : "image(s)";
        console.print(String.format(Locale.ROOT, "%s: %d %s read, %d processed, %d dropped, %d skipped in %.1f s "
                        + "(%.1f FPS end to end, %.1f FPS model only).",
                stats.wasInterrupted() ? "Interrupted" : "Done", stats.read(), unit, stats.processed(), stats.dropped(),
                stats.skipped(), stats.wallSeconds(), stats.fps(), stats.modelOnlyFps()));
        console.print((classification ? "Top-1 classes: " : "Objects: ") + counts + ".");
        StringBuilder stages = new StringBuilder("Stages (mean/p95 ms):");
        stats.stages().entrySet().forEach(e -> stages.append(String.format(Locale.ROOT, " %s %.1f/%.1f", e.getKey(),
                        e.getValue().meanMs(), e.getValue().percentileMs(95))));
        console.print(stages.toString());
        console.print(String.format(Locale.ROOT, "Model: %s (%s, sha256 %s, %s) on %s %s; %s; vision %s.",
                model.name(), model.file().getFileName(), model.sha256().substring(0, 12), model.licence(),
                model.engine().djlName(), DeviceSelector.describe(device), settings, VisionVersion.get()));
        if (!outputs.isEmpty()) {
            console.print("Results: " + outputs.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + (runFolder != null ? ", run.json in " + runFolder : ""));
        }
    }

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
        public void processed(dev.vision.core.result.FrameResult r, long done, long expected) {
            console.step();
            long now = System.nanoTime();
            if (!console.hasProgressBar() && now - lastLine > 10_000_000_000L) {
                double fps = (done - lastCount) / ((now - lastLine) / 1e9);
                console.info(String.format(Locale.ROOT, "%s %d%s, %.1f FPS", live ? "frames" : "frame", done,
                        expected > 0 ? "/" + expected : "", fps));
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

    /** Counts per label, most frequent first, as "2 dog, 1 cat". */
    static String countsText(Map<String, Long> counts, String none) {
        if (counts.isEmpty()) {
            return none;
        }
        return new TreeMap<>(counts).entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
