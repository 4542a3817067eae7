package dev.vision.bench;

import dev.vision.core.postprocess.Candidates;
import dev.vision.core.postprocess.ClassSelection;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.postprocess.Nms;
import dev.vision.core.postprocess.OutputTensor;
import dev.vision.core.postprocess.YoloxDecoder;
import dev.vision.core.preprocess.InputSpec;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * YOLOX decoding of a full [1, 3549, 85] output and class-wise NMS. Objectness is drawn so that about
 * {@code candidates} anchors pass the threshold, in clusters as a real scene gives them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeNmsBenchmark {

    @Param({"0.25", "0.001"})
    public float confidence;

    private List<OutputTensor> outputs;
    private final YoloxDecoder decoder = new YoloxDecoder();
    private final Candidates candidates = new Candidates();
    private final InputSpec input = new InputSpec(
            416,
            416,
            InputSpec.Resize.LETTERBOX_TOP_LEFT,
            /* rgb= */ false,
            new double[] {0, 0, 0},
            new double[] {1, 1, 1},
            1,
            114);
    private DetectionFilter filter;

    @Setup(Level.Trial)
    public void setUp() {
        int anchors = 3549;
        float[] d = new float[anchors * 85];
        Random random = new Random(7);
        for (int a = 0; a < anchors; a++) {
            int o = a * 85;
            d[o] = random.nextFloat();
            d[o + 1] = random.nextFloat();
            d[o + 2] = random.nextFloat() * 2;
            d[o + 3] = random.nextFloat() * 2;
            // most anchors see background; every 15th sits on an object
            d[o + 4] = a % 15 == 0 ? 0.5f + 0.5f * random.nextFloat() : 0.05f * random.nextFloat();
            for (int c = 0; c < 80; c++) {
                d[o + 5 + c] = 0.02f * random.nextFloat();
            }
            d[o + 5 + random.nextInt(5)] = 0.6f + 0.4f * random.nextFloat();
        }
        outputs = List.of(new OutputTensor(d, new long[] {1, anchors, 85}));
        filter = new DetectionFilter(confidence, 0.45f, ClassSelection.ALL, 300);
    }

    @Benchmark
    public int decodeAndNms() {
        candidates.clear();
        decoder.decode(outputs, 0, input, filter, candidates);
        return Nms.classWise(candidates, filter.iou(), filter.maxDetections()).length;
    }
}
