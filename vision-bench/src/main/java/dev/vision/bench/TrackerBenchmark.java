package dev.vision.bench;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.track.Appearance;
import dev.vision.core.track.ColorHistograms;
import dev.vision.core.track.TrackIds;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.TrackerKind;
import dev.vision.core.track.TrackerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

/**
 * One frame of tracking with {@code boxes} objects in view: each walks a small circle (a period of 100
 * frames, so the sequence loops without a jump) with a pixel of noise, scores vary, and one object in ten
 * is missed in any frame, at 25 frames a second. The trackers that compare appearance describe every
 * confident box of a noise image as large as the scene. Measures the tracker's update alone, in steady
 * state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrackerBenchmark {

    private static final int PERIOD = 100;

    @Param({"50", "500"})
    public int boxes;

    @Param({"ocsort", "bytetrack", "sort"})
    public String tracker;

    private final List<List<Detection>> frames = new ArrayList<>();
    private Tracker instance;
    private Mat scene;
    private Appearance appearance;
    private int next;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(7);
        int columns = (int) Math.ceil(Math.sqrt(boxes));
        for (int f = 0; f < PERIOD; f++) {
            List<Detection> frame = new ArrayList<>(boxes);
            for (int i = 0; i < boxes; i++) {
                if (random.nextInt(10) == 0) {
                    continue; // missed in this frame
                }
                double angle = 2 * Math.PI * (f + i * 7) / PERIOD;
                float cx = (float) (100 + (i % columns) * 120 + 20 * Math.cos(angle) + random.nextGaussian());
                float cy = (float) (100 + (i / columns) * 160 + 20 * Math.sin(angle) + random.nextGaussian());
                float score = 0.3f + 0.65f * random.nextFloat();
                frame.add(new Detection("person", 0, score, new Box(cx - 20, cy - 50, cx + 20, cy + 50)));
            }
            frames.add(frame);
        }
        OpenCV.loadLocally();
        scene = new Mat(200 + (boxes / columns + 1) * 160, 200 + columns * 120, CvType.CV_8UC3);
        Core.randu(scene, 0, 255);
        appearance = new ColorHistograms(scene, scene.cols());
        instance = TrackerKind.parse(tracker).create(TrackerSettings.DEFAULTS, new TrackIds());
        for (int f = 0; f < 3 * PERIOD; f++) {
            update(); // tracks established before timing
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scene.release();
    }

    @Benchmark
    public Tracker.Update update() {
        Tracker.Update u = instance.update(frames.get(next), now += 40, appearance);
        next = (next + 1) % PERIOD;
        return u;
    }
}
