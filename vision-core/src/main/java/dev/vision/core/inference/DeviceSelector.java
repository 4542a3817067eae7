package dev.vision.core.inference;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.model.InferenceEngine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Turns a device setting ({@code auto|cpu|gpu|gpu:N}) into a DJL {@link Device}; the only place devices are chosen. */
public final class DeviceSelector {

    private DeviceSelector() {
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
        if (v.equals("gpu") || v.equals("cuda") || v.matches("(gpu|cuda):\\d+")) {
            int index = v.contains(":") ? Integer.parseInt(v.substring(v.indexOf(':') + 1)) : 0;
            if (gpus == 0) {
                throw new InvalidSettingException("device", spec + ": no CUDA device visible to the "
                        + engine.djlName() + " engine (CPU natives loaded, or no GPU); see README, GPU");
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
