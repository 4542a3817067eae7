package dev.vision.core.frame;

/**
 * Where a frame came from and its size.
 *
 * @param source      the file path or source spec, as the user would recognise it
 * @param index       the frame number within its source (0 for a still image)
 * @param timestampMs the presentation time within its source (0 for a still image)
 * @param stream      the source's position among the run's sources, 0-based in the order given (0 for one source)
 */
public record FrameMeta(String source, long index, long timestampMs, int width, int height, int stream) {

    /** A frame of a run's only (or first) source. */
    public FrameMeta(String source, long index, long timestampMs, int width, int height) {
        this(source, index, timestampMs, width, height, 0);
    }

    /** The same frame as stream {@code i} of a run with several sources. */
    public FrameMeta withStream(int i) {
        return new FrameMeta(source, index, timestampMs, width, height, i);
    }
}
