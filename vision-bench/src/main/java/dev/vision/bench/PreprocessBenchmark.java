package dev.vision.bench;

import dev.vision.core.capture.ImageDecoder;
import dev.vision.core.preprocess.ImagePreprocessor;
import dev.vision.core.preprocess.InputSpec;
import dev.vision.core.preprocess.Letterbox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Mat;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** A 768×576 photo into each model family's input tensor: resize, letterbox, normalise, HWC → CHW. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PreprocessBenchmark {

    @Param({"yolox", "picodet", "classification"})
    public String family;

    private Mat image;
    private ImagePreprocessor preprocessor;
    private ByteBuffer out;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        image = new ImageDecoder().read(Path.of(BenchData.media(), "images", "dog.jpg"));
        InputSpec spec = switch (family) {
            case "yolox" ->
                new InputSpec(
                        416,
                        416,
                        InputSpec.Resize.LETTERBOX_TOP_LEFT,
                        /* rgb= */ false,
                        new double[] {0, 0, 0},
                        new double[] {1, 1, 1},
                        1,
                        114);
            case "picodet" ->
                new InputSpec(
                        416,
                        416,
                        InputSpec.Resize.STRETCH,
                        /* rgb= */ false,
                        new double[] {103.53, 116.28, 123.675},
                        new double[] {57.375, 57.12, 58.395},
                        1,
                        0);
            default ->
                new InputSpec(
                        224,
                        224,
                        InputSpec.Resize.RESIZE_SHORT_CENTER_CROP,
                        /* rgb= */ true,
                        new double[] {0.485, 0.456, 0.406},
                        new double[] {0.229, 0.224, 0.225},
                        1 / 255.0,
                        0);
        };
        preprocessor = new ImagePreprocessor(spec);
        out = ByteBuffer.allocateDirect(spec.floatsPerImage() * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    @Benchmark
    public Letterbox prepare() {
        return preprocessor.prepare(image, out, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        preprocessor.close();
        image.release();
    }
}
