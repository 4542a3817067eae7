package dev.vision.core.run;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.HudAnnotator;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.pipeline.Pipeline;
import dev.vision.core.pipeline.PipelineOptions;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.pipeline.WorkerShare;
import dev.vision.core.privacy.FrameMasks;
import dev.vision.core.privacy.MaskedDetections;
import dev.vision.core.privacy.MaskedSource;
import dev.vision.core.privacy.PrivacyPainter;
import dev.vision.core.result.FrameResult;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.sink.SinkFailedException;
import dev.vision.core.sink.SinkSet;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingStage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.opencv.core.Mat;

/**
 * One run of a model over a source: frames are read, run through the model in batches, passed through the
 * result stages in frame order, drawn on and written to the sinks. Built once, executed once.
 *
 * <pre>{@code
 * try (Detector detector = Detector.builder().build();
 *      FrameSource frames = Sources.open("photos/");
 *      SinkSet sinks = new SinkSet()) {
 *     sinks.add(new JsonLinesSink(System.out, false));
 *     RunStats stats = VisionRun.builder().source(frames).model(detector).sinks(sinks).build().execute();
 * }
 * }</pre>
 *
 * <p>Or pull the results in a loop, as they come ({@link #results()}; leaving the loop early stops the run):
 *
 * <pre>{@code
 * try (Detector detector = Detector.builder().build();
 *      FrameSource frames = Sources.open("photos/");
 *      VisionRun.Results results = VisionRun.builder().source(frames).model(detector).build().results()) {
 *     for (FrameResult r : results) {
 *         System.out.println(r.meta().source() + ": " + r.countedLabels());
 *     }
 * }
 * }</pre>
 *
 * <p>The caller owns the source, the model and the sinks (close them with try-with-resources, as above); the
 * run owns its threads. {@link #stop()} may be called from any thread (a Ctrl-C handler).
 */
public final class VisionRun {

    private final FrameSource source;
    private final ImageModel<?> model;
    private final boolean warmUp;
    private final int batchSize;
    private final Pipeline pipeline;
    private final RunStats stats;
    private final Optional<PerStreamStage<TrackingStage>> tracking;
    /** Where {@link #results()} takes the results from; passes them nowhere until it is called. */
    private final Tap tap = new Tap();

    /** A sink that hands each result to whoever pulls them; needs no pixels. */
    private static final class Tap implements ResultSink {
        volatile Results puller;

        @Override
        public void accept(FrameResult result, Mat annotated) {
            Results r = puller;
            if (r != null) {
                r.offer(result);
            }
        }

        @Override
        public void close() {}
    }

    private VisionRun(Builder b) {
        this.source = b.masks == null ? b.source : new MaskedSource(b.source, b.masks);
        this.model = b.model;
        this.warmUp = b.warmUp && b.model != null;
        this.batchSize = b.batchSize;
        this.stats = b.stats != null ? b.stats : new RunStats();
        Annotator annotator = b.annotator;
        if (b.hud) {
            annotator = new HudAnnotator((int stream) -> stats.recentFps(stream))
                    .andThen(annotator); // first: it never hides a label; each stream shows its own rate
        }
        if (b.masks != null) { // last: nothing drawn over a privacy mask (a box, a label, the HUD) shows
            PrivacyPainter painter = new PrivacyPainter(b.masks);
            annotator = annotator.andThen((canvas, result) ->
                    painter.paint(canvas, result.meta().width(), result.meta().height()));
        }
        FrameProcessor processor = b.processor != null ? b.processor : FrameProcessor.of(b.model);
        List<ResultStage> stages = new ArrayList<>();
        if (b.masks != null) {
            stages.add(new MaskedDetections(b.masks, b.tracking != null ? b.tracking.anchor() : Anchor.CENTER));
        }
        this.tracking = b.tracking == null ? Optional.empty() : Optional.of(b.tracking.perStream(b.trackingWarnings));
        tracking.ifPresent(stages::add);
        stages.addAll(b.stages);
        List<ResultSink> sinks = new ArrayList<>(b.sinks);
        sinks.add(tap);
        this.pipeline = new Pipeline(
                source,
                processor,
                b.workers,
                b.moreWorkers,
                b.workerShare,
                stages,
                annotator,
                sinks,
                new PipelineOptions(b.batchSize, b.vidStride, Math.max(8, 2 * b.batchSize * b.workers), b.maxFrames),
                b.listener,
                stats);
    }

    /** Each stream's tracking stage with its counts so far, when the run tracks ({@link Builder#tracking}). */
    public Optional<PerStreamStage<TrackingStage>> tracking() {
        return tracking;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The run's counters and stage times, live while it runs. */
    public RunStats stats() {
        return stats;
    }

    /** Ends the run early and in order: capture stops, frames in flight are finished and written. Any thread. */
    public void stop() {
        pipeline.stop();
    }

    /**
     * Warms the model up, then runs to the end of the source or until {@link #stop()}.
     *
     * @return the counters; {@link RunStats#wasInterrupted()} tells a stopped run from a finished one
     * @throws SinkFailedException when writing results failed (what was written before stays valid)
     * @throws dev.vision.core.pipeline.PartFailedException when a thread of the run died (out of memory, a
     *         bug): the run was ended in order and the sinks are left to close
     * @throws InterruptedException when the calling thread was interrupted
     */
    public RunStats execute() throws InterruptedException {
        if (warmUp) {
            model.warmUp(source.isLive() ? 1 : batchSize);
        }
        return pipeline.run();
    }

    /**
     * Runs on a thread of its own and hands over the results in frame order, for a for-each loop; the sinks
     * get them too. The loop waits for each result; the run waits for the loop when it is {@value
     * Results#AHEAD} results ahead (a file loses nothing; a live source drops frames as it would for a slow
     * sink). Closing the results stops the run in order, if it is still going, and waits for its end. A
     * failure of the run ({@link SinkFailedException}, {@link dev.vision.core.pipeline.PartFailedException},
     * a {@link dev.vision.core.VisionException}) is thrown from the loop once the results before it are taken.
     * Call it once, instead of {@link #execute()}.
     */
    public Results results() {
        Results results = new Results(this);
        tap.puller = results;
        results.start();
        return results;
    }

    /** The results of a run as they come; see {@link VisionRun#results()}. Not thread-safe: one loop. */
    public static final class Results implements Iterable<FrameResult>, AutoCloseable {

        /** Results the run may be ahead of the loop. */
        public static final int AHEAD = 16;

        private static final Object END = new Object();
        private final VisionRun run;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD + 1);
        private final Thread thread;
        private volatile RuntimeException failure;
        private volatile boolean closing;
        private boolean ended;

        private Results(VisionRun run) {
            this.run = run;
            this.thread = new Thread(this::execute, "vision-run");
            thread.setDaemon(true);
        }

        private void start() {
            thread.start();
        }

        private void execute() {
            try {
                run.execute();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                try {
                    queue.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** On the run's output thread: waits while the loop is {@link #AHEAD} behind, unless it is closing. */
        private void offer(FrameResult result) {
            try {
                while (!closing && !queue.offer(result, 100, TimeUnit.MILLISECONDS)) {
                    // the loop is behind: wait for it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Iterator<FrameResult> iterator() {
            return new Iterator<>() {
                private Object next;

                @Override
                public boolean hasNext() {
                    if (next == null && !ended) {
                        try {
                            next = queue.take();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            next = END;
                        }
                        if (next == END) {
                            ended = true;
                            next = null;
                            if (failure != null) {
                                throw failure;
                            }
                        }
                    }
                    return next != null;
                }

                @Override
                public FrameResult next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException("the run has ended");
                    }
                    Object r = next;
                    next = null;
                    return (FrameResult) r;
                }
            };
        }

        /** The run's counters, live while it runs. */
        public RunStats stats() {
            return run.stats();
        }

        /** Stops the run if it is still going (in order: frames in flight are finished) and waits for its end. */
        @Override
        public void close() {
            closing = true;
            if (thread.isAlive()) {
                run.stop();
            }
            queue.clear();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.clear();
        }
    }

    /** The parts of a run. {@link #source} and a {@link #model} (or {@link #processor}) are required. */
    public static final class Builder {
        private FrameSource source;
        private ImageModel<?> model;
        private FrameProcessor processor;
        private final List<ResultStage> stages = new ArrayList<>();
        private Annotator annotator = (canvas, result) -> {};
        private boolean hud;
        private final List<ResultSink> sinks = new ArrayList<>();
        private RunListener listener = new RunListener() {};
        private RunStats stats;
        private int batchSize = 1;
        private int vidStride = 1;
        private long maxFrames;
        private boolean warmUp = true;
        private int workers = 1;
        private IntFunction<FrameProcessor> moreWorkers;
        private WorkerShare workerShare = WorkerShare.BATCHES;
        private Tracking tracking;
        private Consumer<String> trackingWarnings = warning -> {};
        private FrameMasks masks;

        private Builder() {}

        /**
         * Applies {@code masks}, which may be replaced while the run goes on. Privacy masks are painted on each
         * frame as it leaves the source, before the model or anything else sees it, and again over whatever the
         * annotators draw; a detection centred under one is dropped. A detection whose anchor (the tracking's,
         * else the box's centre) lies in an ignore mask is dropped before tracking. Motion masks are for {@link
         * dev.vision.core.motion.MotionGate#ignore}. With several sources, each stream gets the same masks.
         */
        public Builder masks(FrameMasks masks) {
            this.masks = masks;
            return this;
        }

        /**
         * Tracks every stream with {@code tracking}: each stream gets its own tracker and counters on the
         * tracking's lines and zones, as the first result stage (before those given with {@link #stage}, which
         * then see tracked detections). The model must keep detections down to
         * {@link Tracking#detectionThreshold()}: {@link #build()} refuses a {@link Detector} whose score
         * threshold is higher. {@link VisionRun#tracking()} gives each stream's counts.
         *
         * @param warnings told once per line or zone that lies wholly outside a stream's frames
         */
        public Builder tracking(Tracking tracking, Consumer<String> warnings) {
            this.tracking = tracking;
            this.trackingWarnings = warnings;
            return this;
        }

        /**
         * Runs the model step on {@code workers} threads (default 1): the run's model on the calling thread, and
         * {@code more.apply(i)} for i = 1 … workers-1, each called on its own worker thread (load the model
         * there: PyTorch's intra-op threads belong to the thread that set them) and used only by it; one that
         * is {@link AutoCloseable} is closed by that thread at the end. Each batch goes to the first worker free; results
         * come back in frame order.
         */
        public Builder workers(int workers, IntFunction<FrameProcessor> more) {
            return workers(workers, more, WorkerShare.BATCHES);
        }

        /**
         * As {@link #workers(int, IntFunction)}, dealing frames out as {@code share} says: {@link
         * WorkerShare#STREAMS} for a model step that keeps state per stream (a {@link
         * dev.vision.core.motion.MotionGate} and its {@link dev.vision.core.motion.MotionGate#over views}).
         */
        public Builder workers(int workers, IntFunction<FrameProcessor> more, WorkerShare share) {
            if (workers < 1 || workers > 64) {
                throw new InvalidSettingException("workers", "must be between 1 and 64, got " + workers);
            }
            this.workers = workers;
            this.moreWorkers = more;
            this.workerShare = share;
            return this;
        }

        /** Where frames come from (required). */
        public Builder source(FrameSource source) {
            this.source = source;
            return this;
        }

        /** The detector or classifier (required unless {@link #processor} is given). */
        public Builder model(ImageModel<?> model) {
            this.model = model;
            return this;
        }

        /** A model step of your own instead of {@link #model}: frames in, one result per frame out, in order. */
        public Builder processor(FrameProcessor processor) {
            this.processor = processor;
            return this;
        }

        /** Appends a result stage; stages run in the order added. */
        public Builder stage(ResultStage stage) {
            stages.add(stage);
            return this;
        }

        /** What is drawn on each frame before the sinks that want pixels see it (default: nothing). */
        public Builder annotator(Annotator annotator) {
            this.annotator = annotator;
            return this;
        }

        /** Also draw a HUD (recent FPS and per-class counts) in the top-left corner. */
        public Builder hud(boolean hud) {
            this.hud = hud;
            return this;
        }

        /** Appends an output; the caller closes it. */
        public Builder sink(ResultSink sink) {
            sinks.add(sink);
            return this;
        }

        /** Appends every sink of {@code set}, in its order. */
        public Builder sinks(SinkSet set) {
            sinks.addAll(set.list());
            return this;
        }

        /** Told about each processed and skipped input (progress bars, console lines). */
        public Builder listener(RunListener listener) {
            this.listener = listener;
            return this;
        }

        /** Counters to fill, when someone (a live page) must see them before the run is built. */
        public Builder stats(RunStats stats) {
            this.stats = stats;
            return this;
        }

        /** Frames per model call for file input (default 1; live input always uses 1). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Keep every Nth frame of a video (default 1: all). */
        public Builder vidStride(int vidStride) {
            this.vidStride = vidStride;
            return this;
        }

        /** Stop after this many frames (default 0: no limit). */
        public Builder maxFrames(long maxFrames) {
            this.maxFrames = maxFrames;
            return this;
        }

        /** Run the model once on a blank batch first, so the first frame is not slow (default true). */
        public Builder warmUp(boolean warmUp) {
            this.warmUp = warmUp;
            return this;
        }

        /**
         * @throws InvalidSettingException when a required part is missing or a number is out of range
         */
        public VisionRun build() {
            if (source == null) {
                throw new InvalidSettingException("source", "a run needs a source");
            }
            if (model == null && processor == null) {
                throw new InvalidSettingException("model", "a run needs a model or a processor");
            }
            if (tracking != null
                    && model instanceof Detector detector
                    && detector.filter().confidence() > tracking.detectionThreshold()) {
                throw new InvalidSettingException(
                        "conf",
                        String.format(
                                Locale.ROOT,
                                "tracking takes detections down to %.2f (the tracker's low score), but the detector "
                                        + "keeps only those of %.2f and above: build it with conf(%.2f)",
                                tracking.detectionThreshold(),
                                detector.filter().confidence(),
                                tracking.detectionThreshold()));
            }
            return new VisionRun(this);
        }
    }
}
