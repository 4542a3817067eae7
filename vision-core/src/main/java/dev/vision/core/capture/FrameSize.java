package dev.vision.core.capture;

/** The size of a source's frames, in pixels. */
public record FrameSize(int width, int height) {

    public FrameSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a frame has a positive size, got " + width + "x" + height);
        }
    }
}
