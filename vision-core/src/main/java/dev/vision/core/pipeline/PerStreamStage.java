package dev.vision.core.pipeline;

import dev.vision.core.result.FrameResult;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.opencv.core.Mat;

/**
 * A stateful stage kept apart per source: each stream gets its own instance (its own tracker, its own line
 * counts), made on its first frame. With one source it is just that source's stage.
 *
 * @param <S> the stage kind, so that callers can read each stream's totals
 */
public final class PerStreamStage<S extends ResultStage> implements ResultStage {

    private final IntFunction<S> factory;
    private final Map<Integer, S> stages = new TreeMap<>();
    private final Map<Integer, String> names = new TreeMap<>();

    /** @param factory makes the stage of stream {@code i} */
    public PerStreamStage(IntFunction<S> factory) {
        this.factory = factory;
    }

    @Override
    public FrameResult apply(FrameResult result) {
        return stageOf(result).apply(result);
    }

    @Override
    public FrameResult apply(FrameResult result, Mat image) {
        return stageOf(result).apply(result, image);
    }

    private S stageOf(FrameResult result) {
        int stream = result.meta().stream();
        names.putIfAbsent(stream, result.meta().streamName());
        return stages.computeIfAbsent(stream, factory::apply);
    }

    /** What stream {@code i} is called ({@link dev.vision.core.frame.FrameMeta#streamName()}). */
    public String name(int stream) {
        return names.getOrDefault(stream, Integer.toString(stream));
    }

    @Override
    public void reset() {
        stages.values().forEach(ResultStage::reset);
    }

    /** Each stream's stage, by stream, for the streams that had frames. Read it once the run is over. */
    public Map<Integer, S> byStream() {
        return Collections.unmodifiableMap(stages);
    }
}
