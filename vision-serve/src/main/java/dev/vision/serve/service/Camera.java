package dev.vision.serve.service;

import dev.vision.core.VisionException;
import dev.vision.core.analytics.MovementStage;
import dev.vision.core.capture.FrameSize;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.RealTimeSource;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.SourceOptions;
import dev.vision.core.capture.SourceSet;
import dev.vision.core.clip.ClipMarker;
import dev.vision.core.clip.ClipTrigger;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.inference.Detector;
import dev.vision.core.motion.MotionGate;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.TrackAnnotators;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.privacy.FrameMasks;
import dev.vision.core.privacy.ObjectBlur;
import dev.vision.core.privacy.PrivacyPainter;
import dev.vision.core.result.EventType;
import dev.vision.core.result.FrameResult;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.TrackerSettings;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingStage;
import dev.vision.serve.events.EventSink;
import dev.vision.serve.store.StoreSink;
import dev.vision.video.ClipRecorder;
import dev.vision.video.VideoFileSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.opencv.core.Mat;

/**
 * One camera of the service while it runs: its source, its tracking with its lines and zones, and a {@link
 * VisionRun} on a thread of its own, on a detector shared through the {@link ModelPool}. Lines and zones change
 * without a restart ({@link #reshape}); any other setting needs a new camera.
 */
final class Camera {

    private static final int TRAIL_LENGTH = 30;
    /** How long a stopping camera's pending events get to go out. */
    private static final Duration EVENT_DRAIN = Duration.ofSeconds(3);
    /** How much of a camera's video a clip keeps before and after its event. */
    private static final Duration CLIP_BEFORE = Duration.ofSeconds(5);

    private static final Duration CLIP_AFTER = Duration.ofSeconds(10);
    /** The length of a continuous recording's files. */
    private static final Duration SEGMENT = Duration.ofMinutes(10);

    private volatile CameraConfig config;
    private final ModelPool pool;
    private final ModelPool.Key modelKey;
    private final SourceSet sources;
    private final Optional<MotionGate> motion;
    private final TrackingStage tracking;
    private final Optional<MovementStage> movements;
    private final Tracking setup;
    private final SnapshotStage snapshots;
    private final VisionRun run;
    private final Thread thread;
    private final CameraHealth health;
    private final Optional<FrameSize> frameSize;
    private final EventSink events;
    private final StoreSink stored;
    private final Optional<ResultSink> recording;
    private volatile Annotator annotator;
    /** Its masks, replaced when its settings change (the source paints them on each frame). */
    private final FrameMasks masks;

    /** A camera whose detector is loaded and whose source is open; {@link #start()} runs it. */
    private Camera(Parts parts, Consumer<String> log) {
        this.config = parts.config;
        this.pool = parts.pool;
        this.modelKey = parts.modelKey;
        this.sources = parts.sources;
        this.health = parts.health;
        this.events = parts.events;
        this.stored = parts.stored;
        this.recording = parts.recording;
        this.frameSize = sources.frameSize(0);
        this.setup = parts.tracking;
        this.tracking = setup.newStage(w -> log.accept("camera " + config.name() + ": " + w));
        this.masks = parts.masks;
        this.annotator = annotatorFor(config);
        this.snapshots = new SnapshotStage(() -> annotator);
        this.motion = parts.motion;
        this.movements = config.movements() ? Optional.of(new MovementStage()) : Optional.empty();
        VisionRun.Builder builder = VisionRun.builder()
                .source(parts.frames)
                .model(parts.detector)
                .processor(motion.<FrameProcessor>map(m -> m).orElseGet(() -> FrameProcessor.of(parts.detector)))
                .masks(masks)
                .stage(tracking)
                .stage(new ObjectBlur(() -> this.config.privacy().blur())); // after tracking, before any picture
        movements.ifPresent(builder::stage); // its events may start clips, so before the clip stage
        parts.clips.ifPresent(builder::stage); // after tracking: it marks the events that get a clip
        parts.stored.pictures().ifPresent(builder::stage); // each object's best picture, before anything is drawn
        builder.stage(snapshots).sink(new HealthSink(health)).sink(events).sink(stored);
        recording.ifPresent(builder::sink);
        this.run = builder.batchSize(1).warmUp(false).build();
        this.thread = new Thread(() -> runToEnd(log), "camera-" + config.name());
        thread.setDaemon(true);
    }

    /** What {@link #open} gathers, each part closed again if a later one fails. */
    private static final class Parts implements AutoCloseable {
        final CameraConfig config;
        final ModelPool pool;
        final CameraHealth health;
        final ModelPool.Key modelKey;
        final Tracking tracking;
        final FrameMasks masks;
        Detector detector;
        SourceSet sources;
        FrameSource frames;
        EventSink events;
        StoreSink stored;
        Optional<MotionGate> motion = Optional.empty();
        Optional<ClipMarker> clips = Optional.empty();
        Optional<ResultSink> recording = Optional.empty();
        boolean handedOver;

        Parts(CameraConfig config, ModelPool pool, CameraHealth health) {
            this.config = config;
            this.pool = pool;
            this.health = health;
            float conf = (float) config.conf().orElse(TrackerSettings.DEFAULTS.lowScore());
            this.modelKey = new ModelPool.Key(config.model(), config.classes(), conf);
            Tracking.Builder builder = Tracker.builder().kind(config.tracker()).detectorConfidence(conf);
            config.lines().forEach(builder::line);
            config.zones().forEach(builder::zone);
            this.tracking = builder.build();
            this.masks = new FrameMasks(config.privacy().masks());
        }

        @Override
        public void close() {
            if (handedOver) {
                return;
            }
            motion.ifPresent(MotionGate::close);
            recording.ifPresent(Camera::closeQuietly);
            if (events != null) {
                events.close();
            }
            if (stored != null) {
                stored.close();
            }
            if (sources != null) {
                sources.close();
            }
            if (detector != null) {
                pool.release(modelKey);
            }
        }
    }

    /**
     * Loads (or shares) the camera's detector, then opens its source, so that a wrong model or URL is said now.
     *
     * @throws dev.vision.core.VisionException when the model cannot be loaded or the source cannot be opened
     */
    static Camera open(CameraConfig config, CameraServices services, CameraHealth health)
            throws SourceOpenException, IOException {
        ModelPool pool = services.models();
        Consumer<String> log = services.log();
        try (Parts parts = new Parts(config, pool, health)) {
            // the model first: a camera that serves one client (ffmpeg -listen) is not used up by a model failure
            parts.detector = pool.acquire(parts.modelKey);
            SourceOptions options = SourceOptions.defaults();
            if (config.maxFps().isPresent()) {
                options = options.withMaxFps(config.maxFps().getAsDouble());
            }
            // named, so that its frames and events carry the camera's name
            parts.sources = SourceSet.plan(List.of(config.name() + "=" + config.url()), options);
            FrameSource opened = parts.sources.open();
            // a video file is played as the camera it stands for: at its own pace, newest frame first
            parts.frames = opened.isLive() ? opened : new RealTimeSource(opened);
            parts.events = new EventSink(
                    services.outputs().open(config.name(), line -> log.accept("camera " + config.name() + ": " + line)),
                    1,
                    EVENT_DRAIN);
            parts.stored = new StoreSink(
                    services.history(),
                    stream -> config.name(),
                    Clock.systemUTC(),
                    Optional.of(services.data().resolve("snapshots")));
            if (config.motion()) {
                parts.motion = Optional.of(new MotionGate(
                                FrameProcessor.of(parts.detector),
                                MotionGate.DEFAULT_THRESHOLD,
                                MotionGate.DEFAULT_REFRESH_MS)
                        .ignore(parts.masks));
            }
            double fps = config.maxFps().isPresent() && opened.nominalFps() > 0
                    ? Math.min(config.maxFps().getAsDouble(), opened.nominalFps())
                    : opened.nominalFps();
            switch (config.record()) {
                case OFF -> {}
                case EVENTS -> {
                    Path folder = Files.createDirectories(services.folder("clips", config.name()));
                    parts.clips = Optional.of(new ClipMarker(clipTriggers(config), folder, List.of(config.name())));
                    parts.recording = Optional.of(new ClipRecorder(
                            CLIP_BEFORE.toMillis(), CLIP_AFTER.toMillis(), s -> fps, VideoFileSink.DEFAULT_PRESET));
                }
                case CONTINUOUS ->
                    parts.recording = Optional.of(
                            new SegmentedRecording(services.folder("recordings", config.name()), fps, SEGMENT));
            }
            EventSink events = parts.events;
            StoreSink stored = parts.stored;
            health.runStarted();
            parts.sources.onStatus(0, (status, why) -> {
                health.source(status, why);
                events.status(0, status);
                stored.status(0, status, why);
            });
            Camera camera = new Camera(parts, log);
            parts.handedOver = true;
            return camera;
        }
    }

    /**
     * Which events get a clip: line crossings and zone entries; and each new object where the camera started
     * with no line and no zone (lines added later get clips of their own crossings).
     */
    private static List<ClipTrigger> clipTriggers(CameraConfig config) {
        List<ClipTrigger> triggers = new ArrayList<>(List.of(
                new ClipTrigger(EventType.LINE_CROSSED, Optional.empty()),
                new ClipTrigger(EventType.ZONE_ENTERED, Optional.empty())));
        if (config.lines().isEmpty() && config.zones().isEmpty()) {
            triggers.add(new ClipTrigger(EventType.OBJECT_APPEARED, Optional.empty()));
        }
        return triggers;
    }

    private static void closeQuietly(ResultSink sink) {
        try {
            sink.close();
        } catch (IOException e) {
            // already failing: the first failure is the one reported
        }
    }

    /** Starts the run's thread. */
    Camera start() {
        thread.start();
        return this;
    }

    private void runToEnd(Consumer<String> log) {
        try {
            run.execute();
            health.state(CameraState.OFFLINE, "the source ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (VisionException | Error e) {
            health.state(CameraState.OFFLINE, String.valueOf(e.getMessage()));
            log.accept("camera " + config.name() + ": stopped: " + e.getMessage());
        } catch (RuntimeException e) {
            health.state(CameraState.OFFLINE, e.toString());
            log.accept("camera " + config.name() + ": stopped: " + e);
        } finally {
            snapshots.stopped();
        }
    }

    CameraConfig config() {
        return config;
    }

    /** The size of its frames, once known. */
    Optional<FrameSize> frameSize() {
        return frameSize;
    }

    /** Its turning movements so far, when the camera counts them. */
    Optional<MovementStage> movements() {
        return movements;
    }

    /** The tracking stage, with its lines' and zones' totals. */
    TrackingStage tracking() {
        return tracking;
    }

    /**
     * Takes the lines, zones and masks of {@code changed} from the next frame on; unchanged lines and zones keep
     * their totals.
     */
    void reshape(CameraConfig changed) {
        tracking.reshape(changed.lines(), changed.zones(), setup.anchor());
        masks.set(changed.privacy().masks());
        annotator = annotatorFor(changed);
        config = changed;
    }

    /** The next frame as a JPEG, raw or annotated. */
    CompletableFuture<byte[]> snapshot(SnapshotKind kind) {
        return snapshots.next(kind);
    }

    /** Asks the run to stop, without waiting. */
    void requestStop() {
        run.stop();
    }

    /** Stops the run in order, waits up to {@code waitMs} for it, and frees the source and the detector. */
    void stop(long waitMs, Consumer<String> log) throws InterruptedException {
        run.stop();
        thread.join(waitMs);
        if (thread.isAlive()) {
            StringBuilder where = new StringBuilder();
            for (StackTraceElement e : thread.getStackTrace()) {
                where.append("\n    at ").append(e);
            }
            log.accept("camera " + config.name() + ": its run did not end within " + waitMs + " ms; closing its "
                    + "source under it; its thread was" + where);
        }
        sources.close();
        events.close(); // says "ended" on the camera's status topic
        stored.close(); // its objects still tracked are closed in the history
        if (recording.isPresent()) {
            try {
                recording.get().close(); // the clip or segment being written is finished and renamed
            } catch (IOException e) {
                log.accept("camera " + config.name() + ": its recording could not be finished: " + e.getMessage());
            }
        }
        motion.ifPresent(MotionGate::close);
        pool.release(modelKey);
        snapshots.stopped();
    }

    /** Its lines, zones and tracks, then its privacy masks again over whatever was drawn. */
    private Annotator annotatorFor(CameraConfig config) {
        PrivacyPainter painter = new PrivacyPainter(masks);
        return TrackAnnotators.tracked(Anchor.CENTER, TRAIL_LENGTH, config.lines(), config.zones())
                .andThen((canvas, result) -> painter.paint(
                        canvas, result.meta().width(), result.meta().height()));
    }

    /** Feeds the camera's health with every result; needs no pixels. */
    private record HealthSink(CameraHealth health) implements ResultSink {
        @Override
        public void accept(FrameResult result, Mat annotated) {
            health.frame(result);
        }
    }
}
