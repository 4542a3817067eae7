package dev.vision.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.VisionException;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.DeviceRequest;
import dev.vision.core.model.ModelStoreConfig;
import dev.vision.core.run.InferenceWorkers;
import dev.vision.core.run.JsonFiles;
import dev.vision.core.track.TrackerSettings;
import dev.vision.serve.run.DensityBenchmark;
import dev.vision.serve.run.LoopbackCameras;
import dev.vision.serve.run.OutputCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vision bench density}: how many cameras this machine serves at a detection rate, by Intel's method
 * for DL Streamer (the most streams at which the slowest keeps its rate), with the bound the cores set.
 */
@Command(
        name = "density",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Cameras per core: N loopback cameras (ffmpeg, H.264 in MPEG-TS over UDP) detected at a rate each "
                        + "with tracking; each camera's rate and p95 latency, where the cores went, and the bound.")
final class DensityCommand implements Callable<Integer> {

    @Option(
            names = "--clip",
            paramLabel = "FILE",
            description =
                    "The video the cameras send (default: the demo clip, once 'vision demo --fetch-only' got it).")
    Path clip;

    @Option(
            names = "--cameras",
            defaultValue = "16",
            paramLabel = "N",
            description = "Cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--size",
            defaultValue = "640x360",
            paramLabel = "WxH",
            description = "The cameras' picture (default: ${DEFAULT-VALUE}, a sub-stream; 1280x720 for a main one).")
    String size;

    @Option(
            names = "--rate",
            defaultValue = "5",
            paramLabel = "N",
            description = "Detections per second per camera (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--seconds",
            defaultValue = "60",
            paramLabel = "S",
            description = "The measured window, after warm-up (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--warm-up",
            defaultValue = "10",
            paramLabel = "S",
            description = "Warm-up (default: ${DEFAULT-VALUE} s).")
    int warmUp;

    @Option(
            names = "--search",
            description = "Find by bisection the most cameras at which the slowest keeps 95 %% of the rate and p95 "
                    + "latency stays under 1 s.")
    boolean search;

    @Option(names = "--motion", description = "Run the model only on frames with motion (as --motion does).")
    boolean motion;

    @Option(names = "--record", description = "Also write each camera's annotated frames to an MP4 of its own.")
    boolean record;

    @Option(
            names = "--batch",
            defaultValue = "1",
            paramLabel = "N",
            description = "The most frames, of as many cameras, in one model call (default: ${DEFAULT-VALUE}: on a CPU "
                    + "a batch of 8 costs more core-ms a frame and adds latency).")
    int batch;

    @Option(
            names = "--model",
            defaultValue = "yolox-nano",
            paramLabel = "NAME",
            description = "Model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON.")
    Path json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        try (Console console = Console.forStderr(true)) {
            if (!size.matches("\\d{2,5}x\\d{2,5}")
                    || cameras < 1
                    || cameras > 64
                    || !(rate > 0 && rate <= 30)
                    || seconds < 1
                    || warmUp < 0
                    || batch < 1
                    || batch > 64) {
                return RunTask.fail(
                        console,
                        "--size is WxH, --cameras 1 to 64, --rate above 0 and at most 30, --seconds at least 1, "
                                + "--batch 1 to 64");
            }
            new OutputCheck(/* force= */ true).file("--json", json);
            Path samples =
                    ModelStoreConfig.fromEnvironment(System.getenv()).cacheDir().resolveSibling("samples");
            Path video = clip != null ? clip : samples.resolve("car-detection.mp4");
            if (!Files.isRegularFile(video)) {
                return RunTask.fail(
                        console,
                        video + ": no such clip (give --clip FILE, or fetch the demo clip: vision demo --fetch-only)");
            }
            int width = Integer.parseInt(size.substring(0, size.indexOf('x')));
            int height = Integer.parseInt(size.substring(size.indexOf('x') + 1));
            console.print(
                    "vision: density: making the cameras' stream (" + size + ", " + LoopbackCameras.FPS + " FPS)");
            Path stream = LoopbackCameras.prepare(video, width, height, samples.resolve("density"));
            int cores = Runtime.getRuntime().availableProcessors();
            // as many as the machine takes; with --motion each trial uses no more than it has cameras
            int workers = InferenceWorkers.choose("auto", false, 1, DeviceRequest.AUTO, -1);
            try (Detector detector = load()) {
                DensityBenchmark bench = new DensityBenchmark(
                        detector,
                        workers,
                        this::load,
                        new DensityBenchmark.Settings(
                                stream,
                                rate,
                                Duration.ofSeconds(warmUp),
                                Duration.ofSeconds(seconds),
                                motion,
                                batch,
                                record),
                        line -> console.print("vision: density: " + line));
                DensityBenchmark.Trial alone = bench.run(1);
                double bound = DensityBenchmark.bound(cores, alone);
                DensityBenchmark.Trial result = search ? search(bench, alone, bound, console) : bench.run(cameras);
                print(result, alone, bound, cores, width, height, detector);
                if (json != null) {
                    JsonFiles.write(json, json(result, alone, bound, cores));
                }
                return ExitCodes.OK;
            } catch (VisionException e) {
                return RunTask.fail(console, e.getMessage());
            }
        }
    }

    /** The model as a tracking run loads it: detections down to the tracker's low score. */
    private Detector load() {
        return Detector.builder()
                .model(model)
                .conf(TrackerSettings.DEFAULTS.lowScore())
                .videoWorkload(true)
                .build();
    }

    /** The largest N that holds, by bisection between 1 and a little past the bound. */
    private static DensityBenchmark.Trial search(
            DensityBenchmark bench, DensityBenchmark.Trial alone, double bound, Console console)
            throws IOException, InterruptedException {
        DensityBenchmark.Trial best = alone;
        int lo = 1;
        int hi = Math.min(64, (int) Math.ceil(bound * 2) + 1); // one camera alone costs more than its share
        while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            DensityBenchmark.Trial t = bench.run(mid);
            console.print(String.format(
                    Locale.ROOT,
                    "vision: density: %d cameras: slowest %.2f/s, p95 %.0f ms: %s",
                    mid,
                    t.slowestRate(),
                    t.p95LatencyMs(),
                    t.holds() ? "holds" : "does not hold"));
            if (t.holds()) {
                lo = mid;
                best = t;
            } else {
                hi = mid;
            }
        }
        return best;
    }

    private static void print(
            DensityBenchmark.Trial t,
            DensityBenchmark.Trial alone,
            double bound,
            int cores,
            int width,
            int height,
            Detector detector) {
        System.out.printf(
                Locale.ROOT,
                "Density: %d camera(s) of %dx%d at %d FPS, detection %.3g/s each with tracking, %s on %s, %d cores%n",
                t.cameras(),
                width,
                height,
                LoopbackCameras.FPS,
                t.targetRate(),
                detector.model().name(),
                detector.deviceName(),
                cores);
        System.out.printf(
                Locale.ROOT,
                "Rates: slowest camera %.2f/s (%.0f %% of the target), fastest %.2f/s; p95 latency %.0f ms (worst camera): %s%n",
                t.slowestRate(),
                100 * t.slowestRate() / t.targetRate(),
                t.fastestRate(),
                t.p95LatencyMs(),
                t.holds() ? "holds" : "does not hold (95 % of the rate and p95 under 1 s)");
        System.out.printf(
                Locale.ROOT,
                "Cameras per core: %.2f (%d on %d cores)%n",
                (double) t.cameras() / cores,
                t.cameras(),
                cores);
        StringBuilder where = new StringBuilder("Core-ms per camera-second at N = " + t.cameras() + ":");
        t.coreMsPerCameraSecond()
                .forEach((job, ms) -> where.append(String.format(Locale.ROOT, " %s %.1f;", job.label(), ms)));
        System.out.println(where.substring(0, where.length() - 1));
        t.modelShare()
                .ifPresent(share -> System.out.printf(
                        Locale.ROOT,
                        "Motion gating: the model ran on %.0f %% of the frames; %.0f %% kept their camera's last"
                                + " detections%n",
                        100 * share,
                        100 * (1 - share)));
        System.out.printf(
                Locale.ROOT,
                "Bound: %d cores × 1000 ms / %.1f core-ms per camera-second (measured at N = 1) = %.1f cameras "
                        + "(%.2f per core); %d is %.0f %% of it%n",
                cores,
                alone.totalCoreMsPerCameraSecond(),
                bound,
                bound / cores,
                t.cameras(),
                100 * t.cameras() / bound);
    }

    private static ObjectNode json(DensityBenchmark.Trial t, DensityBenchmark.Trial alone, double bound, int cores) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("cameras", t.cameras());
        o.put("cores", cores);
        o.put("target_rate", t.targetRate());
        o.put("slowest_rate", t.slowestRate());
        o.put("p95_latency_ms", t.p95LatencyMs());
        o.put("holds", t.holds());
        o.put("bound_cameras", bound);
        t.modelShare().ifPresent(share -> o.put("model_share", share));
        ObjectNode stages = o.putObject("core_ms_per_camera_s");
        t.coreMsPerCameraSecond().forEach((job, ms) -> stages.put(job.id(), ms));
        ObjectNode one = o.putObject("core_ms_per_camera_s_at_1");
        alone.coreMsPerCameraSecond().forEach((job, ms) -> one.put(job.id(), ms));
        var rates = o.putArray("rates");
        t.rates().forEach(rates::add);
        return o;
    }
}
