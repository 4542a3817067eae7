package dev.vision.app;

import dev.vision.core.inference.EngineChoice;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.model.ModelDescriptor;
import dev.vision.core.model.ModelStore;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ModelRequest;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose a model and where it runs; shared by detect, classify, eval and bench. */
public final class ModelOptions {

    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|pytorch|onnxruntime",
            description = "Inference engine (default: ${DEFAULT-VALUE}: ONNX Runtime on the CPU where the model has an "
                    + "ONNX file, PyTorch on a GPU; a model file's own engine by its extension).")
    String engine;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu|gpu:N",
            description = "Where the model runs (default: ${DEFAULT-VALUE}: the first GPU if CUDA is usable, else CPU).")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Intra-op threads of the engine (default: the engine's own choice).")
    int threads;

    @Option(names = "--family", paramLabel = "yolox|picodet|yolov5|yolov8|classification",
            description = "Output format of a model given as a file.")
    String family;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one a line, for a model file.")
    Path labels;

    @Option(names = "--imgsz", defaultValue = "0", paramLabel = "N",
            description = "Square input size of a model file (default: the family's: 416 YOLOX/PicoDet, 640 YOLOv5/v8).")
    int inputSize;

    /**
     * --threads, or the measured best when it is not given: for video on ONNX Runtime, one core fewer than
     * the machine has, because decoding, drawing and H.264 encoding run beside the model (on 2 cores: 45
     * FPS end to end with 1 intra-op thread against 41 with 2, and steadier); otherwise the engine's default.
     */
    int threadsFor(InferenceEngine engine, boolean video) {
        if (threads > 0) {
            return threads;
        }
        if (engine == InferenceEngine.ONNXRUNTIME && video) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        }
        return 0;
    }

    /** The request for {@code model}, with "auto" resolved to the engine that suits the model and device. */
    ModelRequest request(String model, ModelStore store) {
        InferenceEngine chosen = null;
        if (engine != null && !engine.equalsIgnoreCase("auto")) {
            chosen = InferenceEngine.parse(engine);
        } else {
            Optional<ModelDescriptor> builtIn = store.find(model);
            if (builtIn.isPresent()) {
                Set<InferenceEngine> available = EnumSet.noneOf(InferenceEngine.class);
                builtIn.get().files().keySet().forEach(id -> available.add(InferenceEngine.parse(id)));
                chosen = EngineChoice.choose(available, device);
            }
        }
        return new ModelRequest(model, chosen, family == null ? null : ModelFamily.parse(family), labels, inputSize);
    }
}
