package dev.vision.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.vision.core.InvalidSettingException;
import java.util.Locale;

/** How a model's weights are stored, as its descriptor says ({@code "precision"}; fp32 when it says nothing). */
public enum WeightPrecision {
    FP32,
    /** Quantized: integer kernels, whose rounding depends on the CPU's instructions. */
    INT8;

    @JsonCreator
    public static WeightPrecision parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "fp32" -> FP32;
            case "int8" -> INT8;
            default -> throw new InvalidSettingException("precision", "fp32 or int8, got '" + s + "'");
        };
    }
}
