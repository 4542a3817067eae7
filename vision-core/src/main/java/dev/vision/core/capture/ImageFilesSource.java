package dev.vision.core.capture;

import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Still images from a list of files, decoded one at a time; undecodable files are skipped and reported.
 * Images are separate inputs (frame 0, time 0 each), unless a frame rate makes them the frames of one
 * sequence (an image sequence of a tracking dataset): then the n-th file is frame n at n / rate seconds.
 * With several decode threads, the next images are decoded ahead in parallel and still come out in order.
 */
public final class ImageFilesSource implements FrameSource {

    private final List<Path> files;
    private final Iterator<Path> remaining;
    private final ImageDecoder decoder = new ImageDecoder();
    private final double fps;
    private final ExecutorService pool;
    private final int reduceToAtLeast;
    private final OrderedAhead<Decoded> ahead;
    private final AtomicLong discardedAhead = new AtomicLong();
    private SkipListener skipListener = (input, reason) -> {};
    private long position;

    /** A decoded image, or why it could not be. */
    private record Decoded(Frame frame, UnreadableInputException problem) {}

    public ImageFilesSource(List<Path> files) {
        this(files, 0);
    }

    /** @param fps frames per second of the sequence the files make, or 0 for separate images */
    public ImageFilesSource(List<Path> files, double fps) {
        this(files, fps, 1);
    }

    /**
     * @param fps            frames per second of the sequence the files make, or 0 for separate images
     * @param decodeThreads  images decoded at once, ahead of the reader (1: one at a time, on the reader's thread);
     *                       they still come out in file order
     */
    public ImageFilesSource(List<Path> files, double fps, int decodeThreads) {
        this(files, fps, decodeThreads, 0);
    }

    /**
     * @param reduceToAtLeast 0 to decode every image in full; else the side in pixels the model needs: a JPEG
     *                        at least twice that in both sides is decoded at 1/2, 1/4 or 1/8 of its size (see
     *                        {@link ImageDecoder#decode(String, byte[], int)}), and its frame's image is then
     *                        smaller than the size its {@link FrameMeta} gives. Only for runs that draw nothing.
     */
    public ImageFilesSource(List<Path> files, double fps, int decodeThreads, int reduceToAtLeast) {
        if (decodeThreads < 1) {
            throw new IllegalArgumentException("decodeThreads must be at least 1, got " + decodeThreads);
        }
        this.files = List.copyOf(files);
        this.remaining = this.files.iterator();
        this.fps = fps;
        this.reduceToAtLeast = reduceToAtLeast;
        this.pool = decodeThreads == 1
                ? null
                : Executors.newFixedThreadPool(decodeThreads, r -> {
                    Thread t = new Thread(r, "vision-decode");
                    t.setDaemon(true);
                    return t;
                });
        this.ahead = pool == null
                ? null
                : new OrderedAhead<>(
                        OrderedAhead.<Path, Decoded>jobs(remaining, file -> {
                            long index = position++;
                            return () -> decode(file, index);
                        }),
                        pool,
                        2 * decodeThreads,
                        d -> {
                            if (d.frame() != null) {
                                d.frame().close();
                                discardedAhead.incrementAndGet();
                            }
                        });
    }

    /** Images decoded ahead that {@link #close()} freed without handing them out. */
    long discardedAhead() {
        return discardedAhead.get();
    }

    @Override
    public Optional<Frame> next() {
        while (true) {
            Decoded d;
            if (pool == null) {
                if (!remaining.hasNext()) {
                    return Optional.empty();
                }
                d = decode(remaining.next(), position++);
            } else {
                Optional<Decoded> decoded = ahead.next();
                if (decoded.isEmpty()) {
                    return Optional.empty(); // the end, or interrupted: the run is stopping
                }
                d = decoded.get();
            }
            if (d.frame() != null) {
                return Optional.of(d.frame());
            }
            skipListener.skipped(d.problem().input(), d.problem().reason());
        }
    }

    private Decoded decode(Path file, long index) {
        try {
            ImageDecoder.Decoded image = decoder.read(file, reduceToAtLeast);
            FrameMeta meta = new FrameMeta(
                    file.toString(),
                    fps > 0 ? index : 0,
                    fps > 0 ? Math.round(index * 1000 / fps) : 0,
                    image.fullWidth(),
                    image.fullHeight());
            return new Decoded(new Frame(image.image(), meta), null);
        } catch (UnreadableInputException e) {
            return new Decoded(null, e);
        }
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

    /** Frees the images decoded ahead and not taken, and stops the decoder threads. */
    @Override
    public void close() {
        if (pool == null) {
            return; // nothing held between calls: each image is owned by the frame that carries it
        }
        ahead.close();
        pool.shutdownNow();
    }
}
