package dev.vision.serve.run;

import dev.vision.core.VisionException;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.SourceOptions;
import dev.vision.core.capture.SourceSet;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.inference.Detector;
import dev.vision.core.motion.MotionGate;
import dev.vision.core.overlay.TrackAnnotators;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.pipeline.WorkerShare;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.PerStreamSink;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.sink.SinkSet;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.Tracking;
import dev.vision.video.VideoFileSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How many cameras this machine serves, measured as Intel measures DL Streamer's density: N loopback cameras
 * ({@link LoopbackCameras}) run through one vision run with detection at a target rate per camera and tracking;
 * after a warm-up, each camera's detection rate and p95 latency (frame taken from the stream to result out)
 * over a measured window, and where the cores went. A trial holds when the slowest camera keeps 95 % of the
 * target rate and its p95 latency stays under a second.
 */
public final class DensityBenchmark {

    /** The share of the target rate the slowest camera must keep. */
    public static final double RATE_KEPT = 0.95;
    /** The p95 latency every camera must stay under, in ms. */
    public static final double LATENCY_LIMIT_MS = 1000;

    /**
     * @param stream the cameras' stream, made by {@link LoopbackCameras#prepare}
     * @param rate   detections per second per camera
     * @param motion whether the model runs only on frames with motion
     * @param batch  the most frames, of as many cameras, in one model call
     * @param record whether each camera's annotated frames also go to an MP4 of its own, as a recording would
     */
    public record Settings(
            Path stream, double rate, Duration warmUp, Duration window, boolean motion, int batch, boolean record) {}

    /** Loads one more detector like the first, for an extra inference worker (called on that worker's thread). */
    @FunctionalInterface
    public interface DetectorFactory {
        Detector load();
    }

    /**
     * One trial's figures.
     *
     * @param rates                 each camera's detections per second over the window
     * @param p95LatencyMs          the worst camera's p95 latency
     * @param coreMsPerCameraSecond core-ms spent per camera and second of the window, by job
     * @param modelShare            with motion gating, the share of the window's frames the model ran on
     */
    public record Trial(
            int cameras,
            double targetRate,
            List<Double> rates,
            double p95LatencyMs,
            Map<CoreJob, Double> coreMsPerCameraSecond,
            OptionalDouble modelShare) {

        public double slowestRate() {
            return rates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        public double fastestRate() {
            return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        /** Whether every camera kept its rate and its latency. */
        public boolean holds() {
            return slowestRate() >= RATE_KEPT * targetRate && p95LatencyMs < LATENCY_LIMIT_MS;
        }

        /** Core-ms per camera and second, all jobs (the loopback cameras' ffmpeg included). */
        public double totalCoreMsPerCameraSecond() {
            return coreMsPerCameraSecond.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
        }
    }

    /** Positions of a track drawn behind it in a recording. */
    private static final int TRAIL = 30;

    private final Detector detector;
    private final int workers;
    private final DetectorFactory more;
    private final Settings settings;
    private final Consumer<String> progress;

    /**
     * @param detector a detector keeping detections down to the tracker's threshold; the caller closes it
     * @param workers  inference workers, as {@code --workers} (with motion gating, at most one a camera)
     * @param more     makes the extra workers' detectors, each closed by its worker
     * @param progress told what is going on (a line at a time)
     */
    public DensityBenchmark(
            Detector detector, int workers, DetectorFactory more, Settings settings, Consumer<String> progress) {
        this.detector = detector;
        this.workers = workers;
        this.more = more;
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs {@code cameras} cameras through warm-up and the measured window. */
    public Trial run(int cameras) throws IOException, InterruptedException {
        try (LoopbackCameras loopback = LoopbackCameras.start(settings.stream(), cameras)) {
            List<String> specs = new ArrayList<>();
            for (int i = 0; i < cameras; i++) {
                specs.add("cam" + i + "=" + loopback.urls().get(i));
            }
            try (SourceSet plan = SourceSet.plan(specs, SourceOptions.defaults().withMaxFps(settings.rate()));
                    MotionGate motion = settings.motion()
                            ? new MotionGate(
                                    FrameProcessor.of(detector),
                                    MotionGate.DEFAULT_THRESHOLD,
                                    MotionGate.DEFAULT_REFRESH_MS)
                            : null;
                    SinkSet sinks = new SinkSet()) {
                Path recordings = settings.record() ? Files.createTempDirectory("vision-density") : null;
                if (recordings != null) {
                    List<ResultSink> videos = new ArrayList<>();
                    for (int i = 0; i < cameras; i++) {
                        // timed by the frames' own clocks: each camera's MP4 keeps its own pace
                        videos.add(new VideoFileSink(recordings.resolve("cam" + i + ".mp4"), settings.rate(), true));
                    }
                    sinks.add(new PerStreamSink(videos));
                }
                FrameSource frames = plan.open();
                Tracking tracking = Tracker.builder().build();
                RunStats stats = new RunStats();
                int batch = Math.min(cameras, settings.batch());
                VisionRun.Builder builder = VisionRun.builder();
                if (motion != null && Math.min(workers, cameras) > 1) { // each camera's frames stay with one worker
                    builder.workers(
                            Math.min(workers, cameras),
                            i -> motion.over(new WorkerModel(more.load(), batch)),
                            WorkerShare.STREAMS);
                } else if (motion == null && workers > 1) {
                    builder.workers(workers, i -> new WorkerModel(more.load(), batch));
                }
                VisionRun run = builder.source(frames)
                        .model(detector)
                        .processor(motion != null ? motion : FrameProcessor.of(detector))
                        .tracking(tracking, warning -> {})
                        .annotator(TrackAnnotators.tracked(Anchor.CENTER, TRAIL, List.of(), List.of()))
                        .hud(settings.record())
                        .sinks(sinks)
                        .batchSize(batch)
                        .warmUp(false)
                        .stats(stats)
                        .build();
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread thread = new Thread(
                        () -> {
                            try {
                                run.execute();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (RuntimeException | Error e) {
                                failed.set(e);
                            }
                        },
                        "vision-density-run");
                thread.start();
                try {
                    warmUp(stats, cameras, failed);
                    return measure(stats, cameras, loopback, Optional.ofNullable(motion), failed);
                } finally {
                    run.stop();
                    thread.join(30_000);
                    frames.close();
                    if (recordings != null) {
                        sinks.close();
                        deleteQuietly(recordings);
                    }
                }
            }
        }
    }

    /** Waits for the warm-up time, and for every camera to have given a result. */
    private void warmUp(RunStats stats, int cameras, AtomicReference<Throwable> failed) throws InterruptedException {
        long start = System.nanoTime();
        long until = start + settings.warmUp().toNanos();
        long giveUp = until + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until || stats.processedPerStream().size() < cameras) {
            checkAlive(failed);
            if (System.nanoTime() > giveUp) {
                throw new VisionException(String.format(
                        Locale.ROOT,
                        "only %d of %d cameras gave a result within %d s",
                        stats.processedPerStream().size(),
                        cameras,
                        Duration.ofNanos(giveUp - start).toSeconds()));
            }
            Thread.sleep(200);
        }
    }

    private Trial measure(
            RunStats stats,
            int cameras,
            LoopbackCameras loopback,
            Optional<MotionGate> motion,
            AtomicReference<Throwable> failed)
            throws InterruptedException {
        progress.accept(String.format(
                Locale.ROOT,
                "%d camera(s): warmed up; measuring %d s",
                cameras,
                settings.window().toSeconds()));
        Map<Integer, Long> before = stats.processedPerStream();
        Map<CoreJob, Double> javaBefore = CpuClock.javaThreadsMs();
        double processBefore = CpuClock.thisProcessMs();
        double camerasBefore = loopback.cpuMs();
        stats.restartStreamLatencies();
        long modelBefore = motion.map(MotionGate::modelFrames).orElse(0L);
        long stillBefore = motion.map(MotionGate::stillFrames).orElse(0L);
        long start = System.nanoTime();
        Thread.sleep(settings.window().toMillis()); // the measured window: figures are taken at both ends
        checkAlive(failed);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> after = stats.processedPerStream();
        Map<CoreJob, Double> javaAfter = CpuClock.javaThreadsMs();
        double processMs = CpuClock.thisProcessMs() - processBefore;
        double camerasMs = loopback.cpuMs() - camerasBefore;

        List<Double> rates = new ArrayList<>();
        double p95 = 0;
        for (int i = 0; i < cameras; i++) {
            rates.add((after.getOrDefault(i, 0L) - before.getOrDefault(i, 0L)) / seconds);
            p95 = Math.max(p95, stats.latency(i).percentileMs(95));
        }
        Map<CoreJob, Double> perCamera = new EnumMap<>(CoreJob.class);
        double javaTotal = 0;
        for (CoreJob job : CoreJob.values()) {
            double ms = Math.max(0, javaAfter.getOrDefault(job, 0.0) - javaBefore.getOrDefault(job, 0.0));
            perCamera.put(job, ms / seconds / cameras);
            javaTotal += ms;
        }
        perCamera.put(CoreJob.NATIVE, Math.max(0, processMs - javaTotal) / seconds / cameras);
        perCamera.put(CoreJob.CAMERAS, camerasMs / seconds / cameras);
        OptionalDouble modelShare = motion.map(m -> {
                    long ran = m.modelFrames() - modelBefore;
                    long all = ran + m.stillFrames() - stillBefore;
                    return all == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) ran / all);
                })
                .orElse(OptionalDouble.empty());
        return new Trial(cameras, settings.rate(), rates, p95, perCamera, modelShare);
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a scratch folder in the temporary directory: left for the system to clear
        }
    }

    private static void checkAlive(AtomicReference<Throwable> failed) {
        Throwable t = failed.get();
        if (t != null) {
            throw new VisionException("the run failed: " + t, t);
        }
    }

    /**
     * The cameras the machine's cores could serve if every camera cost what one costs alone: cores × 1000 ms
     * over the core-ms one camera takes per second.
     */
    public static double bound(int cores, Trial alone) {
        return cores * 1000.0 / alone.totalCoreMsPerCameraSecond();
    }
}
