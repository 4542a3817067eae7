package dev.vision.video;

import dev.vision.core.clip.ClipMarker;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackEvent;
import dev.vision.core.sink.ResultSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Writes the clips that {@link ClipMarker} named: for each marked event, one MP4 from {@code preMs} before
 * the event's frame to {@code postMs} after it. The frames before come from a ring buffer per stream, kept
 * as JPEG (a few seconds of raw HD frames would take a gigabyte); the frames after are added as they come.
 * Each clip is written under a temporary name and renamed when complete, so a clip on disk is whole; one
 * still open when the run ends is finished with what it has.
 */
public final class ClipRecorder implements ResultSink {

    /** A frame kept for clips that may start soon: its result and its JPEG. */
    private static final class Buffered {
        private final FrameResult result;
        private final byte[] jpeg;

        Buffered(FrameResult result, byte[] jpeg) {
            this.result = result;
            this.jpeg = jpeg;
        }

        FrameResult result() {
            return result;
        }

        byte[] jpeg() {
            return jpeg;
        }
    }

    private static final class Open {
        final VideoFileSink video;
        final Path path;
        final long endMs;

        Open(VideoFileSink video, Path path, long endMs) {
            this.video = video;
            this.path = path;
            this.endMs = endMs;
        }
    }

    private final long preMs;
    private final long postMs;
    private final IntToDoubleFunction fpsOfStream;
    private final String preset;
    private final Map<Integer, ArrayDeque<Buffered>> rings = new HashMap<>();
    private final Map<Integer, List<Open>> open = new HashMap<>();
    private final List<Path> written = new ArrayList<>();
    private final MatOfInt quality = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 92);

    /**
     * @param fpsOfStream the nominal frame rate of each stream, for the clip's time base
     * @param preset      the x264 preset of the clips
     */
    public ClipRecorder(long preMs, long postMs, IntToDoubleFunction fpsOfStream, String preset) {
        this.preMs = preMs;
        this.postMs = postMs;
        this.fpsOfStream = fpsOfStream;
        this.preset = preset;
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void accept(FrameResult result, Mat annotated) throws IOException {
        int stream = result.meta().stream();
        long now = result.meta().timestampMs();
        List<Open> clips = open.computeIfAbsent(stream, s -> new ArrayList<>());
        for (Iterator<Open> it = clips.iterator(); it.hasNext(); ) {
            Open clip = it.next();
            if (now > clip.endMs) {
                finish(clip);
                it.remove();
            } else {
                clip.video.accept(result, annotated);
            }
        }
        if (result instanceof DetectionResult frame) {
            for (TrackEvent e : frame.events()) {
                if (e.clip().isPresent()) {
                    clips.add(start(Path.of(e.clip().get()), stream, result, annotated));
                }
            }
        }
        remember(stream, now, result, annotated);
    }

    private Open start(Path path, int stream, FrameResult event, Mat annotated) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        VideoFileSink video =
                new VideoFileSink(path, fpsOfStream.applyAsDouble(stream), /* useTimestamps= */ true, preset);
        ArrayDeque<Buffered> ring = rings.get(stream);
        if (ring != null) {
            long from = event.meta().timestampMs() - preMs;
            for (Buffered b : ring) {
                if (b.result().meta().timestampMs() < from) {
                    continue;
                }
                MatOfByte bytes = new MatOfByte(b.jpeg());
                Mat image = Imgcodecs.imdecode(bytes, Imgcodecs.IMREAD_COLOR);
                try {
                    video.accept(b.result(), image);
                } finally {
                    image.release();
                    bytes.release();
                }
            }
        }
        video.accept(event, annotated);
        return new Open(video, path, event.meta().timestampMs() + postMs);
    }

    /** Keeps the frame for clips that start within the next {@code preMs}, and forgets older ones. */
    private void remember(int stream, long now, FrameResult result, Mat annotated) {
        if (preMs <= 0) {
            return;
        }
        ArrayDeque<Buffered> ring = rings.computeIfAbsent(stream, s -> new ArrayDeque<>());
        while (!ring.isEmpty() && ring.peekFirst().result().meta().timestampMs() < now - preMs) {
            ring.pollFirst();
        }
        MatOfByte jpeg = new MatOfByte();
        try {
            if (Imgcodecs.imencode(".jpg", annotated, jpeg, quality)) {
                ring.addLast(new Buffered(result, jpeg.toArray()));
            }
        } finally {
            jpeg.release();
        }
    }

    private void finish(Open clip) throws IOException {
        clip.video.close();
        written.add(clip.path);
    }

    /** The clips written so far, in the order they were finished. */
    public List<Path> clips() {
        return List.copyOf(written);
    }

    /** Finishes every clip still open with the frames it has. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (List<Open> clips : open.values()) {
            for (Open clip : clips) {
                try {
                    finish(clip);
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            clips.clear();
        }
        rings.clear();
        quality.release();
        if (failure != null) {
            throw failure;
        }
    }
}
