package dev.vision.app;

import dev.vision.core.model.InferenceEngine;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ModelRequest;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose a model and where it runs; shared by detect, classify, eval and bench. */
public final class ModelOptions {

    @Option(names = "--engine", paramLabel = "pytorch|onnxruntime",
            description = "Inference engine (default: pytorch for built-ins; by file extension for files).")
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

    ModelRequest request(String model) {
        return new ModelRequest(model, engine == null ? null : InferenceEngine.parse(engine),
                family == null ? null : ModelFamily.parse(family), labels, inputSize);
    }
}
