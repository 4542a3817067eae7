package dev.vision.core.model;

import ai.djl.engine.Engine;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.vision.core.natives.NativeLibraries;
import dev.vision.core.postprocess.EndToEndDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads an ONNX file's output shapes (ONNX Runtime reads the graph without running it), so that a model
 * file given without {@code --family} can still be read where its output leaves no doubt.
 */
final class OutputShapes {

    private OutputShapes() {}

    /** The family an ONNX file's outputs name without doubt (an end-to-end [N, rows, 6]), if any. */
    static Optional<ModelFamily> unambiguousFamily(Path onnx) {
        List<long[]> shapes = of(onnx);
        if (shapes.size() == 1 && EndToEndDecoder.looksLikeOne(shapes.get(0))) {
            return Optional.of(ModelFamily.END_TO_END);
        }
        return Optional.empty();
    }

    /** Each output's shape, -1 where a dimension is dynamic; empty when the file cannot be read. */
    static List<long[]> of(Path onnx) {
        NativeLibraries.prepareOnnxRuntime();
        // DJL's engine makes the process's one ONNX Runtime environment (with its thread pool): it must come first
        Engine.getEngine(InferenceEngine.ONNXRUNTIME.djlName());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnx.toString(), options)) {
            List<long[]> shapes = new ArrayList<>();
            for (NodeInfo info : session.getOutputInfo().values()) {
                if (info.getInfo() instanceof TensorInfo tensor) {
                    shapes.add(tensor.getShape());
                }
            }
            return shapes;
        } catch (OrtException | RuntimeException e) {
            return List.of();
        }
    }

    static String describe(long[] shape) {
        return Arrays.toString(shape).replace("-1", "N");
    }
}
