package dev.vision.core.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.natives.NativeLibraries;
import java.util.Optional;

/** Turns a {@link DeviceRequest} into a DJL {@link Device}; the only place devices are chosen. */
public final class DeviceSelector {

    private DeviceSelector() {}

    /**
     * The device a run gets, and why it is not the one asked for, when it is not: ONNX Runtime asked for a
     * GPU where it has none it can use (its CPU build, or CUDA or cuDNN missing) runs on the CPU instead.
     *
     * @param fallback what to tell the user once, when the device is not the one asked for
     */
    public record Choice(Device device, Optional<String> fallback) {}

    /** Like {@link #select}, with ONNX Runtime falling back to the CPU where it cannot use a GPU. */
    public static Choice choose(DeviceRequest request, InferenceEngine engine) {
        if (engine == InferenceEngine.ONNXRUNTIME && request instanceof DeviceRequest.Gpu && gpuCount(engine) == 0) {
            return new Choice(
                    Device.cpu(),
                    Optional.of("--device " + request.id() + ": ONNX Runtime cannot use "
                            + "a CUDA GPU here ("
                            + (onnxRuntimeHasCuda()
                                    ? "no CUDA device, or CUDA 12 and cuDNN 9 " + "libraries not found"
                                    : "this build carries the CPU natives only; build with -Pgpu")
                            + "): running on the CPU (see README, GPU)"));
        }
        return new Choice(select(request, engine), Optional.empty());
    }

    /** Whether the ONNX Runtime natives on the class path include the CUDA provider (onnxruntime_gpu). */
    static boolean onnxRuntimeHasCuda() {
        return DeviceSelector.class
                        .getClassLoader()
                        .getResource("ai/onnxruntime/native/linux-x64/libonnxruntime_providers_cuda.so")
                != null;
    }

    /** The DJL device for {@code request}: the GPU asked for must exist. */
    public static Device select(DeviceRequest request, InferenceEngine engine) {
        if (request instanceof DeviceRequest.Cpu) {
            return Device.cpu();
        }
        int gpus = gpuCount(engine);
        if (request instanceof DeviceRequest.Gpu gpu) {
            if (gpus == 0) {
                throw new InvalidSettingException(
                        "device",
                        request.id() + ": no CUDA device visible to the " + engine.djlName()
                                + " engine (CPU natives loaded, or no GPU); see README, GPU");
            }
            if (gpu.index() >= gpus) {
                throw new InvalidSettingException("device", request.id() + ": only " + gpus + " GPU(s) found");
            }
            return Device.gpu(gpu.index());
        }
        return gpus > 0 ? Device.gpu(0) : Device.cpu();
    }

    /** "cpu" or "gpu:N", as the command line spells devices. */
    public static String describe(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }

    private static int gpuCount(InferenceEngine engine) {
        if (engine == InferenceEngine.ONNXRUNTIME) {
            NativeLibraries.prepareOnnxRuntime();
        }
        try {
            return Engine.getEngine(engine.djlName()).getGpuCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
