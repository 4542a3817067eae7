package dev.vision.core.inference;

import dev.vision.core.InvalidSettingException;
import java.util.Locale;

/**
 * The device a model is asked to run on: {@link Auto} (the first usable CUDA GPU, else the CPU), the
 * {@link Cpu}, or one {@link Gpu}. Which device a run gets in the end is {@link DeviceSelector}'s answer.
 */
public sealed interface DeviceRequest permits DeviceRequest.Auto, DeviceRequest.Cpu, DeviceRequest.Gpu {

    DeviceRequest AUTO = new Auto();
    DeviceRequest CPU = new Cpu();

    /** The first CUDA GPU the engine can use, else the CPU. */
    record Auto() implements DeviceRequest {
        @Override
        public String id() {
            return "auto";
        }
    }

    /** The CPU. */
    record Cpu() implements DeviceRequest {
        @Override
        public String id() {
            return "cpu";
        }
    }

    /** CUDA GPU number {@code index} (0 for the first). */
    record Gpu(int index) implements DeviceRequest {
        public Gpu {
            if (index < 0) {
                throw new InvalidSettingException("device", "a GPU index is 0 or more, got " + index);
            }
        }

        @Override
        public String id() {
            return "gpu:" + index;
        }
    }

    /** As the command line spells it: {@code auto}, {@code cpu}, {@code gpu:N}. */
    String id();

    /**
     * Reads {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N} ({@code cuda} and {@code cuda:N} too), in
     * any case; null is {@code auto}.
     *
     * @throws InvalidSettingException naming the setting "device" for anything else
     */
    static DeviceRequest parse(String spec) {
        String v = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return AUTO;
        }
        if (v.equals("cpu")) {
            return CPU;
        }
        if (v.equals("gpu") || v.equals("cuda")) {
            return new Gpu(0);
        }
        if (v.matches("(gpu|cuda):\\d{1,4}")) {
            return new Gpu(Integer.parseInt(v.substring(v.indexOf(':') + 1)));
        }
        throw new InvalidSettingException("device", "unknown device '" + spec + "' (auto, cpu, gpu or gpu:N)");
    }
}
