package dev.vision.bench;

import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.overlay.Annotators;
import dev.vision.core.overlay.HudAnnotator;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Boxes, labels and the HUD for 20 detections on a 768×576 frame, as the video path draws them. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AnnotateBenchmark {

    private Mat canvas;
    private FrameResult result;
    private Annotator annotator;

    @Setup(Level.Trial)
    public void setUp() {
        OpenCvRuntime.load();
        canvas = new Mat(576, 768, CvType.CV_8UC3, new Scalar(90, 100, 110));
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            float x = 30 * i;
            detections.add(new Detection("person", 0, 0.5f + i / 50f, new Box(x, 100 + 10 * i, x + 60, 300 + 10 * i)));
        }
        result = FrameResult.ofDetections(new FrameMeta("bench", 0, 0, 768, 576), detections, StageTimings.ZERO);
        annotator = Annotators.detections().andThen(new HudAnnotator(() -> 25.0));
    }

    @Benchmark
    public Mat annotate() {
        annotator.annotate(canvas, result);
        return canvas;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        canvas.release();
    }
}
