package dev.vision.core.capture;

import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;

/** Still images from a list of files, decoded one at a time; undecodable files are skipped and reported. */
public final class ImageFilesSource implements FrameSource {

    private final List<Path> files;
    private final Iterator<Path> remaining;
    private final ImageDecoder decoder = new ImageDecoder();
    private SkipListener skipListener = (input, reason) -> { };

    public ImageFilesSource(List<Path> files) {
        this.files = List.copyOf(files);
        this.remaining = this.files.iterator();
    }

    @Override
    public Optional<Frame> next() {
        while (remaining.hasNext()) {
            Path file = remaining.next();
            try {
                Mat image = decoder.read(file);
                FrameMeta meta = new FrameMeta(file.toString(), 0, 0, image.cols(), image.rows());
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
        return 0;
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
