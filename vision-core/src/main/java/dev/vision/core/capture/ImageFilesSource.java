package dev.vision.core.capture;

import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;

/**
 * Still images from a list of files, decoded one at a time; undecodable files are skipped and reported.
 * Images are separate inputs (frame 0, time 0 each), unless a frame rate makes them the frames of one
 * sequence (an image sequence of a tracking dataset): then the n-th file is frame n at n / rate seconds.
 */
public final class ImageFilesSource implements FrameSource {

    private final List<Path> files;
    private final Iterator<Path> remaining;
    private final ImageDecoder decoder = new ImageDecoder();
    private final double fps;
    private SkipListener skipListener = (input, reason) -> { };
    private long position;

    public ImageFilesSource(List<Path> files) {
        this(files, 0);
    }

    /** @param fps frames per second of the sequence the files make, or 0 for separate images */
    public ImageFilesSource(List<Path> files, double fps) {
        this.files = List.copyOf(files);
        this.remaining = this.files.iterator();
        this.fps = fps;
    }

    @Override
    public Optional<Frame> next() {
        while (remaining.hasNext()) {
            Path file = remaining.next();
            long index = position++;
            try {
                Mat image = decoder.read(file);
                FrameMeta meta = fps > 0
                        ? new FrameMeta(file.toString(), index, Math.round(index * 1000 / fps), image.cols(), image.rows())
                        : new FrameMeta(file.toString(), 0, 0, image.cols(), image.rows());
                return Optional.of(new Frame(image, meta));
            } catch (UnreadableInputException e) {
                skipListener.skipped(e.input(), e.reason());
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public double nominalFps() {
        return fps;
    }

    @Override
    public long expectedCount() {
        return files.size();
    }

    @Override
    public void onSkip(SkipListener listener) {
        this.skipListener = listener;
    }

    @Override
    public void close() {
        // nothing held between calls: each image is owned by the frame that carries it
    }
}
