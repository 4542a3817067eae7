package dev.vision.core.inference;

import dev.vision.core.preprocess.InputSpec;

/** The input Ultralytics' exporters expect: centred letterbox padded with 114, RGB, values 0–1. */
final class UltralyticsInput {

    private UltralyticsInput() {
    }

    static InputSpec spec(int width, int height) {
        return new InputSpec(width, height, InputSpec.Resize.LETTERBOX_CENTER, true,
                new double[] {0, 0, 0}, new double[] {1, 1, 1}, 1.0 / 255.0, 114);
    }
}
