package dev.vision.serve.service;

import dev.vision.core.VisionException;
import dev.vision.core.capture.FrameSize;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.SourceOptions;
import dev.vision.core.capture.SourceSet;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.inference.Detector;
import dev.vision.core.motion.MotionGate;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.TrackAnnotators;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.result.FrameResult;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.TrackerSettings;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingStage;
import dev.vision.serve.events.EventSink;
import java.time.Duration;
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

    private volatile CameraConfig config;
    private final ModelPool pool;
    private final ModelPool.Key modelKey;
    private final SourceSet sources;
    private final Optional<MotionGate> motion;
    private final TrackingStage tracking;
    private final Tracking setup;
    private final SnapshotStage snapshots;
    private final VisionRun run;
    private final Thread thread;
    private final CameraHealth health;
    private final Optional<FrameSize> frameSize;
    private final EventSink events;
    private volatile Annotator annotator;

    /** A camera whose source is open; {@link #start()} runs it. */
    private Camera(
            CameraConfig config,
            ModelPool pool,
            SourceSet sources,
            FrameSource frames,
            CameraHealth health,
            EventSink events,
            Consumer<String> log) {
        this.config = config;
        this.pool = pool;
        this.sources = sources;
        this.health = health;
        this.events = events;
        this.frameSize = sources.frameSize(0);
        float conf = (float) config.conf().orElse(TrackerSettings.DEFAULTS.lowScore());
        this.modelKey = new ModelPool.Key(config.model(), config.classes(), conf);
        Tracking.Builder trackingBuilder =
                Tracker.builder().kind(config.tracker()).detectorConfidence(conf);
        config.lines().forEach(trackingBuilder::line);
        config.zones().forEach(trackingBuilder::zone);
        this.setup = trackingBuilder.build();
        this.tracking = setup.newStage(w -> log.accept("camera " + config.name() + ": " + w));
        this.annotator = annotatorFor(config);
        this.snapshots = new SnapshotStage(() -> annotator);
        Detector detector = pool.acquire(modelKey);
        this.motion = config.motion()
                ? Optional.of(new MotionGate(
                        FrameProcessor.of(detector), MotionGate.DEFAULT_THRESHOLD, MotionGate.DEFAULT_REFRESH_MS))
                : Optional.empty();
        this.run = VisionRun.builder()
                .source(frames)
                .model(detector)
                .processor(motion.<FrameProcessor>map(m -> m).orElseGet(() -> FrameProcessor.of(detector)))
                .stage(tracking)
                .stage(snapshots)
                .sink(new HealthSink(health))
                .sink(events)
                .batchSize(1)
                .warmUp(false)
                .build();
        this.thread = new Thread(() -> runToEnd(log), "camera-" + config.name());
        thread.setDaemon(true);
    }

    /**
     * Opens the camera's source (so that a wrong URL is said now) and loads or shares its detector.
     *
     * @throws SourceOpenException when the source cannot be opened
     */
    static Camera open(
            CameraConfig config, ModelPool pool, CameraHealth health, CameraOutputs outputs, Consumer<String> log)
            throws SourceOpenException {
        SourceOptions options = SourceOptions.defaults();
        if (config.maxFps().isPresent()) {
            options = options.withMaxFps(config.maxFps().getAsDouble());
        }
        // named, so that its frames and events carry the camera's name
        SourceSet sources = SourceSet.plan(List.of(config.name() + "=" + config.url()), options);
        FrameSource frames = sources.open();
        EventSink events = null;
        try {
            events = new EventSink(
                    outputs.open(config.name(), line -> log.accept("camera " + config.name() + ": " + line)),
                    1,
                    EVENT_DRAIN);
            EventSink said = events;
            health.runStarted();
            sources.onStatus(0, (status, why) -> {
                health.source(status, why);
                said.status(0, status);
            });
            return new Camera(config, pool, sources, frames, health, events, log);
        } catch (RuntimeException e) {
            if (events != null) {
                events.close();
            }
            sources.close();
            throw e;
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

    /** The tracking stage, with its lines' and zones' totals. */
    TrackingStage tracking() {
        return tracking;
    }

    /** Takes the lines and zones of {@code changed} from the next frame on; unchanged ones keep their totals. */
    void reshape(CameraConfig changed) {
        tracking.reshape(changed.lines(), changed.zones(), setup.anchor());
        annotator = annotatorFor(changed);
        config = changed;
    }

    /** The next frame as a JPEG; {@code drawn}: with boxes, trails, lines and zones. */
    CompletableFuture<byte[]> snapshot(boolean drawn) {
        return snapshots.next(drawn);
    }

    /** Asks the run to stop, without waiting. */
    void requestStop() {
        run.stop();
    }

    /** Stops the run in order, waits up to {@code waitMs} for it, and frees the source and the detector. */
    void stop(long waitMs) throws InterruptedException {
        run.stop();
        thread.join(waitMs);
        sources.close();
        events.close(); // says "ended" on the camera's status topic
        motion.ifPresent(MotionGate::close);
        pool.release(modelKey);
        snapshots.stopped();
    }

    private static Annotator annotatorFor(CameraConfig config) {
        return TrackAnnotators.tracked(Anchor.CENTER, TRAIL_LENGTH, config.lines(), config.zones());
    }

    /** Feeds the camera's health with every result; needs no pixels. */
    private record HealthSink(CameraHealth health) implements ResultSink {
        @Override
        public void accept(FrameResult result, Mat annotated) {
            health.frame(result);
        }
    }
}
