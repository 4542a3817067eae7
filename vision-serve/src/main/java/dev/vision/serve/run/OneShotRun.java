package dev.vision.serve.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionException;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.RealTimeSource;
import dev.vision.core.capture.SourceSet;
import dev.vision.core.capture.SourceStatus;
import dev.vision.core.clip.ClipMarker;
import dev.vision.core.clip.ClipTrigger;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Zone;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.motion.MotionGate;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.pipeline.PartFailedException;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.pipeline.WorkerShare;
import dev.vision.core.privacy.FrameMasks;
import dev.vision.core.privacy.ObjectBlur;
import dev.vision.core.run.MemoryPlan;
import dev.vision.core.run.OutputPlan;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.CsvSink;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.SinkFailedException;
import dev.vision.core.sink.SinkSet;
import dev.vision.serve.LiveServer;
import dev.vision.serve.service.HistoryApi;
import dev.vision.serve.store.EventStore;
import dev.vision.serve.store.StoreSink;
import dev.vision.serve.store.StoreWriter;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One run over planned sources, as {@code vision detect|classify|track} does it: loads the model, opens the
 * outputs, runs, writes run.json and says the summary. The command line maps its options to a {@link RunPlan}
 * and a {@link TaskSpec}; this composes the rest.
 */
public final class OneShotRun {
    private final RunPlan run;
    private final int batch;
    private final TaskSpec task;
    private final RunConsole console;
    private final StopSignals interrupts;
    private final List<String> specs;
    private final SourceSet plan;
    private final RunStats stats;
    private final Instant started;
    private final OutputPlan outputPlan;
    private final int workers;
    /** Each worker's share of the cores as intra-op threads (0: vision's choice, or --threads). */
    private final int threadsEach;

    private final FrameMasks masks;

    /**
     * @param plan    the sources, planned (not yet opened)
     * @param stats   the run's figures, filled as it goes
     * @param started when the run began, for run.json (before the sources were planned and probed)
     */
    public OneShotRun(
            RunPlan run,
            TaskSpec task,
            SourceSet plan,
            RunStats stats,
            Instant started,
            RunConsole console,
            StopSignals interrupts) {
        this.run = run;
        this.batch = run.batch();
        this.task = task;
        this.console = console;
        this.interrupts = interrupts;
        this.specs = run.sources();
        this.plan = plan;
        this.stats = stats;
        this.started = started;
        this.outputPlan = run.outputs();
        this.workers = run.workers();
        this.masks = new FrameMasks(run.privacy().masks());
        this.threadsEach = workers > 1 ? Math.max(1, Runtime.getRuntime().availableProcessors() / workers) : 0;
    }

    /** Blurring a class the model does not know would hide nothing: refused before the run. */
    private static void checkBlurClasses(Set<String> classes, ResolvedModel model) {
        for (String c : classes) {
            if (!model.labels().contains(c)) {
                throw new InvalidSettingException("blur", "'" + c + "' is not a class of " + model.name());
            }
        }
    }

    /** Loads, runs and reports; a setting refused or an output that failed raises. */
    public Outcome loadAndRun() throws IOException, InterruptedException, SinkFailedException {
        try (ImageModel<?> model = task.load(plan.video(), threadsEach)) {
            outputPlan.clips().ifPresent(clips -> checkClipClasses(clips.triggers(), model.model()));
            checkBlurClasses(run.privacy().blur(), model.model());
            announce(console, model);
            RunRecord record = record(model);
            if (interrupts.stopRequested()) {
                return new Outcome.Stopped(Outcome.Stop.INTERRUPTED);
            }
            try (LiveServer server = run.serve().isEmpty()
                            ? null
                            : startServer(run.serve().get(), model);
                    MotionGate motion = run.motion().isPresent()
                            ? new MotionGate(
                                            FrameProcessor.of(model),
                                            run.motion().get(),
                                            MotionGate.DEFAULT_REFRESH_MS)
                                    .ignore(masks)
                            : null;
                    EventStore history = run.history()
                            .map(where -> EventStore.open(where, line -> console.print("vision: " + line)))
                            .orElse(null);
                    SinkSet sinks = new SinkSet()) {
                FrameSource opened = plan.open(run.decode() == RunPlan.Decode.REDUCED ? model.neededImageSide() : 0);
                boolean played = run.pace() == RunPlan.Pace.REAL_TIME && !opened.isLive();
                FrameSource frames = played ? new RealTimeSource(opened) : opened;
                MemoryPlan.of(plan, outputPlan, workers)
                        .refusal(run.memoryLimit().getAsLong())
                        .ifPresent(why -> {
                            throw new VisionException(why);
                        });
                RunOutputs outputs = openOutputs(sinks, server, record);
                StoreSink stored = history == null
                        ? null
                        : sinks.add(new StoreSink(
                                history,
                                i -> plan.count() > 1 ? plan.fileStem(i) : plan.shortName(i),
                                Clock.systemUTC(),
                                Optional.ofNullable(outputs.runFolder()).map(f -> f.resolve("snapshots"))));
                if (history != null) {
                    outputs.put("db", history.location().shown());
                    record.outputs(outputs.described());
                    if (server != null) { // the history's REST API beside the live page: /api/events, …
                        server.routes(app -> HistoryApi.registerWithProblems(app, () -> history));
                    }
                }
                reportStatus(plan, console, server, outputs, stored);
                VisionRun visionRun = build(frames, model, motion, sinks, outputs, record, server, stored);
                visionRun.tracking().ifPresent(task::trackingStarted);
                interrupts.onStop(visionRun::stop);
                Optional<Outcome.Stop> failed = runToTheEnd(visionRun, frames, outputs);
                if (failed.isPresent()) {
                    return new Outcome.Stopped(failed.get());
                }
                report(model, record, server, sinks, outputs, motion, history);
                if (played && server != null) {
                    keepThePageUp(run.serve().get(), server);
                }
                return new Outcome.Completed(outputs.undeliveredEvents());
            }
        }
    }

    /** Says once what the user should know about how the model was found (a batch-1 fallback). */
    public static void announce(RunConsole console, ImageModel<?> model) {
        model.model().notes().forEach(note -> console.print("vision: " + note));
    }

    /**
     * A trigger's {@code :CLASS} must be a class of the model: {@code line_crossed:unicorn} (or the name of a
     * line, mistaken for a class) would never fire, so it is refused before the run.
     */
    private void checkClipClasses(List<ClipTrigger> triggers, ResolvedModel model) {
        List<String> shapes = task.tracking()
                .map(t -> Stream.concat(
                                t.lines().stream().map(Line::name),
                                t.zones().stream().map(Zone::name))
                        .toList())
                .orElse(List.of());
        for (ClipTrigger trigger : triggers) {
            Optional<String> label = trigger.label();
            if (label.isPresent() && !model.labels().contains(label.get())) {
                String what = shapes.contains(label.get())
                        ? "'" + label.get() + "' is a line or zone; after ':' comes a class (a clip is made for the"
                                + " crossings of every line, or the entries of every zone)"
                        : "'" + label.get() + "' is not a class of " + model.name() + " (it knows "
                                + String.join(
                                        ", ",
                                        model.labels()
                                                .subList(
                                                        0,
                                                        Math.min(
                                                                8,
                                                                model.labels().size())))
                                + (model.labels().size() > 8 ? ", …" : "") + ")";
                throw new InvalidSettingException("clipOn", trigger.type().id() + ":" + label.get() + ": " + what);
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
        record.commandLine(run.commandLine());
        return record;
    }

    private RunOutputs openOutputs(SinkSet sinks, LiveServer server, RunRecord record) throws IOException {
        RunOutputs outputs = RunOutputs.open(
                outputPlan, run.vidStride(), csvRows(), plan, sinks, line -> console.print("vision: " + line));
        if (server != null) {
            sinks.add(server.sink());
            outputs.put("serve", "http://" + run.serve().get().host() + ":" + server.port() + "/");
        }
        record.outputs(outputs.described());
        return outputs;
    }

    private CsvSink.Rows csvRows() {
        if (task.modelTask() == ModelFamily.Task.CLASSIFY) {
            return CsvSink.Rows.CLASSES;
        }
        return task.tracked() ? CsvSink.Rows.TRACKED_DETECTIONS : CsvSink.Rows.DETECTIONS;
    }

    private VisionRun build(
            FrameSource frames,
            ImageModel<?> model,
            MotionGate motion,
            SinkSet sinks,
            RunOutputs outputs,
            RunRecord record,
            LiveServer server,
            StoreSink stored) {
        VisionRun.Builder builder = VisionRun.builder();
        Set<String> warned = ConcurrentHashMap.newKeySet();
        task.tracking()
                .ifPresent(tracking -> builder.tracking(tracking, w -> {
                    if (warned.add(w)) {
                        console.print("vision: warning: " + w);
                        if (server != null) {
                            server.warn(w);
                        }
                    }
                }));
        if (!run.privacy().masks().isEmpty()) {
            builder.masks(masks);
        }
        if (!run.privacy().blur().isEmpty()) { // after tracking, before any stage that keeps a picture
            builder.stage(new ObjectBlur(run.privacy().blur()));
        }
        task.stages().forEach(builder::stage);
        if (stored != null) {
            stored.pictures().ifPresent(builder::stage); // each object's best picture, before anything is drawn
        }
        if (outputPlan.clips().isPresent()) {
            builder.stage(new ClipMarker(
                    outputPlan.clips().get().triggers(),
                    outputs.runFolder().resolve("clips"),
                    IntStream.range(0, plan.count()).mapToObj(plan::shortName).toList()));
        }
        if (workers > 1) {
            int warmBatch = frames.isLive() && plan.count() == 1 ? 1 : batch;
            if (motion != null) { // each stream's frames stay with one worker, for its background model
                builder.workers(
                        workers,
                        i -> motion.over(new WorkerModel(task.load(plan.video(), threadsEach), warmBatch)),
                        WorkerShare.STREAMS);
            } else {
                builder.workers(workers, i -> new WorkerModel(task.load(plan.video(), threadsEach), warmBatch));
            }
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
                .listener(
                        video
                                ? new RunProgress.VideoProgress(console, frames.isLive() ? "frames" : "frame", "FPS")
                                : new RunProgress.ImageLines(console, task))
                .batchSize(batch)
                .vidStride(run.vidStride())
                .build();
    }

    /** Runs with the progress bar; a part that failed is said in one line and gives the exit code. */
    private Optional<Outcome.Stop> runToTheEnd(VisionRun visionRun, FrameSource frames, RunOutputs outputs)
            throws SinkFailedException, InterruptedException {
        long expected = frames.expectedCount() < 0 || (specs.size() > 1 && run.vidStride() > 1)
                ? -1
                : (frames.expectedCount() + run.vidStride() - 1) / run.vidStride();
        console.startProgress(task.name(), expected, plan.video() ? " frames" : " img");
        try {
            visionRun.execute();
        } catch (PartFailedException e) {
            console.close();
            RunSummary.partFailed(console, e, outputs.keepVideosAsPartial());
            return Optional.of(e.environmentLimit() ? Outcome.Stop.MACHINE_LIMIT : Outcome.Stop.BUG);
        }
        console.close();
        if (interrupts.threadDied()) { // said when it died: the videos made so far are partial
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
            MotionGate motion,
            EventStore history)
            throws IOException, SinkFailedException {
        task.runEnded();
        if (server != null) {
            server.state(SourceStatus.ENDED, stats.wasInterrupted() ? "interrupted" : "end of input");
        }
        JsonLinesSink json = outputs.jsonSink();
        if (json != null && run.summary() == RunPlan.SummaryLine.WRITTEN) {
            try {
                json.writeObject(
                        Map.of("summary", RunRecord.summary(new ObjectMapper(), stats, task.trackingSummary())));
            } catch (IOException e) {
                console.print("vision: cannot write the summary line: " + e.getMessage());
            }
        }
        sinks.close(); // every output complete (events delivered or given up) before it is reported
        if (history != null) {
            history.close(); // what was queued is written before it is counted
        }
        RunSummary.finish(console, stats, model, record, outputs, task);
        if (history != null) {
            StoreWriter.Figures f = history.writer().figures();
            console.print(String.format(
                    Locale.ROOT,
                    "History: %d event(s) and %d object(s) written to %s%s.",
                    f.eventsWritten(),
                    f.objectsWritten(),
                    history.location().shown(),
                    f.dropped() + f.failed() > 0 ? "; " + (f.dropped() + f.failed()) + " write(s) lost" : ""));
        }
        loadControlLines(plan, motion).forEach(console::print);
    }

    /** A played file's page stays up after its end, with the last frame and the totals, until Ctrl-C. */
    private void keepThePageUp(ServeAddress address, LiveServer server) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        console.print("vision: the video is over; the page stays up at http://" + address.host() + ":" + server.port()
                + "/ until Ctrl-C");
        interrupts.onStop(closed::countDown);
        closed.await();
    }

    /** How a run that raised nothing ended: it ran to its end, or stopped early with an exit code. */
    public sealed interface Outcome permits Outcome.Completed, Outcome.Stopped {
        /** It ran and reported; some events may not have reached their outputs. */
        record Completed(long undeliveredEvents) implements Outcome {}

        /** Interrupted before it began, or a part of it failed (already said on the console). */
        record Stopped(Stop why) implements Outcome {}

        /** Why a run stopped early. */
        enum Stop {
            INTERRUPTED,
            /** A limit of the machine: memory, disk, file size. */
            MACHINE_LIMIT,
            BUG
        }
    }

    /** A live source's state changes go to the console, the live page and the event outputs. */
    private static void reportStatus(
            SourceSet plan, RunConsole console, LiveServer server, RunOutputs outputs, StoreSink stored) {
        for (int i = 0; i < plan.count(); i++) {
            int stream = i;
            String prefix = plan.count() > 1 || plan.named(i) ? "stream " + plan.name(i) + ": " : "";
            plan.onStatus(i, (status, detail) -> {
                console.print("vision: " + prefix + status.id() + ": " + detail);
                if (server != null) {
                    server.state(stream, status, prefix + detail);
                }
                outputs.status(stream, status);
                if (stored != null) {
                    stored.status(stream, status, detail);
                }
            });
        }
    }

    /** What --max-fps and --motion saved, when they were given. */
    private List<String> loadControlLines(SourceSet plan, MotionGate motion) {
        List<String> lines = new ArrayList<>();
        if (run.maxFps().isPresent()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "Load: %d frame(s) over --max-fps %s left out.",
                    plan.overMaxFps(),
                    String.valueOf(run.maxFps().getAsDouble()).replaceAll("\\.0$", "")));
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

    private LiveServer startServer(ServeAddress address, ImageModel<?> model) throws IOException {
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
                plan.names(),
                () -> stats);
        console.print("vision: serving http://" + address.host() + ":" + server.port() + "/");
        return server;
    }
}
