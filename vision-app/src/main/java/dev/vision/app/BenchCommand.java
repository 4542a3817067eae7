package dev.vision.app;

import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionVersion;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.frame.Frame;
import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.overlay.Annotators;
import dev.vision.core.overlay.ClassificationAnnotator;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.pipeline.Stage;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.AnnotatedImageSink;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.SinkSet;
import dev.vision.serve.run.OutputCheck;
import dev.vision.video.VideoFileSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vision bench SOURCE}: the whole pipeline as {@code detect} runs it — decode, preprocess,
 * inference, postprocess, annotate, encode (to a scratch folder) and JSON lines — timed per stage, then the
 * model's forward pass alone on the same input, and the peak resident memory.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Per-stage timings, end-to-end and model-only FPS, and peak memory of a run.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A video file, folder, image or stream.")
    String source;

    @Option(
            names = "--model",
            defaultValue = "yolox-nano",
            paramLabel = "NAME|FILE",
            description = "Model (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    ModelOptions modelOptions;

    @Option(
            names = "--frames",
            defaultValue = "0",
            paramLabel = "N",
            description = "Frames to run (default: the whole source).")
    long frames;

    @Option(
            names = "--batch",
            defaultValue = "1",
            paramLabel = "N",
            description = "Images per model call for files (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--passes",
            defaultValue = "50",
            paramLabel = "N",
            description = "Timed forward passes for the model-only figure (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(
            names = "--trace",
            paramLabel = "FILE",
            description = "PyTorch engine: also write libtorch's operator profile of the timed forward passes to "
                    + "FILE as a Chrome trace (compare op by op with scripts/torch_op_profile.py).")
    Path trace;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the figures to FILE as JSON (replaced if it exists).")
    Path json;

    @Override
    public Integer call() {
        try (Console console = Console.forStderr(true)) {
            if (batch < 1 || passes < 1 || frames < 0) {
                return RunTask.fail(console, "--batch and --passes must be at least 1, --frames at least 0");
            }
            // figures and trace files are refreshed, but never a folder, nor one file for both
            new OutputCheck(/* force= */ true).file("--json", json).file("--trace", trace);
            boolean video = Sources.kindOf(source) != Sources.Kind.IMAGES;
            Path scratch;
            try {
                scratch = Files.createTempDirectory("vision-bench");
            } catch (IOException e) {
                return RunTask.fail(console, "cannot create a scratch folder: " + e.getMessage());
            }
            try (ImageModel<?> imageModel = load(video);
                    FrameSource input = Sources.open(source);
                    SinkSet sinks = new SinkSet()) {
                RunTask.announce(console, imageModel);
                if (trace != null && imageModel.model().engine() != InferenceEngine.PYTORCH) {
                    return RunTask.fail(console, "--trace needs the PyTorch engine (--engine pytorch)");
                }
                boolean classify = imageModel instanceof Classifier;
                sinks.add(
                        video
                                ? new VideoFileSink(scratch.resolve("bench.mp4"), input.nominalFps(), input.isLive())
                                : new AnnotatedImageSink(scratch));
                sinks.add(new JsonLinesSink(OutputStream.nullOutputStream(), true));
                VisionRun run = VisionRun.builder()
                        .source(input)
                        .model(imageModel)
                        .annotator(classify ? new ClassificationAnnotator(3) : Annotators.detections())
                        .hud(video)
                        .sinks(sinks)
                        .batchSize(batch)
                        .maxFrames(frames)
                        .build();
                Interrupts.install(console).onInterrupt(run::stop);
                RunStats stats = run.execute();
                double forwardMs = forwardOnly(imageModel, batch);
                report(stats, forwardMs, imageModel, video);
                if (trace != null) {
                    withSample(batch, images -> imageModel.traceForwardPasses(images, passes, trace));
                    System.out.println("  operator trace of " + passes + " forward passes: " + trace);
                }
                return stats.wasInterrupted() ? Interrupts.EXIT_CODE : ExitCodes.OK;
            } catch (IOException e) {
                return RunTask.fail(console, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Interrupts.EXIT_CODE;
            } catch (TranslateException e) {
                return RunTask.fail(console, "benchmark failed: " + e.getMessage());
            } finally {
                deleteQuietly(scratch);
            }
        }
    }

    /** The detector, or the classifier when --model names one. */
    private ImageModel<?> load(boolean video) {
        try {
            return modelOptions.applyTo(Detector.builder(), model, video).build();
        } catch (InvalidSettingException e) {
            if (!e.setting().equals("model")) {
                throw e;
            }
            return modelOptions.applyTo(Classifier.builder(), model, video).build();
        }
    }

    private interface SampleUse<T> {
        T apply(List<Mat> images) throws TranslateException;
    }

    /** Forward-pass time on the source's first {@code batch} frames. */
    private double forwardOnly(ImageModel<?> imageModel, int batchSize) throws TranslateException {
        return withSample(batchSize, images -> imageModel.forwardOnlyMs(images, passes));
    }

    /** {@code use} applied to the source's first {@code batchSize} frames, opened again. */
    private <T> T withSample(int batchSize, SampleUse<T> use) throws TranslateException {
        List<Frame> sample = new ArrayList<>();
        try (FrameSource again = Sources.open(source)) {
            for (int i = 0; i < batchSize; i++) {
                Optional<Frame> f = again.next();
                if (f.isEmpty()) {
                    break;
                }
                sample.add(f.get());
            }
            return use.apply(sample.stream().map(Frame::image).toList());
        } finally {
            sample.forEach(Frame::close);
        }
    }

    private void report(RunStats stats, double forwardMsPerImage, ImageModel<?> imageModel, boolean video)
            throws IOException {
        ResolvedModel resolved = imageModel.model();
        double modelOnlyFps = 1000.0 / forwardMsPerImage;
        long peakRss = peakRssMib();
        System.out.printf(
                Locale.ROOT,
                "vision bench %s: %s (%s) on %s %s, batch %d, %d frames%n",
                source,
                resolved.name(),
                resolved.file().getFileName(),
                resolved.engine().djlName(),
                imageModel.deviceName(),
                batch,
                stats.processed());
        System.out.printf(Locale.ROOT, "  %-12s %9s %9s%n", "stage", "mean ms", "p95 ms");
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = mapper.createObjectNode();
        out.put("source", source);
        out.put("model", resolved.name());
        out.put("sha256", resolved.sha256());
        out.put("engine", resolved.engine().id());
        out.put("device", imageModel.deviceName());
        out.put("threads", imageModel.threads());
        out.put("batch", batch);
        out.put("frames", stats.processed());
        ObjectNode stages = out.putObject("stages_ms");
        stats.stages().forEach((stage, s) -> {
            String name = stage == Stage.WRITE && video ? "encode" : stage.id(); // for a video, writing is encoding
            System.out.printf(Locale.ROOT, "  %-12s %9.2f %9.2f%n", name, s.meanMs(), s.percentileMs(95));
            stages.putObject(name).put("mean", round(s.meanMs())).put("p95", round(s.percentileMs(95)));
        });
        System.out.printf(
                Locale.ROOT,
                "  end-to-end %.1f FPS; model only %.1f FPS (forward pass %.2f ms per image); "
                        + "end to end is %.0f %% of model only; peak resident memory %d MiB%n",
                stats.fps(),
                modelOnlyFps,
                forwardMsPerImage,
                100 * stats.fps() / modelOnlyFps,
                peakRss);
        out.put("fps_end_to_end", round(stats.fps()));
        out.put("fps_model_only", round(modelOnlyFps));
        out.put("forward_ms_per_image", round(forwardMsPerImage));
        out.put("peak_rss_mib", peakRss);
        out.put("vision_version", VisionVersion.get());
        if (json != null) {
            mapper.writeValue(json.toFile(), out);
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The high-water mark of resident memory of this process (VmHWM), or -1 where /proc is missing. */
    static long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a scratch folder left in the temp directory is harmless
        }
    }
}
