package dev.vision.app;

import ai.djl.translate.TranslateException;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.capture.Sources;
import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.run.JsonFiles;
import dev.vision.serve.run.OneShotRun;
import dev.vision.serve.run.OutputCheck;
import dev.vision.serve.run.PipelineBenchmark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
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
        subcommands = DensityCommand.class,
        description = "Per-stage timings, end-to-end and model-only FPS, and peak memory of a run; "
                + "'vision bench density' for cameras per core.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SOURCE",
            description = "A video file, folder, image or stream.")
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
            if (source == null) {
                return RunTask.fail(console, "vision bench needs a SOURCE (or: vision bench density)");
            }
            if (batch < 1 || passes < 1 || frames < 0) {
                return RunTask.fail(console, "--batch and --passes must be at least 1, --frames at least 0");
            }
            // figures and trace files are refreshed, but never a folder, nor one file for both
            new OutputCheck(/* force= */ true).file("--json", json).file("--trace", trace);
            try (ImageModel<?> imageModel = load(Sources.kindOf(source) != Sources.Kind.IMAGES)) {
                OneShotRun.announce(console, imageModel);
                if (trace != null && imageModel.model().engine() != InferenceEngine.PYTORCH) {
                    return RunTask.fail(console, "--trace needs the PyTorch engine (--engine pytorch)");
                }
                PipelineBenchmark.Figures figures = new PipelineBenchmark(
                                imageModel,
                                new PipelineBenchmark.Settings(
                                        source, batch, frames, passes, Optional.ofNullable(trace)))
                        .run(run -> Interrupts.install(console).onInterrupt(run::stop));
                figures.lines().forEach(System.out::println);
                if (json != null) {
                    JsonFiles.write(json, figures.json());
                }
                return figures.stats().wasInterrupted() ? Interrupts.EXIT_CODE : ExitCodes.OK;
            } catch (IOException e) {
                return RunTask.fail(console, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Interrupts.EXIT_CODE;
            } catch (TranslateException e) {
                return RunTask.fail(console, "benchmark failed: " + e.getMessage());
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
}
