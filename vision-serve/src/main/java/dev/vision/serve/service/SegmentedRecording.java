package dev.vision.serve.service;

import dev.vision.core.result.FrameResult;
import dev.vision.core.sink.ResultSink;
import dev.vision.video.VideoFileSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.opencv.core.Mat;

/**
 * A camera's continuous recording: MP4 segments of a fixed length, named by the local time they start
 * ({@code 20261207-140500.mp4}). Each segment is written under a hidden name and renamed when it is complete, so
 * a crash loses at most the segment being written and never leaves a half file under a real name.
 */
final class SegmentedRecording implements ResultSink {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Path folder;
    private final double fps;
    private final long segmentNanos;
    private final List<Path> finished = new ArrayList<>();
    private Optional<VideoFileSink> current = Optional.empty();
    private Path currentPath;
    private long startedNanos;

    SegmentedRecording(Path folder, double fps, Duration segment) throws IOException {
        Files.createDirectories(folder);
        this.folder = folder;
        this.fps = fps > 0 ? fps : 25;
        this.segmentNanos = segment.toNanos();
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void accept(FrameResult result, Mat frame) throws IOException {
        long now = System.nanoTime();
        if (current.isPresent() && now - startedNanos >= segmentNanos) {
            finish();
        }
        if (current.isEmpty()) {
            Path path = folder.resolve(LocalDateTime.now().format(NAME) + ".mp4");
            for (int n = 1; Files.exists(path); n++) {
                path = folder.resolve(LocalDateTime.now().format(NAME) + "-" + n + ".mp4");
            }
            currentPath = path;
            current = Optional.of(new VideoFileSink(path, fps, /* useTimestamps= */ true));
            startedNanos = now;
        }
        current.get().accept(result, frame);
    }

    private void finish() throws IOException {
        if (current.isPresent()) {
            current.get().close();
            finished.add(currentPath);
            current = Optional.empty();
        }
    }

    /** The segments written whole so far. */
    List<Path> segments() {
        return List.copyOf(finished);
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
