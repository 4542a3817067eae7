package dev.vision.core.inference;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import dev.vision.core.model.InferenceEngine;
import java.util.Set;

/**
 * {@code --engine auto}: the engine measured fastest for the device. On the CPU that is ONNX Runtime
 * wherever the model has an ONNX file (YOLOX-Nano forward: about 15 ms against 30–40 ms on PyTorch here);
 * on a CUDA GPU it is PyTorch, whose CUDA build DJL loads (this project's ONNX Runtime is the CPU build).
 */
public final class EngineChoice {

    private EngineChoice() {}

    public static InferenceEngine choose(Set<InferenceEngine> available, DeviceRequest device) {
        if (available.size() == 1) {
            return available.iterator().next();
        }
        boolean wantsGpu = device instanceof DeviceRequest.Gpu;
        if (available.contains(InferenceEngine.PYTORCH)
                && (wantsGpu || (device instanceof DeviceRequest.Auto && cudaVisible()))) {
            return InferenceEngine.PYTORCH;
        }
        return available.contains(InferenceEngine.ONNXRUNTIME) ? InferenceEngine.ONNXRUNTIME : InferenceEngine.PYTORCH;
    }

    /** Whether a CUDA device exists and the PyTorch natives loaded can use it. */
    private static boolean cudaVisible() {
        try {
            return CudaUtils.getGpuCount() > 0
                    && Engine.getEngine(InferenceEngine.PYTORCH.djlName()).getGpuCount() > 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
