package dev.vision.core.frame;

/**
 * Where a frame came from and its size.
 *
 * @param source      the file path or source spec, as the user would recognise it
 * @param index       the frame number within its source (0 for a still image)
 * @param timestampMs the presentation time within its source (0 for a still image)
 */
public record FrameMeta(String source, long index, long timestampMs, int width, int height) {
}
