package dev.vision.core.pipeline;

import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counters and stage latencies of a run. Updated while it runs (readable live, e.g. by a HUD or a
 * metrics endpoint), final once the run has ended.
 */
public final class RunStats {

    private final AtomicLong read = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile LongSupplier droppedSoFar = () -> 0;
    private final AtomicLong detections = new AtomicLong();
    private final AtomicLong modelFrames = new AtomicLong();
    private final Map<String, Long> perLabel = new TreeMap<>();
    private final Map<String, Long> peakPerLabel = new TreeMap<>();
    private final Map<Integer, Long> processedPerStream = new TreeMap<>();
    private final Map<Integer, Map<String, Long>> perLabelPerStream = new TreeMap<>();
    private final Map<Stage, StageStats> stages = new EnumMap<>(Stage.class);
    private volatile long startNanos = System.nanoTime();
    private volatile long endNanos;
    private volatile boolean interrupted;
    /** Frames over the last five seconds of real time: batches and many streams make instants meaningless. */
    private final RateWindow recent = new RateWindow(5_000_000_000L);

    private final Map<Integer, RateWindow> recentPerStream = new TreeMap<>();
    /** Capture-to-written times per stream since the run began, or since {@link #restartStreamLatencies()}. */
    private volatile Map<Integer, StageStats> latencyPerStream = new ConcurrentHashMap<>();

    public RunStats() {
        for (Stage s : Stage.values()) {
            stages.put(s, new StageStats());
        }
    }

    void started() {
        startNanos = System.nanoTime();
    }

    void ended() {
        endNanos = System.nanoTime();
    }

    void countRead() {
        read.incrementAndGet();
    }

    void interrupted() {
        interrupted = true;
    }

    /** Where the frames dropped so far are counted while the run goes on (the capture side's counters). */
    void countDropsWith(LongSupplier live) {
        droppedSoFar = live;
    }

    /** The run's final count; the live counters may be gone with their sources. */
    void dropped(long n) {
        dropped.set(n);
        droppedSoFar = () -> n;
    }

    void add(FrameResult r) {
        processed.incrementAndGet();
        long now = System.nanoTime();
        synchronized (recent) {
            recent.record(now);
            recentPerStream
                    .computeIfAbsent(r.meta().stream(), k -> new RateWindow(5_000_000_000L))
                    .record(now);
        }
        StageTimings t = r.timings();
        if (!t.equals(StageTimings.ZERO)) { // zero: no model call for this frame (a still frame under --motion)
            modelFrames.incrementAndGet();
            stage(Stage.PREPROCESS).record(t.preprocessMs());
            stage(Stage.INFERENCE).record(t.inferenceMs());
            stage(Stage.POSTPROCESS).record(t.postprocessMs());
        }
        synchronized (perLabel) {
            if (r instanceof DetectionResult dr) {
                detections.addAndGet(dr.detections().size());
            }
            Map<String, Long> inFrame = new TreeMap<>();
            r.countedLabels().forEach(label -> inFrame.merge(label, 1L, Long::sum));
            Map<String, Long> streamLabels = perLabelPerStream.computeIfAbsent(r.meta().stream(), k -> new TreeMap<>());
            processedPerStream.merge(r.meta().stream(), 1L, Long::sum);
            inFrame.forEach((label, n) -> {
                perLabel.merge(label, n, Long::sum);
                peakPerLabel.merge(label, n, Math::max);
                streamLabels.merge(label, n, Long::sum);
            });
        }
    }

    void latency(int stream, double ms) {
        latencyPerStream
                .computeIfAbsent(stream, k -> new StageStats(600_000_000L, 2))
                .record(ms);
    }

    /**
     * Capture-to-written times of one stream's frames: since the run began, or since the last {@link
     * #restartStreamLatencies()}; empty stats for a stream with no frame written.
     */
    public StageStats latency(int stream) {
        return latencyPerStream.getOrDefault(stream, new StageStats());
    }

    /** Forgets the per-stream latencies so far: a benchmark's measured window begins. */
    public void restartStreamLatencies() {
        latencyPerStream = new ConcurrentHashMap<>();
    }

    void skip() {
        skipped.incrementAndGet();
    }

    public StageStats stage(Stage stage) {
        return stages.get(stage);
    }

    /** Every stage's latencies, in pipeline order (decode first, latency last). */
    public Map<Stage, StageStats> stages() {
        return Collections.unmodifiableMap(stages);
    }

    /** Frames (or images) taken from the source, before any stride or drop. */
    public long read() {
        return read.get();
    }

    public long processed() {
        return processed.get();
    }

    public long skipped() {
        return skipped.get();
    }

    /** Live frames replaced by newer ones before the model could take them; counted as it happens. */
    public long dropped() {
        return Math.max(dropped.get(), droppedSoFar.getAsLong());
    }

    public long detections() {
        return detections.get();
    }

    public boolean wasInterrupted() {
        return interrupted;
    }

    /** Objects per label for detection, or images per top-1 label for classification. */
    /** The most objects of each label seen in any one frame. */
    public Map<String, Long> peakPerLabel() {
        synchronized (perLabel) {
            return Map.copyOf(peakPerLabel);
        }
    }

    /** Objects per label summed over all frames (a person in 100 frames counts 100 times). */
    public Map<String, Long> perLabel() {
        synchronized (perLabel) {
            return Map.copyOf(perLabel);
        }
    }

    /** Frames processed per stream (the source's position among several; 0 for one source). */
    public Map<Integer, Long> processedPerStream() {
        synchronized (perLabel) {
            return Map.copyOf(processedPerStream);
        }
    }

    /** {@link #perLabel()} for one stream (empty when it had none). */
    public Map<String, Long> perLabel(int stream) {
        synchronized (perLabel) {
            return Map.copyOf(perLabelPerStream.getOrDefault(stream, Map.of()));
        }
    }

    public double wallSeconds() {
        return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
    }

    /** Frames per second over the last five seconds of real time, all streams together, for live displays. */
    public double recentFps() {
        synchronized (recent) {
            return recent.perSecond(System.nanoTime());
        }
    }

    /** Frames per second of stream {@code stream} over the last five seconds. */
    public double recentFps(int stream) {
        synchronized (recent) {
            RateWindow w = recentPerStream.get(stream);
            return w == null ? 0 : w.perSecond(System.nanoTime());
        }
    }

    /** Frames processed per second of wall time. */
    public double fps() {
        double s = wallSeconds();
        return s <= 0 ? 0 : processed() / s;
    }

    /** Frames per second the model alone would manage: frames it ran on over the time spent in inference. */
    public double modelOnlyFps() {
        double ms = stage(Stage.INFERENCE).sumMs();
        return ms <= 0 ? 0 : modelFrames.get() * 1000.0 / ms;
    }
}
