package dev.vision.serve.run;

import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.VisionVersion;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.frame.Frame;
import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.overlay.Annotators;
import dev.vision.core.overlay.ClassificationAnnotator;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.pipeline.Stage;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.AnnotatedImageSink;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.SinkSet;
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
import java.util.function.Consumer;
import org.opencv.core.Mat;

/**
 * The whole pipeline as a detection run does it — decode, preprocess, inference, postprocess, annotate,
 * encode (to a scratch folder) and JSON lines — timed per stage; then the model's forward pass alone on the
 * source's first frames, and the peak resident memory of the process.
 */
public final class PipelineBenchmark {

    /**
     * @param source the source spec (a video file, folder, image or stream)
     * @param batch  frames per model call
     * @param frames frames to run, 0 for the whole source
     * @param passes timed forward passes for the model-only figure
     * @param trace  where to write libtorch's operator profile of the timed passes (PyTorch engine only)
     */
    public record Settings(String source, int batch, long frames, int passes, Optional<Path> trace) {}

    /** The figures as lines a person reads and as JSON, and whether the run was stopped early. */
    public record Figures(List<String> lines, ObjectNode json, RunStats stats) {}

    private final ImageModel<?> model;
    private final Settings settings;

    public PipelineBenchmark(ImageModel<?> model, Settings settings) {
        this.model = model;
        this.settings = settings;
    }

    /**
     * Runs the pipeline, then the forward passes.
     *
     * @param started given the run before its first frame (to stop it on Ctrl-C)
     */
    public Figures run(Consumer<VisionRun> started) throws IOException, InterruptedException, TranslateException {
        boolean video = Sources.kindOf(settings.source()) != Sources.Kind.IMAGES;
        Path scratch;
        try {
            scratch = Files.createTempDirectory("vision-bench");
        } catch (IOException e) {
            throw new IOException("cannot create a scratch folder: " + e.getMessage(), e);
        }
        try (FrameSource input = Sources.open(settings.source());
                SinkSet sinks = new SinkSet()) {
            sinks.add(
                    video
                            ? new VideoFileSink(scratch.resolve("bench.mp4"), input.nominalFps(), input.isLive())
                            : new AnnotatedImageSink(scratch));
            sinks.add(new JsonLinesSink(OutputStream.nullOutputStream(), true));
            VisionRun run = VisionRun.builder()
                    .source(input)
                    .model(model)
                    .annotator(model instanceof Classifier ? new ClassificationAnnotator(3) : Annotators.detections())
                    .hud(video)
                    .sinks(sinks)
                    .batchSize(settings.batch())
                    .maxFrames(settings.frames())
                    .build();
            started.accept(run);
            RunStats stats = run.execute();
            double forwardMs = withSample(images -> model.forwardOnlyMs(images, settings.passes()));
            Figures figures = figures(stats, forwardMs, video);
            if (settings.trace().isPresent()) {
                Path trace = settings.trace().get();
                withSample(images -> model.traceForwardPasses(images, settings.passes(), trace));
                figures.lines().add("  operator trace of " + settings.passes() + " forward passes: " + trace);
            }
            return figures;
        } finally {
            deleteQuietly(scratch);
        }
    }

    private interface SampleUse<T> {
        T apply(List<Mat> images) throws TranslateException;
    }

    /** {@code use} applied to the source's first {@code batch} frames, opened again. */
    private <T> T withSample(SampleUse<T> use) throws TranslateException {
        List<Frame> sample = new ArrayList<>();
        try (FrameSource again = Sources.open(settings.source())) {
            for (int i = 0; i < settings.batch(); i++) {
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

    private Figures figures(RunStats stats, double forwardMsPerImage, boolean video) {
        ResolvedModel resolved = model.model();
        double modelOnlyFps = 1000.0 / forwardMsPerImage;
        long peakRss = peakRssMib();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "vision bench %s: %s (%s) on %s %s, batch %d, %d frames",
                settings.source(),
                resolved.name(),
                resolved.file().getFileName(),
                resolved.engine().djlName(),
                model.deviceName(),
                settings.batch(),
                stats.processed()));
        lines.add(String.format(Locale.ROOT, "  %-12s %9s %9s", "stage", "mean ms", "p95 ms"));
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("source", settings.source());
        out.put("model", resolved.name());
        out.put("sha256", resolved.sha256());
        out.put("engine", resolved.engine().id());
        out.put("device", model.deviceName());
        out.put("threads", model.threads());
        out.put("batch", settings.batch());
        out.put("frames", stats.processed());
        ObjectNode stages = out.putObject("stages_ms");
        stats.stages().forEach((stage, s) -> {
            String name = stage == Stage.WRITE && video ? "encode" : stage.id(); // for a video, writing is encoding
            lines.add(String.format(Locale.ROOT, "  %-12s %9.2f %9.2f", name, s.meanMs(), s.percentileMs(95)));
            stages.putObject(name).put("mean", round(s.meanMs())).put("p95", round(s.percentileMs(95)));
        });
        lines.add(String.format(
                Locale.ROOT,
                "  end-to-end %.1f FPS; model only %.1f FPS (forward pass %.2f ms per image); "
                        + "end to end is %.0f %% of model only; peak resident memory %d MiB",
                stats.fps(),
                modelOnlyFps,
                forwardMsPerImage,
                100 * stats.fps() / modelOnlyFps,
                peakRss));
        out.put("fps_end_to_end", round(stats.fps()));
        out.put("fps_model_only", round(modelOnlyFps));
        out.put("forward_ms_per_image", round(forwardMsPerImage));
        out.put("peak_rss_mib", peakRss);
        out.put("vision_version", VisionVersion.get());
        return new Figures(lines, out, stats);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The high-water mark of resident memory of this process (VmHWM), or -1 where /proc is missing. */
    public static long peakRssMib() {
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
