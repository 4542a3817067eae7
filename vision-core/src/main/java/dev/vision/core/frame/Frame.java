package dev.vision.core.frame;

import java.util.Objects;
import org.opencv.core.Mat;

/**
 * One 8-bit BGR image and its metadata. The frame owns its {@link Mat}; closing the frame frees it. The image
 * has the size its metadata gives, except for an image decoded at a reduced size for a run that draws
 * nothing: then it is smaller, and results are scaled back to the metadata's size.
 */
public final class Frame implements AutoCloseable {

    private final Mat image;
    private final FrameMeta meta;
    private boolean closed;

    public Frame(Mat image, FrameMeta meta) {
        this.image = Objects.requireNonNull(image, "image");
        this.meta = Objects.requireNonNull(meta, "meta");
    }

    public Mat image() {
        if (closed) {
            throw new IllegalStateException("frame already closed: " + meta.source());
        }
        return image;
    }

    public FrameMeta meta() {
        return meta;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            image.release();
        }
    }
}
