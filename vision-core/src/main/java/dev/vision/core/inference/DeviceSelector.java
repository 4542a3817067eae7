package dev.vision.core.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.model.InferenceEngine;
import java.util.Locale;

/** Turns a device setting ({@code auto|cpu|gpu|gpu:N}) into a DJL {@link Device}; the only place devices are chosen. */
public final class DeviceSelector {

    private DeviceSelector() {}

    /**
     * The device a run gets, and why it is not the one asked for, when it is not: ONNX Runtime asked for a
     * GPU where it has none it can use (its CPU build, or CUDA or cuDNN missing) runs on the CPU instead.
     *
     * @param fallback what to tell the user once, when the device is not the one asked for
     */
    public record Choice(Device device, java.util.Optional<String> fallback) {}

    /** Like {@link #select}, with ONNX Runtime falling back to the CPU where it cannot use a GPU. */
    public static Choice choose(String spec, InferenceEngine engine) {
        String v = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (engine == InferenceEngine.ONNXRUNTIME && wantsGpu(v) && gpuCount(engine) == 0) {
            return new Choice(
                    Device.cpu(),
                    java.util.Optional.of("--device " + spec + ": ONNX Runtime cannot use "
                            + "a CUDA GPU here ("
                            + (onnxRuntimeHasCuda()
                                    ? "no CUDA device, or CUDA 12 and cuDNN 9 " + "libraries not found"
                                    : "this build carries the CPU natives only; build with -Pgpu")
                            + "): running on the CPU (see README, GPU)"));
        }
        return new Choice(select(spec, engine), java.util.Optional.empty());
    }

    private static boolean wantsGpu(String v) {
        return v.equals("gpu") || v.equals("cuda") || v.matches("(gpu|cuda):\\d+");
    }

    /** Whether the ONNX Runtime natives on the class path include the CUDA provider (onnxruntime_gpu). */
    static boolean onnxRuntimeHasCuda() {
        return DeviceSelector.class
                        .getClassLoader()
                        .getResource("ai/onnxruntime/native/linux-x64/libonnxruntime_providers_cuda.so")
                != null;
    }

    public static Device select(String spec, InferenceEngine engine) {
        String v = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        int gpus = gpuCount(engine);
        if (v.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (v.equals("cpu")) {
            return Device.cpu();
        }
        if (wantsGpu(v)) {
            int index = v.contains(":") ? Integer.parseInt(v.substring(v.indexOf(':') + 1)) : 0;
            if (gpus == 0) {
                throw new InvalidSettingException(
                        "device",
                        spec + ": no CUDA device visible to the " + engine.djlName()
                                + " engine (CPU natives loaded, or no GPU); see README, GPU");
            }
            if (index >= gpus) {
                throw new InvalidSettingException("device", spec + ": only " + gpus + " GPU(s) found");
            }
            return Device.gpu(index);
        }
        throw new InvalidSettingException("device", "unknown device '" + spec + "' (auto, cpu, gpu or gpu:N)");
    }

    /** "cpu" or "gpu:N", as the command line spells devices. */
    public static String describe(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }

    private static int gpuCount(InferenceEngine engine) {
        if (engine == InferenceEngine.ONNXRUNTIME) {
            dev.vision.core.natives.NativeLibraries.prepareOnnxRuntime();
        }
        try {
            return Engine.getEngine(engine.djlName()).getGpuCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
