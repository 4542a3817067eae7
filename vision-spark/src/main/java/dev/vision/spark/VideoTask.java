package dev.vision.spark;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.Sources;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ModelFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The videos of one partition (one, as the job deals them), each read with FFmpeg as {@code vision detect}
 * reads it: one row per frame, with the file's own frame numbers and times. A video on a Hadoop path that
 * is not a local file is copied to the executor's temporary folder first. A video that cannot be opened is
 * one row with {@code error}; frames lost at a cut are a row with {@code error} after the last good one.
 */
final class VideoTask implements MapPartitionsFunction<Row, Row> {

    private final JobSettings settings;

    VideoTask(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> videos) {
        ImageModel<?> model = ExecutorModels.borrowForTask(settings.model());
        return new BatchedRows(
                new BatchedRows.Input() {
                    private FrameSource current;
                    private String currentPath;
                    private Path copy;
                    private final ArrayDeque<BatchedRows.Item> skipped = new ArrayDeque<>();

                    @Override
                    public BatchedRows.Item next() {
                        while (true) {
                            if (!skipped.isEmpty()) {
                                return skipped.poll();
                            }
                            if (current != null) {
                                Optional<Frame> f = current.next();
                                if (f.isPresent()) {
                                    // named by its path in the job, not by a temporary copy's
                                    Frame frame = f.get();
                                    FrameMeta m = frame.meta();
                                    return new BatchedRows.Decoded(new Frame(
                                            frame.image(),
                                            new FrameMeta(
                                                    currentPath, m.index(), m.timestampMs(), m.width(), m.height())));
                                }
                                closeCurrent();
                                if (!skipped.isEmpty()) {
                                    continue;
                                }
                            }
                            if (!videos.hasNext()) {
                                return null;
                            }
                            Row video = videos.next();
                            currentPath = video.getString(video.fieldIndex("path"));
                            Optional<String> dangling = DanglingLinks.reason(currentPath);
                            if (dangling.isPresent()) {
                                return new BatchedRows.Failed(currentPath, dangling.get());
                            }
                            try {
                                Path local = localCopy(currentPath);
                                current = Sources.open(local.toString());
                                current.onSkip(
                                        (input, reason) -> skipped.add(new BatchedRows.Failed(currentPath, reason)));
                            } catch (SourceOpenException | IOException | UncheckedIOException e) {
                                closeCurrent();
                                return new BatchedRows.Failed(currentPath, e.getMessage());
                            }
                        }
                    }

                    /** The video as a local file: itself when it is one, else a copy in the temporary folder. */
                    private Path localCopy(String path) throws IOException {
                        URI uri = URI.create(path);
                        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
                            return Path.of(uri.getScheme() == null ? path : uri.getPath());
                        }
                        String name = Path.of(uri.getPath()).getFileName().toString();
                        copy = Files.createTempDirectory("vision-video").resolve(name);
                        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(uri);
                        try (FileSystem fs = FileSystem.newInstance(uri, new Configuration())) {
                            fs.copyToLocalFile(remote, new org.apache.hadoop.fs.Path(copy.toUri()));
                        }
                        return copy;
                    }

                    private void closeCurrent() {
                        if (current != null) {
                            current.close();
                            current = null;
                        }
                        if (copy != null) {
                            try {
                                Files.deleteIfExists(copy);
                                Files.deleteIfExists(copy.getParent());
                            } catch (IOException ignored) {
                                // a temporary file the executor's cleanup takes
                            }
                            copy = null;
                        }
                    }
                },
                model,
                settings.batch(),
                ModelFamily.Task.DETECT);
    }
}
