package dev.vision.bench;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.track.ByteTracker;
import dev.vision.core.track.SortTracker;
import dev.vision.core.track.TrackIds;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.TrackerSettings;
import java.util.ArrayList;
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
 * One frame of tracking with {@code boxes} objects in view: each walks a small circle (a period of 100
 * frames, so the sequence loops without a jump) with a pixel of noise, scores vary, and one object in ten
 * is missed in any frame. Measures the tracker's update alone, in steady state.
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

    @Param({"bytetrack", "sort"})
    public String tracker;

    private final List<List<Detection>> frames = new ArrayList<>();
    private Tracker instance;
    private int next;

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
        TrackIds ids = new TrackIds();
        instance = tracker.equals("sort") ? new SortTracker(TrackerSettings.DEFAULTS, ids, 1, 3)
                : new ByteTracker(TrackerSettings.DEFAULTS, ids);
        for (int f = 0; f < 3 * PERIOD; f++) {
            instance.update(frames.get(f % PERIOD)); // tracks established before timing
        }
    }

    @Benchmark
    public Tracker.Update update() {
        Tracker.Update u = instance.update(frames.get(next));
        next = (next + 1) % PERIOD;
        return u;
    }
}
