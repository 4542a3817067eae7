package dev.vision.core.preprocess;

import dev.vision.core.result.Box;

/**
 * How an original image was placed in a model input: scaled by {@code scaleX}/{@code scaleY}, then shifted
 * by {@code padX}/{@code padY}. A letterbox has equal scales; a plain resize has no padding.
 * It travels with the tensor so boxes can be mapped back without asking upstream.
 */
public record Letterbox(double scaleX, double scaleY, double padX, double padY, int originalWidth, int originalHeight) {

    /** Maps a box from model-input pixels back to original pixels, clipped to the original image. */
    public Box toOriginal(float x1, float y1, float x2, float y2) {
        return new Box(
                        (float) ((x1 - padX) / scaleX), (float) ((y1 - padY) / scaleY),
                        (float) ((x2 - padX) / scaleX), (float) ((y2 - padY) / scaleY))
                .clip(originalWidth, originalHeight);
    }
}
