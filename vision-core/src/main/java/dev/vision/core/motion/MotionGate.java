package dev.vision.core.motion;

import ai.djl.translate.TranslateException;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.frame.Frame;
import dev.vision.core.geometry.MaskKind;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.privacy.FrameMasks;
import dev.vision.core.result.ClassificationResult;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the model only on frames with motion (see {@link MotionDetector}); a still frame keeps the last
 * result of its stream, with the frame it carries from ({@code "carried_from_frame"} in JSON) (the tracker sees the objects where
 * they were). The model still runs at least every {@code refreshMs} of a stream's time, so an object that
 * slipped in below the threshold is found. Frames of each stream must come in order, as the pipeline gives
 * them. Owns one detector per stream: close it after the run.
 *
 * <p>With several inference workers, each worker gets a view of the gate over its own model ({@link #over});
 * the views share the streams' backgrounds and counts, so the pipeline must run each stream's frames one after
 * another, in order, on one worker at a time ({@link dev.vision.core.pipeline.WorkerShare#STREAMS}).
 */
public final class MotionGate implements FrameProcessor, AutoCloseable {

    /** Default share of changed pixels that counts as motion. */
    public static final double DEFAULT_THRESHOLD = 0.003;
    /** Default longest time between two model calls on one stream. */
    public static final long DEFAULT_REFRESH_MS = 5000;

    private final FrameProcessor model;
    private final double threshold;
    private final long refreshMs;
    private final Map<Integer, MotionDetector> detectors = new ConcurrentHashMap<>();
    private final Map<Integer, FrameResult> lastResult = new ConcurrentHashMap<>();
    private final LongAdder modelFrames = new LongAdder();
    private final LongAdder stillFrames = new LongAdder();
    private volatile FrameMasks masks = FrameMasks.none();

    public MotionGate(FrameProcessor model, double threshold, long refreshMs) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new InvalidSettingException("motionThreshold", "must be a share between 0 and 1, got " + threshold);
        }
        this.model = model;
        this.threshold = threshold;
        this.refreshMs = refreshMs;
    }

    /** Leaves out what the motion masks of {@code masks} cover (a tree in the wind, a clock); they may change. */
    public MotionGate ignore(FrameMasks masks) {
        this.masks = masks;
        return this;
    }

    /**
     * This gate over another model, for another inference worker: the streams' backgrounds, last results and
     * counts are shared with this gate; closing the view closes {@code workerModel} when it is closeable,
     * and leaves the gate open.
     */
    public FrameProcessor over(FrameProcessor workerModel) {
        return new WorkerView(workerModel);
    }

    @Override
    public List<FrameResult> process(List<Frame> frames) throws TranslateException, InterruptedException {
        return gate(frames, model);
    }

    private List<FrameResult> gate(List<Frame> frames, FrameProcessor step)
            throws TranslateException, InterruptedException {
        boolean[] run = new boolean[frames.size()];
        List<Frame> moving = new ArrayList<>();
        Map<Integer, Long> lastRunMs = new HashMap<>();
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            int stream = f.meta().stream();
            FrameResult previous = lastResult.get(stream);
            if (previous != null) {
                lastRunMs.putIfAbsent(stream, previous.meta().timestampMs());
            }
            boolean motion = detectors
                    .computeIfAbsent(stream, s -> new MotionDetector(threshold))
                    .hasMotion(
                            f.image(),
                            f.meta().timestampMs(),
                            masks.of(MaskKind.MOTION),
                            f.meta().width(),
                            f.meta().height());
            Long last = lastRunMs.get(stream);
            run[i] = motion || last == null || f.meta().timestampMs() - last >= refreshMs;
            if (run[i]) {
                moving.add(f);
                lastRunMs.put(stream, f.meta().timestampMs());
            }
        }
        List<FrameResult> fresh = moving.isEmpty() ? List.of() : step.process(moving);
        List<FrameResult> out = new ArrayList<>(frames.size());
        int next = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            FrameResult r;
            if (run[i]) {
                r = fresh.get(next++);
                lastResult.put(f.meta().stream(), r);
                modelFrames.increment();
            } else {
                r = carried(lastResult.get(f.meta().stream()), f);
                stillFrames.increment();
            }
            out.add(r);
        }
        return out;
    }

    private static FrameResult carried(FrameResult from, Frame to) {
        if (from instanceof DetectionResult d) {
            return DetectionResult.carried(d, to.meta());
        }
        ClassificationResult c = (ClassificationResult) from;
        return new ClassificationResult(to.meta(), c.classes(), StageTimings.ZERO);
    }

    /** Frames the model ran on. */
    public long modelFrames() {
        return modelFrames.sum();
    }

    /** Frames that kept their stream's last result: model calls saved. */
    public long stillFrames() {
        return stillFrames.sum();
    }

    @Override
    public void close() {
        detectors.values().forEach(MotionDetector::close);
        detectors.clear();
    }

    /** The gate over one worker's own model. */
    private final class WorkerView implements FrameProcessor, AutoCloseable {
        private final FrameProcessor workerModel;

        WorkerView(FrameProcessor workerModel) {
            this.workerModel = workerModel;
        }

        @Override
        public List<FrameResult> process(List<Frame> frames) throws TranslateException, InterruptedException {
            return gate(frames, workerModel);
        }

        @Override
        public void close() throws Exception {
            if (workerModel instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
