package dev.vision.core.frame;

/**
 * Where a frame came from and its size.
 *
 * @param source      the file path or source spec, as the user would recognise it
 * @param index       the frame number within its source (0 for a still image)
 * @param timestampMs the presentation time within its source (0 for a still image)
 * @param stream      the source's position among the run's sources, 0-based in the order given (0 for one source)
 * @param streamName  what the source is called: the name the user gave it ({@code door=rtsp://…}), else its
 *                    position as text
 */
public record FrameMeta(
        String source, long index, long timestampMs, int width, int height, int stream, String streamName) {

    /** A frame of a run's only (or first) source. */
    public FrameMeta(String source, long index, long timestampMs, int width, int height) {
        this(source, index, timestampMs, width, height, 0);
    }

    /** A frame of stream {@code stream}, called by its position. */
    public FrameMeta(String source, long index, long timestampMs, int width, int height, int stream) {
        this(source, index, timestampMs, width, height, stream, Integer.toString(stream));
    }

    /** The same frame as stream {@code i} of a run with several sources, called by its position. */
    public FrameMeta withStream(int i) {
        return withStream(i, Integer.toString(i));
    }

    /** The same frame as stream {@code i}, called {@code name}. */
    public FrameMeta withStream(int i, String name) {
        return new FrameMeta(source, index, timestampMs, width, height, i, name);
    }
}
