package dev.vision.app;

import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.VisionException;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.SourceSet;
import dev.vision.core.capture.SourceStatus;
import dev.vision.core.clip.ClipMarker;
import dev.vision.core.clip.ClipTrigger;
import dev.vision.core.frame.Frame;
import dev.vision.core.inference.DeviceRequest;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.motion.MotionGate;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.pipeline.PartFailedException;
import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.pipeline.PipelineOptions;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.result.FrameResult;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.SinkFailedException;
import dev.vision.core.sink.SinkSet;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingStage;
import dev.vision.serve.LiveServer;
import dev.vision.serve.events.MqttOutput;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One run of a model over a SOURCE, as detect and classify do it: the options become a model, a source,
 * outputs and a {@link VisionRun}; the run's outcome becomes console lines, run.json and an exit code. What
 * differs between the tasks comes from a {@link Task}.
 */
final class RunTask {

    /** What differs between detect and classify. */
    interface Task {
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

        /** What the per-image line says about a result ("1 dog, 2 cars"). */
        String describe(FrameResult result);

        /** What the model answers. */
        ModelFamily.Task modelTask();

        /** Result stages, which may warn on the console; none by default. */
        default List<ResultStage> stages(Console console) {
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

        /** What the task adds to the summary (JSON and run.json) once the run is over; empty by default. */
        default Map<String, Object> summary() {
            return Map.of();
        }

        /** The task's own lines of the console summary. */
        default List<String> summaryLines() {
            return List.of();
        }
    }

    private final List<String> sources;
    private final RunOptions run;
    private final int batch;
    private final List<String> commandLine;

    /**
     * @param sources     the SOURCE arguments as given (--sources FILE is read here)
     * @param commandLine the arguments as given, for run.json
     */
    RunTask(List<String> sources, RunOptions run, int batch, List<String> commandLine) {
        this.sources = sources;
        this.run = run;
        this.batch = batch;
        this.commandLine = commandLine;
    }

    int execute(Task task, Console console) {
        Interrupts interrupts = Interrupts.install(console);
        if (run.readTimeoutMs < 100) {
            return fail(console, "--read-timeout must be at least 100 ms");
        }
        checkBeforeLoading(task);
        List<String> specs = run.sources(sources);
        RunStats stats = new RunStats();
        Instant started = Instant.now(); // run.json's start: before the sources are planned and probed
        Outcome outcome;
        try (SourceSet plan = SourceSet.plan(specs, run.sourceOptions())) {
            outcome = new OneRun(task, console, interrupts, specs, plan, stats, started).loadAndRun();
        } catch (SinkFailedException e) {
            return fail(
                    console,
                    e.getMessage().startsWith("cannot") ? e.getMessage() : "cannot write results: " + e.getMessage());
        } catch (IOException e) {
            return fail(console, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Interrupts.EXIT_CODE;
        }
        if (outcome instanceof Outcome.Stopped stopped) {
            return stopped.exitCode();
        }
        return exitCode(console, interrupts, stats, ((Outcome.Completed) outcome).undeliveredEvents());
    }

    /** How a run that raised nothing ended: it ran to its end, or stopped early with an exit code. */
    private sealed interface Outcome permits Outcome.Completed, Outcome.Stopped {
        /** It ran and reported; some events may not have reached their outputs. */
        record Completed(long undeliveredEvents) implements Outcome {}

        /** Interrupted before it began, or a part of it failed (already said on the console). */
        record Stopped(int exitCode) implements Outcome {}
    }

    /** Settings that would fail later are refused before anything loads. */
    private void checkBeforeLoading(Task task) {
        new PipelineOptions(batch, run.vidStride, 8, 0); // a bad --batch or --vid-stride
        run.checkLoadControl(task.tracked());
        run.checkOutputs(); // an output that cannot be written
        run.sourceOptions(); // a bad --decode-threads, --max-fps or --read-timeout
        if (run.mqtt != null) { // a broker that refuses the credentials is a setup error
            MqttOutput.checkCredentials(
                    URI.create(run.mqtt), System.getenv("VISION_MQTT_USER"), System.getenv("VISION_MQTT_PASSWORD"));
        }
    }

    private static int exitCode(Console console, Interrupts interrupts, RunStats stats, long undeliveredEvents) {
        if (interrupts.deathExitCode() != 0) {
            return interrupts.deathExitCode();
        }
        if (stats.wasInterrupted()) {
            return Interrupts.EXIT_CODE;
        }
        if (undeliveredEvents > 0) {
            console.print("vision: " + undeliveredEvents + " event(s) could not be delivered (see Events above)");
            return ExitCodes.SKIPPED;
        }
        return stats.skipped() > 0 ? ExitCodes.SKIPPED : ExitCodes.OK;
    }

    /** One run over planned sources: loads the model, opens the outputs, runs, and reports. */
    private final class OneRun {
        private final Task task;
        private final Console console;
        private final Interrupts interrupts;
        private final List<String> specs;
        private final SourceSet plan;
        private final RunStats stats;
        private final Instant started;
        private final int workers;
        /** Each worker's share of the cores as intra-op threads (0: vision's choice, or --threads). */
        private final int threadsEach;

        OneRun(
                Task task,
                Console console,
                Interrupts interrupts,
                List<String> specs,
                SourceSet plan,
                RunStats stats,
                Instant started) {
            this.task = task;
            this.console = console;
            this.interrupts = interrupts;
            this.specs = specs;
            this.plan = plan;
            this.stats = stats;
            this.started = started;
            this.workers = run.workers(task.device(), plan.imageCount());
            this.threadsEach = workers > 1 ? Math.max(1, Runtime.getRuntime().availableProcessors() / workers) : 0;
        }

        Outcome loadAndRun() throws IOException, InterruptedException, SinkFailedException {
            try (ImageModel<?> model = task.load(plan.video(), threadsEach)) {
                announce(console, model);
                RunRecord record = record(model);
                if (interrupts.requested()) {
                    return new Outcome.Stopped(Interrupts.EXIT_CODE);
                }
                try (LiveServer server = run.serve == null
                                ? null
                                : startServer(task, model, specs, plan.names(), stats, console);
                        MotionGate motion = run.motion
                                ? new MotionGate(
                                        FrameProcessor.of(model), run.motionThreshold, MotionGate.DEFAULT_REFRESH_MS)
                                : null;
                        SinkSet sinks = new SinkSet()) {
                    FrameSource frames = plan.open(run.reducedDecode() ? model.neededImageSide() : 0);
                    run.memoryPlan(plan, workers)
                            .refusal(MemoryLimits.processLimit())
                            .ifPresent(why -> {
                                throw new VisionException(why);
                            });
                    RunOutputs outputs = openOutputs(sinks, server, record);
                    VisionRun visionRun = build(frames, model, motion, sinks, outputs, record);
                    visionRun.tracking().ifPresent(task::trackingStarted);
                    interrupts.onInterrupt(visionRun::stop);
                    Optional<Integer> failed = runToTheEnd(visionRun, frames, outputs);
                    if (failed.isPresent()) {
                        return new Outcome.Stopped(failed.get());
                    }
                    report(model, record, server, sinks, outputs, motion);
                    return new Outcome.Completed(outputs.undeliveredEvents());
                }
            }
        }

        private RunRecord record(ImageModel<?> model) {
            RunRecord record =
                    new RunRecord(task.name(), String.join(" ", specs), model.model(), model.deviceName(), started);
            if (specs.size() > 1) {
                record.sources(specs);
            }
            task.describeSettings(record);
            record.commandLine(commandLine);
            return record;
        }

        private RunOutputs openOutputs(SinkSet sinks, LiveServer server, RunRecord record) throws IOException {
            RunOutputs outputs =
                    RunOutputs.open(run.outputPlan(task.name()), run.vidStride, task, plan, sinks, console);
            if (server != null) {
                sinks.add(server.sink());
                outputs.put("serve", "http://" + ServeAddress.parse(run.serve).host() + ":" + server.port() + "/");
            }
            record.outputs(outputs.described());
            reportStatus(plan, console, server, outputs);
            return outputs;
        }

        private VisionRun build(
                FrameSource frames,
                ImageModel<?> model,
                MotionGate motion,
                SinkSet sinks,
                RunOutputs outputs,
                RunRecord record) {
            VisionRun.Builder builder = VisionRun.builder();
            Set<String> warned = ConcurrentHashMap.newKeySet();
            task.tracking()
                    .ifPresent(tracking -> builder.tracking(tracking, w -> {
                        if (warned.add(w)) {
                            console.print("vision: warning: " + w);
                        }
                    }));
            task.stages(console).forEach(builder::stage);
            if (!run.clipOn.isEmpty()) {
                builder.stage(new ClipMarker(
                        run.clipOn.stream().map(ClipTrigger::parse).toList(),
                        outputs.runFolder().resolve("clips"),
                        IntStream.range(0, plan.count())
                                .mapToObj(plan::shortName)
                                .toList()));
            }
            if (workers > 1) {
                int warmBatch = frames.isLive() && plan.count() == 1 ? 1 : batch;
                builder.workers(workers, i -> new WorkerModel(task.load(plan.video(), threadsEach), warmBatch));
                record.workers(workers, threadsEach);
            }
            boolean video = plan.video();
            return builder.source(frames)
                    .model(model)
                    .processor(ModelStepHook.wrap(motion != null ? motion : FrameProcessor.of(model)))
                    .annotator(task.annotator())
                    .hud(video)
                    .sinks(sinks)
                    .stats(stats)
                    .listener(video ? new VideoProgress(console, frames.isLive()) : new ImageLines(console, task))
                    .batchSize(batch)
                    .vidStride(run.vidStride)
                    .build();
        }

        /** Runs with the progress bar; a part that failed is said in one line and gives the exit code. */
        private Optional<Integer> runToTheEnd(VisionRun visionRun, FrameSource frames, RunOutputs outputs)
                throws SinkFailedException, InterruptedException {
            long expected = frames.expectedCount() < 0 || (specs.size() > 1 && run.vidStride > 1)
                    ? -1
                    : (frames.expectedCount() + run.vidStride - 1) / run.vidStride;
            console.startProgress(task.name(), expected, plan.video() ? " frames" : " img");
            try {
                visionRun.execute();
            } catch (PartFailedException e) {
                console.close();
                return Optional.of(partFailed(console, e, outputs.keepVideosAsPartial()));
            }
            console.close();
            if (interrupts.deathExitCode() != 0) { // said when it died: the videos made so far are partial
                outputs.keepVideosAsPartial();
            }
            return Optional.empty();
        }

        /** The end of a run: the task's last files, the summary line, complete outputs, then the summary. */
        private void report(
                ImageModel<?> model,
                RunRecord record,
                LiveServer server,
                SinkSet sinks,
                RunOutputs outputs,
                MotionGate motion)
                throws IOException, SinkFailedException {
            task.runEnded();
            if (server != null) {
                server.state(SourceStatus.ENDED, stats.wasInterrupted() ? "interrupted" : "end of input");
            }
            JsonLinesSink json = outputs.jsonSink();
            if (json != null && run.summaryLine) {
                try {
                    json.writeObject(Map.of("summary", RunRecord.summary(new ObjectMapper(), stats, task.summary())));
                } catch (IOException e) {
                    console.print("vision: cannot write the summary line: " + e.getMessage());
                }
            }
            sinks.close(); // every output complete (events delivered or given up) before it is reported
            finish(console, stats, model, record, outputs, task);
            loadControlLines(plan, motion).forEach(console::print);
        }
    }

    /** The model of an extra inference worker: loaded, warmed up, used and closed on that worker's thread. */
    private static final class WorkerModel implements FrameProcessor, AutoCloseable {
        private final ImageModel<?> model;
        private final FrameProcessor processor;

        WorkerModel(ImageModel<?> model, int warmBatch) {
            this.model = model;
            model.warmUp(warmBatch);
            this.processor = ModelStepHook.wrap(FrameProcessor.of(model));
        }

        @Override
        public List<FrameResult> process(List<Frame> frames) throws TranslateException, InterruptedException {
            return processor.process(frames);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** A live source's state changes go to the console, the live page and the event outputs. */
    private static void reportStatus(SourceSet plan, Console console, LiveServer server, RunOutputs outputs) {
        for (int i = 0; i < plan.count(); i++) {
            int stream = i;
            String prefix = plan.count() > 1 || plan.named(i) ? "stream " + plan.name(i) + ": " : "";
            plan.onStatus(i, (status, detail) -> {
                console.print("vision: " + prefix + status.id() + ": " + detail);
                if (server != null) {
                    server.state(stream, status, prefix + detail);
                }
                outputs.status(stream, status);
            });
        }
    }

    /** What --max-fps and --motion saved, when they were given. */
    private List<String> loadControlLines(SourceSet plan, MotionGate motion) {
        List<String> lines = new ArrayList<>();
        if (run.maxFps != null) {
            lines.add(String.format(
                    Locale.ROOT,
                    "Load: %d frame(s) over --max-fps %s left out.",
                    plan.overMaxFps(),
                    String.valueOf(run.maxFps).replaceAll("\\.0$", "")));
        }
        if (motion != null) {
            long all = motion.modelFrames() + motion.stillFrames();
            lines.add(String.format(
                    Locale.ROOT,
                    "Load: --motion ran the model on %d of %d frame(s); %d still "
                            + "frame(s) (%.0f %%) kept their stream's last detections.",
                    motion.modelFrames(),
                    all,
                    motion.stillFrames(),
                    all == 0 ? 0.0 : 100.0 * motion.stillFrames() / all));
        }
        return lines;
    }

    private LiveServer startServer(
            Task task, ImageModel<?> model, List<String> specs, List<String> names, RunStats stats, Console console)
            throws IOException {
        ServeAddress address = ServeAddress.parse(run.serve);
        LiveServer server = LiveServer.start(
                address.host(),
                address.port(),
                new LiveServer.RunInfo(
                        task.name(),
                        String.join(" ", specs),
                        model.model().name(),
                        model.model().licence(),
                        model.model().engine().id(),
                        model.deviceName()),
                names,
                () -> stats);
        console.print("vision: serving http://" + address.host() + ":" + server.port() + "/");
        return server;
    }

    /** Once the sinks are complete: run.json in the run folder, then the summary lines. */
    private static void finish(
            Console console, RunStats stats, ImageModel<?> model, RunRecord record, RunOutputs outputs, Task task)
            throws IOException {
        record.outputs(outputs.existing());
        record.finished(stats, Instant.now(), task.summary());
        record.annotatedCopies(outputs.annotatedCopies());
        if (!outputs.clips().isEmpty()) {
            record.clips(outputs.clips().stream().map(Path::toString).toList());
        }
        if (outputs.runFolder() != null) {
            try {
                record.write(outputs.runFolder());
            } catch (IOException e) {
                throw new IOException("cannot write run.json: " + e.getMessage(), e);
            }
        }
        summary(console, stats, model, record.settingsLine(), outputs, task.modelTask());
        outputs.streamLines(stats).forEach(console::print);
        if (!outputs.clips().isEmpty()) {
            console.print("Clips: " + outputs.clips().size() + " written: "
                    + outputs.clips().stream().map(Path::toString).collect(Collectors.joining(", ")) + ".");
        }
        task.summaryLines().forEach(console::print);
        outputs.eventLines().forEach(console::print);
    }

    /** Says once what the user should know about how the model was found (a batch-1 fallback). */
    static void announce(Console console, ImageModel<?> model) {
        model.model().notes().forEach(note -> console.print("vision: " + note));
    }

    /**
     * A thread of the run died: one line that names the part, the cause and the videos kept as partial; exit 2
     * for a limit of the machine, 3 for a bug.
     */
    private static int partFailed(Console console, PartFailedException e, List<Path> partialVideos) {
        boolean limit = e.environmentLimit();
        String videos = partialVideos.isEmpty()
                ? ""
                : partialVideos.size() == 1
                        ? "; the video so far is kept as " + partialVideos.get(0)
                        : "; the videos so far are kept as NAME.partial.mp4 in "
                                + partialVideos.get(0).getParent();
        String hint = e.getCause() instanceof OutOfMemoryError
                ? " (run with --no-save, a lower --max-fps or fewer sources, or give it more memory)"
                : "";
        console.print("vision: " + (limit ? "" : "internal error (a bug, please report it): ") + e.getMessage() + hint
                + videos);
        return limit ? ExitCodes.SETUP : ExitCodes.BUG;
    }

    static int fail(Console console, String message) {
        console.print("vision: " + message);
        return ExitCodes.SETUP;
    }

    private static void summary(
            Console console,
            RunStats stats,
            ImageModel<?> model,
            String settings,
            RunOutputs outputs,
            ModelFamily.Task modelTask) {
        // ImageNet labels hold commas ("tabby, tabby cat"): classes are joined with semicolons
        String separator = switch (modelTask) {
            case CLASSIFY -> "; ";
            case DETECT -> ", ";
        };
        String counts = stats.perLabel().isEmpty()
                ? switch (modelTask) {
                    case CLASSIFY -> "no classes";
                    case DETECT -> "no objects";
                }
                : stats.perLabel().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                        .map(e -> e.getValue() + " " + e.getKey()
                                + (outputs.video() && modelTask == ModelFamily.Task.DETECT
                                        ? " (at most " + stats.peakPerLabel().get(e.getKey()) + " in one frame)"
                                        : ""))
                        .collect(Collectors.joining(separator));
        String unit = outputs.video() ? "frame(s)" : "image(s)";
        console.print(String.format(
                Locale.ROOT,
                "%s: %d %s read, %d processed, %d dropped, %d skipped in %.1f s "
                        + "(%.1f FPS end to end, %.1f FPS model only).",
                stats.wasInterrupted() ? "Interrupted" : "Done",
                stats.read(),
                unit,
                stats.processed(),
                stats.dropped(),
                stats.skipped(),
                stats.wallSeconds(),
                stats.fps(),
                stats.modelOnlyFps()));
        console.print(switch (modelTask) {
                    case CLASSIFY -> "Top-1 classes: ";
                    case DETECT -> outputs.video() ? "Detections summed over frames: " : "Objects: ";
                }
                + counts + ".");
        StringBuilder stages = new StringBuilder("Stages (mean/p95 ms):");
        stats.stages()
                .forEach((name, s) -> stages.append(
                        String.format(Locale.ROOT, " %s %.1f/%.1f", name.id(), s.meanMs(), s.percentileMs(95))));
        console.print(stages.toString());
        var m = model.model();
        console.print(String.format(
                Locale.ROOT,
                "Model: %s (%s, sha256 %s, %s) on %s %s; %s; vision %s.",
                m.name(),
                m.file().getFileName(),
                m.sha256().substring(0, 12),
                m.licence(),
                m.engine().djlName(),
                model.deviceName(),
                settings,
                VisionVersion.get()));
        if (!outputs.existing().isEmpty()) {
            console.print("Results: "
                    + outputs.existing().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", "))
                    + (outputs.runFolder() != null ? ", run.json in " + outputs.runFolder() : ""));
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
        public void processed(FrameResult r, long done, long expected) {
            console.step();
            long now = System.nanoTime();
            if (!console.hasProgressBar() && now - lastLine > 10_000_000_000L) {
                double fps = (done - lastCount) / ((now - lastLine) / 1e9);
                console.info(String.format(
                        Locale.ROOT,
                        "%s %d%s, %.1f FPS",
                        live ? "frames" : "frame",
                        done,
                        expected > 0 ? "/" + expected : "",
                        fps));
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

    /** One line per image, like "image 2/17 dog.jpg: 768x576 1 dog, 1 bicycle (41.3 ms)". */
    private static final class ImageLines implements RunListener {
        private final Console console;
        private final Task task;

        ImageLines(Console console, Task task) {
            this.console = console;
            this.task = task;
        }

        @Override
        public void processed(FrameResult r, long done, long expected) {
            console.info(String.format(
                    Locale.ROOT,
                    "image %d/%d %s: %dx%d %s (%.1f ms)",
                    done,
                    expected,
                    r.meta().source(),
                    r.meta().width(),
                    r.meta().height(),
                    task.describe(r),
                    r.timings().totalMs()));
            console.step();
        }

        @Override
        public void skipped(String input, String reason, long done, long expected) {
            console.print(String.format(Locale.ROOT, "image %d/%d %s: skipped: %s", done, expected, input, reason));
            console.step();
        }
    }

    /** Counts per label, in label order, as "1 cat, 2 dog". */
    static String countsText(List<String> labels, String none) {
        if (labels.isEmpty()) {
            return none;
        }
        return labels.stream()
                .collect(Collectors.groupingBy(l -> l, TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
