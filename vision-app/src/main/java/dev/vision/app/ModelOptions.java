package dev.vision.app;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.inference.DeviceRequest;
import dev.vision.core.inference.ModelBuilder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose a model and where it runs; shared by detect, classify, eval and bench. */
public final class ModelOptions {

    @Option(
            names = "--engine",
            defaultValue = "auto",
            paramLabel = "auto|pytorch|onnxruntime",
            description = "Inference engine (default: ${DEFAULT-VALUE}: ONNX Runtime on the CPU where the model has an "
                    + "ONNX file, PyTorch on a GPU; a model file's own engine by its extension).")
    String engine;

    @Option(
            names = "--device",
            defaultValue = "auto",
            paramLabel = "auto|cpu|gpu|gpu:N",
            description =
                    "Where the model runs (default: ${DEFAULT-VALUE}: the first GPU if CUDA is usable, else CPU).")
    String device;

    @Option(
            names = "--threads",
            defaultValue = "0",
            paramLabel = "N",
            description = "Intra-op threads of the engine (default: chosen by vision, see README).")
    int threads;

    /** The device asked for. */
    DeviceRequest device() {
        return DeviceRequest.parse(device);
    }

    @Option(
            names = "--family",
            paramLabel = "FAMILY",
            description = "Output format of a model given as a file: ${sys:vision.families}.")
    String family;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one a line, for a model file.")
    Path labels;

    @Option(
            names = "--imgsz",
            paramLabel = "N",
            description =
                    "Square input size of a model file (default: the family's: 416 YOLOX/PicoDet, 640 YOLOv5/v8).")
    Integer inputSize;

    /** Puts these options and {@code model} on a detector's or classifier's builder. */
    <B extends ModelBuilder<B>> B applyTo(B builder, String model, boolean video) {
        return applyTo(builder, model, video, 0);
    }

    /** As {@link #applyTo(ModelBuilder, String, boolean)}, with {@code threadsUnlessGiven} when --threads is not given. */
    <B extends ModelBuilder<B>> B applyTo(B builder, String model, boolean video, int threadsUnlessGiven) {
        if (inputSize != null && inputSize <= 0) {
            throw new InvalidSettingException(
                    "inputSize", "must be a multiple of 32 between 32 and 4096, got " + inputSize);
        }
        return builder.model(model)
                .engine(engine)
                .device(device())
                .threads(threads != 0 ? threads : threadsUnlessGiven)
                .family(family)
                .labels(labels)
                .inputSize(inputSize == null ? 0 : inputSize)
                .videoWorkload(video);
    }
}
