package dev.vision.bench;

import dev.vision.core.result.Box;
import dev.vision.core.track.AppearanceDescriptor;
import dev.vision.core.track.ColorHistograms;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nu.pattern.OpenCV;
import org.opencv.core.Core;
import org.opencv.core.CvType;
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

/** The appearance cue's cost: one box's colour histograms, for a person of {@code height} pixels. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AppearanceBenchmark {

    @Param({"100", "400"})
    public int height;

    private Mat frame;
    private ColorHistograms appearance;
    private Box box;

    @Setup(Level.Trial)
    public void setUp() {
        OpenCV.loadLocally();
        frame = new Mat(1080, 1920, CvType.CV_8UC3);
        Core.randu(frame, 0, 255);
        appearance = new ColorHistograms(frame, frame.cols());
        box = new Box(500, 300, 500 + height * 0.4f, 300 + height);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
    }

    @Benchmark
    public Optional<AppearanceDescriptor> describe() {
        return appearance.describe(box);
    }
}
